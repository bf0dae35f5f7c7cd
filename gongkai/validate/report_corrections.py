"""Rule 10: a disclosure report's `corrections` and `notes` name cells and rows that exist.

A correction's `cell` is written as the sum rules' messages name it (`表四 行政复议 × 总计`,
`gongkai.model.report_cells.cell_name`); an unknown name is an error that suggests the closest
names, and a second correction of the same cell is an error. Whether a correction is needed and
right is decided by the sums (`report_sums`), which read the declared corrections through
`declared`. A note's `row` is one of its table's national row names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.load.records import SourceRecord
from gongkai.model.report_cells import CellPath, cells, row_names
from gongkai.problems import ERROR, Problem
from gongkai.validate.context import Context

SUGGESTIONS = 3


@dataclass(frozen=True)
class Correction:
    index: int  # in the record's `corrections`
    cell: str
    value: int


def declared(record: SourceRecord) -> dict[CellPath, Correction]:
    """The record's corrections of cells that exist, the first one of each cell."""
    found: dict[CellPath, Correction] = {}
    for index, item in enumerate(_items(record, "corrections")):
        path, value = cells().get(_name(item.get("cell"))), item.get("value")
        if path is not None and isinstance(value, int) and not isinstance(value, bool):
            found.setdefault(path, Correction(index, _name(item.get("cell")), value))
    return found


def check(context: Context) -> Iterator[Problem]:
    for record in context.of_type("reports/disclosure"):
        yield from _cell_names(record)
        yield from _note_rows(record)


def _items(record: SourceRecord, field: str) -> list[dict[str, object]]:
    items = record.data.get(field)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _name(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""  # spacing as the messages have it


def _cell_names(record: SourceRecord) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item in enumerate(record.data.get("corrections") or []):
        if not isinstance(item, dict) or not isinstance(item.get("cell"), str):
            continue
        name, where = _name(item["cell"]), ("corrections", index, "cell")
        if name not in cells():
            yield record.problem(where, ERROR, f"更正 第{index + 1}项：没有名为“{item['cell']}”的格。{_closest(name)}")
        elif name in seen:
            yield record.problem(
                where,
                ERROR,
                f"更正 第{index + 1}项：{name} 已在第{seen[name] + 1}项更正过，一格只能有一项更正。请合并或删除其中一项。",
            )
        else:
            seen[name] = index


def _closest(name: str) -> str:
    close = difflib.get_close_matches(name, list(cells()), n=SUGGESTIONS, cutoff=0.5)
    example = "、".join(close) if close else "表三 （七）总计 × 自然人、表四 行政复议 × 总计"
    lead = "是否应为" if close else "例如"
    return f"格名写作“表名 行名 × 列名”，与校验消息中的写法一致；{lead}：{example}。"


def _note_rows(record: SourceRecord) -> Iterator[Problem]:
    for index, item in enumerate(record.data.get("notes") or []):
        if not isinstance(item, dict):
            continue
        table, row = item.get("table"), item.get("row")
        names = row_names().get(table) if isinstance(table, str) else None
        if names is None or not isinstance(row, str) or _name(row) in names:
            continue
        close = difflib.get_close_matches(_name(row), names, n=SUGGESTIONS, cutoff=0.4)
        hint = f"是否应为：{'、'.join(close)}？" if close else f"{table}的行名有：{'、'.join(names)}。"
        yield record.problem(
            ("notes", index, "row"),
            ERROR,
            f"注释 第{index + 1}项：{table}中没有名为“{row}”的行。{hint}注整张表时删除 row 这一行。",
        )
