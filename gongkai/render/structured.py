"""The disclosure report's three tables as the national format has them (国办公开办函〔2021〕30号).

Each table is a `Grid` of header and body rows of `Cell`s with their `rowspan`/`colspan` and
`scope`, so the template writes them as they are. Row names and requester columns are the titles
of the report's JSON Schema (written as the national table writes them); the block and column
headings that have no field of their own are the national format's fixed words, here.

Figures are shown as printed: a blank cell blank, "/" as "/", money as written (`12.50`); the
national table has no 小计 rows, so none is shown; （六）其他处理 published as one row is one row.
A corrected cell carries its `Fix`, a row heading the links to its notes, and each grid the notes
under it (`report_notes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gongkai.model.report_cells import TABLE_FOUR, TABLE_THREE, TABLE_TWO, CellPath, is_single_row, row_name
from gongkai.render.report_notes import Annotations, Fix, Ref, TableNote
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
    fix: Fix | None = None  # a corrected figure: shown after the figure as printed
    refs: list[Ref] = field(default_factory=list)  # links to notes under the table (row headings)


@dataclass
class Grid:
    caption: str
    css: str
    cols: list[str] = field(default_factory=list)  # a class per <col>, for the column widths
    head: list[list[Cell]] = field(default_factory=list)
    bodies: list[list[list[Cell]]] = field(default_factory=list)  # one list of rows per <tbody>
    notes: list[TableNote] = field(default_factory=list)  # under the table


def _th(text: Any, scope: str, rowspan: int = 1, colspan: int = 1, css: str = "") -> Cell:
    return Cell(text, True, scope, rowspan, colspan, css)


def title(*path: str) -> str:
    value: str = field_schema(SCHEMA, *path).get("title", path[-1])
    return value


def part_titles() -> dict[str, str]:
    root = load_type_schema(SCHEMA)
    return {name: resolve(prop, root).get("title", name) for name, prop in root["properties"].items()}


def shown(value: Any) -> Any:
    """A figure as the report printed it: blank stays blank, "/" stays "/", a number as written
    (`12.50`, `0.00`: the loader keeps a YAML float's text)."""
    if value is None:
        return ""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def _figure(data: dict[str, Any], path: CellPath, notes: Annotations) -> Cell:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return Cell(shown(value), fix=notes.fix(path))


def table_two(data: dict[str, Any]) -> Grid:
    """二、主动公开政府信息情况: four blocks (第二十条第（一）（五）（六）（八）项)."""
    notes = Annotations.of(data)
    grid = Grid(title("proactive"), "gk-report-table gk-report-table--two", ["gk-c-item", *["gk-cn"] * 3])
    counts = [title("proactive", "regulations", k) for k in ("issued", "repealed", "in_force")]
    first = [
        [_th("第二十条第（一）项", "rowgroup", colspan=4)],
        [_th("信息内容", "col"), *(_th(c, "col") for c in counts)],
    ]
    paths: list[CellPath] = []
    for name in ("regulations", "normative_documents"):
        row_paths = [("proactive", name, k) for k in ("issued", "repealed", "in_force")]
        paths += row_paths
        first.append(
            [_row_heading(notes, TABLE_TWO, title("proactive", name)), *(_figure(data, p, notes) for p in row_paths)]
        )
    grid.bodies.append(first)
    for item, names, heading in (
        ("第二十条第（五）项", ("licensing",), "本年处理决定数量"),
        ("第二十条第（六）项", ("penalty", "coercion"), "本年处理决定数量"),
        ("第二十条第（八）项", ("fees",), "本年收费金额（单位：万元）"),
    ):
        rows = [[_th(item, "rowgroup", colspan=4)], [_th("信息内容", "col"), _th(heading, "col", colspan=3)]]
        for n in names:
            cell = _figure(data, ("proactive", n), notes)
            cell.colspan = 3
            rows.append([_row_heading(notes, TABLE_TWO, title("proactive", n)), cell])
            paths.append(("proactive", n))
        grid.bodies.append(rows)
    grid.notes = notes.under(TABLE_TWO, data, paths)
    return grid


def _row_heading(notes: Annotations, table: str, name: str, **layout: Any) -> Cell:
    """A row heading (th scope=row or rowgroup), linked to the notes the report gives on that row."""
    cell = _th(name, layout.pop("scope", "row"), **layout)
    cell.refs = notes.row_refs(table, name)
    return cell


def _requester_cells(data: dict[str, Any], row: CellPath, notes: Annotations, paths: list[CellPath]) -> list[Cell]:
    row_paths = [(*row, k) for k in (*REQUESTERS, "total")]
    paths += row_paths
    return [_figure(data, p, notes) for p in row_paths]


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
    notes, paths = Annotations.of(data), list[CellPath]()
    rows: list[list[Cell]] = []
    base = ("requests", "results")

    def heading(path: tuple[str, ...], **layout: Any) -> Cell:
        return _row_heading(notes, TABLE_THREE, row_name(path), **layout)

    row: CellPath
    for name in ("new", "carried_over"):
        row = ("requests", name)
        rows.append([heading(row, colspan=3, css="gk-l1"), *_requester_cells(data, row, notes, paths)])
    group_rows = []
    for name in ("granted", "partly_granted"):
        row = (*base, name)
        group_rows.append([heading(row, colspan=2, css="gk-l2"), *_requester_cells(data, row, notes, paths)])
    for group in GROUPS:
        group_title = title(*base, group)
        if group == "other" and is_single_row(results.get(group) or {}):  # published as one row
            cell = _row_heading(notes, TABLE_THREE, group_title, colspan=2, css="gk-l2")
            group_rows.append([cell, *_requester_cells(data, (*base, group, "total"), notes, paths)])
            continue
        items = [
            k for k in field_schema(SCHEMA, *base, group)["properties"] if k != "total"
        ]  # 小计: not a national row
        for index, item in enumerate(items):
            first = index == 0
            group_cell = _row_heading(
                notes, TABLE_THREE, group_title, scope="rowgroup", rowspan=len(items), css="gk-l2"
            )
            item_cell = _th(title(*base, group, item), "row", css="gk-l3")
            item_cell.refs = notes.row_refs(TABLE_THREE, row_name((*base, group, item)))
            cells = _requester_cells(data, (*base, group, item), notes, paths)
            group_rows.append([group_cell, item_cell, *cells] if first else [item_cell, *cells])
    total = (*base, "total")
    group_rows.append([heading(total, colspan=2, css="gk-l2 gk-total"), *_requester_cells(data, total, notes, paths)])
    group_rows[0].insert(
        0,
        _row_heading(
            notes, TABLE_THREE, title(*base), scope="rowgroup", rowspan=len(group_rows), css="gk-l1 gk-vertical"
        ),
    )
    rows += group_rows
    forward = ("requests", "carried_forward")
    rows.append([heading(forward, colspan=3, css="gk-l1"), *_requester_cells(data, forward, notes, paths)])
    grid.bodies.append(rows)
    grid.notes = notes.under(TABLE_THREE, data, paths)
    return grid


def table_four(data: dict[str, Any]) -> Grid:
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 and 行政诉讼 (两种), each with five columns."""
    notes = Annotations.of(data)
    outcome: Callable[[str], str] = lambda key: title("reviews", "reconsideration", key)  # noqa: E731
    grid = Grid(title("reviews"), "gk-report-table gk-report-table--four")

    def group(name: str, text: str, **layout: Any) -> Cell:
        cell = _th(text, "colgroup", **layout)
        cell.refs = notes.row_refs(TABLE_FOUR, title("reviews", name))
        return cell

    grid.head = [
        [
            group("reconsideration", title("reviews", "reconsideration"), colspan=5),
            _th("行政诉讼", "colgroup", colspan=10),
        ],
        [
            *(_th(outcome(k), "col", rowspan=2) for k in OUTCOMES),
            group("litigation_direct", "未经复议直接起诉", colspan=5),
            group("litigation_after_review", "复议后起诉", colspan=5),
        ],
        [_th(outcome(k), "col") for _ in range(2) for k in OUTCOMES],
    ]
    paths: list[CellPath] = [
        ("reviews", name, k)
        for name in ("reconsideration", "litigation_direct", "litigation_after_review")
        for k in OUTCOMES
    ]
    grid.bodies.append([[_figure(data, p, notes) for p in paths]])
    grid.notes = notes.under(TABLE_FOUR, data, paths)
    return grid


def section_titles(schema_name: str, part: str) -> dict[str, str]:
    """Chinese titles of the properties of one part (e.g. rule-of-law report `sections`)."""
    root = load_type_schema(schema_name)
    part_schema = resolve(root["properties"][part], root)
    return {k: resolve(p, root).get("title", k) for k, p in (part_schema.get("properties") or {}).items()}
