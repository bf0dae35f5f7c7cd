"""Rule 10: the disclosure report's tables add up (format of 国办公开办函〔2021〕30号).

Every mismatch is an error at the cell that is wrong, naming the table, row and column as the
national table names them, with the expected and the actual value, e.g.
`表三 （七）总计 × 自然人：应为 12（各办理结果之和），实为 13`. Checked, column by column:
- 表三: each row's 总计 = its six requester columns; each group's 小计 = its items; （七）总计 = all
  results (（一）, （二） and every item of （三）–（六）); 四 = 一 + 二 − （七）.
- 表四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
Negative numbers (and negative fees) are refused by the schema (`minimum: 0`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, Problem
from gongkai.schemas import field_schema
from gongkai.validate.context import Context

REQUESTERS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
COLUMNS = (*REQUESTERS, "total")
GROUPS = ("denied", "unable", "not_processed", "other")  # （三）–（六）, each with items and a 小计
OUTCOMES = ("maintained", "corrected", "other", "pending")
REVIEWS = ("reconsideration", "litigation_direct", "litigation_after_review")


def check(context: Context) -> Iterator[Problem]:
    for record in context.of_type("reports/disclosure"):
        yield from table_three(record)
        yield from table_four(record)


def title(*path: str) -> str:
    """The Chinese title of a field of the disclosure report, e.g. `title("requests", "new")`."""
    name: str = field_schema("disclosure-report", *path).get("title", path[-1])
    return name


def row_name(path: tuple[str, ...]) -> str:
    """A 表三 row as the national table names it: `（三）不予公开 1.属于国家秘密`, `一、本年新收…`."""
    names = [title(*path[: i + 1]) for i in range(1, len(path))]
    names = [n for n in names if n != title("requests", "results")]  # the level above the groups
    return " ".join(names)


def _mismatch(
    record: SourceRecord, table: str, row: str, column: str, path: PathKey, expected: int, actual: Any, why: str
) -> Problem:
    return record.problem(
        path,
        ERROR,
        f"{table} {row} × {column}：应为 {expected}（{why}），实为 {actual}。请核对这一格和参与求和的各格，改正填错的那一个。",
    )


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _rows(requests: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every row of 表三 with its path under `requests`, in the national order."""
    results = requests.get("results") or {}
    yield ("new",), requests.get("new") or {}
    yield ("carried_over",), requests.get("carried_over") or {}
    for name in ("granted", "partly_granted"):
        yield ("results", name), results.get(name) or {}
    for group in GROUPS:
        for name, row in (results.get(group) or {}).items():
            yield ("results", group, name), row or {}
    yield ("results", "total"), results.get("total") or {}
    yield ("carried_forward",), requests.get("carried_forward") or {}


def _result_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows that add up to （七）总计: （一）, （二） and every item (not 小计) of （三）–（六）."""
    rows = [results.get("granted") or {}, results.get("partly_granted") or {}]
    for group in GROUPS:
        rows += [row or {} for name, row in (results.get(group) or {}).items() if name != "total"]
    return rows


def table_three(record: SourceRecord) -> Iterator[Problem]:
    requests = record.data.get("requests") or {}
    results = requests.get("results") or {}
    total_name = title("requests", "new", "total")
    for path, row in _rows(requests):
        expected = sum(_number(row.get(c)) for c in REQUESTERS)
        if _number(row.get("total")) != expected:
            yield _mismatch(
                record,
                "表三",
                row_name(("requests", *path)),
                total_name,
                ("requests", *path, "total"),
                expected,
                row.get("total"),
                "本行各类申请人之和",
            )
    for group in GROUPS:
        items = [row or {} for name, row in (results.get(group) or {}).items() if name != "total"]
        subtotal = (results.get(group) or {}).get("total") or {}
        for column in COLUMNS:
            expected = sum(_number(row.get(column)) for row in items)
            if _number(subtotal.get(column)) != expected:
                yield _mismatch(
                    record,
                    "表三",
                    row_name(("requests", "results", group, "total")),
                    title("requests", "new", column),
                    ("requests", "results", group, "total", column),
                    expected,
                    subtotal.get(column),
                    f"{title('requests', 'results', group)}各项之和",
                )
    grand = results.get("total") or {}
    parts = _result_rows(results)
    for column in COLUMNS:
        expected = sum(_number(row.get(column)) for row in parts)
        if _number(grand.get(column)) != expected:
            yield _mismatch(
                record,
                "表三",
                title("requests", "results", "total"),
                title("requests", "new", column),
                ("requests", "results", "total", column),
                expected,
                grand.get(column),
                "各办理结果之和",
            )
    new, carried_over, forward = (requests.get(k) or {} for k in ("new", "carried_over", "carried_forward"))
    for column in COLUMNS:
        first, second, handled = _number(new.get(column)), _number(carried_over.get(column)), _number(grand.get(column))
        expected = first + second - handled
        if _number(forward.get(column)) != expected:
            yield _mismatch(
                record,
                "表三",
                title("requests", "carried_forward"),
                title("requests", "new", column),
                ("requests", "carried_forward", column),
                expected,
                forward.get(column),
                f"一 + 二 − （七）= {first} + {second} − {handled}；本年新收加上年结转，等于办理结果总计加结转下年度",
            )


def table_four(record: SourceRecord) -> Iterator[Problem]:
    reviews = record.data.get("reviews") or {}
    why = "、".join(title("reviews", "reconsideration", o) for o in OUTCOMES) + "之和"
    for name in REVIEWS:
        row = reviews.get(name) or {}
        expected = sum(_number(row.get(o)) for o in OUTCOMES)
        if _number(row.get("total")) != expected:
            yield _mismatch(
                record,
                "表四",
                title("reviews", name),
                title("reviews", name, "total"),
                ("reviews", name, "total"),
                expected,
                row.get("total"),
                why,
            )
