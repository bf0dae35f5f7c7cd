"""Rule 10: the figures a disclosure report's text states, against its tables (warnings).

A real report's text said 17 applications were received while its 表三 said 95. The text parts
(`overview`, `problems`, `other` and the body, in the YAML or in the sibling .md) are searched for
the sentences the national format leads agencies to write, and each figure found is compared with
the table:

- 收到/新收/受理 … 申请 N 件          表三 一、本年新收 × 总计
- 上年结转 N 件 (无上年结转: 0)        表三 二、上年结转 × 总计
- 办结 N 件                            表三 （七）总计 × 总计
- 结转下年度（继续办理） N 件          表三 四、结转下年度继续办理 × 总计
- 行政复议（案件） N 件/起             表四 行政复议 × 总计
- 行政诉讼（案件） N 件/起             表四 both 行政诉讼 rows' 总计 together

N may be written in digits (1,234 too) or in Chinese numerals (十八件; with 件 only, as 一起 also
means "together"). A clause that speaks of another year (上年/去年/同比, or a year other than the
report's) is not compared. A difference is a warning at the sentence (file:line:column inside the
YAML block scalar or the body file), quoting the sentence and both figures: either may be wrong.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord, display_path
from gongkai.model.report_cells import GROUPS, title
from gongkai.problems import WARNING, Problem
from gongkai.validate.context import Context

TEXT_PARTS = ("overview", "problems", "other", "body")

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_CHINESE = r"[零〇一二两三四五六七八九十百千]+"
# A figure with its unit: digits with 件 or 起; Chinese numerals with 件 only.
_N = rf"(?:(?P<n>{_DIGITS})\s*(?:件|起)|(?P<cn>{_CHINESE})件)"
_FILLER = r"(?:共|合计|总计|累计|数量为?|为|了|的|\s)*"
_CASE = r"(?:案件|案|类|的|共|合计|总计|\s)*"


@dataclass(frozen=True)
class Stated:
    """One kind of figure a report's text states: how it is written, and where the table has it."""

    key: str
    pattern: re.Pattern[str]
    table: str  # the table's cell as the validation messages name it
    value: Callable[[dict[str, Any]], int | None]
    spoils: tuple[str, ...] = ()  # words that, between the keyword and the number, make it another figure


def _get(data: Any, *path: str) -> int | None:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, int) and not isinstance(data, bool) else None


def _handled(data: dict[str, Any]) -> int | None:
    """（七）总计 × 总计: as stated, else the sum of the outcome rows (a 小计 may be left to the program)."""
    stated = _get(data, "requests", "results", "total", "total")
    if stated is not None:
        return stated
    results = (data.get("requests") or {}).get("results") or {}
    parts = [_get(results, "granted", "total"), _get(results, "partly_granted", "total")]
    for group in GROUPS:
        items = results.get(group) or {}
        subtotal = _get(items, "total", "total")
        parts.append(
            subtotal
            if subtotal is not None
            else sum(_get(row, "total") or 0 for name, row in items.items() if name != "total")
        )
    return None if any(p is None for p in parts) else sum(p or 0 for p in parts)


def _litigation(data: dict[str, Any]) -> int | None:
    direct = _get(data, "reviews", "litigation_direct", "total")
    after = _get(data, "reviews", "litigation_after_review", "total")
    return None if direct is None or after is None else direct + after


def _cell(*path: str) -> str:
    return f"{title(*path)} × 总计"


STATED: tuple[Stated, ...] = (
    Stated(
        "new",
        re.compile(rf"(?:收到|新收|受理)[^。；;！？\n\d，,、]{{0,15}}?申请{_FILLER}{_N}"),
        f"表三 {_cell('requests', 'new')}",
        lambda d: _get(d, "requests", "new", "total"),
        spoils=("复议", "诉讼", "结转"),
    ),
    Stated(
        "carried_over",
        re.compile(rf"(?:(?P<none>无|没有)上一?年度?结转|上一?年度?结转(?:的|申请|政府信息公开申请)*{_FILLER}{_N})"),
        f"表三 {_cell('requests', 'carried_over')}",
        lambda d: _get(d, "requests", "carried_over", "total"),
    ),
    Stated(
        "handled",
        re.compile(rf"办结(?:申请|政府信息公开申请)?{_FILLER}{_N}"),
        f"表三 {title('requests', 'results', 'total')} × 总计",
        _handled,
    ),
    Stated(
        "carried_forward",
        re.compile(rf"结转(?:至|到)?下一?年度?(?:继续办理|办理)?(?:的|申请)*{_FILLER}{_N}"),
        f"表三 {_cell('requests', 'carried_forward')}",
        lambda d: _get(d, "requests", "carried_forward", "total"),
    ),
    Stated(
        "reconsideration",
        re.compile(rf"行政复议{_CASE}{_N}"),
        f"表四 {_cell('reviews', 'reconsideration')}",
        lambda d: _get(d, "reviews", "reconsideration", "total"),
    ),
    Stated(
        "litigation",
        re.compile(rf"行政诉讼{_CASE}{_N}"),
        f"表四 {title('reviews', 'litigation_direct')} 与 {title('reviews', 'litigation_after_review')} 的总计之和",
        _litigation,
    ),
)

_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + "，,、"
_OTHER_TIME = re.compile(r"上一?年(?!度?结转)|去年|同比|较上年|比上年")
_YEAR = re.compile(r"(?<!\d)(\d{4})年")


def check(context: Context) -> Iterator[Problem]:
    for record in context.of_type("reports/disclosure"):
        year = record.data.get("year")
        for name in TEXT_PARTS:
            text = record.data.get(name)
            if isinstance(text, str) and text:
                yield from _compare(record, (name,), text, year if isinstance(year, int) else None)


def _compare(record: SourceRecord, path: PathKey, text: str, year: int | None) -> Iterator[Problem]:
    locator: _Locator | None = None
    for stated in STATED:
        table = stated.value(record.data)
        if table is None:
            continue
        for match in stated.pattern.finditer(text):
            said = _figure(match)
            if said is None or said == table or _spoiled(stated, match) or _other_time(text, match.start(), year):
                continue
            start = _sentence_start(text, match.start())
            locator = locator or _Locator(record, path)
            line, column = locator.locate(text, start, match.end())
            sentence = text[start : match.end()].strip()
            yield Problem(
                locator.shown,
                line,
                column,
                WARNING,
                f"正文写“{sentence}”（{said}），但{stated.table}为 {table}。两者应一致："
                "请核对是正文还是表格填错了，改正填错的一处。",
            )


def _figure(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("none"):
        return 0
    if groups.get("n"):
        return int(groups["n"].replace(",", ""))
    if groups.get("cn"):
        return chinese_number(groups["cn"])
    return None


def _spoiled(stated: Stated, match: re.Match[str]) -> bool:
    return any(word in match.group(0) for word in stated.spoils)


def _sentence_start(text: str, index: int) -> int:
    while index > 0 and text[index - 1] not in _SENTENCE_END:
        index -= 1
    while index < len(text) and text[index] in " \t#-*>":  # Markdown's heading and list marks
        index += 1
    return index


def _other_time(text: str, index: int, year: int | None) -> bool:
    """The figure is about another year: its clause says 上年/去年/同比, or its sentence names a
    year other than the report's."""
    clause = index
    while clause > 0 and text[clause - 1] not in _CLAUSE_END:
        clause -= 1
    if _OTHER_TIME.search(text[clause:index]):
        return True
    sentence = text[_sentence_start(text, index) : index]
    return year is not None and any(int(y) not in (year, year + 1) for y in _YEAR.findall(sentence))


_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """A count written in Chinese numerals (十八, 一百零五, 两千三百), or None if it is not one."""
    total, digit = 0, None
    for char in text:
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


class _Locator:
    """Line and column of a place in a text part: in the body file, or inside the YAML value (a
    block scalar's lines are indented in the file, so the sentence is searched from the value's start)."""

    def __init__(self, record: SourceRecord, path: PathKey):
        self.record, self.path = record, path
        self.body = path == ("body",) and record.body_path is not None
        self.shown = display_path(record.body_path) if self.body and record.body_path else record.file.display_path

    def locate(self, text: str, start: int, end: int) -> tuple[int, int]:
        if self.body:
            return _line_column(text, start)
        line, column = self.record.file.pos(self.path)
        try:
            source = Path(self.record.path).read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            return line, column
        starts = [0, *(m.end() for m in re.finditer("\n", source))]
        if line > len(starts):
            return line, column
        origin = starts[line - 1] + column - 1
        for piece in (text[start:end], text[start : text.find("\n", start) if "\n" in text[start:end] else end]):
            found = source.find(piece.strip(), origin) if piece.strip() else -1
            if found >= 0:
                found_line = bisect.bisect_right(starts, found)
                return found_line, found - starts[found_line - 1] + 1
        return line, column


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
