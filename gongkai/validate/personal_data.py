"""Personal data guard (个人信息保护法; 政府信息公开条例 art. 15).

Every text value of every record, at any depth (and keys, and unquoted numbers, and a body kept in
a sibling `.md` file) is scanned once with one compiled regular expression for runs of digits; each
run is then classified in Python:

- resident identity number (居民身份证号码): 18 characters with a valid GB 11643-1999 check digit
  (ISO 7064 MOD 11-2, last character may be X), a known province code and a plausible birth date;
  or the old 15-digit form (birth date yymmdd at positions 7-12);
- mainland mobile number (手机号码): 11 digits starting 13-19, alone or written 3-4-4 with spaces
  or hyphens, dashes or dots (one full stop alone is a decimal point), optionally after +86;
- bank card number (银行卡号): 13-19 digits passing the Luhn check, with a card-network prefix
  (3, 4, 5, 6, 9 or Mastercard's 2221-2720), alone or in groups of 4.

A run that is part of a longer run of digits or letters (a unified social credit code, an index
number, a registration number) is not a candidate; a decimal fraction is not either. Full-width
digits are matched as well, so a pasted `４１０１…` is caught.

The detectors are in `personal_numbers.py`. Attachments are published as files, so their text is
scanned too (`attachment_personal.py`:
text files by line and column, PDF by page, Word by paragraph, Excel by sheet and cell, as read by
`gongkai.load.attachments`), with the same exceptions as the record's own text.

What the site publishes is checked as well as what the editor typed (`published_text.py`): every
string as shown (NFKC, format characters removed, line breaks as spaces) and every Markdown field as
rendered by the site's own function, so a number split in the source by emphasis, a character
reference, a comment, a backslash escape, a soft hyphen or a line break, or written in mathematical
or circled digits, is reported at the source line where it starts.

A record may list a deliberate, lawful exception in `allow_personal_data: [{value, reason}]`; the
value is compared by its digits only and exempts that number in that record only. An exception that
matches nothing in its record is reported as a warning so that stale ones get removed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from gongkai.load.data import keys_and_values, walk
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord, display_path
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.attachment_personal import AttachmentScanner
from gongkai.validate.context import Context
from gongkai.validate.personal_numbers import (
    ALLOW_FIELD,
    MIN_LENGTH,
    Hit,
    find,
    mask,
    message,
    normalise,
    text_problems,
)
from gongkai.validate.published_text import (
    Hidden,
    finder,
    hidden_numbers,
    markdown_paths,
    may_hide,
    schema_path,
)
from gongkai.validate.references import attachments_of

# --- walking the records ----------------------------------------------------------------------


def check(context: Context) -> Iterator[Problem]:
    # Every record that loaded, even one with schema errors: its text is no less personal. Its
    # attachments only once its shape is right (the references rule reads them the same way).
    records = context.all_records or context.records
    well_shaped = {id(record) for record in context.records}
    assert context.library is not None  # Context makes it when not given
    attachments = AttachmentScanner(context.library, context.today)
    for record in records:
        if isinstance(record.file.data, dict):
            yield from check_record(record, context.today, attachments if id(record) in well_shaped else None)


def check_record(
    record: SourceRecord, today: dt.date, attachments: AttachmentScanner | None = None
) -> Iterator[Problem]:
    data = record.data
    allowed = _allowed_values(data.get(ALLOW_FIELD))
    used: set[str] = set()
    if _holds_numbers(data, today):
        yield from _check_values(record, today, allowed, used)
    if attachments is not None:
        for path, relative in attachments_of(record):
            yield from attachments.problems(record, path, relative, allowed, used)
    yield from _unused(record, allowed, used)


def _holds_numbers(data: dict[str, Any], today: dt.date) -> bool:
    """Whether any key, text or large number of the record (its exceptions aside) holds a personal
    number: one walk without paths, which rules out nearly every record."""
    for item in keys_and_values({key: value for key, value in data.items() if key != ALLOW_FIELD}):
        if isinstance(item, str):
            if may_hide(item):  # a number in the source, or one the published text may show (published_text.py)
                return True
        elif type(item) is int and item >= 10**10 and find(str(item), today):
            return True
    return False


def _check_values(record: SourceRecord, today: dt.date, allowed: dict[str, int], used: set[str]) -> Iterator[Problem]:
    """Every key and value of the record, with its path (the walk that reports)."""
    locator = _Locator(record)
    markdown = markdown_paths(record.type.schema_name)
    detect = finder(today)
    for path, value, is_key in walk({key: value for key, value in record.data.items() if key != ALLOW_FIELD}):
        if is_key:
            yield from _check_key(record, path, value, today, allowed, used)
        elif isinstance(value, str):
            if not may_hide(value):  # no number in it, as typed or as published
                continue
            from_md = path == ("body",) and record.body_path is not None and path not in record.file.positions
            hits = find(value, today)
            if hits:
                if from_md:
                    yield from _report_md(record, value, hits, allowed, used)
                else:
                    yield from _report(record, locator, path, value, hits, allowed, used)
            for found in _not_allowed(_hidden(value, schema_path(path) in markdown, detect), allowed, used):
                if from_md:
                    assert record.body_path is not None
                    shown, line, column = display_path(record.body_path), found.line + 1, 1
                else:
                    shown, (line, column) = record.file.display_path, locator.line(path, found.line)
                yield Problem(shown, line, column, ERROR, message(found.kind, found.digits) + HIDDEN_NOTE)
        elif type(value) is int and value >= 10**10:  # an unquoted number: 13800138000
            text = str(value)
            hits = find(text, today)
            if hits:
                yield from _report(record, locator, path, text, hits, allowed, used)


def _check_key(
    record: SourceRecord, path: PathKey, key: Any, today: dt.date, allowed: dict[str, int], used: set[str]
) -> Iterator[Problem]:
    if isinstance(key, str) and len(key) >= MIN_LENGTH:
        found = [(kind, digits, "") for _start, _end, kind, digits in find(key, today)]
        if may_hide(key):
            found += [(h.kind, h.digits, HIDDEN_NOTE) for h in hidden_numbers(key, False, finder(today))]
        for kind, digits, note in found:
            if digits in allowed:
                used.add(digits)
                continue
            yield record.problem(path, ERROR, message(kind, digits) + note, at_key=True)


HIDDEN_NOTE = (
    "（源文字中该号码被 Markdown 标记、字符实体、HTML 注释、转义符、换行、不可见字符或特殊字形隔开或改写，"
    "但网页上显示的、可被搜索到的是完整的号码。）"
)


def _hidden(value: str, markdown: bool, detect: Callable[[str], list[Hit]]) -> list[Hidden]:
    """Numbers the published value shows and its source does not: as rendered Markdown (a Markdown
    field) and as shown plain (every field), each number once per line."""
    found = hidden_numbers(value, True, detect) if markdown else []
    reported = {(h.line, h.digits) for h in found}
    found += [h for h in hidden_numbers(value, False, detect) if (h.line, h.digits) not in reported]
    return found


def _not_allowed(hidden: list[Hidden], allowed: dict[str, int], used: set[str]) -> Iterator[Hidden]:
    for found in hidden:
        if found.digits in allowed:
            used.add(found.digits)
        else:
            yield found


def _report(
    record: SourceRecord,
    locator: _Locator,
    path: PathKey,
    value: str,
    hits: list[tuple[int, int, str, str]],
    allowed: dict[str, int],
    used: set[str],
) -> Iterator[Problem]:
    cursor = None
    for start, end, kind, digits in hits:
        if digits in allowed:
            used.add(digits)
            continue
        line, column, cursor = locator.locate(path, value, start, end, cursor)
        yield Problem(record.file.display_path, line, column, ERROR, message(kind, digits))


def _report_md(
    record: SourceRecord, text: str, hits: list[Hit], allowed: dict[str, int], used: set[str]
) -> Iterator[Problem]:
    assert record.body_path is not None  # the caller's check: the body came from the .md
    yield from text_problems(display_path(record.body_path), text, hits, allowed, used)


def _unused(record: SourceRecord, allowed: dict[str, int], used: set[str]) -> Iterator[Problem]:
    for digits, index in allowed.items():
        if digits not in used:
            yield record.problem(
                (ALLOW_FIELD, index, "value"),
                WARNING,
                f"个人信息例外中的号码“{mask(digits)}”在本记录中没有出现（或不属于需要登记的号码）。"
                "请核对号码是否写错；不再需要的例外请删除。",
            )


def _allowed_values(entries: Any) -> dict[str, int]:
    """Normalised exempted numbers -> index of their entry (for the position of warnings)."""
    allowed: dict[str, int] = {}
    if not isinstance(entries, list):
        return allowed
    for index, entry in enumerate(entries):
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            digits = normalise(str(value))
            if (len(digits) == 13 and digits.startswith("86")) or (len(digits) == 15 and digits.startswith("0086")):
                digits = digits[-11:]  # +86 138 0013 8000
            if digits:
                allowed.setdefault(digits, index)
    return allowed


def allowances(records: Iterable[SourceRecord]) -> Iterator[tuple[SourceRecord, dict[str, str]]]:
    """Every declared exception, for `gongkai validate --show-allowances` (value and reason as text)."""
    for record in records:
        entries = record.data.get(ALLOW_FIELD)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and entry.get("value") is not None:
                yield record, {"value": str(entry["value"]), "reason": str(entry.get("reason") or "（未写理由）")}


class _Locator:
    """Line and column of a match inside a YAML value (a block of several lines, say).

    The loader records where each value starts; the match is found by searching the source text
    from there, within the value's extent. The file is read again only when something was found,
    so the common case costs nothing.
    """

    def __init__(self, record: SourceRecord):
        self.record = record
        self._text: str | None = None
        self._line_starts: list[int] = []

    def _source(self) -> str:
        if self._text is None:
            try:
                self._text = Path(self.record.path).read_bytes().decode("utf-8-sig", errors="replace")
            except OSError:
                self._text = ""
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        return self._text

    def line(self, path: PathKey, offset: int) -> tuple[int, int]:
        """Line and column of the `offset`-th line (0-based) of a value: a block scalar (`|`, `>`)
        starts on the line after its indicator; its lines follow one per line (a folded one's at
        line precision)."""
        line, column = self.record.file.pos(path)
        if offset == 0:
            return line, column
        text = self._source()
        if line <= len(self._line_starts):
            start = self._line_starts[line - 1] + column - 1
            if text[start : start + 1] in ("|", ">"):
                line += 1
        return line + offset, 1

    def locate(
        self, path: PathKey, value: str, start: int, end: int, cursor: int | None
    ) -> tuple[int, int, int | None]:
        line, column = self.record.file.pos(path)
        text = self._source()
        if not text or line > len(self._line_starts):
            return line, column, cursor
        origin = self._line_starts[line - 1] + column - 1
        cursor = max(cursor or origin, origin)
        # A value spans at most its own length plus indentation and quoting on each of its lines.
        limit = origin + len(value) + 200 * (value.count("\n") + 1) + 2
        raw = value[start:end]
        found = text.find(raw, cursor, limit)
        if found < 0:
            return line, column, cursor
        found_line = bisect.bisect_right(self._line_starts, found)
        return found_line, found - self._line_starts[found_line - 1] + 1, found + len(raw)
