"""The national form as an Excel file (.xlsx): each sheet's rows as headings, text and grids.

openpyxl reads the workbook twice, after the attachment reader's zip checks and a tighter bound on
the unpacked size: once for the values as saved (what Excel last showed), once to tell a formula
whose result was never saved (openpyxl writes none) from a blank cell. A merged range is one `Cell`
repeated over its positions, its text taken from the range's top-left cell, as Excel shows it.

Within a sheet, a row whose only text is a section heading (`二、主动公开政府信息情况`, or a caption
such as `表三`) starts a section; under a text section (一、五、六) a row of one cell is a paragraph; other
rows, up to the next blank row or heading, make one grid. The sheet's name counts as a heading
too, so a workbook with one sheet per table named 表二, 表三, 表四 is read as well.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.office import check_container
from gongkai.load.report_form.grid import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLES,
    MAX_UNPACKED_BYTES,
    Cell,
    Form,
    FormTooLarge,
    Grid,
    Paragraph,
    clean_text,
)
from gongkai.load.report_form.titles import section_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_SHEET_ROWS = 2000
_DECIMALS = re.compile(r"0\.(0+)")


def read_xlsx(raw: bytes, name: str) -> Form:
    import openpyxl

    form = Form(name)
    problem = check_container(raw) or _too_big(raw)
    if problem:
        form.problems.append(f"{problem}，无法导入。")
        return form
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        form.problems.append(
            "不是有效的 Excel（.xlsx）文件，无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。"
        )
        return form
    if len(values.worksheets) > MAX_TABLES:
        raise FormTooLarge(f"工作簿有 {len(values.worksheets)} 个工作表，超过上限 {MAX_TABLES}，未导入。")
    for sheet, formula_sheet in zip(values.worksheets, formulas.worksheets, strict=True):
        _read_sheet(sheet, formula_sheet, form)
    return form


def _too_big(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        total = sum(m.file_size for m in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        return f"文件解压后达 {total:,} 字节，超过导入上限 {MAX_UNPACKED_BYTES:,} 字节，不像是年度报告"
    return ""


def _read_sheet(sheet: Worksheet, formula_sheet: Worksheet, form: Form) -> None:
    title = sheet.title
    if sheet.max_row > MAX_SHEET_ROWS or sheet.max_column > MAX_COLUMNS:
        raise FormTooLarge(
            f"工作表“{title}”有 {sheet.max_row} 行、{sheet.max_column} 列，超过导入上限"
            f"（{MAX_SHEET_ROWS} 行、{MAX_COLUMNS} 列），不像是年度报告的表格，未导入。"
        )
    cells = _cells(sheet, formula_sheet)
    form.items.append(Paragraph(title, f"工作表“{title}”的名称", sheet_name=True))
    text_section, started = False, False
    pending: list[int] = []

    def flush() -> None:
        if pending:
            form.items.append(_grid(cells, pending, title, sheet.max_column))
            pending.clear()

    for row in range(1, sheet.max_row + 1):
        filled = _distinct([cells.get((row, c)) for c in range(1, sheet.max_column + 1)])
        if not filled:
            flush()
            continue
        section = section_of(filled[0].text) if len(filled) == 1 else None
        if section is not None:
            flush()
            form.items.append(Paragraph(filled[0].text, filled[0].where))
            text_section, started = not section.is_table, True
        elif not started and not pending and len(filled) == 1 and "年度报告" in filled[0].text:
            form.items.append(Paragraph(filled[0].text, filled[0].where))  # the report's title
        elif text_section and len(filled) == 1:
            flush()
            form.items.append(Paragraph(filled[0].text, filled[0].where))
        else:
            pending.append(row)
    flush()


def _distinct(row: list[Cell | None]) -> list[Cell]:
    found: list[Cell] = []
    for cell in row:
        if cell is not None and (cell.text or cell.formula) and all(cell is not f for f in found):
            found.append(cell)
    return found


def _cells(sheet: Worksheet, formula_sheet: Worksheet) -> dict[tuple[int, int], Cell]:
    title = sheet.title
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(sheet.iter_rows(max_row=sheet.max_row, max_col=sheet.max_column), start=1):
        for c, item in enumerate(row, start=1):
            if item.value is None and formula_sheet.cell(r, c).data_type != "f":
                continue
            where = f"工作表“{title}”单元格 {_column(c)}{r}"
            if item.value is None:  # a formula Excel never calculated and saved
                cells[(r, c)] = Cell(str(formula_sheet.cell(r, c).value), where, formula=True)
            else:
                number = (
                    item.value if isinstance(item.value, (int, float)) and not isinstance(item.value, bool) else None
                )
                cells[(r, c)] = Cell(_shown(item.value, item.number_format), where, number=number)
    for merged in sheet.merged_cells.ranges:
        top = cells.get((merged.min_row, merged.min_col)) or Cell(
            "", f"工作表“{title}”单元格 {merged.coord.split(':')[0]}"
        )
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                cells[(r, c)] = top
    return cells


def _shown(value: Any, number_format: str) -> str:
    """A value as the sheet shows it: a number with the decimals its format asks for (12.50)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        decimals = _DECIMALS.search(number_format or "")
        if decimals and "%" not in number_format:
            return f"{value:.{len(decimals.group(1))}f}"
        return str(int(value)) if float(value).is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return clean_text(str(value))


def _grid(cells: dict[tuple[int, int], Cell], rows: list[int], title: str, width: int) -> Grid:
    if len(rows) > MAX_ROWS:
        raise FormTooLarge(f"工作表“{title}”中的一个表格超过 {MAX_ROWS} 行，不像是年度报告的表格，未导入。")
    used = [c for c in range(1, width + 1) if any((cells.get((r, c)) or Cell("", "")).text for r in rows)]
    first, last = (used[0], used[-1]) if used else (1, 1)
    grid_rows = []
    for r in rows:
        grid_rows.append(
            [cells.get((r, c)) or Cell("", f"工作表“{title}”单元格 {_column(c)}{r}") for c in range(first, last + 1)]
        )
    return Grid(grid_rows, f"工作表“{title}”第 {rows[0]}–{rows[-1]} 行")


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
