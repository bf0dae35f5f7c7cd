"""Personal data guard (个人信息保护法; 政府信息公开条例 art. 15).

Every text value of every record, at any depth (and keys, and unquoted numbers, and a body kept in
a sibling `.md` file) is scanned once with one compiled regular expression for runs of digits; each
run is then classified in Python:

- resident identity number (居民身份证号码): 18 characters with a valid GB 11643-1999 check digit
  (ISO 7064 MOD 11-2, last character may be X), a known province code and a plausible birth date;
  or the old 15-digit form (birth date yymmdd at positions 7-12);
- mainland mobile number (手机号码): 11 digits starting 13-19, alone or written 3-4-4 with spaces
  or hyphens, optionally after +86;
- bank card number (银行卡号): 13-19 digits passing the Luhn check, with a card-network prefix
  (3, 4, 5, 6, 9 or Mastercard's 2221-2720), alone or in groups of 4.

A run that is part of a longer run of digits or letters (a unified social credit code, an index
number, a registration number) is not a candidate; a decimal fraction is not either. Full-width
digits are matched as well, so a pasted `４１０１…` is caught.

Attachments are published as files, so their text is scanned too (`attachment_personal.py`:
text files by line and column, PDF by page, Word by paragraph, Excel by sheet and cell, as read by
`gongkai.load.attachments`), with the same exceptions as the record's own text.

A record may list a deliberate, lawful exception in `allow_personal_data: [{value, reason}]`; the
value is compared by its digits only and exempts that number in that record only. An exception that
matches nothing in its record is reported as a warning so that stale ones get removed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.load.characters import line_and_column
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.load.records import SourceRecord, display_path, keys_and_values
from gongkai.validate.context import Context
from gongkai.validate.references import attachments_of

if TYPE_CHECKING:
    from gongkai.validate.attachment_personal import AttachmentScanner

ALLOW_FIELD = "allow_personal_data"

ID_NUMBER, MOBILE, BANK_CARD = "居民身份证号码", "手机号码", "银行卡号"

_DIGIT = "0-9\uff10-\uff19"
_WORD = "A-Za-z\uff21-\uff3a\uff41-\uff5a_"
_SEPARATOR = " \\-\u00a0\u3000\uff0d"
# One pass per string: a run of digits, single separators allowed between digits, an optional
# leading + (for +86) and an optional trailing X (identity numbers). Not inside a longer run of
# digits or letters, not the fraction of a decimal number.
_CANDIDATE = re.compile(
    rf"(?<![{_DIGIT}{_WORD}])(?<![{_DIGIT}][.\uff0e])"
    rf"[+\uff0b]?[{_DIGIT}](?:[{_SEPARATOR}]?[{_DIGIT}])*[Xx\uff38\uff58]?"
    rf"(?![{_DIGIT}{_WORD}]|[.\uff0e][{_DIGIT}])"
)
_GROUP = re.compile(rf"[{_DIGIT}]+[Xx\uff38\uff58]?")
# Every personal number holds at least 11 digits in a row, single separators allowed between them
# (a mobile number; an identity number ending in X has 17 before it). A text without such a run
# holds none: one C-level search rules out nearly every text before the candidate pass above.
_ENOUGH_DIGITS = re.compile(rf"[{_DIGIT}](?:[{_SEPARATOR}]?[{_DIGIT}]){{10}}").search
_NORMAL = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_MIN_LENGTH = 11  # the shortest thing we look for: a mobile number

# GB 11643-1999: province-level codes (81-83: residence permits for Hong Kong, Macao, Taiwan residents).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_GROUPINGS = {(18,), (6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2)}
_MOBILE_GROUPINGS = {(11,), (3, 4, 4), (3, 8)}
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


# --- classification -------------------------------------------------------------------------


def normalise(value: str) -> str:
    """The digits of a number as compared: half-width, X upper-case, separators dropped."""
    return "".join(c for c in value.translate(_NORMAL) if c.isdigit() and c.isascii() or c == "X")


def mask(value: str) -> str:
    """Keep the first 4 and last 4 characters: 4101**********1234."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _birth_date_ok(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= today


def is_id_number(value: str, today: dt.date) -> bool:
    """An 18-character number with a valid check digit and birth date, or an old 15-digit one."""
    if value[:2] not in _PROVINCES:
        return False
    if len(value) == 18:
        if not value[:17].isdigit():
            return False
        total = sum(int(c) * w for c, w in zip(value, _ID_WEIGHTS))
        if _ID_CHECK[total % 11] != value[17]:
            return False
        return _birth_date_ok(int(value[6:10]), int(value[10:12]), int(value[12:14]), today)
    if len(value) == 15 and value.isdigit():
        return _birth_date_ok(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), today)
    return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = ord(char) - 48
        if index % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _card_prefix_ok(digits: str) -> bool:
    return digits[0] in "34569" or 2221 <= int(digits[:4]) <= 2720


def _classify(digits: str, sizes: tuple[int, ...], today: dt.date) -> str | None:
    length = len(digits)
    if digits.endswith("X"):
        return ID_NUMBER if length == 18 and sizes in _ID_GROUPINGS and is_id_number(digits, today) else None
    if (length == 18 and sizes in _ID_GROUPINGS or length == 15 and len(sizes) == 1) and is_id_number(digits, today):
        return ID_NUMBER
    if length == 11 and sizes in _MOBILE_GROUPINGS and _MOBILE.fullmatch(digits):
        return MOBILE
    if (
        13 <= length <= 19
        and (len(sizes) == 1 or (all(s == 4 for s in sizes[:-1]) and sizes[-1] <= 4))
        and _card_prefix_ok(digits)
        and luhn_ok(digits)
    ):
        return BANK_CARD
    return None


def find(text: str, today: dt.date) -> list[tuple[int, int, str, str]]:
    """Personal numbers in `text`: (start, end, kind, normalised value), in order."""
    if len(text) < _MIN_LENGTH or _ENOUGH_DIGITS(text) is None:
        return []
    return candidates_in(text, today)


def candidates_in(text: str, today: dt.date) -> list[tuple[int, int, str, str]]:
    """`find` without the first search that rules a text out (which must never change its result)."""
    found: list[tuple[int, int, str, str]] = []
    for match in _CANDIDATE.finditer(text):
        candidate = match.group()
        if len(candidate) < _MIN_LENGTH:
            continue
        base = match.start()
        groups = [(base + g.start(), base + g.end(), g.group().translate(_NORMAL)) for g in _GROUP.finditer(candidate)]
        if candidate[0] in "+\uff0b" and groups[0][2].startswith("86"):  # +86: country code, not part of the number
            start, end, digits = groups[0]
            groups[0] = (start + 2, end, digits[2:])
            if not groups[0][2]:
                del groups[0]
        found.extend(_windows(groups, today))
    return found


def _windows(groups: list[tuple[int, int, str]], today: dt.date) -> Iterator[tuple[int, int, str, str]]:
    """Longest run of consecutive groups that forms a personal number, left to right."""
    count = len(groups)
    i = 0
    while i < count:
        for j in range(min(count, i + 19) - 1, i - 1, -1):
            window = groups[i : j + 1]
            sizes = tuple(len(g[2]) for g in window)
            total = sum(sizes)
            if total < _MIN_LENGTH or total > 19 or any(g[2].endswith("X") for g in window[:-1]):
                continue
            digits = "".join(g[2] for g in window)
            kind = _classify(digits, sizes, today)
            if kind:
                yield window[0][0], window[-1][1], kind, digits
                i = j + 1
                break
        else:
            i += 1


# --- walking the records ----------------------------------------------------------------------


def check(context: Context) -> Iterator[Problem]:
    # Every record that loaded, even one with schema errors: its text is no less personal. Its
    # attachments only once its shape is right (the references rule reads them the same way).
    records = context.all_records or context.records
    well_shaped = {id(record) for record in context.records}
    from gongkai.validate.attachment_personal import AttachmentScanner

    attachments = AttachmentScanner(context.library, context.today)
    for record in records:
        if isinstance(record.file.data, dict):
            yield from check_record(record, context.today, attachments if id(record) in well_shaped else None)


def check_record(record: SourceRecord, today: dt.date, attachments: AttachmentScanner | None = None) -> Iterator[Problem]:
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
            if len(item) >= _MIN_LENGTH and _ENOUGH_DIGITS(item) and candidates_in(item, today):
                return True
        elif type(item) is int and item >= 10**10 and find(str(item), today):
            return True
    return False


def _check_values(record: SourceRecord, today: dt.date, allowed: dict[str, int], used: set[str]) -> Iterator[Problem]:
    """Every key and value of the record, with its path (the walk that reports)."""
    data = record.data
    locator = _Locator(record)
    stack: list[tuple[tuple, Any]] = [((key,), value) for key, value in reversed(list(data.items())) if key != ALLOW_FIELD]
    for key in data:
        if key != ALLOW_FIELD:
            yield from _check_key(record, (key,), key, today, allowed, used)
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) < _MIN_LENGTH:
                continue
            hits = find(value, today)
            if not hits:
                continue
            if path == ("body",) and record.body_path is not None and path not in record.file.positions:  # from the .md
                yield from _report_md(record, value, hits, allowed, used)
            else:
                yield from _report(record, locator, path, value, hits, allowed, used)
        elif isinstance(value, dict):
            for key in value:
                yield from _check_key(record, path + (key,), key, today, allowed, used)
            stack.extend((path + (key,), item) for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in reversed(list(enumerate(value))))
        elif type(value) is int and value >= 10**10:  # an unquoted number: 13800138000
            text = str(value)
            hits = find(text, today)
            if hits:
                yield from _report(record, locator, path, text, hits, allowed, used)


def _check_key(record, path, key, today, allowed, used) -> Iterator[Problem]:
    if isinstance(key, str) and len(key) >= _MIN_LENGTH:
        for _start, _end, kind, digits in find(key, today):
            if digits in allowed:
                used.add(digits)
                continue
            yield record.problem(path, ERROR, message(kind, digits), at_key=True)


def _report(record, locator, path, value, hits, allowed, used) -> Iterator[Problem]:
    cursor = None
    for start, end, kind, digits in hits:
        if digits in allowed:
            used.add(digits)
            continue
        line, column, cursor = locator.locate(path, value, start, end, cursor)
        yield Problem(record.file.display_path, line, column, ERROR, message(kind, digits))


def _report_md(record, text, hits, allowed, used) -> Iterator[Problem]:
    yield from _report_text(display_path(record.body_path), text, hits, allowed, used)


def _report_text(shown, text, hits, allowed, used, where: str = "") -> Iterator[Problem]:
    """Problems in a whole text file (a body .md, an attachment): the line within that file."""
    for start, _end, kind, digits in hits:
        if digits in allowed:
            used.add(digits)
            continue
        line, column = line_and_column(text, start)
        yield Problem(shown, line, column, ERROR, where + message(kind, digits))


def message(kind: str, digits: str) -> str:
    shown = mask(digits)
    return (
        f"疑似{kind}“{shown}”。公开的文字不得含有个人信息（《个人信息保护法》，《政府信息公开条例》第十五条）："
        f"请删除该号码或打码（例如写作 {shown}）。如确属依法公开的号码（例如对外公布的服务电话），"
        f"请在本记录的 {ALLOW_FIELD} 中登记该号码（value）并写明公开理由（reason）。"
    )


def _unused(record: SourceRecord, allowed: dict[str, int], used: set[str]) -> Iterator[Problem]:
    for digits, index in allowed.items():
        if digits not in used:
            yield record.problem(
                (ALLOW_FIELD, index, "value"), WARNING,
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
            if len(digits) == 13 and digits.startswith("86") or len(digits) == 15 and digits.startswith("0086"):
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

    def locate(self, path: tuple, value: str, start: int, end: int, cursor: int | None) -> tuple[int, int, int | None]:
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
