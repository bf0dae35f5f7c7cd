"""The search index read back in Python: a mirror of gongkai/assets/search.js (`Reader`), for the
unit tests of the index (tests/unit/search/test_write.py) and the site tests of versions."""

from __future__ import annotations

import bisect
import itertools
import json
import zlib
from dataclasses import dataclass

from gongkai.render.search import packs
from gongkai.render.search import write as search
from gongkai.render.search.write import SEPARATOR, normalise, normalise_query

read_varint = packs.read_varint  # (value, where the next starts): as search.js reads a varint


def read_varints(data: bytes) -> list[int]:
    values, i = [], 0
    while i < len(data):
        value, i = read_varint(data, i)
        values.append(value)
    return values


class Codes:
    """Exp-Golomb codes in `block`, most significant bit first, then zero bits up to a whole
    byte (search.js `Codes`)."""

    def __init__(self, block: bytes):
        self.bits = "".join(f"{byte:08b}" for byte in block)
        self.at, self.last = 0, self.bits.rfind("1")  # the rest is padding

    def more(self) -> bool:
        return self.at <= self.last

    def next(self, order: int) -> int:
        zeros = self.bits.index("1", self.at) - self.at
        width = zeros + order + 1
        value = int(self.bits[self.at + zeros : self.at + zeros + width], 2) - (1 << order)
        self.at += zeros + width
        return value


def positional_list(block: bytes) -> dict[int, list[int]]:
    """A positional list: a byte of two Exp-Golomb orders (gaps << 4 | values), then per record
    the code of its gap, per occurrence that of (delta << 1 | more) (search.js `positionalList`)."""
    gap_order, value_order = block[0] >> 4, block[0] & 15
    codes = Codes(block[1:])
    lists: dict[int, list[int]] = {}
    number = -1
    while codes.more():
        number += codes.next(gap_order) + 1
        positions, p, more = [], 0, True
        while more:
            coded = codes.next(value_order)
            p += coded >> 1
            more = bool(coded & 1)
            positions.append(p)
        lists[number] = positions
    return lists


@dataclass
class Hit:
    number: int
    count: int
    title: bool
    first: int | None  # offset of the first match after the title (in the fields after it), or -1


def summary_list(block: bytes) -> list[Hit]:
    """A summary list: a byte of two Exp-Golomb orders (gaps << 4 | values), a byte saying where
    the gram is in titles (0 in none, 1 in every record's, 2 a flag each), then per record the
    code of its gap and that of count - 1 (<< 1 | in title, with 2) (search.js `summaryList`)."""
    gap_order, value_order, titles = block[0] >> 4, block[0] & 15, block[1]
    assert titles in (0, 1, 2), titles
    codes = Codes(block[2:])
    hits: list[Hit] = []
    number = -1
    while codes.more():
        number += codes.next(gap_order) + 1
        value = codes.next(value_order)
        if titles == 2:
            hits.append(Hit(number, (value >> 1) + 1, bool(value & 1), None))  # first: from the text
        else:
            hits.append(Hit(number, value + 1, titles == 1, None))
    return hits


def data_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The data files of the index named by its manifest, by path relative to search/<stamp>/."""
    stamp = json.loads(files["search/index.json"])["stamp"]
    prefix = f"search/{stamp}/"
    return {path.removeprefix(prefix): data for path, data in files.items() if path.startswith(prefix)}


class Reader:
    """search.js in Python: the manifest first (its format version and stamp checked), then only
    files under search/<stamp>/."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.manifest = json.loads(files["search/index.json"])
        if self.manifest.get("version") != search.FORMAT_VERSION or not self.manifest.get("stamp"):
            raise ValueError(f"index format {self.manifest.get('version')}, reader {search.FORMAT_VERSION}")
        self.frequent = set(self.manifest["frequent"].split("\n")) - {""}
        self.common = set(self.manifest["common"])
        self.span = self.manifest["titleSpan"]
        self.fetched: list[str] = []
        self.packs: packs.Directory | None = None  # packs.bin: rank table, dictionary
        self.offsets: dict[int, list[int]] = {}  # per group of sizes (o/): where its records start
        self.heads: dict[int, list[int]] = {}  # per group of sizes: its records' heads' sizes
        self.entries: dict[int, dict] = {}  # decoded records' text

    def fetch(self, path: str) -> bytes | None:
        self.fetched.append(path)
        return self.files.get(f"search/{self.manifest['stamp']}/{path}")  # None: 404

    def entry(self, number: int) -> dict:
        """Record `number`'s entry in its text pack (search.js entryOf): title, URL, date, type,
        document number, the other fields as displayed ("x") and where attachments start ("a")."""
        if number not in self.entries:
            piece, _head = self._stored(number)
            assert self.packs is not None
            self.entries[number] = self.packs.entry(piece)
        return self.entries[number]

    def head(self, number: int) -> dict:
        """Record `number`'s entry as search.js first reads a hit on screen: a cut record's head
        alone (the first bytes of its stored record, as o/ gives their size; "x" cut "head"
        characters in), the whole entry for a record not cut."""
        piece, head = self._stored(number)
        assert self.packs is not None
        return self.packs.head(piece[:head]) if head else self.packs.entry(piece)

    def _stored(self, number: int) -> tuple[bytes, int]:
        """Record `number`'s stored bytes and its head's size (0: not cut)."""
        if self.packs is None:
            data = self.fetch("packs.bin")
            assert data is not None
            self.packs = packs.Directory(data)
        group, pack = number // self.manifest["sizeGroup"], number // self.manifest["pack"]
        if group not in self.offsets:
            sizes = self.fetch(f"o/{group}.bin")
            assert sizes is not None
            stored, heads = packs.read_group(sizes)
            self.offsets[group] = list(itertools.accumulate(stored, initial=0))
            self.heads[group] = heads
        offsets, first = self.offsets[group], group * self.manifest["sizeGroup"]
        data = self.fetch(f"p/{pack}.bin")  # a range of it: this record's bytes
        assert data is not None
        base = offsets[pack * self.manifest["pack"] - first]
        return data[offsets[number - first] - base : offsets[number - first + 1] - base], self.heads[group][
            number - first
        ]

    def bucket(self, gram: str) -> list[int]:
        """The records of a rare gram's bucket (a superset of the records holding it)."""
        bucket = search.fnv1a(gram) % self.manifest["buckets"]
        data = self.fetch(f"b/{bucket // self.manifest['bucketShard']}.bin")
        assert data is not None
        data = zlib.decompress(data)
        per = self.manifest["bucketShard"]
        sizes, i = [], 0
        for _ in range(min(per, self.manifest["buckets"] - bucket // per * per)):  # the last: fewer
            size, i = read_varint(data, i)
            sizes.append(size)
        i += sum(sizes[: bucket % self.manifest["bucketShard"]])
        block = data[i : i + sizes[bucket % self.manifest["bucketShard"]]]
        records, number, codes = [], -1, Codes(block)
        while codes.more():
            number += codes.next(self.manifest["bucketOrder"]) + 1
            records.append(number)
        return records

    def rest(self, number: int) -> str:
        """Record `number`'s normalised fields after the title, joined by SEPARATOR."""
        return SEPARATOR.join(normalise(field) for field in self.entry(number)["x"].split(SEPARATOR))

    def verify(self, query: str, candidates: list[int]) -> list[Hit]:
        """The candidates whose text holds the query, counted in their text packs."""
        hits = []
        for number in candidates:
            entry = self.entry(number)
            title = normalise(entry["t"])
            rest = self.rest(number)
            count = _occurrences(title, query) + _occurrences(rest, query)
            if count:
                hits.append(Hit(number, count, query in title, rest.find(query)))
        return hits

    def indexed(self, gram: str) -> bool:
        return len(gram) == 2 or gram[:-1] in self.frequent or gram[1:] in self.frequent

    def shard_of(self, gram: str) -> int:
        return search.fnv1a(gram) % self.manifest["shards"]

    def positional(self, gram: str) -> dict[int, list[int]] | None:
        data = self.fetch(f"s/{self.shard_of(gram)}.bin")
        assert data is not None
        block = shard_directory(zlib.decompress(data)).get(gram)
        if block is None:
            return None
        return positional_list(block)

    def summary_bytes(self, gram: str) -> bytes | None:
        """The summary list of a single character or frequent gram (None: it occurs nowhere)."""
        if gram in self.frequent or gram in self.common:  # a file of its own
            data = self.fetch("g/" + "-".join(f"{ord(c):x}" for c in gram) + ".bin")
            assert data is not None
            return zlib.decompress(data)
        data = self.fetch(f"c/{search.fnv1a(gram) % self.manifest['characterShards']}.bin")
        assert data is not None
        return shard_directory(zlib.decompress(data)).get(gram)

    def summary(self, gram: str) -> list[Hit]:
        data = self.summary_bytes(gram)
        return [] if data is None else summary_list(data)

    def cover(self, query: str) -> list[tuple[int, str]]:
        """The cheapest set of positional grams (start, gram) covering every character."""
        length = len(query)
        longest = max([2] + [len(g) + 1 for g in self.frequent])  # no longer gram is indexed
        best: list[tuple[float, list]] = [(0.0, [])] + [(float("inf"), [])] * length
        for end in range(2, length + 1):
            for start in range(max(0, end - longest), end - 1):
                gram = query[start:end]
                if not self.indexed(gram) or gram in self.frequent:
                    continue
                cost = 1 + 0.01 * len(gram) ** -1
                for j in range(start, end):
                    if best[j][0] + cost < best[end][0]:
                        best[end] = (best[j][0] + cost, best[j][1] + [(start, gram)])
        assert best[length][0] < float("inf"), query
        return best[length][1]

    def search(self, raw: str) -> list[Hit]:
        query = normalise_query(raw)
        if not query:
            return []
        if len(query) == 1 or query in self.frequent:
            hits = self.summary(query)
        elif self.indexed(query):
            lists = self.positional(query)
            if lists is None:  # a rare gram (or none at all)
                hits = self.verify(query, self.bucket(query))
            else:
                hits = [self._hit(n, ps) for n, ps in lists.items()]
        else:
            hits = self._verify(query)
        for hit in hits:  # search.js finds it for the hits on screen
            if hit.first is None:
                hit.first = self.rest(hit.number).find(query)
        return sorted(hits, key=lambda h: (not h.title, -h.count, h.number))

    def _hit(self, number: int, starts: list[int]) -> Hit:
        rest = [p - self.span for p in starts if p >= self.span]
        return Hit(number, len(starts), starts[0] < self.span, rest[0] if rest else -1)

    def _verify(self, query: str) -> list[Hit]:
        chosen = self.cover(query)
        lists = []
        candidates: set[int] | None = None
        for start, gram in chosen:
            found = self.positional(gram)
            records = set(self.bucket(gram)) if found is None else set(found)
            candidates = records if candidates is None else candidates & records
            if found is not None:
                lists.append((start, found))
        assert candidates is not None
        if len(lists) < len(chosen):  # a rare gram: the candidates are verified in their text
            return self.verify(query, sorted(candidates))
        assert lists[0][0] == 0
        anchor = lists[0][1]
        hits = []
        for number, positions in anchor.items():
            others = [(start, found.get(number)) for start, found in lists[1:]]
            if any(p is None for _, p in others):
                continue
            matches = [p for p in positions if all(_contains(ps, p + start) for start, ps in others)]
            if matches:
                hits.append(self._hit(number, matches))
        return hits


def _occurrences(text: str, query: str) -> int:
    count, at = 0, text.find(query)
    while at >= 0:
        count, at = count + 1, text.find(query, at + 1)
    return count


def _contains(sorted_list: list[int], value: int) -> bool:
    i = bisect.bisect_left(sorted_list, value)
    return i < len(sorted_list) and sorted_list[i] == value


def shard_directory(data: bytes) -> dict[str, bytes]:
    """A shard as key -> its positional list (bytes)."""
    count, i = read_varint(data, 0)
    keys = []
    for _ in range(count):
        units, i = read_varint(data, i)
        key = data[i : i + 2 * units].decode("utf-16-le")
        size, i = read_varint(data, i + 2 * units)
        keys.append((key, size))
    found = {}
    for key, size in keys:
        assert key not in found
        found[key] = data[i : i + size]
        i += size
    assert i == len(data)
    return found
