"""The gram index's lists on their way to shards: gathered on disk by hash, then packed.

`gongkai.render.search.gram_index` makes the lists level by level; `Lists` spills each to one of
`Lists.BUCKETS` files by the FNV-1a hash of its gram (the hash `search.js` uses to find a gram's
shard), then writes the shards bucket by bucket, so that the lists are never all in memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gongkai.render.search.packs import compress
from gongkai.render.search.ragged import Ragged, interleave, merge, take, varints
from gongkai.types import FileSink

FNV_BASIS, FNV_PRIME = 0x811C9DC5, 0x01000193  # FNV-1a, 32 bit (search.js uses the same)


class Lists:
    """Lists keyed by gram, gathered level by level, then packed into shards by the gram's hash.

    They are gathered on disk, not in memory (at 30,000 records the positional lists alone are
    330 MB): `add` appends each list, with its header and hash, to one of `BUCKETS` spill files
    chosen by the hash. A big index gets a multiple of `BUCKETS` shards, so that every shard's
    lists lie in one bucket and the shards are packed one bucket at a time; a small one (under
    `BUCKETS * 8` shards, a few MB) is packed from all the buckets at once."""

    BUCKETS = 64

    def __init__(self, folder: Path):
        self.folder = folder
        self.total = 0  # bytes of headers and lists gathered

    def add(self, grams: np.ndarray, lists: Ragged) -> None:
        """The lists of some grams of one length, in gram order: `grams` holds their code points,
        a row per gram."""
        units = _utf16(grams)
        # Per list: varint code-unit count, UTF-16LE gram, varint size.
        headers = interleave(varints(units.lengths), _bytes(units), varints(lists.lengths))
        hashes = _fnv1a(units)
        self.total += int(headers.lengths.sum() + lists.lengths.sum())
        bucket = hashes % np.uint64(self.BUCKETS)
        order = np.argsort(bucket, kind="stable")
        headers, lists, hashes = take(headers, order), take(lists, order), hashes[order]
        ends = np.cumsum(np.bincount(bucket, minlength=self.BUCKETS))
        header_at, list_at = headers.offsets(), lists.offsets()
        for number, (first, last) in enumerate(zip(np.concatenate([[0], ends[:-1]]), ends)):
            if first == last:
                continue
            meta = np.empty(int(last - first), dtype=_META)
            meta["hash"], meta["header"], meta["list"] = (
                hashes[first:last],
                headers.lengths[first:last],
                lists.lengths[first:last],
            )
            with open(self.folder / str(number), "ab") as spill:
                spill.write(np.int64(len(meta)).tobytes())
                spill.write(meta.tobytes())
                spill.write(headers.data[header_at[first] : header_at[last]].tobytes())
                spill.write(lists.data[list_at[first] : list_at[last]].tobytes())

    def shards(self, prefix: str, target: int, files: FileSink) -> tuple[int, int]:
        """Write the shards (`prefix`<i>.bin, FNV-1a of the gram modulo the shard count): varint
        key count; per key varint code-unit count, UTF-16LE key, varint list size; then the lists
        in the same order. Returns the shard count and the average shard size."""
        shard_count = max(1, -(-self.total // target))
        if shard_count >= self.BUCKETS * 8:
            shard_count = -(-shard_count // self.BUCKETS) * self.BUCKETS
            batches = [([number], range(number, shard_count, self.BUCKETS)) for number in range(self.BUCKETS)]
        else:
            batches = [(list(range(self.BUCKETS)), range(shard_count))]
        size = 0
        for buckets, numbers in batches:
            headers, lists, hashes = self._read(buckets)
            size += _pack(prefix, headers, lists, hashes, shard_count, numbers, target, files)
        return shard_count, round(size / shard_count)

    def _read(self, buckets: list[int]) -> tuple[Ragged, Ragged, np.ndarray]:
        """The headers, lists and hashes spilled to these buckets, in the order they were added."""
        metas, headers, lists = [], [], []
        for number in buckets:
            path = self.folder / str(number)
            data = path.read_bytes() if path.exists() else b""
            at = 0
            while at < len(data):
                count = int(np.frombuffer(data, dtype=np.int64, count=1, offset=at)[0])
                meta = np.frombuffer(data, dtype=_META, count=count, offset=at + 8)
                at += 8 + meta.nbytes
                header_size, list_size = int(meta["header"].sum()), int(meta["list"].sum())
                headers.append(np.frombuffer(data, dtype=np.uint8, count=header_size, offset=at))
                lists.append(np.frombuffer(data, dtype=np.uint8, count=list_size, offset=at + header_size))
                metas.append(meta)
                at += header_size + list_size
        meta = np.concatenate(metas) if metas else np.zeros(0, dtype=_META)
        joined = [np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8) for parts in (headers, lists)]
        return Ragged(joined[0], meta["header"]), Ragged(joined[1], meta["list"]), meta["hash"].astype(np.uint64)


_META = np.dtype([("hash", "<u4"), ("header", "<u2"), ("list", "<u4")])  # per spilled list


def _pack(
    prefix: str,
    headers: Ragged,
    lists: Ragged,
    hashes: np.ndarray,
    shard_count: int,
    numbers: range,
    target: int,
    files: FileSink,
) -> int:
    """Write the shards `numbers` (which hold every one of these lists, and only them); returns their bytes."""
    shard = (hashes % np.uint64(shard_count)).astype(np.int64)
    order = np.argsort(shard, kind="stable")
    keys = np.bincount(shard, minlength=shard_count)[numbers.start : numbers.stop : numbers.step]
    ends = np.cumsum(keys)  # in `order`, the lists of the i-th shard of `numbers` end at ends[i]
    size = first = 0
    while first < len(numbers):  # in batches of ~2 MB of shards: ~25 MB of temporaries
        last = min(len(numbers), first + max(1, (1 << 21) // target))
        counts = keys[first:last]
        chosen = order[int(ends[first] - keys[first]) : int(ends[last - 1])]
        out = interleave(varints(counts), merge(take(headers, chosen), counts), merge(take(lists, chosen), counts))
        for number, data in zip(numbers[first:last], out.items()):
            files[f"{prefix}{number}.bin"] = compress(data)
            size += len(data)
        first = last
    return size


def gram_hashes(codes: np.ndarray) -> np.ndarray:
    """FNV-1a (32 bit, over UTF-16 code units) of each gram, given as rows of code points."""
    return _fnv1a(_utf16(codes))


def _utf16(codes: np.ndarray) -> Ragged:
    """Each row of code points (one gram per row) as UTF-16 code units."""
    codes = codes.astype(np.uint64)
    astral = codes >= 0x10000
    offset = codes - np.uint64(0x10000)
    high = np.where(astral, 0xD800 + (offset >> np.uint64(10)), codes)
    low = 0xDC00 + (offset & np.uint64(0x3FF))
    shape = (codes.shape[0], 2 * codes.shape[1])
    units = np.stack([high, low], axis=2).reshape(shape)
    present = np.stack([np.ones_like(astral), astral], axis=2).reshape(shape)
    return Ragged(units[present].astype(np.uint16), present.sum(axis=1))


def _bytes(units: Ragged) -> Ragged:
    """UTF-16 code units as little-endian bytes."""
    return Ragged(units.data.astype("<u2").view(np.uint8), units.lengths * 2)


def _fnv1a(units: Ragged) -> np.ndarray:
    """FNV-1a (32 bit) over each item's UTF-16 code units, as search.js computes it."""
    hashes = np.full(len(units), FNV_BASIS, dtype=np.uint64)
    starts = units.offsets()[:-1]
    for k in range(int(units.lengths.max(initial=0))):
        here = units.lengths > k
        mixed = hashes[here] ^ units.data[starts[here] + k].astype(np.uint64)
        hashes[here] = (mixed * np.uint64(FNV_PRIME)) & np.uint64(0xFFFFFFFF)
    return hashes
