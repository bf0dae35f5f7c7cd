"""The disclosure report's table cells as the national format names them (国办公开办函〔2021〕30号).

One naming for every place a cell is named: the sum rules' messages (`validate/report_sums.py`),
the `corrections` an editor writes (`cell: 表四 行政复议 × 总计`), and the report page that shows a
correction beside its figure (`render/structured.py`). A cell is `<table> <row> × <column>`, the
row as the national table names it (`（三）不予公开 4.保护第三方合法权益`, `（七）总计`,
`四、结转下年度继续办理`) and the column by its heading (`自然人`, `总计`; 表四 `结果纠正`).

A count cell holds what the report printed: a non-negative integer, `None` (left blank, as the
national template's cells are) or `"/"`; blanks and "/" count as 0 in the sums (`count`). A
group's 小计 (`results.<group>.total` of （三）–（六）) is not a national row: when not written it
is derived from the group's items (`group_value`); （六）其他处理 may be published as one row,
written as its `total` alone.
"""

from __future__ import annotations

import functools
from typing import Any

from gongkai.schemas import field_schema

SCHEMA = "disclosure-report"
REQUESTERS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
COLUMNS = (*REQUESTERS, "total")
GROUPS = ("denied", "unable", "not_processed", "other")  # （三）–（六）
OUTCOMES = ("maintained", "corrected", "other", "pending")
REVIEWS = ("reconsideration", "litigation_direct", "litigation_after_review")
SLASH = "/"
TABLE_TWO, TABLE_THREE, TABLE_FOUR = "表二", "表三", "表四"

CellPath = tuple[str, ...]  # a cell's path in the report's data, e.g. ("reviews", "reconsideration", "total")


def title(*path: str) -> str:
    """The Chinese title of a field of the disclosure report, e.g. `title("requests", "new")`."""
    name: str = field_schema(SCHEMA, *path).get("title", path[-1])
    return name


def count(value: Any) -> int:
    """A cell's value in the sums: blank (None) and "/" count as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def is_blank(value: Any) -> bool:
    """A cell printed blank or with "/" (shown as printed, counted as 0)."""
    return value is None or value == SLASH


def group_items(group: str) -> list[str]:
    """The national rows of a group of （三）–（六）, in order (its 小计 `total` is not one)."""
    return [k for k in field_schema(SCHEMA, "requests", "results", group)["properties"] if k != "total"]


def is_single_row(values: dict[str, Any]) -> bool:
    """（六）其他处理 published as one row: its `total` written, none of its items."""
    return "total" in values and not any(k in values for k in group_items("other"))


def row_name(path: tuple[str, ...]) -> str:
    """A 表三 row as the national table names it, from its path under the report (`("requests", "new")`):
    `一、本年新收政府信息公开申请数量`, `（三）不予公开 1.属于国家秘密`, `（四）无法提供 小计`, `（七）总计`."""
    names = [title(*path[: i + 1]) for i in range(1, len(path))]
    return " ".join(n for n in names if n != title("requests", "results"))  # the level above the groups


def column_name(path: CellPath) -> str:
    """The column heading of a cell of 表三 (requester columns, 总计) or 表四 (outcomes, 总计)."""
    return title(*path)


def cell_name(path: CellPath) -> str:
    """`表三 （七）总计 × 自然人`, `表四 行政复议 × 总计`: the name messages and corrections use."""
    if path[0] == "reviews":
        return f"{TABLE_FOUR} {title(*path[:2])} × {column_name(path)}"
    return f"{TABLE_THREE} {row_name(path[:-1])} × {column_name(path)}"


def table_three_rows() -> list[CellPath]:
    """Every row of 表三 a cell can be in (小计 rows included), in the national order."""
    rows: list[CellPath] = [("requests", "new"), ("requests", "carried_over")]
    rows += [("requests", "results", name) for name in ("granted", "partly_granted")]
    for group in GROUPS:
        rows += [("requests", "results", group, item) for item in (*group_items(group), "total")]
    rows += [("requests", "results", "total"), ("requests", "carried_forward")]
    return rows


@functools.cache
def cells() -> dict[str, CellPath]:
    """Every cell of 表三 and 表四 by its name."""
    paths = [(*row, column) for row in table_three_rows() for column in COLUMNS]
    paths += [("reviews", name, outcome) for name in REVIEWS for outcome in (*OUTCOMES, "total")]
    return {cell_name(p): p for p in paths}


@functools.cache
def row_names() -> dict[str, list[str]]:
    """The rows a note may name, per table: 表二's items, 表三's rows and groups, 表四's groups."""
    two = [title("proactive", k) for k in ("regulations", "normative_documents", "licensing", "penalty", "coercion")]
    three = [row_name(r) for r in table_three_rows()]
    groups = [title("requests", "results")] + [title("requests", "results", g) for g in GROUPS]
    return {
        TABLE_TWO: [*two, title("proactive", "fees")],
        TABLE_THREE: sorted(set(three + groups), key=(three + groups).index),
        TABLE_FOUR: [title("reviews", name) for name in REVIEWS],
    }


def group_value(results: dict[str, Any], group: str, column: str) -> int:
    """A group's 小计 in one column as the sums see it: derived from its items, or the one row a
    single-row （六） writes."""
    values = results.get(group) or {}
    if group == "other" and is_single_row(values):
        return count((values.get("total") or {}).get(column))
    return sum(count((values.get(item) or {}).get(column)) for item in group_items(group))
