"""Bounds on the structure of Markdown text (docs/rules.md, “正文的结构”): a text the renderer would
take minutes or gigabytes over. Validation reports the first excess (`gongkai.validate.body_structure`),
so the renderer never sees such a text; `render_markdown` shows one as plain paragraphs all the same.

Python-Markdown hands the rest of a block back to its parser after each heading it takes out of
it, so headings without blank lines between them cost time in proportion to their number times
the text's length (a 960 KB body of `标题\\n===` headings took 263 s); and each level of a nested
list holds its own copy of the rest of the list (a list nested 1,400 levels took 1.5 GB). So:

- at most `MAX_BLOCKS` blank lines and code fence lines (each starts a block): Python-Markdown takes each block off the
  front of a list of them (`list.pop(0)`), so 60,000 blank-separated fenced blocks took 12 s and a
  megabyte of one-line paragraphs would take hours;
- at most `MAX_HEADINGS` headings (`#` lines and the lines above a `===`/`---` underline);
- at most `MAX_NESTING` levels of lists and quotes: the units at the start of a line, each an
  indentation step (4 columns or a tab), a list marker (`-`, `*`, `+`, `1.`) or a quote marker (`>`).

Lines inside fenced code blocks (```` ``` ````) do not count: Python-Markdown does not parse them.
Counting is a few regular-expression passes; the line of the excess is only worked out when there
is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions.fenced_code import FencedBlockPreprocessor

MAX_BLOCKS = 20_000
MAX_HEADINGS = 1000
MAX_NESTING = 20

# An ATX heading line, or a line of text above a setext underline (`===` or `---`).
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]|$)|^[ \t]*\S[^\n]*\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
# A line starting with more than MAX_NESTING units of nesting.
_UNIT = r"(?:\t|[ ]{1,3}\t|[ ]{4}|(?:[-*+]|[0-9]{1,9}[.)])[ \t]+|>[ \t]?)"
_NESTED = re.compile("^" + _UNIT + "{" + str(MAX_NESTING + 1) + "}", re.MULTILINE)
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
# A blank line (at the newline before it), or a code fence line: each one more block.
_BLANK = re.compile(r"\n[ \t]*(?=\n)|^[ ]{0,3}(?:`{3,}|~{3,})", re.MULTILINE)

__all__ = ["MAX_BLOCKS", "MAX_HEADINGS", "MAX_NESTING", "Excess", "first_excess"]


@dataclass(frozen=True)
class Excess:
    """Where a text first goes beyond a bound: the character offset of that line, and what it is."""

    offset: int
    message: str


def first_excess(text: str) -> Excess | None:
    """The first place `text` goes beyond a bound, or None (nearly every text: two regex passes)."""
    nested = _NESTED.search(text)
    many = len(_HEADING.findall(text)) > MAX_HEADINGS
    blocks = text.count("\n") > MAX_BLOCKS and len(_BLANK.findall(text)) > MAX_BLOCKS
    if nested is None and not many and not blocks:
        return None
    fences = [(m.start(), m.end()) for m in _FENCED.finditer(text)]
    found: list[Excess] = []
    deep = next((m for m in _NESTED.finditer(text) if not _fenced(fences, m.start())), None)
    if deep is not None:
        found.append(
            Excess(
                deep.start(),
                f"列表或引用嵌套超过 {MAX_NESTING} 层（这一行开头有 {MAX_NESTING} 层以上的缩进或列表、引用标记）。"
                "请减少嵌套层次；代码或需要原样显示的文字请放在 ``` 围起的代码块中。",
            )
        )
    if many:
        headings = (m for m in _HEADING.finditer(text) if not _fenced(fences, m.start()))
        excess = next((m for index, m in enumerate(headings) if index == MAX_HEADINGS), None)
        if excess is not None:
            found.append(
                Excess(
                    excess.start(),
                    f"小标题超过 {MAX_HEADINGS} 个（第 {MAX_HEADINGS + 1} 个从这一行起）。请把内容拆分为几条记录，"
                    "或把长篇内容作为附件公开；不是标题的行请改为普通段落（“===”或“---”一行的上一行也会成为标题，"
                    "分隔线请与上文空一行）。",
                )
            )
    if blocks:
        blank = next((m for index, m in enumerate(_BLANK.finditer(text)) if index == MAX_BLOCKS), None)
        if blank is not None:
            found.append(
                Excess(
                    blank.start() + (blank.group().startswith("\n")),
                    f"空行和代码块标记（```）超过 {MAX_BLOCKS:,} 个（这是第 {MAX_BLOCKS + 1:,} 个），段落和块太多。"
                    "请把内容拆分为几条记录，或把长篇内容作为附件公开；多余的空行请删除。",
                )
            )
    return min(found, key=lambda e: e.offset) if found else None


def _fenced(fences: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in fences)  # only asked when a bound is exceeded
