"""Text packs: every public record's displayed text, stored once, `size` records to a file.

Each record is compressed on its own (zlib; "deflate" to the browser's DecompressionStream) and
the records of a pack are laid end to end; `packs.bin` gives every record's compressed size, so
that search.js asks for one record's bytes with a range request (a host that ignores ranges sends
the whole pack, which it then keeps). A hit costs its record's text, about a third of its size in
UTF-8, and a site has a file per `size` records: the snippets of the hits on screen and the
verification of a rare gram's candidates (`gongkai.render.search.buckets`) are cut from it.
Compressed on disk, the text counts for its compressed size where the host limits the site's size;
it is JSON in UTF-16 (little-endian) before compression: Chinese text compresses 7 % smaller so
than in UTF-8, three bytes a character.
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
    """Writes `search/p/<i>.bin` as each fills (records i * size onwards), then `search/packs.bin`:
    the compressed size of every record, as varints (zlib-compressed)."""

    def __init__(self, files: FileSink, size: int):
        self.files, self.size = files, size
        self.current: list[bytes] = []
        self.sizes: list[int] = []

    def add(self, entry: dict[str, Any]) -> None:
        data = compress(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-16-le")
        )
        self.current.append(data)
        self.sizes.append(len(data))
        if len(self.current) == self.size:
            self._flush()

    def _flush(self) -> None:
        if self.current:
            self.files[f"search/p/{(len(self.sizes) - 1) // self.size}.bin"] = b"".join(self.current)
        self.current = []

    def finish(self) -> None:
        self._flush()
        self.files["search/packs.bin"] = compress(varint_bytes(self.sizes))
