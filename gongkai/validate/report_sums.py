"""Rule 10: the disclosure report's tables add up (format of 国办公开办函〔2021〕30号).

Every mismatch is an error at the cell that is wrong, naming it as the national table does
(`gongkai.model.report_cells.cell_name`), with the expected and the actual value, e.g.
`表三 （七）总计 × 自然人：应为 12（各办理结果之和），实为 13`. Checked, column by column:
- 表三: each row's 总计 = its six requester columns; a group's 小计, where written, = its items (the
  national table has no 小计 rows: when left out it is derived); （七）总计 = （一） + （二） + every
  item of （三）–（六） (a single-row （六） counts as its one row); 四 = 一 + 二 − （七）.
- 表四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
Blank cells and "/" count as 0. When a row's 总计 and a column's sum fail by the same amount, the
cell at their crossing is named as the likely culprit. A sum that would make a count negative is
reported as an inconsistency, never as "应为 -1".

A report is published as issued: a cell declared in `corrections` is checked with its corrected
value (`validate/report_corrections.py` reads the declarations). A correction is refused when its
cell takes part in no failing sum (stale), or when the sums still fail with its value.
Negative numbers (and negative fees) are refused by the schema (`minimum: 0`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.load.data import value_at
from gongkai.load.records import SourceRecord
from gongkai.model.report_cells import (
    COLUMNS,
    GROUPS,
    OUTCOMES,
    REQUESTERS,
    REVIEWS,
    SLASH,
    CellPath,
    cell_name,
    count,
    group_items,
    is_single_row,
    table_three_rows,
    title,
)
from gongkai.problems import ERROR, Problem
from gongkai.validate.context import Context
from gongkai.validate.report_corrections import Correction, declared

ADVICE = "请核对这一格和参与求和的各格，改正填错的那一个。"


@dataclass(frozen=True)
class Sum:
    """One rule of the tables: the cell `target` equals the signed sum of `terms`."""

    target: CellPath
    terms: tuple[tuple[CellPath, int], ...]
    why: str  # what the target is the sum of; with `{0}`… for the terms' values where it shows a formula
    across: bool  # a row's 总计 across its columns (True) or a sum down a column (False)

    @property
    def cells(self) -> set[CellPath]:
        return {self.target, *(path for path, _ in self.terms)}

    def implied_error(self, cell: CellPath, residual: int) -> int:
        """By how much `cell` would be over-stated if it alone made this sum fail by `residual`."""
        if cell == self.target:
            return -residual
        sign = next(k for path, k in self.terms if path == cell)
        return residual * sign


def sums(data: dict[str, Any]) -> list[Sum]:
    """Every sum rule that applies to this report as written."""
    rules: list[Sum] = []
    results = value_at(data, ("requests", "results")) or {}
    for row in table_three_rows():
        if isinstance(value_at(data, row), dict):
            rules.append(Sum((*row, "total"), tuple(((*row, c), 1) for c in REQUESTERS), "本行各类申请人之和", True))
    base = ("requests", "results")
    for group in GROUPS:
        values = results.get(group) or {}
        if "total" in values and not (group == "other" and is_single_row(values)):
            why = f"{title(*base, group)}各项之和"
            for column in COLUMNS:
                items = tuple(((*base, group, item, column), 1) for item in group_items(group))
                rules.append(Sum((*base, group, "total", column), items, why, False))
    for column in COLUMNS:
        parts: list[CellPath] = [(*base, "granted", column), (*base, "partly_granted", column)]
        for group in GROUPS:
            if group == "other" and is_single_row(results.get(group) or {}):
                parts.append((*base, group, "total", column))
            else:
                parts += [(*base, group, item, column) for item in group_items(group)]
        rules.append(Sum((*base, "total", column), tuple((p, 1) for p in parts), "各办理结果之和", False))
    formula = "一 + 二 − （七）= {0} + {1} − {2}；本年新收加上年结转，等于办理结果总计加结转下年度"
    for column in COLUMNS:
        carry: tuple[tuple[CellPath, int], ...] = (
            (("requests", "new", column), 1),
            (("requests", "carried_over", column), 1),
            ((*base, "total", column), -1),
        )
        rules.append(Sum(("requests", "carried_forward", column), carry, formula, False))
    why = "、".join(title("reviews", "reconsideration", o) for o in OUTCOMES) + "之和"
    for name in REVIEWS:
        review: tuple[tuple[CellPath, int], ...] = tuple((("reviews", name, o), 1) for o in OUTCOMES)
        rules.append(Sum(("reviews", name, "total"), review, why, True))
    return rules


class _Values:
    """The cells as the sums read them: as written, or corrected."""

    def __init__(self, data: dict[str, Any], fixes: dict[CellPath, Correction]):
        self.data = data
        self.fixes = fixes

    def __call__(self, path: CellPath) -> int:
        fix = self.fixes.get(path)
        return fix.value if fix else count(value_at(self.data, path))

    def expected(self, rule: Sum) -> int:
        return sum(k * self(path) for path, k in rule.terms)

    def residual(self, rule: Sum) -> int:
        return self.expected(rule) - self(rule.target)

    def shown(self, path: CellPath) -> str:
        """A cell's value as a message quotes it."""
        written = value_at(self.data, path)
        text = "空白（按 0 计）" if written is None else "“/”（按 0 计）" if written == SLASH else str(written)
        fix = self.fixes.get(path)
        return f"{fix.value}（更正值，原报告为 {text}）" if fix else text


def check(context: Context) -> Iterator[Problem]:
    for record in context.of_type("reports/disclosure"):
        yield from check_report(record)


def check_report(record: SourceRecord) -> Iterator[Problem]:
    rules = sums(record.data)
    fixes = declared(record)
    as_written, corrected = _Values(record.data, {}), _Values(record.data, fixes)
    failing = [rule for rule in rules if corrected.residual(rule)]
    culprits = _crossings(failing, corrected)
    for rule in failing:
        yield record.problem(rule.target, ERROR, _message(rule, corrected, culprits.get(rule, [])))
    involved = {cell for rule in rules if as_written.residual(rule) for cell in rule.cells}
    for path, fix in fixes.items():
        where = ("corrections", fix.index)
        if path not in involved:
            yield record.problem(
                (*where, "cell"),
                ERROR,
                f"更正 第{fix.index + 1}项：{fix.cell} 所在的各项求和都对得上，这一格没有需要更正的数。"
                "请删除这条更正；如果要更正的是别的格，请改正格名。",
            )
            continue
        still = [rule for rule in failing if path in rule.cells]
        if still:
            wrong = "；".join(
                f"{cell_name(r.target)} 应为 {corrected.expected(r)}，实为 {corrected.shown(r.target)}" for r in still
            )
            yield record.problem(
                (*where, "value"),
                ERROR,
                f"更正 第{fix.index + 1}项：{fix.cell} 更正为 {fix.value} 后，求和仍对不上（{wrong}）。"
                "请核对更正后的数字，使这一格所在的各项求和都成立。",
            )


def _crossings(failing: list[Sum], values: _Values) -> dict[Sum, list[CellPath]]:
    """For a row 总计 and a column sum that fail together by the same amount, the cell at their
    crossing: the one cell whose error explains both. A cell with a message of its own (a failing
    sum's 总计) is not named again in the others."""
    found: dict[Sum, list[CellPath]] = {}
    named = {rule.target for rule in failing}
    rows = [r for r in failing if r.across]
    for column in (r for r in failing if not r.across):
        for row in rows:
            for cell in (row.cells & column.cells) - named:
                if row.implied_error(cell, values.residual(row)) == column.implied_error(cell, values.residual(column)):
                    for rule in (row, column):
                        found.setdefault(rule, []).append(cell)
    return found


def _message(rule: Sum, values: _Values, culprits: list[CellPath]) -> str:
    expected = values.expected(rule)
    why = rule.why.format(*(values(path) for path, _ in rule.terms))
    hint = f"很可能是 {'或 '.join(_short(c) for c in culprits)} 填错。" if culprits else ""
    name, actual = cell_name(rule.target), values.shown(rule.target)
    if expected < 0:  # only 四 = 一 + 二 − （七） can come out negative
        formula = why.split("；", 1)[0]
        return (
            f"{name}：这一列数字不一致：{formula} 为负数，即（七）总计多于本年新收与上年结转之和，"
            f"而结转下年度的数不可能为负（实为 {actual}）。{hint}请核对这一列的一、二、（七）各格，改正填错的那一个。"
        )
    return f"{name}：应为 {expected}（{why}），实为 {actual}。{hint}{ADVICE}"


def _short(cell: CellPath) -> str:
    """A cell's name without its table (the message already names it)."""
    return cell_name(cell).split(" ", 1)[1]
