"""The HTML Python-Markdown gives a plain body, written without running it.

Most record bodies are paragraphs of text, `#` headings and simple lists, with no inline markup
at all. For such a text (`plain_html` says which: anything else returns None) the HTML is
written here directly, exactly as our converter (`markdown_text._converter`: tables, fenced_code,
sane_lists, the heading ids of `markdown_passes.HeadingIds`) writes it, in a tenth of its time:
Python-Markdown runs a dozen block tests per block, a tree and a serialiser for each body, and
both build processes render every body (the pages; the search text and feeds).

What counts as plain is kept narrow, each rule for a reason in Python-Markdown:
- no character where inline markup, raw HTML, a table, a fence, an escape or a placeholder can
  start (`_SPECIAL`); no tab, no carriage return (normalised by Python-Markdown), no no-break
  space; no line ending in a space (a hard line break) and no line of spaces only;
- a line starting with `#` (1-6 of them, then text without `#`) is a heading, wherever it stands
  (Python-Markdown splits a block at a heading line);
- a block whose first line is a list item is a list only if every line of it is an item of the
  same kind (`1.`, or `-`/`+`), each item's text an ordinary line, and the block before it is not
  a list of that kind (Python-Markdown would then make one loose list of both);
- any other line must not start with a character that begins block syntax (`_BLOCK_START`: a
  quote, a rule, a setext underline, a list marker or an indented code block).
`tests/unit/model/test_markdown_plain.py` compares the two on every generated shape.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify_unicode, unique

__all__ = ["plain_html"]

_SPECIAL = re.compile(r"[\\`\[\]<>&*_|~\t\r\x00-\x08\x0b-\x1f\xa0]| \n| $|\n +\n|\n +$")
_HEADING = re.compile(r"(#{1,6})([^#\n]*)")
_ORDERED = re.compile(r"(\d+)\. +(.*)")
_UNORDERED = re.compile(r"[+-] +(.*)")
# Lines (and list items' texts) starting with one of these, or a number and a full stop, may be
# block syntax: left to Python-Markdown.
_BLOCK_START = frozenset(" #>=+-*_:!")
_NUMBERED = re.compile(r"\d+\.")


def plain_html(text: str) -> str | None:
    """The converter's HTML of `text`, or None when `text` is not plain (see the module)."""
    if _SPECIAL.search(text):
        return None
    out: list[str] = []
    ids: set[str] = set()
    counters: dict[str, int] = {}
    last = ""  # the tag of the last element written
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if not any(lines):
            continue
        start = 0
        for index, line in enumerate(lines):
            if line.startswith("#"):
                if start < index:
                    last = _block(lines[start:index], out, last)
                    if not last:
                        return None
                heading = _HEADING.fullmatch(line)
                if heading is None or not heading.group(2).strip():
                    return None
                level, name = len(heading.group(1)), heading.group(2).strip()
                slug = unique(slugify_unicode(" ".join(name.split()), "-"), ids, counters)
                out.append(f'<h{level} id="{slug}">{name}</h{level}>')
                last, start = "h", index + 1
        rest = lines[start:]
        if any(rest):
            last = _block(rest, out, last)
            if not last:
                return None
    return "\n".join(out)


def _block(lines: list[str], out: list[str], last: str) -> str:
    """Write one block (a paragraph or a list); the tag written, or "" when it is not plain."""
    while lines and not lines[0]:
        lines = lines[1:]
    while lines and not lines[-1]:
        lines = lines[:-1]
    if not lines or not all(lines):
        return ""  # a single blank line inside a block: not a shape handled here
    first = lines[0]
    ordered = _ORDERED.fullmatch(first)
    unordered = None if ordered else _UNORDERED.fullmatch(first)
    if ordered or unordered:
        tag, pattern = ("ol", _ORDERED) if ordered else ("ul", _UNORDERED)
        if last == tag:
            return ""  # Python-Markdown would join the two into one loose list
        items = [pattern.fullmatch(line) for line in lines]
        texts = [item.group(item.lastindex or 0) for item in items if item is not None]
        if len(texts) < len(lines) or not all(_ordinary(t) for t in texts):
            return ""
        start = ordered.group(1) if ordered else "1"
        out.append(f'<{tag} start="{start}">' if start != "1" else f"<{tag}>")
        out.extend(f"<li>{t}</li>" for t in texts)
        out.append(f"</{tag}>")
        return tag
    if not all(_ordinary(line) for line in lines):
        return ""
    out.append(f"<p>{chr(10).join(lines).lstrip()}</p>")
    return "p"


def _ordinary(line: str) -> bool:
    """A line of text that no block processor takes for its own."""
    return line[0] not in _BLOCK_START and not line[0].isspace() and not _NUMBERED.match(line)
