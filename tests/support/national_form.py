"""The national form (国办公开办函〔2021〕30号) filled with figures, as an agency fills it: the blank
Word template (tests/fixtures/national-report-template.docx) filled with python-docx, and an Excel
copy of the same layout (headings, the three tables with their merged cells) made with openpyxl.

Where each figure goes is written out here from the printed template (row and column positions),
not read from the importer's code. `figures()` gives a report whose sums hold, keyed by field path.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn

TEMPLATE = Path(__file__).resolve().parents[1] / "fixtures" / "national-report-template.docx"
REQUESTERS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
OUTCOMES = ("maintained", "corrected", "other", "pending")
# 表三 rows 3-27 of the template, in the printed order.
TABLE_THREE = [
    ("new",),
    ("carried_over",),
    ("results", "granted"),
    ("results", "partly_granted"),
    *[
        ("results", "denied", k)
        for k in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party",
            "internal_affairs",
            "process_info",
            "enforcement_files",
            "inquiry",
        )
    ],
    *[("results", "unable", k) for k in ("not_held", "needs_creation", "unclear")],
    *[
        ("results", "not_processed", k)
        for k in ("complaint", "repeated", "publication", "excessive", "confirm_or_reissue")
    ],
    *[("results", "other", k) for k in ("overdue_correction", "unpaid_fee", "other")],
    ("results", "total"),
    ("carried_forward",),
]
# 表二: (row, first column) of each figure in the template.
TABLE_TWO = {
    ("regulations", "issued"): (2, 1),
    ("regulations", "repealed"): (2, 2),
    ("regulations", "in_force"): (2, 3),
    ("normative_documents", "issued"): (3, 1),
    ("normative_documents", "repealed"): (3, 2),
    ("normative_documents", "in_force"): (3, 3),
    ("licensing",): (6, 1),
    ("penalty",): (9, 1),
    ("coercion",): (10, 1),
    ("fees",): (13, 1),
}
TABLE_FOUR = ("reconsideration", "litigation_direct", "litigation_after_review")


def figures() -> dict[tuple[str, ...], str]:
    """Every cell of a consistent report, as the text typed into the form, by field path."""
    out: dict[tuple[str, ...], str] = {}
    out.update({("proactive", *path): str(3 + i) for i, path in enumerate(TABLE_TWO)})
    out[("proactive", "fees")] = "12.5"
    rows: dict[tuple[str, ...], list[int]] = {}
    results = [p for p in TABLE_THREE if p[0] == "results" and p != ("results", "total")]
    for i, path in enumerate(results):
        rows[path] = [(i * (k + 2) + k) % 6 for k in range(6)]
    total = [sum(rows[p][k] for p in results) for k in range(6)]
    rows[("results", "total")] = total
    rows[("carried_over",)] = [k % 2 for k in range(6)]
    rows[("new",)] = [total[k] + 2 - k % 2 for k in range(6)]
    rows[("carried_forward",)] = [2] * 6
    for path, values in rows.items():
        for name, value in zip((*REQUESTERS, "total"), (*values, sum(values)), strict=True):
            out[("requests", *path, name)] = str(value)
    for i, review in enumerate(TABLE_FOUR):
        values = [i + 1, i, 2 - i, 1]
        for name, value in zip((*OUTCOMES, "total"), (*values, sum(values)), strict=True):
            out[("reviews", review, name)] = str(value)
    return out


def positions() -> dict[tuple[str, ...], tuple[int, int, int]]:
    """(table index, row, column) in the Word template of every figure."""
    where = {("proactive", *path): (0, r, c) for path, (r, c) in TABLE_TWO.items()}
    for r, path in enumerate(TABLE_THREE, start=3):
        for c, name in enumerate((*REQUESTERS, "total"), start=3):
            where[("requests", *path, name)] = (1, r, c)
    for i, review in enumerate(TABLE_FOUR):
        for j, name in enumerate((*OUTCOMES, "total")):
            where[("reviews", review, name)] = (2, 3, i * 5 + j)
    return where


def filled_docx(target: Path, texts: dict[tuple[str, ...], str], *, title: str = "", parts: bool = True) -> Path:
    """The Word template with `texts` in their cells, a title, and text under 一、五、六."""
    document = docx.Document(str(TEMPLATE))
    where = positions()
    for path, text in texts.items():
        table, row, column = where[path]
        document.tables[table].rows[row].cells[column].text = text
    for paragraph in document.paragraphs:
        if title and paragraph.text == "政府信息公开工作年度报告格式模板":
            paragraph.text = title
        if parts and paragraph.text.startswith("（文字描述"):
            paragraph.text = (
                "本年度共主动公开政府信息 120 条。" if "收取" not in paragraph.text else "本年度未收取信息处理费。"
            )
    document.save(str(target))
    return target


def single_other_row(document):
    """（六）其他处理 printed as one row: its three item rows replaced by one labelled row."""
    table = document.tables[1]
    rows = [r._tr for r in table.rows]
    for tr in rows[24:26]:
        tr.getparent().remove(tr)
    first, second = rows[23].tc_lst[1], rows[23].tc_lst[2]
    first.tcPr.remove(first.tcPr.find(qn("w:vMerge")))
    first.tcPr.grid_span = 2
    rows[23].remove(second)


def xlsx_copy(source: Path, target: Path) -> Path:
    """An Excel copy of a Word national form: paragraphs as one-cell rows, each table with its
    merged cells merged, a blank row after it; digits as numbers (money with two decimals)."""
    document = docx.Document(str(source))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "年度报告"
    line = 1
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if block.text.strip():
                sheet.cell(line, 1, block.text.strip())
                line += 1
            continue
        spans: dict[object, list[tuple[int, int]]] = {}  # keyed by the cell's XML element (kept alive)
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                spans.setdefault(cell._tc, []).append((r, c))
                if len(spans[cell._tc]) == 1:
                    _put(sheet.cell(line + r, c + 1), cell.text)
        for covered in spans.values():
            rows, columns = [r for r, _ in covered], [c for _, c in covered]
            if len(covered) > 1:
                sheet.merge_cells(
                    start_row=line + min(rows),
                    start_column=min(columns) + 1,
                    end_row=line + max(rows),
                    end_column=max(columns) + 1,
                )
        line += len(block.rows) + 1
    book.save(str(target))
    return target


def _put(cell, text: str) -> None:
    text = text.strip(" \u3000")
    if text.isdigit():
        cell.value = int(text)
    elif text.replace(".", "", 1).isdigit() and "." in text:
        cell.value = float(text)
        cell.number_format = "0." + "0" * len(text.split(".")[1])
    else:
        cell.value = text or None
