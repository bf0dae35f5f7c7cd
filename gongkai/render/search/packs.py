"""Text packs: every public record's displayed text, stored once, a few records to a file.

The snippet beside a hit is cut from its record's entry in a pack (search.js fetches the pack that
holds the record). Consecutive records fill a pack until it holds `size` displayed characters (a
record is never split: a pack exceeds `size` by its last record only), so that a site has far
fewer pack files than records and a hit costs about one pack to download. Packs are stored
compressed (zlib, "deflate" to the browser's DecompressionStream): Chinese text is three bytes a
character in UTF-8 and about one and a half compressed, and the disk the host allows is what limits
a big site.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from gongkai.types import FileSink

ZLIB_LEVEL = 6  # level 9 saves under 0.5 % here, for twice the time


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


class Packs:
    """Gathers record entries in order and writes `search/p/<i>.bin` as each pack fills, then
    `search/packs.bin`: the number of records in each pack, as varints."""

    def __init__(self, files: FileSink, size: int):
        self.files, self.size = files, size
        self.entries: list[dict[str, Any]] = []
        self.characters = 0
        self.counts: list[int] = []

    def add(self, entry: dict[str, Any], characters: int) -> None:
        self.entries.append(entry)
        self.characters += characters
        if self.characters >= self.size:
            self._flush()

    def _flush(self) -> None:
        if self.entries:
            data = json.dumps(self.entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            self.files[f"search/p/{len(self.counts)}.bin"] = compress(data.encode("utf-8"))
            self.counts.append(len(self.entries))
        self.entries, self.characters = [], 0

    def finish(self) -> None:
        self._flush()
        self.files["search/packs.bin"] = varint_bytes(self.counts)
