"""The shared model of a national-form file: paragraphs and tables as grids, in document order.

A `Grid` is a table as a rectangle of positions, each holding the `Cell` that covers it: a merged
cell is one `Cell` object repeated over its rows and columns (as the form is printed), so a reader
can ask for "the cell at row r, column c" and still tell, by identity, that two positions are one
cell. Word (`docx.py`) and Excel (`xlsx.py`) readers produce a `Form`; `national.py` reads the
national tables out of it.

`key` is how texts are compared with the national names: full-width and half-width forms unified
(NFKC), whitespace, punctuation and quotes dropped, so “三安全一稳定” and "三安全一稳定",
（一） and (一), 商业\\n企业 and 商业企业 are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Bounds on what a hostile or broken file can make the importer do (a national form is ~30 KB;
# the container itself is checked first with the attachment reader's zip limits).
MAX_FILE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 30_000_000
MAX_TABLES = 100
MAX_ROWS = 400
MAX_COLUMNS = 64
MAX_PARAGRAPHS = 20_000


class FormTooLarge(Exception):
    """A table or sheet beyond the bounds above (the message says which, in Chinese)."""


@dataclass(eq=False)
class Cell:
    """One cell as printed: its text and where it is, in words an editor can find it by."""

    text: str
    where: str  # e.g. "第 2 个表格第 10 行第 6 列" or "工作表“表三”单元格 F10"
    formula: bool = False  # an Excel formula with no saved result
    number: int | float | None = None  # an Excel number cell's value (its text is as the sheet shows it)


@dataclass(eq=False)
class Grid:
    """A table: `rows[r][c]` is the cell covering row r, column c (merged cells repeated)."""

    rows: list[list[Cell]]
    where: str  # the table as a whole, e.g. "第 2 个表格" or "工作表“Sheet1”第 5–32 行"

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def at(self, row: int, column: int) -> Cell | None:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else None

    def distinct(self, row: int) -> list[tuple[int, Cell]]:
        """The cells of a row once each, left to right, with the first column each covers."""
        seen: list[tuple[int, Cell]] = []
        for column, cell in enumerate(self.rows[row]):
            if not seen or seen[-1][1] is not cell:
                seen.append((column, cell))
        return seen


@dataclass
class Paragraph:
    text: str
    where: str
    heading_style: bool = False  # a Word heading style (标题 1 …)
    sheet_name: bool = False  # an Excel sheet's name: a heading that starts the sheet afresh


@dataclass
class Form:
    """A national-form file read into paragraphs and grids, in order."""

    name: str  # the file as the editor named it
    items: list[Paragraph | Grid] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what made the file unreadable as a whole


_ENUMERATOR = re.compile(r"^(?:第?([一二三四五六七八九十]+)、|\(([一二三四五六七八九十]+|\d+)\)|(\d+)[.、])")


def squeeze(text: str) -> str:
    """NFKC (full-width to half-width) without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def key(text: str) -> str:
    """The comparable form of a name: letters and digits only, after NFKC."""
    return "".join(ch for ch in squeeze(text) if unicodedata.category(ch)[0] in "LN")


def split_name(text: str) -> tuple[str | None, str]:
    """(enumerator, name): `（三）不予公开` -> ("三", "不予公开"), `1.属于国家秘密` -> ("1", "属于国家秘密")."""
    text = squeeze(text)
    found = _ENUMERATOR.match(text)
    if not found:
        return None, key(text)
    return next(g for g in found.groups() if g), key(text[found.end() :])


def clean_text(text: str) -> str:
    """A cell or paragraph as text: non-breaking and ideographic spaces as spaces, lines trimmed."""
    lines = [line.replace("\u00a0", " ").replace("\t", " ").strip(" \u3000") for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
