"""Snippet chunks: a record's displayed text cut into pieces of about `size` normalised characters.

The search index finds where a query first occurs in a record as a normalised offset; search.js
fetches the chunk holding that offset (`t/<record>-<offset // size>.json`) and shows the match in
context. Chunks overlap (`before`, `after`) so that a match near an edge still has context, and
a short record is a single chunk. Chunks are cut in the displayed text, at the characters whose
normalised offsets bound them (normalisation can change lengths: "ﬁ" becomes "fi").
"""

from __future__ import annotations

import bisect

from gongkai.render.search.text import SEPARATOR


class SnippetText:
    """The fields after the title, as displayed and normalised (`field_map` of each)."""

    def __init__(self, shown: list[str], mapped: list[tuple[str, list[int] | None]]):
        self.layout = []  # (normalised start, display start, normalised length, display length, map)
        normalised_start = display_start = 0
        for text, (normalised, starts) in zip(shown, mapped):
            self.layout.append((normalised_start, display_start, len(normalised), len(text), starts))
            normalised_start += len(normalised) + 1
            display_start += len(text) + 1
        self.total = max(0, normalised_start - 1)  # normalised length, fields joined by SEPARATOR
        self.shown = SEPARATOR.join(shown)

    def to_display(self, offset: int) -> tuple[int, int]:
        """The first displayed character starting at or after a normalised offset, and its own
        normalised offset."""
        for n_start, d_start, n_len, d_len, starts in self.layout:
            if offset <= n_start + n_len:
                local = max(0, offset - n_start)
                index = local if starts is None else bisect.bisect_left(starts, local)
                if index >= d_len:
                    return d_start + d_len, n_start + n_len  # the separator (or the end)
                return d_start + index, n_start + (index if starts is None else starts[index])
        return len(self.shown), self.total

    def chunks(self, size: int, before: int, after: int) -> list[tuple[int, str]]:
        """(normalised offset of the first character, displayed text) of each chunk: chunk c holds
        what lies at normalised offsets [c * size - before, (c + 1) * size + after)."""
        found = []
        for chunk in range(max(1, -(-self.total // size))):
            first, offset = self.to_display(max(0, chunk * size - before))
            end, _ = self.to_display((chunk + 1) * size + after)
            found.append((offset, self.shown[first:end]))
        return found
