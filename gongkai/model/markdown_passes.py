"""Two passes of Python-Markdown made cheaper for record bodies, with the same HTML.

`HeadingIds` is the toc extension without the table of contents no page shows; `InlineShortcut`
keeps the inline pass away from text it cannot change. Measured on the 2,004 bodies of a generated
3,000-record project: 1.11 s -> 0.64 s of rendering (the inline pass 0.44 s -> 0.01 s, the toc
pass 0.14 s -> 0.08 s), identical output. `tests/unit/model/test_markdown_passes.py` pins what
they rely on in Python-Markdown.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor, remove_fnrefs, render_inner_html, strip_tags, unique
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

__all__ = ["INLINE_PATTERNS", "HeadingIds", "InlineShortcut"]


class _IdsUnlessMarker(TocTreeprocessor):
    """The toc extension's heading ids, without its table of contents unless the text asks for one.

    The toc extension builds, serialises and post-processes a table of contents for every text
    and walks the whole tree looking for its `[TOC]` marker; only a body that has the marker (the
    whole text of an element: a paragraph, a list item, a cell) shows that table, and nothing
    reads the extension's `toc` attribute.
    So a text without the marker gets the ids alone, as the extension gives them (same slugs,
    same uniqueness suffixes), in half the extension's time."""

    def run(self, doc: Any) -> None:
        if any(el.text and el.text.strip() == self.marker and len(el) == 0 for el in doc.iter()):
            super().run(doc)  # the body shows a table of contents: the extension's own way
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                if not el.attrib.get("id"):
                    name = strip_tags(render_inner_html(remove_fnrefs(el), self.md))
                    el.attrib["id"] = unique(self.slugify(html.unescape(name), self.sep), used_ids, counters)


class HeadingIds(TocExtension):
    """The toc extension, giving headings their ids and no table of contents unless the text has `[TOC]`."""

    TreeProcessorClass = _IdsUnlessMarker


# Where one of the converter's inline patterns can start (`INLINE_PATTERNS`, pinned by a test
# against the converter): code, escapes, links and images, autolinks and inline HTML, hard line
# breaks, entities, emphasis; and the placeholders the inline pass itself resolves.
INLINE_PATTERNS = (
    "backtick",
    "escape",
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
    "autolink",
    "automail",
    "linebreak",
    "html",
    "entity",
    "em_strong",
)
_INLINE_START = re.compile(r"[\\`\[<&*_\x02\x03]|  \n")


class _Unmarked(AtomicString):
    """Text set aside from the inline pass: no inline pattern can match in it."""


class _SetAside(Treeprocessor):
    """Before the inline pass: a text without a character where an inline pattern can start is
    marked atomic, so the pass does not try each of its patterns on it (most paragraphs of a
    Chinese body have none of them: the inline pass was a third of a body's rendering)."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            text = element.text
            if text and not isinstance(text, AtomicString) and not _INLINE_START.search(text):
                element.text = _Unmarked(text)


class _PutBack(Treeprocessor):
    """After the inline pass: the texts set aside are plain text again."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            if type(element.text) is _Unmarked:
                element.text = str(element.text)


_INLINE_PRIORITY = 20  # Python-Markdown's "inline" treeprocessor (the order is pinned by a test)


class InlineShortcut(Extension):
    """Texts in which no inline pattern can match skip the inline pass (`_SetAside`)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SetAside(md), "gk_set_aside", _INLINE_PRIORITY + 1)
        md.treeprocessors.register(_PutBack(md), "gk_put_back", _INLINE_PRIORITY - 1)
