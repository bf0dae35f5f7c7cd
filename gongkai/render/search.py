"""The search index: exact substring search over the public records, static and sharded.

A visitor gets (from `gongkai/assets/search.js`, which reads the files written here) exactly the
public records whose title, summary, body (as plain text) or document number contain the query,
like the browser's find-in-page across the site; ranked title hits first, then by number of
occurrences, then newest first. `tests/test_search_index.py` mirrors the reader in Python.

Normalisation is in `gongkai.render.search_text` (the same there and in search.js; a browser test
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
- A gram whose positional list would exceed FREQUENT bytes (below MAX_GRAM characters) is
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
import itertools
import json
import operator
from array import array
from collections import Counter, defaultdict, deque
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
from gongkai.types import RECORD_TYPES

if TYPE_CHECKING:
    from gongkai.model import Catalog, Record

__all__ = ["SEPARATOR", "display", "fnv1a", "gram_file", "normalise", "normalise_query", "search_files", "search_text"]

FORMAT_VERSION = 1
SHARD_TARGET = 16_000  # bytes per shard file (on average)
FREQUENT = 8_000  # a positional list bigger than this is replaced by its gram's extensions
MAX_GRAM = 8  # grams are not extended beyond this length
CHUNK = 400  # normalised characters of display text per snippet chunk
CHUNK_BEFORE, CHUNK_AFTER = 40, 100  # overlap so that a match near a chunk edge has context


def fnv1a(key: str) -> int:
    """FNV-1a, 32 bit, over the UTF-16 code units of `key` (as search.js computes it)."""
    data = key.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


class _StepHashes(dict):
    """Character -> the FNV-1a state after the offset basis and that character (BMP only)."""

    def __missing__(self, char: str) -> int:
        self[char] = value = ((0x811C9DC5 ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
        return value


_FIRST_STEP = _StepHashes()


def _fnv1a_many(grams: list[str]) -> list[int]:
    """fnv1a of each gram; grams of one length and of BMP characters (the rule) are hashed a
    character position at a time, in C-level loops."""
    if not grams:
        return []
    length = len(grams[0])
    if any(len(g) != length for g in grams) or max(map(max, grams)) >= "\U00010000":
        return [fnv1a(g) for g in grams]
    hashes = list(map(_FIRST_STEP.__getitem__, map(operator.itemgetter(0), grams)))
    repeat = itertools.repeat
    for i in range(1, length):
        codes = map(ord, map(operator.itemgetter(i), grams))
        hashes = list(map(operator.and_, map(operator.mul, map(operator.xor, hashes, codes), repeat(0x01000193)), repeat(0xFFFFFFFF)))
    return hashes


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


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

    def chunks(self) -> list[tuple[int, str]]:
        """(normalised offset of the first character, display text) of each chunk of the fields
        after the title, joined by SEPARATOR: chunk c holds what lies at normalised offsets
        [c * CHUNK - CHUNK_BEFORE, (c + 1) * CHUNK + CHUNK_AFTER)."""
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
        for chunk in range(max(1, -(-total // CHUNK))):
            first, offset = to_display(max(0, chunk * CHUNK - CHUNK_BEFORE))
            end, _ = to_display((chunk + 1) * CHUNK + CHUNK_AFTER)
            found.append((offset, shown_rest[first:end]))
        return found


def search_files(catalog: Catalog) -> dict[str, bytes]:
    """The search index for the public records, as site-relative path -> bytes."""
    records = catalog.public()
    prepared = [_Prepared(r) for r in records]
    title_span = max((len(p.title) for p in prepared), default=0) + 1
    index = _GramIndex([p.segments(title_span) for p in prepared], title_span)
    files = index.pack()

    type_index = {t.key: i for i, t in enumerate(RECORD_TYPES)}
    for number, (record, item) in enumerate(zip(records, prepared)):
        meta = {
            "t": item.shown_title,
            "u": record.url,
            "d": record.publish_date.isoformat(),
            "k": type_index[record.type.key],
            "n": display(record.doc_number),
        }
        for chunk, (offset, text) in enumerate(item.chunks()):
            files[f"search/t/{number}-{chunk}.json"] = _json({**meta, "o": offset, "x": text})
    files["search/types.txt"] = "".join(str(type_index[r.type.key]) for r in records).encode("ascii")
    manifest = {
        "version": FORMAT_VERSION,
        "records": len(records),
        "titleSpan": title_span,
        "chunk": CHUNK,
        "shards": index.shard_count,
        "shardBytes": index.shard_average,
        "frequent": "\n".join(sorted(index.frequent)),
        "types": [[t.key, t.label] for t in RECORD_TYPES],
    }
    files["search/index.json"] = _json(manifest)
    return files


# Varint bytes of small values, looked up rather than computed (most values are small).
_SMALL = [bytes([v]) if v < 0x80 else bytes([(v & 0x7F) | 0x80, v >> 7]) for v in range(1 << 14)]


class _Varints(dict):
    """Value -> its varint bytes, computed on first use (prefilled with the small values)."""

    def __missing__(self, value: int) -> bytes:
        out = bytearray()
        _varint(value, out)
        self[value] = encoded = bytes(out)
        return encoded


_VARINTS = _Varints(enumerate(_SMALL))
_drain = deque(maxlen=0).extend  # consume an iterator


def _varint_bytes(value: int) -> bytes:
    if value < 16384:
        return _SMALL[value]
    out = bytearray()
    _varint(value, out)
    return bytes(out)


def _read_varint(data: bytes | bytearray, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7


class _PartOf(dict):
    """Code point -> the character naming its partition ('0'..), computed on first use."""

    def __init__(self, parts: int):
        super().__init__()
        self.parts = parts

    def __missing__(self, code: int) -> str:
        self[code] = value = chr(0x30 + code % self.parts)
        return value


class _GramIndex:
    """Posting lists of grams, level by level (length 2, 3, ... MAX_GRAM), packed into files.

    A gram whose positional list would exceed FREQUENT bytes (below MAX_GRAM) is *frequent*: it
    keeps only a summary list (record, count, title flag, first position), in a file of its own,
    for queries equal to it; its one-character extensions on both sides are indexed at the next
    level instead, so a longer query never needs its big positional list.

    Memory: the bigrams are collected in PARTS passes (by their second character), and finished
    lists are kept as packed bytes (`_arena`), not as one Python object per gram.
    """

    PARTS = 4

    def __init__(self, segments: list[list[tuple[int, str]]], title_span: int):
        self.segments = segments  # per record: (virtual start, normalised text) of each field
        self.title_span = title_span
        self.frequent: set[str] = set()
        self.files: dict[str, bytes] = {}  # own files: summaries of single characters and frequent grams
        self._arena = bytearray()  # positional lists: (varint units, UTF-16 gram, varint size, list)*
        self._hashes = array("I")  # per positional list in the arena: fnv1a of its gram
        self._bounds = array("Q")  # per positional list: where it starts and where its list starts
        self._unigrams()
        part_of = _PartOf(self.PARTS)
        starts: list[array] = [array("I") for _ in segments]  # where the frequent grams start
        found_any = False
        for part in range(self.PARTS):
            found_any |= self._collect(2, self._bigrams(part_of, chr(0x30 + part)), starts)
        length = 2
        while found_any and length < MAX_GRAM:
            length += 1
            previous, starts = starts, [array("I") for _ in segments]
            found_any = self._collect(length, self._extensions(previous, length), starts)
        del starts

    # -- single characters ----------------------------------------------------------------------

    def _unigrams(self) -> None:
        blocks: defaultdict[str, bytearray] = defaultdict(bytearray)
        last: dict[str, int] = {}
        vb = _VARINTS.__getitem__
        repeat, add, sub = itertools.repeat, operator.add, operator.sub
        span = self.title_span
        for number, segments in enumerate(self.segments):
            # The fields after the title as at their virtual positions (from span), "\n" between.
            rest, title, position = [], "", span
            for start, text in segments:
                if start == 0:
                    title = text
                    continue
                rest.append(SEPARATOR * (start - position))
                rest.append(text)
                position = start + len(text)
            rest = "".join(rest)
            counts = Counter(title)
            counts.update(rest)
            counts.pop(SEPARATOR, None)
            first = dict(zip(rest[::-1], range(len(rest), 0, -1)))  # first position after the title + 1
            in_title = set(title)
            # Per character: varint gap, varint (count << 1 | in title), varint first (all in C-level loops).
            gaps = map(sub, repeat(number - 1), map(last.get, counts, repeat(-1)))
            flags = map(operator.or_, map(operator.lshift, counts.values(), repeat(1)), map(in_title.__contains__, counts))
            entries = map(add, map(add, map(vb, gaps), map(vb, flags)), map(vb, map(first.get, counts, repeat(0))))
            _drain(map(bytearray.__iadd__, map(blocks.__getitem__, counts), entries))
            last.update(dict.fromkeys(counts, number))
        for char in sorted(blocks):
            self.files[f"search/g/{gram_file(char)}"] = bytes(blocks.pop(char))

    # -- grams of two or more characters --------------------------------------------------------

    def _bigrams(self, part_of: _PartOf, part: str):
        """Per record: gram -> positions, for the bigrams whose second character is in `part`."""
        for segments in self.segments:
            found: dict[str, list[int]] = defaultdict(list)
            for start, text in segments:
                marks = text.translate(part_of)
                i = marks.find(part, 1)
                while i > 0:
                    found[text[i - 1 : i + 1]].append(start + i - 1)
                    i = marks.find(part, i + 1)
            yield found

    def _extensions(self, starts: list[array], length: int):
        """Per record: gram -> positions, for the grams of `length` that extend a frequent gram
        (of length - 1, starting at `starts`) by one character on either side."""
        for number, here in enumerate(starts):
            found: dict[str, list[int]] = defaultdict(list)
            for start, text, p in self._walk(number, {q for p in here for q in (p - 1, p)}):
                offset = p - start
                if offset + length <= len(text):
                    found[text[offset : offset + length]].append(p)
            yield found

    def _walk(self, number: int, positions: set[int]):
        """(field start, field text, position) for the positions that fall inside a field."""
        segments = self.segments[number]
        k = 0
        for p in sorted(positions):
            while k < len(segments) and p >= segments[k][0] + len(segments[k][1]):
                k += 1
            if k == len(segments):
                break
            start, text = segments[k]
            if p >= start:
                yield start, text, p

    def _collect(self, length: int, per_record, starts: list[array]) -> bool:
        """Encode the positional lists; the frequent grams get summary files (and their positions
        are added to `starts`), the others go to the arena. Returns whether any was frequent."""
        blocks: dict[str, bytearray] = {}
        last: dict[str, int] = {}
        get = blocks.get
        small, one, varint = _SMALL, _SMALL[1], _varint_bytes
        for number, found in enumerate(per_record):
            for gram, positions in found.items():
                block = get(gram)
                if block is None:
                    gap = number
                    block = blocks[gram] = bytearray()
                else:
                    gap = number - last[gram] - 1
                last[gram] = number
                if len(positions) == 1:  # the common case, made fast
                    p = positions[0]
                    if gap < 16384 and p < 16384:
                        block += small[gap] + one + small[p]
                        continue
                block += varint(gap)
                block += varint(len(positions))
                previous = 0
                for p in positions:
                    block += varint(p - previous)
                    previous = p
        del last
        frequent = set()
        arena = self._arena
        bounds = self._bounds
        kept: list[str] = []
        for gram in sorted(blocks):
            block = blocks.pop(gram)
            if length < MAX_GRAM and len(block) > FREQUENT:
                frequent.add(gram)
                self.files[f"search/g/{gram_file(gram)}"] = self._summary(block, starts)
            else:
                encoded = gram.encode("utf-16-le")
                kept.append(gram)
                bounds.append(len(arena))
                arena += _SMALL[len(encoded) >> 1] + encoded + _varint_bytes(len(block))
                bounds.append(len(arena))
                arena += block
        self._hashes.extend(_fnv1a_many(kept))
        self.frequent |= frequent
        return bool(frequent)

    def _summary(self, block: bytearray, starts: list[array]) -> bytes:
        """A positional list as a summary list: (gap, count << 1 | in title, first position + 1).
        Its positions are added to `starts`."""
        out = bytearray()
        i, end, span = 0, len(block), self.title_span
        number = -1
        while i < end:
            gap, i = _read_varint(block, i)
            count, i = _read_varint(block, i)
            number += gap + 1
            here = starts[number]
            position = 0
            in_title = False
            first_rest = 0
            for _ in range(count):
                delta, i = _read_varint(block, i)
                position += delta
                here.append(position)
                if position < span:
                    in_title = True
                elif not first_rest:
                    first_rest = position - span + 1
            out += _varint_bytes(gap)
            out += _varint_bytes((count << 1) | in_title)
            out += _varint_bytes(first_rest)
        return bytes(out)

    # -- packing --------------------------------------------------------------------------------

    def pack(self) -> dict[str, bytes]:
        """All index files: the own files, and the positional lists grouped into shards."""
        arena = self._arena
        self.shard_count = max(1, -(-len(arena) // SHARD_TARGET))
        headers = [bytearray() for _ in range(self.shard_count)]
        bodies = [bytearray() for _ in range(self.shard_count)]
        counts = [0] * self.shard_count
        bounds = self._bounds
        bounds.append(len(arena))
        shard_count = self.shard_count
        with memoryview(arena) as view:
            for j, key in enumerate(self._hashes):
                shard = key % shard_count
                start, data, end = bounds[2 * j], bounds[2 * j + 1], bounds[2 * j + 2]
                headers[shard] += view[start:data]
                bodies[shard] += view[data:end]
                counts[shard] += 1
        self._hashes, self._bounds = array("I"), array("Q")
        self._arena = arena = bytearray()
        files = self.files
        self.files = {}
        sizes = 0
        for shard in range(self.shard_count):
            out = bytearray()
            _varint(counts[shard], out)
            out += headers[shard]
            out += bodies[shard]
            headers[shard] = bodies[shard] = bytearray()
            files[f"search/s/{shard}.bin"] = bytes(out)
            sizes += len(out)
        self.shard_average = round(sizes / self.shard_count)
        return files


def gram_file(gram: str) -> str:
    """The file name of a gram's own file: its code points in hex, joined by '-'."""
    return "-".join(f"{ord(c):x}" for c in gram) + ".bin"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
