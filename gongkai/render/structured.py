"""The disclosure report's three tables as the national format has them (国办公开办函〔2021〕30号).

Each table is a `Grid` of header and body rows of `Cell`s with their `rowspan`/`colspan` and
`scope`, so the template writes them as they are. Row names and requester columns are the titles
of the report's JSON Schema (written as the national table writes them); the block and column
headings that have no field of their own are the national format's fixed words, here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.schemas import field_schema, load_type_schema, resolve

SCHEMA = "disclosure-report"
REQUESTERS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
ORGANISATIONS = REQUESTERS[1:]
GROUPS = ("denied", "unable", "not_processed", "other")
OUTCOMES = ("maintained", "corrected", "other", "pending", "total")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass
class Cell:
    text: Any
    header: bool = False
    scope: str | None = None  # col, colgroup, row, rowgroup (header cells only)
    rowspan: int = 1
    colspan: int = 1
    css: str = ""  # e.g. the row-heading level (gk-l1 … gk-l3), for the sticky columns on phones


@dataclass
class Grid:
    caption: str
    css: str
    cols: list[str] = field(default_factory=list)  # a class per <col>, for the column widths
    head: list[list[Cell]] = field(default_factory=list)
    bodies: list[list[list[Cell]]] = field(default_factory=list)  # one list of rows per <tbody>


def _th(text: Any, scope: str, rowspan: int = 1, colspan: int = 1, css: str = "") -> Cell:
    return Cell(text, True, scope, rowspan, colspan, css)


def title(*path: str) -> str:
    value: str = field_schema(SCHEMA, *path).get("title", path[-1])
    return value


def part_titles() -> dict[str, str]:
    root = load_type_schema(SCHEMA)
    return {name: resolve(prop, root).get("title", name) for name, prop in root["properties"].items()}


def _number(value: Any) -> Any:
    return "" if value is None else value


def table_two(data: dict[str, Any]) -> Grid:
    """二、主动公开政府信息情况: four blocks (第二十条第（一）（五）（六）（八）项)."""
    proactive = data.get("proactive") or {}
    grid = Grid(title("proactive"), "gk-report-table gk-report-table--two", ["gk-c-item", *["gk-cn"] * 3])
    counts = [title("proactive", "regulations", k) for k in ("issued", "repealed", "in_force")]
    first = [
        [_th("第二十条第（一）项", "rowgroup", colspan=4)],
        [_th("信息内容", "col"), *(_th(c, "col") for c in counts)],
    ]
    for name in ("regulations", "normative_documents"):
        row = proactive.get(name) or {}
        first.append(
            [
                _th(title("proactive", name), "row"),
                *(Cell(_number(row.get(k))) for k in ("issued", "repealed", "in_force")),
            ]
        )
    grid.bodies.append(first)
    for item, names, heading in (
        ("第二十条第（五）项", ("licensing",), "本年处理决定数量"),
        ("第二十条第（六）项", ("penalty", "coercion"), "本年处理决定数量"),
        ("第二十条第（八）项", ("fees",), "本年收费金额（单位：万元）"),
    ):
        rows = [[_th(item, "rowgroup", colspan=4)], [_th("信息内容", "col"), _th(heading, "col", colspan=3)]]
        rows += [[_th(title("proactive", n), "row"), Cell(_number(proactive.get(n)), colspan=3)] for n in names]
        grid.bodies.append(rows)
    return grid


def _requester_cells(row: dict[str, Any] | None) -> list[Cell]:
    row = row or {}
    return [Cell(_number(row.get(k))) for k in (*REQUESTERS, "total")]


def table_three(data: dict[str, Any]) -> Grid:
    """三、收到和处理政府信息公开申请情况: row headings in three levels, requester columns in two."""
    requests = data.get("requests") or {}
    results = requests.get("results") or {}
    column: Callable[[str], str] = lambda key: title("requests", "new", key)  # noqa: E731 - a local shorthand
    grid = Grid(
        title("requests"), "gk-report-table gk-report-table--three", ["gk-c1", "gk-c2", "gk-c3", *["gk-cn"] * 7]
    )
    grid.head = [
        [Cell(CORNER, rowspan=3, colspan=3, css="gk-corner gk-l1"), _th("申请人情况", "colgroup", colspan=7)],
        [
            _th(column("natural_person"), "col", rowspan=2),
            _th("法人或其他组织", "colgroup", colspan=5),
            _th(column("total"), "col", rowspan=2),
        ],
        [_th(column(k), "col") for k in ORGANISATIONS],
    ]
    rows: list[list[Cell]] = []
    for name in ("new", "carried_over"):
        rows.append(
            [_th(title("requests", name), "row", colspan=3, css="gk-l1"), *_requester_cells(requests.get(name))]
        )
    group_rows = []
    for name in ("granted", "partly_granted"):
        group_rows.append(
            [
                _th(title("requests", "results", name), "row", colspan=2, css="gk-l2"),
                *_requester_cells(results.get(name)),
            ]
        )
    for group in GROUPS:
        group_title = title("requests", "results", group)
        items = [
            k for k in field_schema(SCHEMA, "requests", "results", group)["properties"] if k != "total"
        ]  # 小计 is checked, not a national row
        values = results.get(group) or {}
        for index, item in enumerate(items):
            heading = [_th(group_title, "rowgroup", rowspan=len(items), css="gk-l2")] if index == 0 else []
            item_title = title("requests", "results", group, item)
            group_rows.append([*heading, _th(item_title, "row", css="gk-l3"), *_requester_cells(values.get(item))])
    group_rows.append(
        [
            _th(title("requests", "results", "total"), "row", colspan=2, css="gk-l2 gk-total"),
            *_requester_cells(results.get("total")),
        ]
    )
    group_rows[0].insert(
        0, _th(title("requests", "results"), "rowgroup", rowspan=len(group_rows), css="gk-l1 gk-vertical")
    )
    rows += group_rows
    rows.append(
        [
            _th(title("requests", "carried_forward"), "row", colspan=3, css="gk-l1"),
            *_requester_cells(requests.get("carried_forward")),
        ]
    )
    grid.bodies.append(rows)
    return grid


def table_four(data: dict[str, Any]) -> Grid:
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 and 行政诉讼 (两种), each with five columns."""
    reviews = data.get("reviews") or {}
    outcome: Callable[[str], str] = lambda key: title("reviews", "reconsideration", key)  # noqa: E731
    grid = Grid(title("reviews"), "gk-report-table gk-report-table--four")
    grid.head = [
        [_th(title("reviews", "reconsideration"), "colgroup", colspan=5), _th("行政诉讼", "colgroup", colspan=10)],
        [
            *(_th(outcome(k), "col", rowspan=2) for k in OUTCOMES),
            _th("未经复议直接起诉", "colgroup", colspan=5),
            _th("复议后起诉", "colgroup", colspan=5),
        ],
        [_th(outcome(k), "col") for _ in range(2) for k in OUTCOMES],
    ]
    cells = [
        Cell(_number((reviews.get(name) or {}).get(k)))
        for name in ("reconsideration", "litigation_direct", "litigation_after_review")
        for k in OUTCOMES
    ]
    grid.bodies.append([cells])
    return grid


def section_titles(schema_name: str, part: str) -> dict[str, str]:
    """Chinese titles of the properties of one part (e.g. rule-of-law report `sections`)."""
    root = load_type_schema(schema_name)
    part_schema = resolve(root["properties"][part], root)
    return {k: resolve(p, root).get("title", k) for k, p in (part_schema.get("properties") or {}).items()}
