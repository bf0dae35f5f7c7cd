"""The national form as a Word file (.docx): paragraphs and tables in document order.

Read from the document's XML with python-docx's parser (lxml, entities not resolved), after the
attachment reader's zip checks. Every table cell is read once: a cell spanning columns
(`w:gridSpan`) or continued downwards (`w:vMerge`) is one `Cell` repeated over the positions it
covers. Only visible text is read (`w:t`); a document with tracked changes is refused, because
which figure is meant would be a guess.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gongkai.load.attachments.office import check_container
from gongkai.load.report_form.grid import (
    MAX_COLUMNS,
    MAX_PARAGRAPHS,
    MAX_ROWS,
    MAX_TABLES,
    Cell,
    Form,
    FormTooLarge,
    Grid,
    Paragraph,
    clean_text,
)

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRACKED = ("ins", "del", "moveFrom", "moveTo")


def read_docx(raw: bytes, name: str) -> Form:
    import docx

    form = Form(name)
    problem = check_container(raw)
    if problem:
        form.problems.append(f"{problem}，无法导入。")
        return form
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds on a file that is not a Word document
        form.problems.append("不是有效的 Word（.docx）文件，无法读取。请在 Word 或 WPS 中打开并另存为 .docx 后再导入。")
        return form
    body = document.element.body
    tracked = sum(1 for tag in _TRACKED for _ in body.iter(W + tag))
    if tracked:
        form.problems.append(
            f"文档中有 {tracked} 处未处理的修订（修订模式下的插入或删除）：无法确定哪个数字是最终的。"
            "请在 Word 中“接受所有修订”或“拒绝所有修订”并保存，再导入。"
        )
        return form
    headings = {s.style_id for s in document.styles if (s.name or "").lower().startswith("heading")}
    paragraphs = tables = 0
    for element in _blocks(body):
        if element.tag == W + "p":
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise FormTooLarge(f"文档超过 {MAX_PARAGRAPHS:,} 段，不像是年度报告，未导入。")
            text = clean_text(_text(element))
            if text:
                form.items.append(Paragraph(text, f"第 {paragraphs} 段", _style(element) in headings))
        else:
            tables += 1
            if tables > MAX_TABLES:
                raise FormTooLarge(f"文档中的表格超过 {MAX_TABLES} 个，不像是年度报告，未导入。")
            form.items.append(_grid(element, tables))
    return form


def _blocks(parent: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """Body paragraphs and tables in order, looking inside content controls (`w:sdt`)."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _blocks(child)


def _text(paragraph: BaseOxmlElement) -> str:
    parts = []
    for node in paragraph.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag == W + "tab" else "\n")
    return "".join(parts)


def _style(paragraph: BaseOxmlElement) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return str(style.get(W + "val", "")) if style is not None else ""


def _cell_text(cell: BaseOxmlElement) -> str:
    """The text of a cell's own paragraphs (a table nested in a cell is not part of the form)."""
    return "\n".join(_text(p) for p in _blocks(cell) if p.tag == W + "p")


def _grid(table: BaseOxmlElement, number: int) -> Grid:
    rows: list[list[Cell]] = []
    for row_index, row in enumerate(r for r in table.iterchildren() if r.tag == W + "tr"):
        if row_index >= MAX_ROWS:
            raise FormTooLarge(f"第 {number} 个表格超过 {MAX_ROWS} 行，不像是年度报告的表格，未导入。")
        cells: list[Cell] = []
        before = _int_val(row.find(f"{W}trPr/{W}gridBefore"), 0)
        cells.extend(Cell("", f"第 {number} 个表格第 {row_index + 1} 行") for _ in range(min(before, MAX_COLUMNS)))
        for tc in (c for c in row.iterchildren() if c.tag == W + "tc"):
            properties = tc.find(W + "tcPr")
            span = max(1, _int_val(properties.find(W + "gridSpan") if properties is not None else None, 1))
            merge = properties.find(W + "vMerge") if properties is not None else None
            column = len(cells)
            if len(cells) + span > MAX_COLUMNS:
                raise FormTooLarge(f"第 {number} 个表格超过 {MAX_COLUMNS} 列，不像是年度报告的表格，未导入。")
            above = rows[-1][column] if rows and column < len(rows[-1]) else None
            if merge is not None and merge.get(W + "val", "continue") == "continue" and above is not None:
                cell = above  # the lower part of a vertically merged cell: the same cell
            else:
                where = f"第 {number} 个表格第 {row_index + 1} 行第 {column + 1} 列"
                cell = Cell(clean_text(_cell_text(tc)), where)
            cells.extend([cell] * span)
        rows.append(cells)
    return Grid(rows, f"第 {number} 个表格")


def _int_val(element: BaseOxmlElement | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + "val", default))
    except ValueError:
        return default
