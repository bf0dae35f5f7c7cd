"""Ragged arrays: many short, variable-length items stored end to end in one NumPy array.

The search index is millions of small byte strings (varints, keys, posting lists). Building them
one Python object at a time costs seconds per million; these helpers build them whole-array at a
time. An item is `data[offsets[i]:offsets[i + 1]]`.
"""

from __future__ import annotations

import itertools

import numpy as np


class Ragged:
    """Items of variable length, end to end in `data`; `lengths[i]` is item i's length.
    Treated as immutable: the helpers below build new ones."""

    __slots__ = ("_offsets", "data", "lengths")

    def __init__(self, data: np.ndarray, lengths: np.ndarray):
        self.data = data
        self.lengths = np.asarray(lengths, dtype=np.int64)
        self._offsets: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.lengths)

    def offsets(self) -> np.ndarray:
        """Where each item starts, and (last) the end of the data: len(self) + 1 values (computed
        once: the shards take from the same lists batch after batch)."""
        if self._offsets is None:
            self._offsets = np.zeros(len(self.lengths) + 1, dtype=np.int64)
            np.cumsum(self.lengths, out=self._offsets[1:])
        return self._offsets

    def items(self) -> list[bytes]:
        """Every item as bytes (for a few thousand items, not millions)."""
        data = self.data.tobytes()
        size = self.data.itemsize
        bounds = (self.offsets() * size).tolist()
        return [data[a:b] for a, b in itertools.pairwise(bounds)]


def spread(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices starts[i], starts[i] + 1, ... (lengths[i] of them) for every i, concatenated."""
    lengths = np.asarray(lengths, dtype=np.int64)
    before = np.cumsum(lengths) - lengths  # where item i's indices begin in the result
    shift = np.asarray(starts, dtype=np.int64) - before
    total = int(before[-1] + lengths[-1]) if len(lengths) else 0
    # Half the memory for the (usual) arrays under 2 GiB: the index arrays are the biggest here.
    small = total < 2**31 and (not len(shift) or (int(shift.min()) > -(2**31) and int(shift.max()) + total < 2**31))
    kind = np.int32 if small else np.int64
    return np.repeat(shift.astype(kind), lengths) + np.arange(total, dtype=kind)


def varints(values: np.ndarray) -> Ragged:
    """Each value (non-negative) as an unsigned LEB128 varint: 7 bits a byte, low bits first,
    the high bit set on every byte but the last."""
    values = np.asarray(values)
    if not len(values) or int(values.max()) < 0x80:  # the common case: one byte each
        return Ragged(values.astype(np.uint8), np.ones(len(values), dtype=np.int64))
    # Unsigned, 4 bytes a value when they fit (most lists' values do): half the temporaries.
    kind = np.uint32 if int(values.max()) < 2**32 else np.uint64
    values = values.astype(kind)
    counts = np.ones(len(values), dtype=np.int64)
    for bits in range(7, 64 if kind is np.uint64 else 32, 7):
        above = values >= (1 << bits)
        if not above.any():
            break
        counts += above
    data = np.empty(int(counts.sum()), dtype=np.uint8)
    starts = np.cumsum(counts) - counts
    for k in range(int(counts.max())):
        chosen = np.flatnonzero(counts > k) if k else slice(None)
        low = ((values[chosen] >> (7 * k)) & 0x7F).astype(np.uint8)
        more = (counts[chosen] > k + 1).astype(np.uint8) << np.uint8(7)
        data[starts[chosen] + k] = low | more
    return Ragged(data, counts)


def interleave(*parts: Ragged) -> Ragged:
    """Item i of the result is item i of each part, one after another (all parts the same length)."""
    lengths = sum((p.lengths for p in parts), np.zeros(len(parts[0]), dtype=np.int64))
    data = np.empty(int(lengths.sum()), dtype=parts[0].data.dtype)
    at = np.cumsum(lengths) - lengths
    for part in parts:
        # Items of one element each (a code per item, most parts here) go straight to their place.
        data[at if len(part.data) == len(part) and (part.lengths == 1).all() else spread(at, part.lengths)] = part.data
        at += part.lengths
    return Ragged(data, lengths)


def merge(ragged: Ragged, counts: np.ndarray) -> Ragged:
    """Consecutive items joined: the first counts[0] items become item 0, the next counts[1] item 1..."""
    ends = np.cumsum(counts)
    offsets = ragged.offsets()
    return Ragged(ragged.data, offsets[ends] - offsets[ends - counts])


def take(ragged: Ragged, chosen: np.ndarray) -> Ragged:
    """The items at the indices `chosen` (or a boolean mask), in that order."""
    starts = ragged.offsets()[:-1][chosen]
    lengths = ragged.lengths[chosen]
    return Ragged(ragged.data[spread(starts, lengths)], lengths)


def concatenate(pieces: list[Ragged]) -> Ragged:
    """The items of `pieces`, one after another (none: an empty Ragged of bytes)."""
    if not pieces:
        return Ragged(np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64))
    return Ragged(np.concatenate([p.data for p in pieces]), np.concatenate([p.lengths for p in pieces]))


def exp_golomb(values: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value (non-negative) as an Exp-Golomb code of order k (per value): w = value + 2**k
    written in binary (n + 1 bits, n = floor(log2 w)) behind n - k zeros. Returns the codes (w)
    and their widths in bits (2n - k + 1): small values cost k + 1 bits, each doubling 2 more."""
    w = np.asarray(values, dtype=np.uint64) + (np.uint64(1) << np.asarray(k, dtype=np.uint64))
    n = np.frexp(w.astype(np.float64))[1].astype(np.int64) - 1  # exact below 2**53
    return w, 2 * n - np.asarray(k, dtype=np.int64) + 1


def bit_strings(codes: np.ndarray, widths: np.ndarray, counts: np.ndarray) -> Ragged:
    """Items of bits: item i is the next counts[i] codes, each the low widths[j] bits of codes[j]
    (at most 57), most significant first, end to end, then zero bits up to a whole byte."""
    widths = np.asarray(widths, dtype=np.int64)
    assert not len(widths) or int(widths.max()) <= 57, "a code too wide for one 64-bit word"
    item_bits = np.zeros(len(counts), dtype=np.int64)
    ends = np.cumsum(counts)
    nonempty = np.flatnonzero(counts)
    if len(widths):
        item_bits[nonempty] = np.add.reduceat(widths, (ends - counts)[nonempty])
    item_bytes = (item_bits + 7) >> 3
    # Where each code starts, in the items' bits laid end to end, each item from a whole byte.
    start = np.cumsum(widths) - widths
    start += np.repeat(np.cumsum(item_bytes) * 8 - item_bytes * 8 - (np.cumsum(item_bits) - item_bits), counts)
    total = int(item_bytes.sum())
    # The bits as big-endian 64-bit words. Code j lies in word start >> 6 from bit start & 63 (the
    # most significant first) and, past its end, in the next word; codes' bits never overlap, so a
    # word is the OR of its codes' parts, and the codes of a word are consecutive (starts ascend).
    words = np.zeros((total >> 3) + 2, dtype=np.uint64)  # room past the end: a code of no bits may lie there
    for at in range(0, len(widths), _BIT_CHUNK):  # a chunk at a time: a few temporaries per code
        here = slice(at, at + _BIT_CHUNK)
        offset = start[here]
        word = offset >> 6
        end = (offset & 63) + widths[here]  # where the code ends, in bits from its word's start
        code = np.asarray(codes[here], dtype=np.uint64)
        head = (code >> np.maximum(end - 64, 0).astype(np.uint64)) << np.maximum(64 - end, 0).astype(np.uint64)
        first = np.flatnonzero(np.diff(word, prepend=-1))  # the first code of each word
        words[word[first]] |= np.bitwise_or.reduceat(head, first)
        over = np.flatnonzero(end > 64)  # codes that go on in the next word (at most one a word)
        words[word[over] + 1] |= code[over] << (128 - end[over]).astype(np.uint64)
    return Ragged(words.astype(">u8").view(np.uint8)[:total], item_bytes)


_BIT_CHUNK = 1 << 16  # codes packed at a time
