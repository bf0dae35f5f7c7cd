"""The amendment comparison table (修改对照表) of two texts of a normative document.

`split_articles` cuts a text (the Markdown of a version) into units as Chinese regulations write
them: an optional preamble, headings of 编/章/节 (`## 第一章 总则`, `第二节 配备`), and articles
(`第一条 …`, `第十五条之一 …`) whose text runs to the next article or heading, with their 款
(paragraphs) and 项 (`（一）…`, `1. …`) kept as lines. A `第三条规定的…` inside a sentence is not an
article: a label starts an article only at the start of a line and is followed by a space.

`compare` aligns the units of the old and the new text by content, not by number (an inserted
article renumbers the ones after it; they must still be matched with their old selves), in order,
with `difflib` (standard library): a dynamic programme picks the order-preserving matching with the
greatest total similarity, counting only pairs at least `MATCH_RATIO` alike; the units left over
between two matches are paired when they carry the same number (第九条 rewritten), else shown as
deleted or added. Each matched pair is diffed character by character (Chinese has no spaces).

The result is plain data (rows of segments `(kind, text)` with kind `""`, `"del"` or `"ins"`):
the template writes the markup, and Jinja's autoescape escapes every piece of record text exactly
once, so no record text is ever marked safe here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

MATCH_RATIO = 0.5  # two articles with less in common are a deletion and an addition

_NUMERAL = "零〇一二两三四五六七八九十百千"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_SPACE = r"[ \t\u3000]"
_HEADING = re.compile(rf"^(?:#{{1,6}}{_SPACE}*)?(?:\*\*)?(第[{_NUMERAL}0-9]+[编章节])(?:\*\*)?(?:{_SPACE}+(.*))?$")
_ARTICLE = re.compile(rf"^(?:\*\*)?(第([{_NUMERAL}0-9]+)条(?:之([{_NUMERAL}0-9]+))?)(?:\*\*)?(?:{_SPACE}+|$)")
_ITEM = re.compile(rf"^(?:[（(][{_NUMERAL}0-9]+[)）]|[0-9]+[.、．]|[{_NUMERAL}]+、)")


def chinese_number(text: str) -> int:
    """`十五` -> 15, `一百零三` -> 103, `二十` -> 20, `15` -> 15 (0 for anything else)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            return 0
    return total + digit


@dataclass
class Unit:
    """A preamble, a heading (编/章/节) or an article of a text."""

    kind: str  # "preamble", "heading" or "article"
    label: str  # "第十五条之一", "第一章", "" for the preamble
    content: str  # the text after the label (lines joined by "\n"; 款 and 项 one per line)
    number: tuple[int, int] = (0, 0)  # (article number, 之 number) for articles

    @property
    def text(self) -> str:
        """Label and content as the text reads."""
        if not self.label:
            return self.content
        return f"{self.label} {self.content}".rstrip()

    @property
    def lines(self) -> list[str]:
        """款 and 项, one per line."""
        return self.content.split("\n")

    def similarity(self, other: Unit) -> float:
        if self.kind != other.kind:
            return 0.0
        if self.content == other.content:
            return 1.0
        matcher = difflib.SequenceMatcher(None, self.content, other.content, autojunk=False)
        if matcher.real_quick_ratio() < MATCH_RATIO or matcher.quick_ratio() < MATCH_RATIO:
            return 0.0
        return matcher.ratio()


def _clean(line: str) -> str:
    """A line without Markdown list markers and emphasis (the table shows the words)."""
    line = line.strip()
    line = re.sub(r"^(?:[-*+]|>)\s+", "", line)
    return line.replace("**", "")


def split_articles(text: str) -> list[Unit]:
    """The preamble, headings and articles of a text, in order."""
    units: list[Unit] = []
    current: Unit | None = None
    for raw in (text or "").splitlines():
        line = _clean(raw)
        if not line:
            continue
        heading = _HEADING.match(line)
        article = _ARTICLE.match(line)
        if heading:
            current = None
            units.append(Unit("heading", heading.group(1), (heading.group(2) or "").strip()))
        elif article:
            number = (
                chinese_number(article.group(2)),
                chinese_number(article.group(3) or "") if article.group(3) else 0,
            )
            current = Unit("article", article.group(1), line[article.end() :].strip(), number)
            units.append(current)
        elif current is not None:
            current.content = f"{current.content}\n{line}" if current.content else line
        elif units and units[-1].kind == "preamble":
            units[-1].content += "\n" + line
        else:
            current = None
            units.append(Unit("preamble", "", line))
    return units


def is_item(line: str) -> bool:
    """A 项 (`（一）…`, `1. …`, `一、…`) rather than a 款."""
    return bool(_ITEM.match(line))


# -- alignment ------------------------------------------------------------------------------------


def align(old: list[Unit], new: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Old and new units in reading order, matched by content; None where a side has nothing."""
    n, m = len(old), len(new)
    sim = [[old[i].similarity(new[j]) for j in range(m)] for i in range(n)]
    # best[i][j]: greatest total similarity matching old[i:] with new[j:] in order.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MATCH_RATIO else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[Unit | None, Unit | None]] = []
    gap_old: list[Unit] = []
    gap_new: list[Unit] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= MATCH_RATIO and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.extend(_pair_gap(gap_old, gap_new))
            gap_old, gap_new = [], []
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            gap_old.append(old[i])
            i += 1
        else:
            gap_new.append(new[j])
            j += 1
    pairs.extend(_pair_gap(gap_old + old[i:], gap_new + new[j:]))
    return pairs


def _pair_gap(old: list[Unit], new: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Units between two matches: one with the same label on both sides is the unit rewritten
    (第九条修改为…); the others are deleted (shown first) or added, in reading order."""
    anchors: list[tuple[int, int]] = []
    start = 0
    for i, unit in enumerate(old):
        for j in range(start, len(new)):
            if unit.label and new[j].label == unit.label and new[j].kind == unit.kind:
                anchors.append((i, j))
                start = j + 1
                break
    pairs: list[tuple[Unit | None, Unit | None]] = []
    i = j = 0
    for a, b in [*anchors, (len(old), len(new))]:
        pairs.extend((u, None) for u in old[i:a])
        pairs.extend((None, u) for u in new[j:b])
        if a < len(old) and b < len(new):
            pairs.append((old[a], new[b]))
        i, j = a + 1, b + 1
    return pairs


# -- rows ------------------------------------------------------------------------------------------

Segment = tuple[str, str]  # ("", text) unchanged, ("del", text) deleted, ("ins", text) inserted


@dataclass
class Row:
    """One row of the table: what changed, and each side's text as segments, line by line."""

    change: str  # "unchanged", "changed", "renumbered", "added", "deleted"
    kind: str  # "preamble", "heading" or "article"
    old: Unit | None
    new: Unit | None
    old_lines: list[list[Segment]] = field(default_factory=list)
    new_lines: list[list[Segment]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {"changed": "修改", "renumbered": "条序调整", "added": "新增", "deleted": "删除"}.get(self.change, "")


@dataclass
class Fold:
    """Consecutive unchanged units, folded in the table."""

    units: list[Unit]

    @property
    def articles(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "article"]

    @property
    def summary(self) -> str:
        articles = self.articles
        if not articles:
            return "未修改的前言"
        span = articles[0].label if len(articles) == 1 else f"{articles[0].label}至{articles[-1].label}"
        return f"未修改的条文 {len(articles)} 条（{span}）"


@dataclass
class Comparison:
    rows: list[Row | Fold]

    @property
    def counts(self) -> dict[str, int]:
        found = {"changed": 0, "renumbered": 0, "added": 0, "deleted": 0, "unchanged": 0}
        for row in self.rows:
            if isinstance(row, Fold):
                found["unchanged"] += len(row.articles)
            elif row.kind == "article":
                found[row.change] += 1
        return found

    @property
    def changed(self) -> bool:
        return any(isinstance(row, Row) and row.change != "unchanged" for row in self.rows)


def diff_lines(old: list[str], new: list[str]) -> tuple[list[list[Segment]], list[list[Segment]]]:
    """Each side of a diff of two articles, line by line (款 and 项), then character by character
    inside lines that were replaced."""
    left: list[list[Segment]] = []
    right: list[list[Segment]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.extend([("", line)] for line in old[i1:i2])
            right.extend([("", line)] for line in new[j1:j2])
            continue
        paired = min(i2 - i1, j2 - j1)
        for a, b in zip(old[i1 : i1 + paired], new[j1 : j1 + paired]):
            segments = diff_segments(a, b)
            left.append(segments[0])
            right.append(segments[1])
        left.extend([("del", line)] for line in old[i1 + paired : i2])
        right.extend([("ins", line)] for line in new[j1 + paired : j2])
    return left, right


def diff_segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Each side of a character diff: the old text with deletions, the new one with insertions."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(("", old[i1:i2]))
            right.append(("", new[j1:j2]))
            continue
        if i2 > i1:
            left.append(("del", old[i1:i2]))
        if j2 > j1:
            right.append(("ins", new[j1:j2]))
    return left, right


def _row(old: Unit | None, new: Unit | None) -> Row:
    if old is None:
        assert new is not None
        return Row("added", new.kind, None, new, [], [[("ins", line)] for line in new.text.split("\n")])
    if new is None:
        return Row("deleted", old.kind, old, None, [[("del", line)] for line in old.text.split("\n")], [])
    left, right = diff_lines(old.text.split("\n"), new.text.split("\n"))
    change = "changed" if old.content != new.content else "renumbered"
    return Row(change, new.kind, old, new, left, right)


def compare(old_text: str, new_text: str) -> Comparison:
    """The comparison table of two texts."""
    rows: list[Row | Fold] = []
    for old, new in align(split_articles(old_text), split_articles(new_text)):
        if old is not None and new is not None and old.text == new.text and new.kind == "heading":
            rows.append(
                Row("unchanged", "heading", old, new, [[("", old.text)]], [[("", new.text)]])
            )  # kept, not folded
            continue
        if old is not None and new is not None and old.text == new.text:
            if rows and isinstance(rows[-1], Fold):
                rows[-1].units.append(new)
            else:
                rows.append(Fold([new]))
            continue
        rows.append(_row(old, new))
    return Comparison(rows)
