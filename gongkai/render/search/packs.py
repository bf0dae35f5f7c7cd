"""Text packs: every public record's displayed text, stored once, `size` records to a file.

Each record is compressed on its own (raw deflate) against a preset dictionary shared by the whole
index, and the records of a pack are laid end to end; `packs.bin` holds the dictionary and every
record's compressed size, so that search.js asks for one record's bytes with a range request (a
host that ignores ranges sends the whole pack, which it then keeps). A hit costs its record's
text, and a site has a file per `size` records: the snippets of the hits on screen and the
verification of a rare gram's candidates (`gongkai.render.search.buckets`) are cut from it.

The dictionary is the end (`DICTIONARY` bytes, deflate's whole window) of the first records'
text, laid end to end: the words, phrases and JSON keys every record repeats are then found in it
rather than spelt out in each record (15 % smaller than each record compressed alone). A
browser's DecompressionStream takes no preset dictionary, so a stored record is its raw deflate
stream followed by the Adler-32 of the dictionary and the text together: `inflate_record` (and
search.js) put a zlib header and the dictionary (a stored, uncompressed block) in front of it,
inflate that as one zlib stream and drop the dictionary from the output. The text is JSON in
UTF-16 (little-endian): Chinese text compresses 7 % smaller so than in UTF-8, three bytes a
character. `read_packs` decodes a site's packs into the records' entries.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from typing import Any

from gongkai.types import FileSink

ZLIB_LEVEL = 6  # level 9 saves under 0.5 % here, for twice the time
DICTIONARY = 32_768  # bytes of preset dictionary: deflate's window
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


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """A record's entry as stored (before compression): JSON in UTF-16LE."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-16-le")


def deflate_record(data: bytes, dictionary: bytes) -> bytes:
    """`data` compressed against `dictionary`: raw deflate, then Adler-32 (big-endian) of the
    dictionary followed by `data` (the checksum of the stream `inflate_record` inflates)."""
    compressor = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, -15, zdict=dictionary) if dictionary else None
    raw = compressor.compress(data) + compressor.flush() if compressor else _raw_deflate(data)
    return raw + zlib.adler32(data, zlib.adler32(dictionary)).to_bytes(4, "big")


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
    zlib-compressed, the dictionary's size (varint) and bytes, then the compressed size of every
    record (varints). The first records wait until they make the dictionary."""

    def __init__(self, files: FileSink, size: int):
        self.files, self.size = files, size
        self.dictionary: bytes | None = None
        self.waiting: list[bytes] = []  # the first records' text, until the dictionary is made
        self.current: list[bytes] = []
        self.sizes: list[int] = []

    def add(self, entry: dict[str, Any]) -> None:
        data = entry_bytes(entry)
        if self.dictionary is None:
            self.waiting.append(data)
            if sum(map(len, self.waiting)) >= DICTIONARY:
                self._release()
            return
        self._store(data)

    def _release(self) -> None:
        self.dictionary = b"".join(self.waiting)[-DICTIONARY:]
        waiting, self.waiting = self.waiting, []
        for data in waiting:
            self._store(data)

    def _store(self, data: bytes) -> None:
        assert self.dictionary is not None
        stored = deflate_record(data, self.dictionary)
        self.current.append(stored)
        self.sizes.append(len(stored))
        if len(self.current) == self.size:
            self._flush()

    def _flush(self) -> None:
        if self.current:
            self.files[f"search/p/{(len(self.sizes) - 1) // self.size}.bin"] = b"".join(self.current)
        self.current = []

    def finish(self) -> None:
        if self.dictionary is None:
            self._release()
        self._flush()
        assert self.dictionary is not None
        header = varint_bytes([len(self.dictionary)])
        self.files["search/packs.bin"] = compress(header + self.dictionary + varint_bytes(self.sizes))


def read_directory(data: bytes) -> tuple[bytes, list[int]]:
    """`packs.bin` (compressed) as the dictionary and every record's stored size."""
    raw = zlib.decompress(data)
    size, at = read_varint(raw, 0)
    dictionary, at = raw[at : at + size], at + size
    sizes = []
    while at < len(raw):
        value, at = read_varint(raw, at)
        sizes.append(value)
    return dictionary, sizes


def read_packs(files: Mapping[str, bytes], pack: int) -> list[dict[str, Any]]:
    """Every record's entry, in record order, from an index's data files by path relative to
    search/<stamp>/ ("packs.bin", "p/0.bin"...), `pack` records to a pack (the manifest's "pack").
    An entry: title "t", URL "u", date "d", type "k", document number "n", the other fields as
    displayed, "\\n"-joined ("x"), where attachments' text starts ("a", if any)."""
    dictionary, sizes = read_directory(files["packs.bin"])
    entries: list[dict[str, Any]] = []
    for first in range(0, len(sizes), pack):
        blob, at = files[f"p/{first // pack}.bin"], 0
        for size in sizes[first : first + pack]:
            entries.append(json.loads(inflate_record(blob[at : at + size], dictionary).decode("utf-16-le")))
            at += size
    return entries
