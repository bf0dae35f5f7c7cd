"""Text as the site publishes it, for the checks that judge what readers (and the search index) see.

An editor's source is not what the site shows. Markdown emphasis (`4101011990**0307**1234`),
character references (`138&nbsp;0013&nbsp;8001`, `&#49;`), HTML comments, backslash escapes, soft
hyphens and other format characters (Unicode category Cf), mathematical or circled digits and hard
line breaks all disappear or change on the way to the page: a number split by them in the source is
whole on the site, in its feeds and in its search index. The text as published is:

- a Markdown field (the schema's `$defs/markdown`: bodies, versions' texts, report parts …) rendered
  by the site's own function (`gongkai.model.markdown_text.plain_text`: sanitised HTML to text,
  character references decoded), and also read as a plain field (a decision's Markdown fields are
  shown as typed);
- every string (a title, a name, a key of `stats`) as typed, for the theme and our templates print
  it escaped;

then Unicode-normalised (NFKC: `𝟏` and `１` are `1`), format characters removed, and every run of
whitespace, line breaks included, one space (`published`).

Rendering every body again would cost as much as rendering the pages, so `may_hide` first rules a
text out without rendering it: it decodes character references, normalises (only when a character
other than an ASCII digit could publish a digit), deletes what rendering can delete (comments, tags
and the content of the tags the sanitiser drops, link targets, image texts, reference definitions,
fence info strings), and looks for eleven digits (the shortest personal number) with nothing but
characters other than letters and digits between them. Only then is the text rendered. Deleting
more than rendering does only makes more texts rendered, never fewer; a text it rules out holds no
number in its source either, so it is the first test of every string.

Where a number found only in the published text stands in the source: at line precision, by
bisection over the source's lines (`hidden_numbers`). Its last line is the first line L such that
rendering lines 1..L publishes it (the i-th time for its i-th occurrence); its first line is the
last line S such that rendering lines S..L still publishes it. A few renders of a prefix per
finding, and only for findings; at most `LOCATED` per text are located so, the rest are given the
last located line.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from gongkai.schemas import merged_schema
from gongkai.validate.personal_numbers import MIN_LENGTH, Hit, find

LOCATED = 20  # findings per text located by bisection


class _FormatCharacters(dict[int, str | None]):
    """Code point -> None for a format character (category Cf: soft hyphen, zero-width space, word
    joiner, BOM …), else the character itself; filled on first use (`str.translate`)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = None if unicodedata.category(char) == "Cf" else char
        self[code] = kept
        return kept


_FORMAT = _FormatCharacters()


def published(text: str, *, markdown: bool) -> str:
    """`text` as the site publishes it (see the module's docstring)."""
    if markdown:
        from gongkai.model.markdown_text import plain_text  # Python-Markdown and nh3: only when a text needs them

        text = plain_text(text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.translate(_FORMAT)
    return " ".join(text.split())


def plain_differs(text: str) -> bool:
    """Whether a plain field could publish a number its source does not show as one: a character
    that NFKC changes or a format character, or a line break or a run of spaces (shown as one)."""
    if text.isascii():
        return "\n" in text or "\r" in text or "\t" in text or "  " in text
    return True


# What rendering may delete from a Markdown text (see the module's docstring), and the characters
# that any of its patterns starts with.
_DELETED = re.compile(
    r"<!--[\s\S]*?(?:-->|$)"  # comments (an unclosed one runs to the end)
    r"|<(script|style|template|iframe|noscript|object|embed|textarea|select)\b[\s\S]*?(?:</\1\s*>|$)"
    r"|<[A-Za-z/!?][^<>]*>?"  # tags, and their attributes
    r"|\]\([^()]*\)"  # link and image targets
    r"|!\[[^\]]*\]"  # image texts (the plain text has none)
    r"|^[ \t]{0,3}\[[^\]\n]*\]:[^\n]*"  # reference definitions
    r"|^[ \t]*(?:`{3,}|~{3,})[^\n]*",  # fences with their info string
    re.IGNORECASE | re.MULTILINE,
)
_DELETED_STARTS = ("<", "[", "]", "```", "~~~")
# Eleven digits with nothing but characters other than letters and digits between them: where a
# published number may stand once what rendering deletes is gone.
_LOOSE_RUN = re.compile(rf"[0-9](?:[\W_]*[0-9]){{{MIN_LENGTH - 1}}}")
# Characters other than ASCII digits that may publish a digit: NFKC digits (full-width,
# superscripts, circled, parenthesised, mathematical, ㍘ …; every one lies in these blocks, as the
# tests check over all of Unicode) and `&` (a character reference).
NFKC_DIGIT_BLOCKS = ((0x80, 0x3400), (0xF900, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x1FB00, 0x1FC00))


def _nfkc_digit_ranges() -> str:
    """The non-ASCII characters whose NFKC form holds an ASCII digit, as a character class's ranges."""
    codes = [
        code
        for first, end in NFKC_DIGIT_BLOCKS
        for code in range(first, end)
        if any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", chr(code)))
    ]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


_OTHER_DIGITS = re.compile("[&" + _nfkc_digit_ranges() + "]")


def may_hide(text: str) -> bool:
    """Whether a text, Markdown or plain, may publish a run of MIN_LENGTH digits with at most
    separators between them (False: it certainly does not). A text of ASCII digits without `&`
    (nearly every text) is read as it is: NFKC is slow on Chinese text, whose punctuation it changes."""
    if len(text) < MIN_LENGTH // 2:  # ⑳ publishes two digits
        return False
    if _OTHER_DIGITS.search(text):
        if "&" in text:
            text = html.unescape(text)
        text = unicodedata.normalize("NFKC", text)
    if any(start in text for start in _DELETED_STARTS):
        text = _DELETED.sub("", text)
    return _LOOSE_RUN.search(text) is not None


@dataclass(frozen=True)
class Hidden:
    """A personal number the published text shows and the source does not: where it stands in the
    source (0-based line of the text) and what it is."""

    line: int
    kind: str
    digits: str


def hidden_numbers(text: str, markdown: bool, today_find: Callable[[str], list[Hit]]) -> list[Hidden]:
    """Personal numbers in the published form of `text` beyond those its source shows (compared by
    their digits: an occurrence the source scan already reports is not repeated), each with its
    line in `text`. `today_find` is the detector (`personal_numbers.find` for the build date)."""
    if markdown:
        if not may_hide(text):
            return []
    elif not plain_differs(text):
        return []
    shown = published(text, markdown=markdown)
    found = today_find(shown)
    if not found:
        return []
    in_source = Counter(digits for _s, _e, _k, digits in today_find(text))
    in_published = Counter(digits for _s, _e, _k, digits in found)
    if all(in_published[d] <= in_source[d] for d in in_published):
        return []
    lines = text.split("\n")
    source_lines = _source_lines(text, today_find)

    def count(first: int, last: int, digits: str) -> int:
        piece = "\n".join(lines[first:last])
        return sum(d == digits for _s, _e, _k, d in today_find(published(piece, markdown=markdown)))

    hidden: list[Hidden] = []
    seen: Counter[str] = Counter()
    last_line = 0
    for _start, _end, kind, digits in found:
        seen[digits] += 1
        if in_published[digits] <= in_source[digits]:
            continue
        if len(hidden) < LOCATED:
            last_line = _locate(len(lines), seen[digits], digits, count)
        if last_line in source_lines.get(digits, ()):  # the source scan reports this one
            source_lines[digits].remove(last_line)
            continue
        hidden.append(Hidden(last_line, kind, digits))
    return hidden


def _locate(line_count: int, occurrence: int, digits: str, count: Callable[[int, int, str], int]) -> int:
    """0-based first line of the `occurrence`-th published `digits` (see the module's docstring)."""
    low, high = 1, line_count  # the smallest prefix length publishing it `occurrence` times
    while low < high:
        middle = (low + high) // 2
        if count(0, middle, digits) >= occurrence:
            high = middle
        else:
            low = middle + 1
    end = low
    low, high = 0, end - 1  # the largest start from which lines start..end still publish it
    while low < high:
        middle = (low + high + 1) // 2
        if count(middle, end, digits) >= 1:
            low = middle
        else:
            high = middle - 1
    return low


def _source_lines(text: str, today_find: Callable[[str], list[Hit]]) -> dict[str, list[int]]:
    """Digits -> 0-based lines where the source itself shows them (each occurrence once)."""
    found: dict[str, list[int]] = {}
    for start, _end, _kind, digits in today_find(text):
        found.setdefault(digits, []).append(text.count("\n", 0, start))
    return found


@cache
def markdown_paths(schema_name: str) -> frozenset[tuple[str, ...]]:
    """Schema paths (list items and free keys as "*") of the fields written in Markdown
    (`$defs/markdown`)."""
    schema = merged_schema(schema_name)
    found: set[tuple[str, ...]] = set()

    def is_markdown(node: dict[str, Any]) -> bool:
        parts = [node, *(part for part in node.get("allOf") or [] if isinstance(part, dict))]
        return any(part.get("$ref") == "#/$defs/markdown" for part in parts)

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        if is_markdown(node):
            found.add(path)
        for key, child in (node.get("properties") or {}).items():
            walk(child, (*path, key))
        for key in ("items", "additionalProperties"):
            walk(node.get(key), (*path, "*"))
        for key in ("oneOf", "anyOf", "allOf"):
            for child in node.get(key) or []:
                walk(child, path)

    walk(schema, ())
    return frozenset(found)


def schema_path(path: tuple[object, ...]) -> tuple[str, ...]:
    """A value's path as `markdown_paths` writes it: list indexes as "*"."""
    return tuple("*" if isinstance(part, int) else str(part) for part in path)


def finder(today: dt.date) -> Callable[[str], list[Hit]]:
    """The detector for a build date."""
    return lambda text: find(text, today)
