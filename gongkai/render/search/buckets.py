"""Rare grams: no list of their own, only their records, in buckets chosen by hash.

Most grams of a text occur in a handful of records (at 2,000 generated records, 1.6 million of the
2.3 million (gram, record) pairs of the bigram lists were grams found in at most 20 records), and
their keys and positions were most of the index. A gram found in at most `Limits.rare` records is
*rare*: its records go into bucket FNV-1a(gram) modulo `buckets`, with those of every other rare
gram that hashes there, and nothing else of it is stored. A query that needs a rare gram takes the
records of its bucket as candidates (the records containing the gram are among them), keeps those
that every other gram of the query allows, and verifies each in the record's own text (its text
pack, which the snippet needs anyway): exact, for a few packs' download.

A bucket's records: ascending, varint gaps (the first: the number itself). A shard holds
`per_shard` consecutive buckets: per bucket varint list size, then the lists (then zlib).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gongkai.render.search.packs import compress
from gongkai.render.search.ragged import merge, varints
from gongkai.types import FileSink


class Buckets:
    """The (gram hash, record) pairs of the rare grams, spilled to a file as they come."""

    def __init__(self, folder: Path):
        self.path = folder / "buckets"
        self.pairs = 0

    def add(self, hashes: np.ndarray, groups: np.ndarray, records: np.ndarray) -> None:
        """`hashes`: FNV-1a of each rare gram; `groups`: in how many records each occurs;
        `records`: those records, gram after gram."""
        pairs = np.empty(len(records), dtype=[("hash", "<u4"), ("record", "<u4")])
        pairs["hash"] = np.repeat(hashes.astype(np.uint32), groups)
        pairs["record"] = records
        with open(self.path, "ab") as spill:
            spill.write(pairs.tobytes())
        self.pairs += len(pairs)

    def write(self, prefix: str, average: int, target: int, files: FileSink) -> tuple[int, int]:
        """Write the bucket shards (`prefix`<i>.bin), about `average` pairs to a bucket and
        `target` bytes to a shard; returns the bucket count and the buckets per shard."""
        count = max(1, -(-self.pairs // max(1, average)))
        if not self.pairs:  # one shard of one empty bucket
            files[f"{prefix}0.bin"] = compress(b"\0")
            return count, 1
        pairs = np.fromfile(self.path, dtype=[("hash", "<u4"), ("record", "<u4")])
        keys = np.unique((pairs["hash"].astype(np.uint64) % np.uint64(count)) << np.uint64(32) | pairs["record"])
        del pairs
        bucket = (keys >> np.uint64(32)).astype(np.int64)
        record = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
        del keys
        gaps = record.copy()
        same = np.flatnonzero(bucket[1:] == bucket[:-1]) + 1
        gaps[same] = record[same] - record[same - 1] - 1
        lists = merge(varints(gaps), np.bincount(bucket, minlength=count))
        per_shard = max(1, round(count * target / max(1, int(lists.lengths.sum()))))
        offsets = lists.offsets()
        for shard, first in enumerate(range(0, count, per_shard)):
            last = min(count, first + per_shard)
            sizes = varints(lists.lengths[first:last]).data.tobytes()
            files[f"{prefix}{shard}.bin"] = compress(sizes + lists.data[offsets[first] : offsets[last]].tobytes())
        return count, per_shard
