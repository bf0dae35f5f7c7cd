"""Rare grams: no list of their own, only their records, in buckets chosen by hash.

Most grams of a text occur in a handful of records (at 2,000 generated records, 1.6 million of the
2.3 million (gram, record) pairs of the bigram lists were grams found in at most 20 records), and
their keys and positions were most of the index. A gram found in at most `Limits.rare` records is
*rare*: its records go into bucket FNV-1a(gram) modulo `buckets`, with those of every other rare
gram that hashes there, and nothing else of it is stored. A query that needs a rare gram takes the
records of its bucket as candidates (the records containing the gram are among them), keeps those
that every other gram of the query allows, and verifies each in the record's own text (its text
pack, which the snippet needs anyway): exact, for a few packs' download.

A bucket's records: ascending, gaps (the first: the number itself) in Exp-Golomb codes of the
manifest's `bucketOrder`, zero bits up to a whole byte. A shard holds `per_shard` consecutive
buckets: per bucket varint list size (bytes), then the lists (then zlib).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import numpy as np

from gongkai.render.search.packs import compress
from gongkai.render.search.ragged import Ragged, bit_strings, concatenate, exp_golomb, varints
from gongkai.types import FileSink


class Buckets:
    """The (gram hash, record) pairs of the rare grams, spilled to a file as they come."""

    def __init__(self, folder: Path):
        self.path = folder / "buckets"
        self.pairs = 0

    def add(self, hashes: np.ndarray, groups: np.ndarray, records: np.ndarray) -> None:
        """`hashes`: FNV-1a of each rare gram; `groups`: in how many records each occurs;
        `records`: those records, gram after gram."""
        pairs = np.empty(len(records), dtype=_PAIR)
        pairs["hash"] = np.repeat(hashes.astype(np.uint32), groups)
        pairs["record"] = records
        with open(self.path, "ab") as spill:
            spill.write(pairs.tobytes())
        self.pairs += len(pairs)

    SLICE = 1 << 20  # pairs sorted at a time (about): 8 MB of keys, a few times that in temporaries
    CHUNK = 1 << 18  # pairs split at a time

    def write(self, prefix: str, average: int, target: int, files: FileSink) -> tuple[int, int, int]:
        """Write the bucket shards (`prefix`<i>.bin), about `average` pairs to a bucket and
        `target` bytes to a shard; returns the bucket count, the buckets per shard and the
        Exp-Golomb order of the lists (floor(log2(mean + 1)) of the first slice's values).

        The pairs are never all in memory (at 10,000 records a sort of them all was the build's
        peak): they are split by bucket range into slices of about `SLICE` pairs, each slice is
        sorted and encoded on its own and its lists spilled; only a size per bucket is kept until
        the shards are cut from the spilled lists."""
        count = max(1, -(-self.pairs // max(1, average)))
        if not self.pairs:  # one shard of one empty bucket
            files[f"{prefix}0.bin"] = compress(b"\0")
            return count, 1, 0
        slices = max(1, -(-self.pairs // self.SLICE))
        bounds = [count * s // slices for s in range(slices + 1)]  # slice s: buckets bounds[s] to bounds[s + 1]
        self._split(count, bounds)
        sizes = np.zeros(count, dtype=np.int64)  # bytes of each bucket's list
        lists_path = self.path.with_name("bucket_lists")
        order: int | None = None
        with open(lists_path, "wb") as out:
            for s in range(slices):
                path = self.path.with_name(f"slice{s}")
                keys = np.fromfile(path, dtype=np.uint64)
                path.unlink()
                lists, order = _encode(keys, bounds[s], bounds[s + 1], order)
                del keys
                sizes[bounds[s] : bounds[s + 1]] = lists.lengths
                out.write(lists.data.tobytes())
        per_shard = max(1, round(count * target / max(1, int(sizes.sum()))))
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        with open(lists_path, "rb") as data:
            for shard, first in enumerate(range(0, count, per_shard)):
                last = min(count, first + per_shard)
                header = varints(sizes[first:last]).data.tobytes()
                data.seek(int(offsets[first]))
                files[f"{prefix}{shard}.bin"] = compress(header + data.read(int(offsets[last] - offsets[first])))
        lists_path.unlink()
        assert order is not None
        return count, per_shard, order

    def _split(self, count: int, bounds: list[int]) -> None:
        """Spill each pair, as its key (bucket << 32 | record), to the file of its slice
        ("slice<s>"), reading the pairs `CHUNK` at a time."""
        slices = len(bounds) - 1
        inner = np.asarray(bounds[1:-1], dtype=np.uint64)
        with ExitStack() as stack, open(self.path, "rb") as source:
            spills = [stack.enter_context(open(self.path.with_name(f"slice{s}"), "wb")) for s in range(slices)]
            while chunk := source.read(self.CHUNK * _PAIR.itemsize):
                pairs = np.frombuffer(chunk, dtype=_PAIR)
                bucket = pairs["hash"].astype(np.uint64) % np.uint64(count)
                keys = bucket << np.uint64(32) | pairs["record"]
                which = np.searchsorted(inner, bucket, side="right")
                del pairs, bucket, chunk
                ends = np.cumsum(np.bincount(which, minlength=slices))
                keys = keys[np.argsort(which, kind="stable")]
                del which
                for s, spill in enumerate(spills):
                    first = int(ends[s - 1]) if s else 0
                    spill.write(keys[first : int(ends[s])].tobytes())
        self.path.unlink()


_PAIR = np.dtype([("hash", "<u4"), ("record", "<u4")])


def _encode(keys: np.ndarray, first: int, last: int, order: int | None) -> tuple[Ragged, int]:
    """The lists of buckets `first` to `last` (exclusive) from the keys (bucket << 32 | record,
    any order, repeats allowed) of their pairs: per bucket its distinct records, ascending, as
    gaps (the first: the record itself) in Exp-Golomb codes of `order` (None: chosen from these
    gaps, floor(log2(mean + 1))), zero bits up to a whole byte. Returns the lists and the order."""
    keys.sort()
    fresh = np.empty(len(keys), dtype=bool)
    fresh[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=fresh[1:])
    keys = keys[fresh]
    del fresh
    bucket = (keys >> np.uint64(32)).astype(np.int64)
    record = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    del keys
    same = np.flatnonzero(bucket[1:] == bucket[:-1]) + 1
    record[same] -= record[same - 1] + 1  # right-hand side read before the write: gaps from the originals
    del same
    if order is None:
        order = min(15, int(np.floor(np.log2(float(record.mean()) + 1)))) if len(record) else 0
    counts = np.bincount(bucket - first, minlength=last - first)
    del bucket
    pieces, at = [], 0
    for start in range(0, len(counts), _CODED):  # some buckets at a time: a code's temporaries are ~50 bytes
        here = counts[start : start + _CODED]
        size = int(here.sum())
        codes, widths = exp_golomb(record[at : at + size], np.full(size, order))
        pieces.append(bit_strings(codes, widths, here))
        at += size
    return concatenate(pieces), order


_CODED = 1 << 12  # buckets coded at a time (about 16 pairs each)
