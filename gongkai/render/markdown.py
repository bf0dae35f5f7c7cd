"""Markdown from records to safe HTML, and to plain text for search and feed summaries.

Records are written by editors and may contain anything pasted from a web page or a word
processor, so the HTML that Python-Markdown produces is always passed through nh3 (the Rust
`ammonia` sanitiser) with an allow-list: text structure, tables, links and images survive; script,
frames, forms, styles, event handlers and `javascript:`/`data:`/`vbscript:` URLs do not. Links get
`rel="noopener noreferrer"`; images may only come from the site itself (relative URLs) or https.
"""

from __future__ import annotations

import html
import re
import threading
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

__all__ = ["render_markdown", "plain_text", "sanitise"]

_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
_EXTENSION_CONFIGS = {
    # align="..." instead of style="text-align: ..." (style attributes are not allowed).
    "tables": {"use_align_attribute": True},
    # Heading ids from the heading text, Chinese kept: "一、总则" -> "一总则".
    "toc": {"slugify": slugify_unicode, "permalink": False},
}

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = _HEADINGS | {
    "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "img",
    "strong", "em", "b", "i", "del", "s", "sup", "sub", "abbr",
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


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Images load without a click: only from this site (relative) or over https.
        cleaned = _CONTROL.sub("", value).replace("\\", "/")
        if cleaned.startswith("//"):
            return None  # protocol-relative: another host
        scheme = urlsplit(cleaned).scheme.lower()
        return value if scheme in ("", "https") else None
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
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=_DROP_WITH_CONTENT, attributes={}, link_rel=None)

_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html")
        _local.markdown = converter
    return converter


def sanitise(fragment: str) -> str:
    """Clean an HTML fragment with the allow-list above."""
    return _CLEANER.clean(fragment)


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (safe to insert into a page unescaped)."""
    if not text:
        return ""
    converter = _converter()
    try:
        produced = converter.reset().convert(text)
    finally:
        converter.reset()
    return sanitise(produced)


def plain_text(markdown_text: str) -> str:
    """The rendered text without tags or entities, whitespace collapsed (for search and feeds).

    The result is plain text: escape it wherever it is put into HTML or XML.
    """
    fragment = render_markdown(markdown_text)
    return " ".join(html.unescape(_TEXT_ONLY.clean(fragment)).split())
