"""Personal numbers in text: resident identity numbers, mobile numbers and bank card numbers
(how each is recognised: `gongkai.validate.personal_data`), and how a found one is reported.

Shared by the guard over a record's own text (`personal_data.py`) and over its attachments
(`attachment_personal.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from gongkai.load.characters import line_and_column
from gongkai.problems import ERROR, Problem

ALLOW_FIELD = "allow_personal_data"

ID_NUMBER, MOBILE, BANK_CARD = "居民身份证号码", "手机号码", "银行卡号"

_DIGIT = "0-9\uff10-\uff19"
_WORD = "A-Za-z\uff21-\uff3a\uff41-\uff5a_"
# Between groups of digits: spaces (no-break, ideographic, the typographic widths), hyphens and
# dashes (en, em, figure, minus …), dots (full stop, middle dots). A single full stop is a decimal
# point, not a separator (`_decimal`).
_SEPARATOR = (
    " \\-\u00a0\u3000\uff0d\u2000-\u200a\u202f\u205f\u2010-\u2015\u2212\ufe58\ufe63.\uff0e\u00b7\u2027\u30fb\uff65"
)
# One pass per string: a run of digits, single separators allowed between digits, an optional
# leading + (for +86) and an optional trailing X (identity numbers). Not inside a longer run of
# digits or letters, not the fraction of a decimal number.
_CANDIDATE = re.compile(
    rf"(?<![{_DIGIT}{_WORD}])(?<![{_DIGIT}][.\uff0e])"
    rf"[+\uff0b]?[{_DIGIT}](?:[{_SEPARATOR}]?[{_DIGIT}])*[Xx\uff38\uff58]?"
    rf"(?![{_DIGIT}{_WORD}]|[.\uff0e][{_DIGIT}])"
)
# One full stop and no other separator: a decimal number (13800138000.50), which holds no personal number.
_DECIMAL = re.compile(rf"[+\uff0b]?[{_DIGIT}]+[.\uff0e][{_DIGIT}]+")
_GROUP = re.compile(rf"[{_DIGIT}]+[Xx\uff38\uff58]?")
# Every personal number holds at least 11 digits in a row, single separators allowed between them
# (a mobile number; an identity number ending in X has 17 before it). A text without such a run
# holds none: one C-level search rules out nearly every text before the candidate pass above.
enough_digits = re.compile(rf"[{_DIGIT}](?:[{_SEPARATOR}]?[{_DIGIT}]){{10}}").search
_NORMAL = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
MIN_LENGTH = 11  # the shortest thing we look for: a mobile number

# GB 11643-1999: province-level codes (81-83: residence permits for Hong Kong, Macao, Taiwan residents).
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_GROUPINGS = {(18,), (6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2)}
_MOBILE_GROUPINGS = {(11,), (3, 4, 4), (3, 8)}
_MOBILE = re.compile(r"1[3-9][0-9]{9}")

Hit = tuple[int, int, str, str]  # (start, end, kind, normalised digits) of a number found in a text


# --- classification -------------------------------------------------------------------------


def normalise(value: str) -> str:
    """The digits of a number as compared: half-width, X upper-case, separators dropped."""
    return "".join(c for c in value.translate(_NORMAL) if (c.isdigit() and c.isascii()) or c == "X")


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
    if ((length == 18 and sizes in _ID_GROUPINGS) or (length == 15 and len(sizes) == 1)) and is_id_number(
        digits, today
    ):
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
    if len(text) < MIN_LENGTH or enough_digits(text) is None:
        return []
    return candidates_in(text, today)


def candidates_in(text: str, today: dt.date) -> list[tuple[int, int, str, str]]:
    """`find` without the first search that rules a text out (which must never change its result)."""
    found: list[tuple[int, int, str, str]] = []
    for match in _CANDIDATE.finditer(text):
        candidate = match.group()
        if len(candidate) < MIN_LENGTH or _DECIMAL.fullmatch(candidate):
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
            if total < MIN_LENGTH or total > 19 or any(g[2].endswith("X") for g in window[:-1]):
                continue
            digits = "".join(g[2] for g in window)
            kind = _classify(digits, sizes, today)
            if kind:
                yield window[0][0], window[-1][1], kind, digits
                i = j + 1
                break
        else:
            i += 1


def text_problems(
    shown: str, text: str, hits: list[Hit], allowed: dict[str, int], used: set[str], where: str = ""
) -> Iterator[Problem]:
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
