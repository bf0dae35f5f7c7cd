"""Text packs: every public record's displayed text, stored once, `size` records to a file.

Each record is compressed on its own (raw deflate) against a preset dictionary shared by the whole
index, and the records of a pack are laid end to end; `packs.bin` holds the dictionary, and
`o/<i>.bin` the compressed size of each record of a group of `group` records (a whole number of
packs), so that search.js asks for one record's bytes with a range request (a host that ignores
ranges sends the whole pack, which it then keeps). The sizes are in groups because a query needs
only its hits' (in one file, 300,000 records' sizes were 450 KB of every first query on a portal). A hit costs its record's
text, and a site has a file per `size` records: the snippets of the hits on screen and the
verification of a rare gram's candidates (`gongkai.render.search.buckets`) are cut from it.

The text is JSON, coded by character frequency before compression (`gongkai.render.search.ranks`),
the table of code units, commonest first, in `packs.bin`. The
dictionary is the end (`DICTIONARY` bytes, deflate's whole window) of the first records' coded
text, laid end to end: the words, phrases and JSON keys every record repeats are then found in it
rather than spelt out in each record (15 % smaller than each record compressed alone). A
browser's DecompressionStream takes no preset dictionary, so a stored record is its raw deflate
stream followed by the Adler-32 of the dictionary and the text together: `inflate_record` (and
search.js) put a zlib header and the dictionary (a stored, uncompressed block) in front of it,
inflate that as one zlib stream and drop the dictionary from the output. `read_packs` decodes an
index's packs into the records' entries, `read_site_packs` those of a built site.

A record whose other fields ("x") run past HEAD characters is stored in two parts of one deflate
stream: its head (the JSON up to HEAD characters into "x", ended by a sync flush: whole bytes,
every character so far decodable) and the rest. `o/` gives the head's size too, so that search.js
fetches only the head of a hit on screen whose snippet lies in it (most: the hits ranked first are
the longest records, and their first match is near the start), and the rest only when it does not;
the head read alone is the raw deflate data after the dictionary, then an empty final block, and
its text the JSON with '"}' added (`split_entry`). The whole record inflates as before.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from gongkai.render.search.ranks import decode_text, decode_texts, encode_texts, rank_lookup, rank_table
from gongkai.types import FileSink

ZLIB_LEVEL = 6  # level 9 saves under 0.5 % here, for twice the time
DICTIONARY = 32_768  # bytes of preset dictionary: deflate's window
SAMPLE = 1 << 18  # code units of the first records that rank the characters and make the dictionary
# Characters of "x" in a cut record's head; a record is cut when "x" is longer than HEAD_MIN. At a
# province of 295,386 records the 20 hits on screen of 月， were 129 KB of text, whole.
HEAD, HEAD_MIN = 1024, 1280
FINAL_EMPTY_BLOCK = b"\x01\x00\x00\xff\xff"  # a stored block, final, empty: ends a head read alone
_ZLIB_HEADER = b"\x78\x9c"  # deflate, 32 KB window, no preset dictionary (the stream carries it)


def compress(data: bytes) -> bytes:
    return zlib.compress(data, ZLIB_LEVEL)


def varint_bytes(values: list[int]) -> bytes:
    out = bytearray()
    for value in values:
        while value >= 0x80:
            out.append(value & 0x7F | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out)


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at `at`, and where the next value starts."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def entry_text(entry: dict[str, Any]) -> str:
    """A record's entry as stored (before coding and compression): JSON."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def split_entry(entry: dict[str, Any]) -> tuple[str, str]:
    """A record's entry as stored (`entry_text`), cut into its head and the rest ("" when "x" is
    not longer than HEAD_MIN): the head is the JSON up to HEAD characters into "x" ("x" is the
    last key), so that the head and '"}' are the entry with "x" cut there."""
    text = entry_text(entry)
    rest = entry.get("x", "")
    if len(rest) <= HEAD_MIN:
        return text, ""
    head = entry_text({**entry, "x": rest[:HEAD]})[:-2]
    if not text.startswith(head):  # "x" not last: a key after it (never, as the entries are made)
        return text, ""
    return head, text[len(head) :]


def deflate_record(data: bytes, dictionary: bytes, primed: Any = None) -> bytes:
    """`data` compressed against `dictionary`: raw deflate, then Adler-32 (big-endian) of the
    dictionary followed by `data` (the checksum of the stream `inflate_record` inflates).
    `primed`: a compressor already given the dictionary (`primed_compressor`), copied."""
    if primed is None and dictionary:
        primed = primed_compressor(dictionary)
    raw = _raw_deflate(data) if primed is None else (lambda c: c.compress(data) + c.flush())(primed.copy())
    return raw + zlib.adler32(data, zlib.adler32(dictionary)).to_bytes(4, "big")


def deflate_cut(head: bytes, rest: bytes, dictionary: bytes, primed: Any = None) -> tuple[bytes, int]:
    """A cut record (`split_entry`, coded) compressed against `dictionary` as `deflate_record`
    does, in one stream with a sync flush after the head; and the size of the head's part."""
    if primed is None and dictionary:
        primed = primed_compressor(dictionary)
    compressor = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15) if primed is None else primed.copy()
    first = compressor.compress(head) + compressor.flush(zlib.Z_SYNC_FLUSH)
    raw = first + compressor.compress(rest) + compressor.flush()
    return raw + zlib.adler32(head + rest, zlib.adler32(dictionary)).to_bytes(4, "big"), len(first)


def inflate_head(stored_head: bytes, dictionary: bytes) -> bytes:
    """A cut record's head text from the first bytes of its stored record (`deflate_cut`), as
    search.js inflates it: raw deflate after the dictionary, an empty final block to end it."""
    data = b"\x00" + len(dictionary).to_bytes(2, "little") + (len(dictionary) ^ 0xFFFF).to_bytes(2, "little")
    data += dictionary + stored_head + FINAL_EMPTY_BLOCK
    return zlib.decompress(data, -15)[len(dictionary) :]


def primed_compressor(dictionary: bytes) -> Any:
    """A raw-deflate compressor given `dictionary` (copied for each record: it is hashed once)."""
    return zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15, zdict=dictionary)


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def dictionary_prefix(dictionary: bytes) -> bytes:
    """A zlib header and the dictionary as a stored, not final, deflate block: what goes in front
    of a record's bytes to make one zlib stream (search.js builds the same)."""
    if not dictionary:
        return _ZLIB_HEADER
    size = len(dictionary)
    return _ZLIB_HEADER + b"\x00" + size.to_bytes(2, "little") + (size ^ 0xFFFF).to_bytes(2, "little") + dictionary


def inflate_record(stored: bytes, dictionary: bytes) -> bytes:
    """A record's text from its stored bytes (`deflate_record`), as a browser inflates it."""
    return zlib.decompress(dictionary_prefix(dictionary) + stored)[len(dictionary) :]


class Packs:
    """Writes `search/p/<i>.bin` as each fills (records i * size onwards), then `search/packs.bin`:
    zlib-compressed, the rank table's length (varint, code units) and code units (UTF-16LE), the
    dictionary's size (varint) and bytes; and `search/o/<i>.bin`: zlib-compressed, the stored size
    of records i * group onwards (`group` of them, varints). The first records (SAMPLE code units)
    wait until they make the table and the dictionary."""

    def __init__(self, files: FileSink, size: int, group: int):
        if group % size:
            raise ValueError(f"a group of sizes ({group}) must be a whole number of packs of {size}")
        self.files, self.size, self.group = files, size, group
        self.table: np.ndarray | None = None
        self.lookup = np.zeros(0, dtype=np.int64)  # code unit -> rank, once the table is made
        self.primed: Any = None  # a compressor given the dictionary
        self.dictionary = b""
        self.waiting: list[tuple[str, str]] = []  # the first records' text, until the table is made
        self.waiting_units = 0
        self.pending: list[tuple[str, str]] = []  # records' text to code together, once the table is made
        self.current: list[bytes] = []
        self.sizes: list[int] = []
        self.heads: list[int] = []  # the size of a cut record's head, 0 for a record not cut

    def add(self, entry: dict[str, Any]) -> None:
        head, rest = split_entry(entry)
        if self.table is None:
            self.waiting.append((head, rest))
            self.waiting_units += len(head) + len(rest)
            if self.waiting_units >= SAMPLE:
                self._release()
            return
        self.pending.append((head, rest))
        if len(self.pending) == self.size:  # a pack's records coded together (`encode_texts`)
            self._store_pending()

    def _code(self, texts: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
        assert self.table is not None
        coded = encode_texts([text for pair in texts for text in pair], self.table, self.lookup)
        return list(zip(coded[::2], coded[1::2], strict=True))

    def _store_pending(self) -> None:
        for head, rest in self._code(self.pending):
            self._store(head, rest)
        self.pending = []

    def _release(self) -> None:
        self.table = rank_table([head + rest for head, rest in self.waiting])
        self.lookup = rank_lookup(self.table)
        coded = self._code(self.waiting)
        self.dictionary = b"".join(head + rest for head, rest in coded)[-DICTIONARY:]
        self.primed = primed_compressor(self.dictionary) if self.dictionary else None
        self.waiting = []
        for head, rest in coded:
            self._store(head, rest)

    def _store(self, head: bytes, rest: bytes) -> None:
        if rest:
            stored, head_size = deflate_cut(head, rest, self.dictionary, self.primed)
        else:
            stored, head_size = deflate_record(head, self.dictionary, self.primed), 0
        self.current.append(stored)
        self.sizes.append(len(stored))
        self.heads.append(head_size)
        if len(self.current) == self.size:
            self._flush()

    def _flush(self) -> None:
        if self.current:
            self.files[f"search/p/{(len(self.sizes) - 1) // self.size}.bin"] = b"".join(self.current)
        self.current = []

    def finish(self) -> None:
        if self.table is None:
            self._release()
        self._store_pending()
        self._flush()
        # Done compressing: the output process may hand the finished text over to a fresh
        # interpreter by pickling it (gongkai.build.output), and a zlib compressor cannot be pickled.
        self.primed = None
        assert self.table is not None
        table = varint_bytes([len(self.table)]) + self.table.astype("<u2").tobytes()
        dictionary = varint_bytes([len(self.dictionary)]) + self.dictionary
        self.files["search/packs.bin"] = compress(table + dictionary)
        for first in range(0, len(self.sizes), self.group):
            self.files[f"search/o/{first // self.group}.bin"] = compress(
                varint_bytes(self.sizes[first : first + self.group] + self.heads[first : first + self.group])
            )


def read_group(data: bytes, count: int | None = None) -> tuple[list[int], list[int]]:
    """The stored sizes in an `o/<i>.bin` and their heads' sizes (0: not cut), each a varint, the
    sizes first. With `count` (the group's records) a group of an index before format 17, which has
    no heads' sizes, reads too (heads all 0); ValueError if it holds neither count nor twice it."""
    values = _varints(zlib.decompress(data), 0)
    if count is None:
        count = len(values) // 2
    if len(values) == 2 * count:
        return values[:count], values[count:]
    if len(values) == count:
        return values, [0] * count
    raise ValueError(f"a group of sizes holds {len(values)} values for {count} records")


def read_sizes(data: bytes) -> list[int]:
    """The stored sizes in an `o/<i>.bin` of this format (`read_group`)."""
    return read_group(data)[0]


def _varints(raw: bytes, at: int) -> list[int]:
    values: list[int] = []
    while at < len(raw):
        value, at = read_varint(raw, at)
        values.append(value)
    return values


class Directory:
    """`packs.bin` read: the rank table and the dictionary; and `sizes`, every record's stored
    size, after an index of format 14 (whose packs.bin held them; a portal reads its agencies'
    indexes of that format too). An index of a later format has them in `o/` (`read_sizes`)."""

    def __init__(self, data: bytes):
        raw = zlib.decompress(data)
        units, at = read_varint(raw, 0)
        self.table = np.frombuffer(raw, dtype="<u2", count=units, offset=at).astype(np.uint16)
        size, at = read_varint(raw, at + 2 * units)
        self.dictionary, at = raw[at : at + size], at + size
        self.sizes = _varints(raw, at)

    def entry(self, stored: bytes) -> dict[str, Any]:
        """A record's entry from its stored bytes."""
        return self.entries([stored])[0]

    def head(self, stored_head: bytes) -> dict[str, Any]:
        """A cut record's entry from its head alone ("x" cut HEAD characters in)."""
        return dict(json.loads(decode_text(inflate_head(stored_head, self.dictionary), self.table) + '"}'))

    def entries(self, stored: list[bytes]) -> list[dict[str, Any]]:
        """The entries of records from their stored bytes (a pack's: decoded together)."""
        texts = decode_texts([inflate_record(data, self.dictionary) for data in stored], self.table)
        return [json.loads(text) for text in texts]


def stored_sizes(group_file: Callable[[int], bytes], records: int, group: int) -> list[int]:
    """Every record's stored size, from the groups of sizes `group_file(i)` gives (`o/<i>.bin`,
    `group` records each, the last one the rest of `records`; with their heads' sizes from format
    17 on, without before); ValueError if they do not add up."""
    if not isinstance(group, int) or group < 1:
        raise ValueError(f"sizeGroup {group!r}")
    sizes: list[int] = []
    for first in range(0, records, group):
        try:
            held = read_group(group_file(first // group), min(group, records - first))[0]
        except ValueError as exc:
            raise ValueError(f"o/{first // group}.bin: {exc}") from exc
        sizes += held
    return sizes


def read_packs(files: Mapping[str, bytes], records: int, pack: int, group: int) -> list[dict[str, Any]]:
    """Every record's entry, in record order, from an index's data files by path relative to
    search/<stamp>/ ("packs.bin", "o/0.bin", "p/0.bin"...): `records` of them, `pack` to a pack
    and `group` to a file of sizes (the manifest's "records", "pack" and "sizeGroup").
    An entry: title "t", URL "u", date "d", type "k", document number "n", the other fields as
    displayed, "\n"-joined ("x"), where attachments' text starts ("a", if any)."""
    directory = Directory(files["packs.bin"])
    sizes = stored_sizes(lambda i: files[f"o/{i}.bin"], records, group)
    entries: list[dict[str, Any]] = []
    for first in range(0, len(sizes), pack):
        entries += directory.entries(split_pack(files[f"p/{first // pack}.bin"], sizes[first : first + pack]))
    return entries


def split_pack(data: bytes, sizes: list[int]) -> list[bytes]:
    """A text pack's records' stored bytes, `sizes` of them end to end from its start (a pack
    shorter or longer than their sum is for the caller to see: `sum(sizes)`)."""
    bounds = list(itertools.accumulate(sizes, initial=0))
    return [data[first:last] for first, last in itertools.pairwise(bounds)]


def read_site_packs(site_dir: Path) -> list[dict[str, Any]]:
    """The entries (`read_packs`) of every public record in a built site's search index, in
    record order (newest first), from the files its manifest (search/index.json) names."""
    manifest = json.loads((site_dir / "search" / "index.json").read_text(encoding="utf-8"))
    folder = site_dir / "search" / manifest["stamp"]
    records, pack, group = manifest["records"], manifest["pack"], manifest["sizeGroup"]
    names = [
        "packs.bin",
        *(f"o/{i}.bin" for i in range(-(-records // group))),
        *(f"p/{i}.bin" for i in range(-(-records // pack))),
    ]
    return read_packs({name: (folder / name).read_bytes() for name in names}, records, pack, group)
