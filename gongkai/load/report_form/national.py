"""The national tables (表二、表三、表四) read out of a `Form`, by their names, never by position.

A table is the grid under its part's heading (`三、收到和处理政府信息公开申请情况`, or a caption
`表三`); a grid under no heading is matched by its content. Rows are found by the names in their
label cells, descending the schema's titles (`三、本年度办理结果` › `（三）不予公开` › `3.危及…`);
columns by the names in the header rows above (the lowest header naming a field wins, so
`申请人情况` › `法人或其他组织` › `科研机构` is 科研机构). 表四 has no row labels: its rows and columns
are both named in the header (`行政诉讼` › `未经复议直接起诉` › `结果维持`).

Every figure is read once; what cannot be read is an error naming the table, row and column as
the national form names them, and where the cell is: a cell that is not a figure, a row or column
that is missing or printed twice, a row the form does not have that holds figures, a number in a
merged cell that covers several figures. 小计 rows are not read (the site derives them); a group
printed as a single row (（六）其他处理 without its items) is read as its 小计.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.load.report_form.grid import Cell, Form, Grid, Paragraph, squeeze
from gongkai.load.report_form.titles import Node, Section, match_child, mentions, name_of, section_of, sections
from gongkai.load.report_form.values import SLASH, Figure, read_figure


@dataclass
class Tables:
    """What was read from the three tables: values by field path, and every error (Chinese)."""

    values: dict[tuple[str, ...], Figure] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    single_rows: list[tuple[str, ...]] = field(default_factory=list)  # groups printed as one row

    def nested(self) -> dict[str, Any]:
        """The values as the record holds them: {"requests": {"new": {"natural_person": 3, …}}}."""
        data: dict[str, Any] = {}
        for path, value in self.values.items():
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = value
        return data


def read_tables(form: Form) -> Tables:
    found = Tables()
    grids = _grids_by_section(form, found)
    for section in sections():
        if not section.is_table:
            continue
        assigned = grids.get(section.name, [])
        if not assigned:
            found.errors.append(
                f"{section.label}：找不到这张表。它应在标题“{section.title}”下面；"
                "请确认文件是按国办公开办函〔2021〕30号的格式填写的，标题没有改动。"
            )
            continue
        if len({g.width for g in assigned}) > 1:
            places = "、".join(g.where for g in assigned)
            found.errors.append(
                f"{section.label}：标题“{section.title}”下有几个列数不同的表格（{places}），无法判断哪个是国家格式的表。"
                "请只保留一个表格再导入。"
            )
            continue
        grid = Grid([row for g in assigned for row in g.rows], "、".join(g.where for g in assigned))
        reading = _read(section, grid)
        found.values.update(reading.values)
        found.errors.extend(reading.errors)
        found.notices.extend(reading.notices)
        found.single_rows.extend(reading.single_rows)
    return found


def _grids_by_section(form: Form, found: Tables) -> dict[str, list[Grid]]:
    """Each table section's grids: those under its heading, or, under no heading, by content."""
    by_section: dict[str, list[Grid]] = {}
    current: Section | None = None
    for item in form.items:
        if isinstance(item, Paragraph):
            section = section_of(item.text)
            if section is not None or item.sheet_name:
                current = section
            continue
        if current is not None and not current.is_table:
            found.notices.append(f"“{current.title}”中的表格（{item.where}）不是国家格式的表，未导入。")
            continue
        if current is None:
            scored = [(len(_read(s, item).values), s) for s in sections() if s.is_table]
            best, section = max(scored, key=lambda pair: pair[0])
            if not best:
                continue
            current_section = section
        else:
            current_section = current
        by_section.setdefault(current_section.name, []).append(item)
    return by_section


@dataclass
class _Reading:
    section: Section
    grid: Grid
    values: dict[tuple[str, ...], Figure] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    single_rows: list[tuple[str, ...]] = field(default_factory=list)
    rows: dict[tuple[str, ...], str] = field(default_factory=dict)  # row path -> where it was found
    used: dict[int, list[tuple[Node, Node, Cell]]] = field(default_factory=dict)  # id(cell) -> (row, leaf, cell)
    header_problems: set[str] = field(default_factory=set)

    @property
    def table(self) -> Node:
        assert self.section.node is not None
        return self.section.node

    def name(self, row: Node, leaf: Node | None = None) -> str:
        row_name = name_of(row, self.table)
        return f"{self.section.label} {row_name}" + (f" × {leaf.title}" if leaf is not None and leaf is not row else "")

    def take(self, row: Node, leaf: Node, cell: Cell) -> None:
        self.used.setdefault(id(cell), []).append((row, leaf, cell))
        value, why = read_figure(cell, leaf.amount)
        if why:
            self.errors.append(f"{self.name(row, leaf)}（{cell.where}）：{why}")
        else:
            self.values[leaf.path] = value

    def seen(self, row: Node, where: str) -> bool:
        if row.path in self.rows:
            self.errors.append(
                f"{self.name(row)}：这一行出现了两次（{self.rows[row.path]} 和 {where}），无法判断用哪一行。请删去重复的一行再导入。"
            )
            return False
        self.rows[row.path] = where
        return True


def _read(section: Section, grid: Grid) -> _Reading:
    labelled = _Reading(section, grid)
    _read_labelled(labelled)
    if labelled.values or labelled.used:
        return _finish(labelled)
    headed = _Reading(section, grid)
    _read_headed(headed)
    return _finish(headed if headed.used else labelled)


def _descend(row: list[Cell], table: Node) -> tuple[list[tuple[Node, Cell]], int]:
    """The nodes a row's label cells name, left to right, and the first column after them (a
    label repeated in an unmerged neighbour cell counts as one label)."""
    path: list[tuple[Node, Cell]] = []
    node, start, column, previous = table, 0, 0, ""
    while column < len(row):
        cell = row[column]
        end = column
        while end < len(row) and row[end] is cell:
            end += 1
        if previous and squeeze(cell.text) == squeeze(previous):
            start = column = end
            continue
        if node.kind != "group" and node is not table:
            break
        child = match_child(cell.text, node) if cell.text else None
        if child is None:
            break
        path.append((child, cell))
        node, start, column, previous = child, end, end, cell.text
    return path, start


def _read_labelled(reading: _Reading) -> None:
    grid, table = reading.grid, reading.table
    header: list[int] = []
    block: list[int] = []
    for r in range(len(grid.rows)):
        cells = grid.distinct(r)
        path, start = _descend(grid.rows[r], table)
        if not path:
            if any(any(ch.isdigit() for ch in squeeze(c.text)) for _, c in cells[1:]):
                reading.errors.append(_unknown_row(reading, r, cells))
            header.append(r)
            continue
        if header:
            block, header = header, []
        node, label = path[-1]
        if node.is_subtotal:
            reading.notices.append(f"{reading.name(node)}（{label.where}）：小计行未导入，网站按各项自动计算。")
            continue
        if node.kind == "leaf":
            if reading.seen(node, label.where):
                _take_single(reading, node, [c for col, c in cells if col >= start], label)
            continue
        row = node
        if node.kind == "group":
            subtotal = next((c for c in node.children if c.is_subtotal), None)
            columns = _columns(reading, block, subtotal, start) if subtotal is not None else {}
            following = [(col, c) for col, c in cells if col >= start and c.text]
            if subtotal is None or (following and columns and following[0][0] < min(columns.values())):
                reading.errors.append(_unknown_row(reading, r, cells))
                continue
            row = subtotal
            reading.single_rows.append(node.path)
        else:
            columns = _columns(reading, block, node, start)
        if reading.seen(row, label.where):
            for leaf in row.children:
                if leaf.name in columns:
                    reading.take(row, leaf, grid.rows[r][columns[leaf.name]])


def _unknown_row(reading: _Reading, r: int, cells: list[tuple[int, Cell]]) -> str:
    grid = reading.grid
    own = [c for col, c in cells if r == 0 or grid.at(r - 1, col) is not c] or [cells[0][1]]
    labels = " ".join(dict.fromkeys(c.text for _, c in cells if c.text and not squeeze(c.text).isdigit()))
    return (
        f"{reading.section.label}（{own[0].where}）：“{labels}”这一行不是国家格式中的行，但有数字，无法判断属于哪一项。"
        "请核对行名是否与国家格式一致（可以不写序号，但不能改字），或删去多出的行再导入。"
    )


def _take_single(reading: _Reading, leaf: Node, cells: list[Cell], label: Cell) -> None:
    """A figure printed across the row (表二 行政许可: one cell merged over three columns)."""
    distinct = list(dict.fromkeys(cells))
    filled = [c for c in distinct if c.text or c.formula]
    if len(filled) > 1:
        shown = "、".join(f"“{c.text}”" for c in filled)
        reading.errors.append(
            f"{reading.name(leaf)}（{label.where}）：这一行只有一个数字，却有几个格子填了内容（{shown}），"
            "无法判断用哪一个。请只保留一个再导入。"
        )
        return
    chosen = filled[0] if filled else (distinct[0] if distinct else None)
    if chosen is None:
        reading.errors.append(
            f"{reading.name(leaf)}（{label.where}）：这一行没有填数字的格子。请按国家格式补上再导入。"
        )
        return
    reading.take(leaf, leaf, chosen)


def _columns(reading: _Reading, block: list[int], row: Node, start: int) -> dict[str, int]:
    """Which grid column holds each figure of `row`, from the header rows above it."""
    grid = reading.grid
    columns: dict[str, int] = {}
    cells: dict[str, Cell] = {}
    for c in range(start, grid.width):
        for h in reversed(block):
            cell = grid.at(h, c)
            if cell is None or not cell.text:
                continue
            child = match_child(cell.text, row)
            if child is None:
                continue
            if child.name in columns and cells[child.name] is not cell:
                _header_problem(
                    reading, f"{reading.section.label}（{cell.where}）：列“{child.title}”出现了两次，无法判断用哪一列。"
                )
            columns.setdefault(child.name, c)
            cells.setdefault(child.name, cell)
            break
    for child in row.children:
        if child.name not in columns:
            _header_problem(
                reading,
                f"{reading.name(row)}：找不到列“{child.title}”（{grid.where}的表头）。请核对表头的列名是否与国家格式一致，或补上这一列再导入。",
            )
    return columns


def _header_problem(reading: _Reading, message: str) -> None:
    if message not in reading.header_problems:
        reading.header_problems.add(message)
        reading.errors.append(message)


def _read_headed(reading: _Reading) -> None:
    """表四: rows and columns both named in the header rows; one row of figures below them."""
    grid, table = reading.grid, reading.table
    header = [r for r in range(len(grid.rows)) if any(mentions(c.text, table) for _, c in grid.distinct(r))]
    if not header:
        return
    below = list(range(header[-1] + 1, len(grid.rows)))
    filled = [r for r in below if any(c.text for _, c in grid.distinct(r))]
    if len(filled) > 1:
        reading.errors.append(
            f"{reading.section.label}（{grid.where}）：表头下有 {len(filled)} 行填了内容，国家格式只有一行数字，"
            "无法判断用哪一行。请删去多余的行再导入。"
        )
        return
    data = filled[0] if filled else (below[0] if below else None)
    mapped: dict[tuple[str, ...], int] = {}
    for c in range(grid.width):
        names = list(_header_texts(grid, header, c))
        found = _row_and_leaf(names, table)
        cell = grid.at(data, c) if data is not None else None
        if found is None:
            if cell is not None and cell.text:
                reading.errors.append(
                    f"{reading.section.label}（{cell.where}）：这一列（表头“{' '.join(names)}”）不是国家格式中的列，"
                    "但有内容，无法判断属于哪一项。请核对表头是否与国家格式一致再导入。"
                )
            continue
        row, leaf = found
        if leaf.path in mapped:
            continue  # a header merged over two columns: read the figure once
        mapped[leaf.path] = c
        if data is None or cell is None:
            continue
        if row.path not in reading.rows:
            reading.rows[row.path] = cell.where
        reading.take(row, leaf, cell)
    if data is None:
        reading.errors.append(
            f"{reading.section.label}（{grid.where}）：表头下没有填写数字的一行。请按国家格式补上再导入。"
        )
        return
    for row in table.children:
        for leaf in row.children:
            if leaf.path not in mapped:
                _header_problem(
                    reading,
                    f"{reading.name(row, leaf)}：表头中找不到这一列。请核对表头是否与国家格式一致，或补上这一列再导入。",
                )


def _header_texts(grid: Grid, header: list[int], column: int) -> Iterator[str]:
    previous: Cell | None = None
    for h in header:
        cell = grid.at(h, column)
        if cell is None or cell is previous or not cell.text:
            continue
        if previous is None or squeeze(cell.text) != squeeze(previous.text):
            yield cell.text
        previous = cell


def _row_and_leaf(names: list[str], table: Node) -> tuple[Node, Node] | None:
    for i in reversed(range(len(names))):
        for j in range(i):
            row = match_child("".join(names[j:i]), table)
            leaf = match_child(names[i], row) if row is not None and row.kind == "row" else None
            if row is not None and leaf is not None:
                return row, leaf
    return None


def _finish(reading: _Reading) -> _Reading:
    """Numbers in merged cells covering several figures are refused; missing rows reported."""
    for uses in reading.used.values():
        if len(uses) < 2:
            continue
        cell = uses[0][2]
        value = reading.values.get(uses[0][1].path)
        if value is None or value == SLASH:
            continue  # a blank or "/" merged over several cells is blank or "/" in each
        names = "、".join(reading.name(row, leaf) for row, leaf, _ in uses)
        reading.errors.append(
            f"{names}（{cell.where}）：这是一个合并单元格，跨越了 {len(uses)} 个应各填一个数字的格子，"
            "无法判断数字属于哪一格。请拆分单元格、每格填写自己的数字再导入。"
        )
        for _, leaf, _ in uses:
            reading.values.pop(leaf.path, None)
    if reading.values or reading.used:
        single = set(reading.single_rows)
        for row in _expected_rows(reading.table, single):
            if row.path not in reading.rows:
                reading.errors.append(
                    f"{reading.name(row)}：表中找不到这一行。请核对行名是否与国家格式一致（合并或改动了行名时，"
                    "按国家格式恢复这一行），或补上这一行再导入。"
                )
    return reading


def _expected_rows(node: Node, single: set[tuple[str, ...]]) -> Iterator[Node]:
    for child in node.children:
        if child.kind == "group":
            if child.path in single:
                yield from (c for c in child.children if c.is_subtotal)
            else:
                yield from _expected_rows(child, single)
        elif not child.is_subtotal:
            yield child
