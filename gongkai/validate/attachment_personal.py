"""Personal data inside attachments: the record-text guard (`personal_numbers.find`) over their text.

Where a hit is reported:
- a text file (CSV, TXT…): at its own line and column, the message naming the record line that
  lists it (an editor opens the text file and fixes it there);
- a PDF, Word, Excel or OFD file or an image: at the record line that lists it, the message naming
  the file and the place: page, paragraph, table cell, header, footnote, text box, comment (Word),
  sheet and cell (Excel), annotation or form field (PDF), metadata field, embedded file.
Everything read is scanned: the running text (`Extracted.units`) and the rest a reader can see
or extract (`Extracted.extra`).
The record's `allow_personal_data` exceptions apply to its attachments as to its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.load.attachments import Extracted, Library
from gongkai.load.attachments.extracted import TEXT
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord, display_path
from gongkai.problems import ERROR, Problem
from gongkai.validate.personal_numbers import Hit, find, message, text_problems


class AttachmentScanner:
    """Scans each attachment once, however many records list it."""

    def __init__(self, library: Library, today: dt.date):
        self.library = library
        self.today = today
        self._hits: dict[str, list[tuple[str, str, list[Hit]]]] = {}

    def _scan(self, relative: str, found: Extracted) -> list[tuple[str, str, list[Hit]]]:
        if relative not in self._hits:
            units = []
            for where, text in found.units + found.extra:
                hits = find(text, self.today)
                if hits:
                    units.append((where, text, hits))
            self._hits[relative] = units
        return self._hits[relative]

    def problems(
        self, record: SourceRecord, path: PathKey, relative: str, allowed: dict[str, int], used: set[str]
    ) -> Iterator[Problem]:
        found = self.library.get(relative)
        if found is None or not (found.units or found.extra):
            return
        units = self._scan(relative, found)
        if not units:
            return
        shown = display_path(self.library.root / relative)
        line, _column = record.file.pos(path)
        listed = f"（附件，列于 {record.file.display_path} 第 {line} 行）"
        for where, text, hits in units:
            if found.kind == TEXT:
                yield from text_problems(shown, text, hits, allowed, used, listed)
                continue
            for _start, _end, kind, digits in hits:
                if digits in allowed:
                    used.add(digits)
                    continue
                yield record.problem(path, ERROR, f"附件 {shown} {where}：{message(kind, digits)}")
