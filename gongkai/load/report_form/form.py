"""`read_report`: one file in the national form -> `ImportedReport` (figures, text, problems)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.load.report_form.docx import read_docx
from gongkai.load.report_form.grid import MAX_FILE_BYTES, Form, FormTooLarge
from gongkai.load.report_form.national import read_tables
from gongkai.load.report_form.parts import read_parts
from gongkai.load.report_form.values import SLASH, Amount
from gongkai.load.report_form.xlsx import read_xlsx

READERS = {".docx": read_docx, ".xlsx": read_xlsx}


@dataclass
class ImportedReport:
    """What a national-form file holds, as the record's fields; `errors` non-empty means nothing
    may be written (every error names the table, row and column, and where the cell is)."""

    values: dict[str, Any] = field(default_factory=dict)  # proactive, requests, reviews (nested)
    texts: dict[str, str] = field(default_factory=dict)  # overview, problems, other (those present)
    title: str = ""
    year: int | None = None
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    figures: int = 0
    blanks: int = 0
    slashes: int = 0


def read_report(path: Path) -> ImportedReport:
    """Read a .docx or .xlsx file in the national layout (the caller checks the suffix is one of
    READERS and the file exists)."""
    report = ImportedReport()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.errors.append(f"文件有 {size:,} 字节，超过导入上限 {MAX_FILE_BYTES:,} 字节，不像是年度报告，未导入。")
        return report
    raw = path.read_bytes()
    try:
        form = READERS[path.suffix.lower()](raw, path.name)
    except FormTooLarge as exc:
        report.errors.append(str(exc))
        return report
    if form.problems:
        report.errors.extend(form.problems)
        return report
    _fill(report, form)
    return report


def _fill(report: ImportedReport, form: Form) -> None:
    tables = read_tables(form)
    parts = read_parts(form)
    report.values = tables.nested()
    report.errors = tables.errors
    report.notices = tables.notices + parts.notices
    report.texts, report.title, report.year = parts.texts, parts.title, parts.year
    for value in tables.values.values():
        if value is None:
            report.blanks += 1
        elif value == SLASH:
            report.slashes += 1
        elif isinstance(value, (int, Amount)):
            report.figures += 1
