"""Rank coding of the text packs' text (`gongkai.render.search.packs`): characters coded by frequency.

The 128 commonest UTF-16 code units of the first records (`packs.SAMPLE` code units) take a byte,
the next 32,512 two bytes (0x80 | rank high, rank low), any other 0xFF and the code unit
(little-endian); the table of code units, commonest first, is stored in `packs.bin`. Deflate's
Huffman codes then work on symbols that are characters (16 % smaller than UTF-16, itself 7 %
smaller than UTF-8). search.js decodes the same.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

ONE_BYTE, TABLE = 128, 128 + 127 * 256  # ranks coded in one byte; in the table at all

__all__ = [
    "ONE_BYTE",
    "TABLE",
    "decode_text",
    "decode_texts",
    "encode_text",
    "encode_texts",
    "rank_lookup",
    "rank_table",
]


def rank_table(texts: list[str]) -> np.ndarray:
    """The code units of `texts`, commonest first (then by code unit), at most TABLE of them."""
    units = np.frombuffer("".join(texts).encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    counts = np.bincount(units, minlength=1 << 16)
    present = np.flatnonzero(counts)
    ranked: np.ndarray = present[np.lexsort((present, -counts[present]))][:TABLE].astype(np.uint16)
    return ranked


def rank_lookup(table: np.ndarray) -> np.ndarray:
    """Code unit -> its rank in `table`, or -1."""
    rank = np.full(1 << 16, -1, dtype=np.int64)
    rank[table] = np.arange(len(table))
    return rank


def encode_text(text: str, table: np.ndarray, lookup: np.ndarray | None = None) -> bytes:
    """`text` coded by the ranks of its code units in `table` (`lookup`: its `rank_lookup`): one
    byte under ONE_BYTE, 0x80 | high, low below TABLE, else 0xFF and the code unit (little-endian)."""
    return encode_texts([text], table, lookup)[0]


def encode_texts(texts: list[str], table: np.ndarray, lookup: np.ndarray | None = None) -> list[bytes]:
    """Each of `texts` as `encode_text` codes it, coded together: the same whole-array steps once
    for all of them (a text pack's records), not once per text."""
    pieces = [text.encode("utf-16-le", "surrogatepass") for text in texts]
    units = np.frombuffer(b"".join(pieces), dtype=np.uint16)
    ranks = (rank_lookup(table) if lookup is None else lookup)[units]
    widths = np.where(ranks < 0, 3, np.where(ranks < ONE_BYTE, 1, 2))
    ends = np.cumsum(widths)
    at = ends - widths
    out = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    one, two, other = widths == 1, widths == 2, widths == 3
    out[at[one]] = ranks[one]
    high = ranks[two] - ONE_BYTE
    out[at[two]] = 0x80 | (high >> 8)
    out[at[two] + 1] = high & 0xFF
    out[at[other]] = 0xFF
    out[at[other] + 1] = units[other] & 0xFF
    out[at[other] + 2] = units[other] >> 8
    # Where each text's bytes end: the end of its last code unit's (the end before it when empty).
    last = np.cumsum([len(piece) // 2 for piece in pieces], dtype=np.int64)
    bounds = [0, *np.concatenate([[0], ends])[last].tolist()]
    coded = out.tobytes()
    return [coded[first:end] for first, end in itertools.pairwise(bounds)]


def decode_text(data: bytes, table: np.ndarray) -> str:
    """The text `encode_text` coded (search.js decodes the same)."""
    return decode_texts([data], table)[0]


def decode_texts(coded: list[bytes], table: np.ndarray) -> list[str]:
    """The texts `encode_text` coded (search.js decodes the same), decoded together in a few
    whole-array steps (`_characters`). IndexError if a text ends inside a character or a rank is
    outside the table, UnicodeDecodeError (a ValueError) if its code units are not UTF-16."""
    sizes = np.array([len(data) for data in coded], dtype=np.int64)
    units, starts = _characters(np.frombuffer(b"".join(coded), dtype=np.uint8), sizes, table)
    bounds = (2 * np.concatenate([[0], np.cumsum(starts)])[np.concatenate([[0], np.cumsum(sizes)])]).tolist()
    buffer = units.astype("<u2").tobytes()
    return [buffer[first:last].decode("utf-16-le") for first, last in itertools.pairwise(bounds)]


# From a character's start: the characters up to the next escape (0xFF and a code unit), then the
# escape, the end of the text, or a character cut short (any other byte: the text is broken).
_UP_TO_ESCAPE = re.compile(
    rb"(?:[\x00-\x7f]|[\x80-\xfe][\x00-\xff])*+(?:(\xff[\x00-\xff]{2})|(\Z)|[\x00-\xff])", re.DOTALL
)


def _characters(b: np.ndarray, sizes: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The code units of coded texts laid end to end in `b` (`sizes` bytes each), and where each
    character starts. The escapes are found by a regular expression that steps over the other
    characters; between them, a byte under 0x80 is a character or a character's second byte, so
    the first of a run of bytes from 0x80 up starts a character, then every other byte of the run."""
    escapes, whole = [], False
    for match in _UP_TO_ESCAPE.finditer(b.tobytes()):
        if match.start(1) >= 0:
            escapes.append(match.start(1))
        elif match.start(2) >= 0:
            whole = True
            break
        else:
            break
    if not whole:
        raise IndexError("a coded text ends inside a character")
    escape = np.array(escapes, dtype=np.int64)
    high = b >= ONE_BYTE
    for k in range(3):
        high[escape + k] = False
    opens = high.copy()
    opens[1:] &= ~high[:-1]
    at = np.arange(len(b), dtype=np.int32)
    lead = (at - np.maximum.accumulate(np.where(opens, at, 0))) & 1 == 0
    lead &= high
    start = np.ones(len(b), dtype=bool)
    start[1:] = ~lead[:-1]
    start[escape + 1] = start[escape + 2] = False
    if not start[(np.cumsum(sizes) - sizes)[sizes > 0]].all():  # a text ended inside a character
        raise IndexError("a coded text ends inside a character")
    plain = start.copy()
    plain[escape] = False
    first = np.flatnonzero(plain)
    two = first[lead[first]]
    rank = b[first].astype(np.int32)
    rank[lead[first]] = ONE_BYTE + ((b[two].astype(np.int32) & 0x7F) << 8 | b[two + 1])
    units = np.empty(len(b), dtype=np.uint16)
    units[first] = table[rank]
    units[escape] = b[escape + 1] | b[escape + 2].astype(np.uint16) << 8
    return units[start], start
