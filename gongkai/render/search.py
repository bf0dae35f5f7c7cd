"""The search index: exact substring search over the public records, static and sharded.

A visitor gets (from `gongkai/assets/search.js`, which reads the files written here) exactly the
public records whose title, summary, body (as plain text) or document number contain the query,
like the browser's find-in-page across the site; ranked title hits first, then by number of
occurrences, then newest first. `tests/test_search_index.py` mirrors the reader in Python.

The gram index is built in `gongkai.render.search_index` (whole-array NumPy steps; this module
prepares the text and writes the snippets and the manifest). Normalisation is in
`gongkai.render.search_text` (the same there and in search.js; a browser test
compares them on every code point); `search_text(record)` is the ground truth of the tests.

The index: positional lists of variable-length character grams.
- Record numbers are places in `catalog.public()` (newest first), so "newer first" is "smaller".
- Positions are "virtual": the title from 0, the other fields (summary, body, document number,
  joined by "\n") from `titleSpan` (longest title + 1). A match at p is a title hit iff
  p < titleSpan, and the gap keeps matches from spanning title and summary.
- Every bigram has a positional list: per record, the positions where it occurs. A query is found
  where the grams of a *cover* (grams of the query whose ranges together cover every character)
  occur at their offsets from a common start p in the same record; that is exactly where the query
  occurs, without fetching any text. Occurrences (and so the count and the title flag) come out of
  the same intersection.
- A gram whose positional list would exceed `frequent` bytes (below `max_gram` characters) is
  *frequent* ("20", "的", "万元", "〔2019"...): it gets a summary list instead (record, count,
  title flag, first position), enough to answer a query equal to it, and its one-character
  extensions on both sides are indexed at the next length, so a longer query covers itself with
  them rather than with the big list. A gram of length >= 3 is indexed iff its prefix or its suffix
  (one character shorter) is frequent; the manifest lists the frequent grams, so the browser knows
  from the manifest alone which grams exist and which files to fetch: the worst case a query costs
  is a few shards, however common its words (measured: scripts/bench_search.py).
- Single characters have summary lists too.

Files (under `search/`; the same catalog gives the same bytes):
  index.json       manifest: record count, titleSpan, chunk size, shard count and average size,
                   the frequent grams ("\n"-joined), the record types
  s/<i>.bin        shard i (FNV-1a 32 bit over the gram's UTF-16 code units, modulo the shard
                   count) of the positional lists: varint key count; per key varint code-unit
                   count, UTF-16LE key, varint list size; then the lists in the same order
  g/<hex>.bin      summary list of a single character or of a frequent gram (its code points in
                   hex, "-"-joined); absent (404) for a character that occurs nowhere
  types.txt        one digit per record: its type (index into the manifest's types), for the filter
  t/<n>-<c>.json   record n's title, URL, date, type, document number and chunk c of its other
                   fields as displayed (for the snippet; fetched only for the hits on screen)
Positional list: per record: varint gap (number - previous number - 1), varint count, varint
first position, varint deltas. Summary list: per record: varint gap, varint (count << 1 | in title),
varint (first position after the title - titleSpan + 1, or 0 if none).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.render.search_text import (
    SEPARATOR,
    display,
    display_fields,
    field_map,
    normalise,
    normalise_query,
    search_text,
)
from gongkai.render.search_index import Limits, build_gram_index, gram_file
from gongkai.types import RECORD_TYPES

if TYPE_CHECKING:
    from gongkai.model import Catalog, Record

__all__ = ["SEPARATOR", "display", "fnv1a", "gram_file", "normalise", "normalise_query", "search_files", "search_text"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class SearchLimits(Limits):
    chunk: int = 400  # normalised characters of display text per snippet chunk
    chunk_before: int = 40  # overlap so that a match near a chunk edge has context
    chunk_after: int = 100


def fnv1a(key: str) -> int:
    """FNV-1a, 32 bit, over the UTF-16 code units of `key` (as search.js computes it)."""
    data = key.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


class _Prepared:
    """One record's normalised fields, and what its snippet chunks need."""

    __slots__ = ("title", "shown_title", "fields", "shown", "maps")

    def __init__(self, record: Record):
        title, *others = display_fields(record)
        self.shown_title = title
        self.title = normalise(title)
        self.shown = others  # summary, body, document number as displayed
        mapped = [field_map(text) for text in others]
        self.fields = [m[0] for m in mapped]  # ... normalised
        self.maps = [m[1] for m in mapped]  # normalised offset of each displayed character, or None

    def segments(self, title_span: int) -> list[tuple[int, str]]:
        """(virtual start, normalised text) of each non-empty field: the title at 0, the others
        (summary, body, number, as if joined by SEPARATOR) from `title_span` on."""
        found = [(0, self.title)] if self.title else []
        offset = title_span
        for text in self.fields:
            if text:
                found.append((offset, text))
            offset += len(text) + 1
        return found

    def chunks(self, limits: SearchLimits) -> list[tuple[int, str]]:
        """(normalised offset of the first character, display text) of each chunk of the fields
        after the title, joined by SEPARATOR: chunk c holds what lies at normalised offsets
        [c * chunk - chunk_before, (c + 1) * chunk + chunk_after)."""
        layout = []  # (normalised start, display start, normalised length, display length, map)
        normalised_start = display_start = 0
        for text, shown, starts in zip(self.fields, self.shown, self.maps):
            layout.append((normalised_start, display_start, len(text), len(shown), starts))
            normalised_start += len(text) + 1
            display_start += len(shown) + 1
        total = normalised_start - 1
        shown_rest = SEPARATOR.join(self.shown)

        def to_display(offset: int) -> tuple[int, int]:
            """The first displayed character starting at or after a normalised offset, and its start."""
            for n_start, d_start, n_len, d_len, starts in layout:
                if offset <= n_start + n_len:
                    local = max(0, offset - n_start)
                    index = local if starts is None else bisect.bisect_left(starts, local)
                    if index >= d_len:
                        return d_start + d_len, n_start + n_len  # the separator (or the end)
                    return d_start + index, n_start + (index if starts is None else starts[index])
            return len(shown_rest), total

        found = []
        size = limits.chunk
        for chunk in range(max(1, -(-total // size))):
            first, offset = to_display(max(0, chunk * size - limits.chunk_before))
            end, _ = to_display((chunk + 1) * size + limits.chunk_after)
            found.append((offset, shown_rest[first:end]))
        return found


def search_files(catalog: Catalog, limits: SearchLimits = SearchLimits()) -> dict[str, bytes]:
    """The search index for the public records, as site-relative path -> bytes."""
    records = catalog.public()
    prepared = [_Prepared(r) for r in records]
    title_span = max((len(p.title) for p in prepared), default=0) + 1
    index = build_gram_index([p.segments(title_span) for p in prepared], title_span, limits)
    files = index.files

    type_index = {t.key: i for i, t in enumerate(RECORD_TYPES)}
    for number, (record, item) in enumerate(zip(records, prepared)):
        meta = {
            "t": item.shown_title,
            "u": record.url,
            "d": record.publish_date.isoformat(),
            "k": type_index[record.type.key],
            "n": display(record.doc_number),
        }
        for chunk, (offset, text) in enumerate(item.chunks(limits)):
            files[f"search/t/{number}-{chunk}.json"] = _json({**meta, "o": offset, "x": text})
    files["search/types.txt"] = "".join(str(type_index[r.type.key]) for r in records).encode("ascii")
    manifest = {
        "version": FORMAT_VERSION,
        "records": len(records),
        "titleSpan": title_span,
        "chunk": limits.chunk,
        "shards": index.shard_count,
        "shardBytes": index.shard_average,
        "frequent": "\n".join(sorted(index.frequent)),
        "types": [[t.key, t.label] for t in RECORD_TYPES],
    }
    files["search/index.json"] = _json(manifest)
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
