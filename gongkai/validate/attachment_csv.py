"""Formula cells in a published CSV (or TSV) attachment.

A spreadsheet evaluates a cell that starts with `=`, `@`, or `+`/`-` followed by anything but a
plain number: `=HYPERLINK("http://…","点击")` sends the reader elsewhere, `=cmd|' /C calc'!A0`
(DDE) asks to run a program. The site's own CSV exports neutralise such cells (a leading `'`,
`gongkai/render/exports.py`); an editor's file is published as committed (its SHA-256 is in the
open data), so such a cell is an error at its own line, and the editor quotes or removes it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

# What a spreadsheet skips before reading a cell as a formula.
_LEADING = " \t\r\n"
# A signed number (with thousands separators, decimals, a percent or an exponent) is a value, not a formula.
_SIGNED_NUMBER = re.compile(r"[+-]\s*(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
MAX_REPORTED = 20  # per file: the editor fixes them all at once


def formula_cells(text: str, delimiter: str) -> Iterator[tuple[int, int, str]]:
    """(line, 1-based field number, cell) of each cell a spreadsheet would evaluate as a formula."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for row in reader:
            for number, cell in enumerate(row, start=1):
                if is_formula(cell):
                    yield line, number, cell
            line = reader.line_num + 1
    except csv.Error:  # a broken quote: what was read so far has been checked
        return


def is_formula(cell: str) -> bool:
    value = cell.lstrip(_LEADING)
    if not value:
        return False
    if value[0] in "=@":
        return True
    return value[0] in "+-" and len(value.rstrip()) > 1 and not _SIGNED_NUMBER.fullmatch(value.rstrip())
