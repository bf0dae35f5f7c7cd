"""Markdown from records to safe HTML, and to plain text for search and feed summaries.

Records are written by editors and may contain anything pasted from a web page or a word
processor, so the HTML that Python-Markdown produces is always passed through nh3 (the Rust
`ammonia` sanitiser) with an allow-list: text structure, tables, links and images survive; script,
frames, forms, styles, event handlers and `javascript:`/`data:`/`vbscript:` URLs do not. Links get
`rel="noopener noreferrer"`; images may only come from the site itself (relative URLs) or https.

Record text lives inside a page that the theme and our scripts also give ids to (Material's
`__config` settings script, `__drawer`, our `gk-content`): every id in a body is prefixed with
`HEADING_ID_PREFIX`, and so is every in-page link (`#…`) of the body, so the body's own links still
land and no heading can shadow the theme's elements. Headings start at a base level: a record body's
`# heading` becomes an `<h2>` (the page's one `<h1>` is the record's title), and a text shown under
a heading of its own (an annual report's part, under the part's `<h2>`) starts one level lower.

Python-Markdown is quadratic on some shapes of text (hundreds of unclosed `[`, `(` or `<` in one
paragraph: a 1 MB body would take hours) and recursive on deeply nested lists. Such paragraphs are
shown as plain text instead (as are paragraphs with thousands of inline markers), and a body that
still fails renders as escaped plain paragraphs: a build never hangs or crashes on a record's text.
A text beyond the structure bounds of `gongkai.load.markdown_bounds` (too many headings, lists
nested too deep: quadratic time or memory in Python-Markdown) is refused by validation, and shown
as plain paragraphs here without being parsed.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
import threading
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.toc import slugify_unicode

from gongkai.load.markdown_bounds import first_excess
from gongkai.model.markdown_passes import HeadingIds, InlineShortcut
from gongkai.model.markdown_plain import plain_html

__all__ = ["plain_text", "render_markdown", "sanitise"]


_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]  # and HeadingIds, InlineShortcut: one per converter
_EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    # align="..." instead of style="text-align: ..." (style attributes are not allowed).
    "tables": {"use_align_attribute": True},
}

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = (_HEADINGS - {"h1"}) | {
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "a",
    "img",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "s",
    "sup",
    "sub",
    "abbr",
}
ALLOWED_ATTRIBUTES = {
    "*": set(),  # no generic attributes (nh3 would otherwise allow lang and title everywhere)
    **{tag: {"id"} for tag in _HEADINGS},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
_ALIGN = {"left", "center", "right"}
# Removed together with their content (the others are unwrapped: their text is kept).
_DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "noscript", "object", "embed", "textarea", "select"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
HEADING_ID_PREFIX = "gk-h-"
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
# Python-Markdown scans to the end of the paragraph for each unclosed `[`, `(` after `](`, or `<`:
# above this many unclosed (or this deep) in one paragraph, they are shown as written instead.
# Ordinary text, even a long table of links, has none.
_OPENERS_LIMIT = 8
# Above this many inline markers in one paragraph (or table row), the paragraph is shown as plain
# text: Python-Markdown re-scans a paragraph after each one (a 1 MB paragraph would take minutes).
_BUSY_LIMIT = 2000
_SPECIALS = "[(<&\\`*_!"
_BLOCKS = re.compile(r"(\n[ \t]*\n)")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
_PLAIN_TOKEN = re.compile(r"gongkaiplain[0-9a-f]{16}n[0-9]+")  # `_defuse`'s placeholders


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Images load without a click: only from this site (relative paths). An image on another
        # host would make every visitor's browser contact it (docs/rules.md#site: no outside requests).
        cleaned = _CONTROL.sub("", value).replace("\\", "/")
        if cleaned.startswith("//"):
            return None  # protocol-relative: another host
        try:
            scheme = urlsplit(cleaned).scheme.lower()
        except ValueError:  # e.g. a malformed IPv6 host
            return None
        return value if scheme == "" and not urlsplit(cleaned).netloc else None
    if attribute == "id":
        return HEADING_ID_PREFIX + value
    if tag == "a" and attribute == "href" and value.startswith("#") and len(value) > 1:
        return "#" + HEADING_ID_PREFIX + value[1:]
    if attribute in ("colspan", "rowspan"):
        return value if value.isdigit() and 0 < int(value) <= 1000 else None
    if attribute == "start":
        return value if value.isdigit() and len(value) <= 9 else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=_DROP_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values={"th": {"align": _ALIGN}, "td": {"align": _ALIGN}},
    attribute_filter=_attribute_filter,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)
# A tag of sanitised HTML: nh3 writes `<` and `>` as entities in text and in attribute values, each
# value in double quotes (a quoted value is stepped over all the same).
_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')

_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "markdown", None)
    if converter is None:
        # Heading ids from the heading text, Chinese kept: "一、总则" -> "一总则".
        ids = HeadingIds(slugify=slugify_unicode, permalink=False)
        converter = markdown.Markdown(
            extensions=[*_EXTENSIONS, ids, InlineShortcut()], extension_configs=_EXTENSION_CONFIGS, output_format="html"
        )
        _local.markdown = converter
    return converter


def sanitise(fragment: str) -> str:
    """Clean an HTML fragment with the allow-list above."""
    return _CLEANER.clean(fragment)


@functools.lru_cache(maxsize=1_000)
def render_markdown(text: str, base_level: int = 2) -> str:
    """Markdown to sanitised HTML (safe to insert into a page unescaped), its headings from
    `<h{base_level}>` down (see `_heading_levels`).

    Cached by text and base level (the result depends on nothing else), for the few texts
    rendered twice in a row (a record's page and its feed entry, a preview's re-render). Only a
    few: a cache of every body would hold each record's text and HTML to the end of the build
    (200 MB at 30,000 records), and pages and the search index are made in different processes."""
    if not text:
        return ""
    source, plain = _defuse(text)
    if first_excess(text) is not None:  # validation refuses it (docs/rules.md, 正文的结构); never parse it
        produced = _as_paragraphs(text)
    elif (direct := plain_html(source)) is not None:  # paragraphs, headings, simple lists: no converter run
        produced = direct
    else:
        converter = _converter()
        try:
            produced = converter.reset().convert(source)
        except Exception:  # RecursionError on absurd nesting, or a Markdown bug: show the text as written
            _local.markdown = None
            produced = _as_paragraphs(text)
        else:
            converter.reset()
    cleaned = sanitise(_heading_levels(produced, base_level))
    # Plain paragraphs go in after sanitising: escaped text is safe, and nh3 is slow on thousands of `&`.
    # One pass over the HTML (a `replace` per paragraph was quadratic, and put paragraph 1's text
    # into paragraph 10's token).
    if plain:
        cleaned = _PLAIN_TOKEN.sub(lambda m: _plain_paragraph(plain, m.group(0)), cleaned)
    return cleaned


def _plain_paragraph(plain: dict[str, str], token: str) -> str:
    block = plain.get(token)  # None: text that only looks like a token (another build's nonce)
    return token if block is None else html.escape(" ".join(block.split()))


def _heading_levels(fragment: str, base_level: int) -> str:
    """Headings of a text shown under a heading of level `base_level - 1`: `#` and `##` become
    `<h{base_level}>`, deeper ones follow one level apart, `<h6>` at most. At base level 2 (a record
    body under the page's `<h1>`) only `#` changes."""

    def level(match: re.Match[str]) -> str:
        written = int(match.group(2))
        shown = min(6, max(base_level, written + base_level - 2))
        return match.group(0) if shown == written else f"<{match.group(1)}h{shown}"

    return _HEADING_TAG.sub(level, fragment)


def _as_paragraphs(text: str) -> str:
    blocks = (" ".join(block.split()) for block in _BLOCKS.split(text)[::2])
    return "\n".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def _specials(text: str) -> int:
    return sum(text.count(c) for c in _SPECIALS)


def _defuse(text: str) -> tuple[str, dict[str, str]]:
    """Keep Python-Markdown fast: paragraphs of pathological shape are shown as plain text; `plain`
    maps the placeholder put in their place to the original paragraph."""
    limit = _OPENERS_LIMIT
    if (
        text.count("[") <= limit
        and text.count("(") <= limit
        and text.count("<") <= limit
        and _specials(text) <= _BUSY_LIMIT
    ):
        return text, {}  # the common case: nothing to look at
    # Fenced code is not inline-processed: leave it alone. Blocks and fences both come in text
    # order, so one pointer into the fences finds the one a block may lie in (a scan of every fence
    # for every block was quadratic: 20,000 fenced blocks took 40 s).
    fenced = [(m.start(), m.end()) for m in _FENCED.finditer(text)]
    nonce = secrets.token_hex(8)
    plain: dict[str, str] = {}
    parts = _BLOCKS.split(text)
    offset = fence = 0
    for index, block in enumerate(parts):
        start, offset = offset, offset + len(block)
        while fence < len(fenced) and fenced[fence][1] < offset:
            fence += 1  # fences that end before this block does cannot hold it
        inside = fence < len(fenced) and fenced[fence][0] <= start
        if index % 2 or not block.strip() or inside:
            continue
        if _pathological(block):
            token = f"gongkaiplain{nonce}n{len(plain)}"
            plain[token] = block
            parts[index] = token
    return "".join(parts), plain


def _pathological(block: str) -> bool:
    limit = _OPENERS_LIMIT
    lines = block.splitlines() if _TABLE_RULE.search(block) else [block]  # table cells are parsed apart
    return (
        max(_specials(line) for line in lines) > _BUSY_LIMIT
        or block.count("[") - block.count("]") > limit
        or (block.count("(") - block.count(")") > limit and "](" in block)
        or block.count("<") - block.count(">") > limit
        or _depth(block, "[", "]") > limit
        or _depth(block, "<", ">") > limit
    )


def _depth(block: str, opener: str, closer: str) -> int:
    if block.count(opener) <= _OPENERS_LIMIT:
        return 0
    depth = deepest = 0
    for char in block:
        if char == opener:
            depth += 1
            deepest = max(deepest, depth)
        elif char == closer and depth:
            depth -= 1
    return deepest


def plain_text(markdown_text: str) -> str:
    """The rendered text without tags or entities, whitespace collapsed (for search and feeds).

    The result is plain text: escape it wherever it is put into HTML or XML.
    """
    fragment = render_markdown(markdown_text)  # sanitised: no script, style or comment left to drop
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())  # its tags removed without a second nh3 run
