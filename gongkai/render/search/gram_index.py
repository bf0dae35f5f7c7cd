"""The gram index behind site search: posting lists of character grams, built with NumPy.

The format and the reasons for it are described in `gongkai.render.search.write`; this module builds
it. Every step is a whole-array operation over all occurrences of one gram length (a stable sort
by gram, then group boundaries and varint encoding), so 10,000 records take seconds, not minutes.

Terms: an *occurrence* is a gram starting at one character; a *group* is the occurrences of one
gram in one record (one record's entry in a list); a *level* is all grams of one length.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gongkai.render.search.buckets import Buckets
from gongkai.render.search.corpus import Bits, Corpus, Fields, Parts
from gongkai.render.search.forked import Forked, can_fork, in_order
from gongkai.render.search.packs import compress
from gongkai.render.search.ragged import Ragged, bit_strings, concatenate, exp_golomb, interleave, merge, take
from gongkai.render.search.shards import Lists, gram_hashes
from gongkai.render.search.text import SEPARATOR
from gongkai.types import FileSink


@dataclass(frozen=True)
class Limits:
    shard_target: int = 16_000  # bytes per shard file (on average)
    # A positional list bigger than this is replaced by its gram's extensions (the gram is
    # frequent); a character's summary list bigger than this gets a file of its own. 14,000 (was
    # 8,000 in varints): at 10,000 records 3.98 bytes per character, a second query <= 129 KB
    # (16,000: 3.91 but 159 KB; 12,000: 4.04).
    frequent: int = 14_000
    max_gram: int = 8  # grams are not extended beyond this length
    # A gram in at most this many records is rare: only its records are kept, in a bucket shared
    # with other rare grams (gongkai.render.search.buckets), about `bucket` records to a bucket.
    rare: int = 16
    bucket: int = 16
    part: int = 1 << 19  # occurrences sorted and encoded at a time (bounds the memory used)
    pack: int = 64  # records per text pack (gongkai.render.search.packs)
    # Records per file of stored sizes (o/, a multiple of `pack`): a query fetches its hits' groups,
    # one per hit on screen in a big index. 256 take about 0.7 KB with their heads' sizes (1,024
    # took 1.8 KB without them: 34 KB of the 20 hits of 月， at a portal of 295,386 records).
    size_group: int = 256
    # Characters of text from which a forked process builds every other part of each level of two
    # characters or more (`gongkai.render.search.forked`); None: never.
    fork_from: int | None = None


@dataclass
class GramIndex:
    files: FileSink  # site-relative path -> bytes
    frequent: list[str]  # the frequent grams (two or more characters), sorted
    common: list[str]  # the single characters whose summary list has a file of its own, sorted
    shard_count: int  # positional-list shards
    shard_average: int
    character_shard_count: int  # shards of the other single characters' summary lists
    bucket_count: int  # buckets of the rare grams' records
    buckets_per_shard: int
    bucket_order: int  # Exp-Golomb order of the bucket lists


class _Level:
    """The occurrences of grams of one length at the given characters, sorted by gram, then record,
    then position (the order of a posting list)."""

    def __init__(self, text: Corpus, starts: np.ndarray, length: int):
        self.length = length
        order = _gram_order([text.codes[starts + k] for k in range(length)])
        self.starts = _int32(starts)[order]  # stable: record and position stay ascending within a gram
        new_gram = np.zeros(len(order), dtype=bool)
        new_gram[:1] = True
        for k in range(length):
            column = text.codes[self.starts + k]
            new_gram[1:] |= column[1:] != column[:-1]
        self.record, self.position = text.locate(self.starts)
        new_group = new_gram.copy()
        new_group[1:] |= self.record[1:] != self.record[:-1]
        # Indices and counts are int32 (a build has far fewer than 2**31 characters): half the memory.
        self.group_first = _int32(np.flatnonzero(new_group))  # first occurrence of each group
        self.group_size = np.diff(self.group_first, append=np.int32(len(order)))
        group_record = self.record[self.group_first]
        opens_gram = new_gram[self.group_first]  # per group: is it its gram's first?
        previous = np.empty_like(group_record)
        previous[:1] = -1
        previous[1:] = group_record[:-1]
        previous[opens_gram] = -1
        self.gap = group_record - previous - 1  # records skipped since the gram's previous group
        self.gram_first = self.group_first[opens_gram]  # first occurrence of each gram
        self.gram_groups = np.diff(_int32(np.flatnonzero(opens_gram)), append=np.int32(len(self.group_first)))
        self.gram_of_group = np.cumsum(opens_gram, dtype=np.int32) - 1
        self.gram_of_occurrence = np.cumsum(new_gram, dtype=np.int32) - 1

    def __len__(self) -> int:
        return len(self.gram_first)

    def codes(self, text: Corpus, chosen: np.ndarray) -> np.ndarray:
        """The code points of the chosen grams (a boolean mask over grams), a row per gram."""
        rows: np.ndarray = text.codes[self.starts[self.gram_first[chosen]][:, None] + np.arange(self.length)]
        return rows

    def positional(self) -> Ragged:
        """Each gram's positional list, a bit string (`gongkai.render.search.ragged.bit_strings`):
        a byte of two orders (gaps << 4 | values), then per group the Exp-Golomb code of its gap,
        then per occurrence that of (delta << 1 | more), the delta from the previous position (the
        first: the position itself), more = 0 on the group's last occurrence. The orders are
        floor(log2(mean + 1)) of the gram's gaps and of its occurrences' values (at most 15).
        Coded `_CODED` occurrences at a time (whole grams): a code's temporaries are ~50 bytes."""
        deltas = self.position.astype(np.int64)
        deltas[1:] -= self.position[:-1]
        deltas[self.group_first] = self.position[self.group_first]
        values = deltas << 1
        del deltas
        values[self.group_first[1:] - 1] -= 1  # more = 1 but on a group's last occurrence
        values[-1:] -= 1
        values += 1
        grams = len(self.gram_first)
        first_group = np.cumsum(self.gram_groups) - self.gram_groups
        pieces = []
        gram = 0
        while gram < grams:
            last = max(gram + 1, int(np.searchsorted(self.gram_first, self.gram_first[gram] + _CODED, side="right")))
            occurrences = slice(int(self.gram_first[gram]), _end(self.gram_first, last, len(values)))
            groups = slice(int(first_group[gram]), _end(first_group, last, len(self.gap)))
            pieces.append(
                _coded_lists(
                    values[occurrences],
                    self.gram_of_occurrence[occurrences] - gram,
                    self.gap[groups],
                    self.gram_of_group[groups] - gram,
                    self.group_size[groups],
                    self.gram_groups[gram:last],
                )
            )
            gram = last
        return concatenate(pieces)

    def summaries(self, chosen: np.ndarray, title_span: int) -> Ragged:
        """The summary list of each chosen gram (a boolean mask over grams), a bit string
        (`gongkai.render.search.ragged.bit_strings`): a byte of two Exp-Golomb orders (gaps << 4 |
        values), a byte saying where the gram is in titles (`_TITLES_NONE`, `_TITLES_ALL` or
        `_TITLES_EACH`), then per group the code of its gap and that of its value: count - 1, or
        (count - 1) << 1 | in title with `_TITLES_EACH` (where the first occurrence is, the snippet
        finds in the text). The orders are floor(log2(mean + 1)) of the gram's gaps and values."""
        groups = chosen[self.gram_of_group]
        gaps = self.gap[groups]
        in_title = (self.position[self.group_first] < title_span)[groups]
        counts = self.group_size[groups].astype(np.int64) - 1
        gram_groups = self.gram_groups[chosen]
        grams = len(gram_groups)
        gram_of_group = np.repeat(np.arange(grams), gram_groups)
        titled = np.bincount(gram_of_group, weights=in_title, minlength=grams)
        titles = np.where(titled == 0, _TITLES_NONE, np.where(titled == gram_groups, _TITLES_ALL, _TITLES_EACH))
        each = titles[gram_of_group] == _TITLES_EACH
        values = np.where(each, counts << 1 | in_title, counts)
        gap_order = _order(np.bincount(gram_of_group, weights=gaps, minlength=grams), gram_groups)
        value_order = _order(np.bincount(gram_of_group, weights=values, minlength=grams), gram_groups)
        gap_code, gap_width = exp_golomb(gaps, gap_order[gram_of_group])
        value_code, value_width = exp_golomb(values, value_order[gram_of_group])
        # Codes and widths travel together (code << 8 | width) through the interleaving.
        header = np.empty(2 * grams, dtype=np.uint64)
        header[0::2] = (gap_order << 4 | value_order).astype(np.uint64) << np.uint64(8) | np.uint64(8)
        header[1::2] = titles.astype(np.uint64) << np.uint64(8) | np.uint64(8)
        per_group = interleave(
            Ragged(gap_code << np.uint64(8) | gap_width.astype(np.uint64), np.ones(len(gaps), dtype=np.int64)),
            Ragged(value_code << np.uint64(8) | value_width.astype(np.uint64), np.ones(len(values), dtype=np.int64)),
        )
        per_gram = interleave(Ragged(header, np.full(grams, 2, dtype=np.int64)), merge(per_group, gram_groups))
        packed = per_gram.data
        return bit_strings(packed >> np.uint64(8), (packed & np.uint64(0xFF)).astype(np.int64), per_gram.lengths)


# Where a summary list's gram is in titles (its second byte).
_TITLES_NONE, _TITLES_ALL, _TITLES_EACH = 0, 1, 2  # in no record's title, in every one's, a flag each

_CODED = 1 << 16  # occurrences coded at a time (positional lists)


def _end(starts: np.ndarray, index: int, total: int) -> int:
    return int(starts[index]) if index < len(starts) else total


def _coded_lists(
    values: np.ndarray,
    gram_of_value: np.ndarray,
    gaps: np.ndarray,
    gram_of_group: np.ndarray,
    group_size: np.ndarray,
    gram_groups: np.ndarray,
) -> Ragged:
    """The positional lists of some consecutive grams (`_Level.positional`), from their
    occurrences' values (delta << 1 | more) and their groups' gaps."""
    grams = len(gram_groups)
    occurrences = np.bincount(gram_of_value, minlength=grams)
    gap_order = _order(np.bincount(gram_of_group, weights=gaps, minlength=grams), gram_groups)
    value_order = _order(np.bincount(gram_of_value, weights=values, minlength=grams), occurrences)
    gap_code, gap_width = exp_golomb(gaps, gap_order[gram_of_group])
    value_code, value_width = exp_golomb(values, value_order[gram_of_value])
    # A gram's list is its header, then per group the code of its gap followed by those of its
    # occurrences: gram m's header comes after the m lists before it, group g's gap after the
    # headers of grams up to its own, the g gaps and the occurrences of the groups before it; the
    # occurrences' codes fill the places left, in order.
    size = grams + len(gaps) + len(values)
    gram_size = 1 + gram_groups + occurrences
    header_at = np.cumsum(gram_size) - gram_size
    gap_at = gram_of_group + 1 + np.arange(len(gaps)) + (np.cumsum(group_size) - group_size)
    codes = np.empty(size, dtype=np.uint64)
    widths = np.empty(size, dtype=np.int64)
    codes[header_at] = gap_order << 4 | value_order
    widths[header_at] = 8
    codes[gap_at] = gap_code
    widths[gap_at] = gap_width
    value_at = np.ones(size, dtype=bool)
    value_at[header_at] = value_at[gap_at] = False
    codes[value_at] = value_code
    widths[value_at] = value_width
    return bit_strings(codes, widths, gram_size)


def _order(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The Exp-Golomb order for values of these sums and counts: floor(log2(mean + 1)), 0 to 15."""
    mean = sums / np.maximum(counts, 1)
    order: np.ndarray = np.clip(np.floor(np.log2(mean + 1)), 0, 15).astype(np.int64)
    return order


def _int32(values: np.ndarray) -> np.ndarray:
    assert len(values) == 0 or int(values[-1]) < 2**31, "too many characters for one search index"
    return values.astype(np.int32, copy=False)


def _gram_order(columns: list[np.ndarray]) -> np.ndarray:
    """The stable order that sorts grams (given as columns of code points) by code points."""
    if all(int(c.max(initial=0)) < 0x10000 for c in columns):
        # Least significant column first, each a stable sort of 16-bit keys (a radix sort in NumPy).
        order = np.argsort(columns[-1].astype(np.uint16), kind="stable")
        for column in columns[-2::-1]:
            order = order[np.argsort(column[order].astype(np.uint16), kind="stable")]
        return order
    return np.lexsort(columns[::-1])


def build_gram_index(fields: Fields, limits: Limits, files: FileSink | None = None) -> GramIndex:
    """Summary lists of single characters and frequent grams, and positional lists of the other
    grams (length 2 to max_gram), each kind packed into its own shards, put into `files` (a new
    dict if None) as they are made.

    Memory is what limits a big build: the text is taken from `fields` (its buffer becomes the
    code array), per character only bits are added (`gongkai.render.search.corpus`), the lists
    wait in spill files of a temporary folder until they are packed
    (`gongkai.render.search.shards.Lists`), and the text arrays are dropped before that."""
    if limits.max_gram < 2:
        raise ValueError(f"max_gram must be at least 2, not {limits.max_gram}")
    with tempfile.TemporaryDirectory(prefix="gongkai-search-") as spill:
        return _build(fields, limits, {} if files is None else files, Path(spill))


def _build(fields: Fields, limits: Limits, files: FileSink, spill: Path) -> GramIndex:
    """`build_gram_index`, spilling the lists under `spill`."""
    (spill / "c").mkdir()
    (spill / "s").mkdir()
    characters, positional, buckets = Lists(spill / "c"), Lists(spill / "s"), Buckets(spill)
    title_span = fields.title_span
    common, frequent = _gather(Corpus(fields), title_span, limits, files, characters, positional, buckets, spill)
    character_shards, _ = characters.shards("search/c/", limits.shard_target, files)
    shard_count, shard_average = positional.shards("search/s/", limits.shard_target, files)
    bucket_count, per_shard, bucket_order = buckets.write("search/b/", limits.bucket, limits.shard_target, files)
    return GramIndex(
        files,
        sorted(frequent),
        sorted(common),
        shard_count,
        shard_average,
        character_shards,
        bucket_count,
        per_shard,
        bucket_order,
    )


def _gather(
    text: Corpus,
    title_span: int,
    limits: Limits,
    files: FileSink,
    characters: Lists,
    positional: Lists,
    buckets: Buckets,
    spill: Path,
) -> tuple[list[str], list[str]]:
    """Every list of `text`'s grams, each kind to its spill, level by level; returns the common
    characters and the frequent grams (their summary lists written to files of their own). Per
    character, only the code array and bits are kept (`gongkai.render.search.corpus`): where the
    level's grams start (`eligible`) and where the next level's will (`around`)."""
    # A second process takes every other part where the text is big enough to pay for it
    # (`Limits.fork_from`): a portal's, whose levels take minutes; not a site's, whose build has
    # its output process on the other core already (and whose CPU a second process would raise).
    fork = limits.fork_from is not None and len(text) >= limits.fork_from and can_fork()
    helper = Forked(functools.partial(_part, text, title_span, limits), spill) if fork else None
    try:
        common: list[str] = []  # single characters with a summary list of their own
        singles = functools.partial(_singles, text, title_span, limits)
        for codes, lists in in_order(singles, helper, Parts(text, text.other_than(SEPARATOR), 1, limits.part), 1):
            # Half a shard, not `frequent`: a list just under `frequent` made its shard (which a
            # one-character query fetches whole) some 7 KB bigger than the list (的 at 10,000 records).
            big = lists.lengths > min(limits.frequent, limits.shard_target // 2)
            common += _own_files(files, codes[big], take(lists, big))
            characters.add(codes[~big], take(lists, ~big))
        frequent: list[str] = []
        eligible = text.starts(2)
        length = 2
        while eligible.any():
            around = Bits(len(text))  # where the next level's grams start
            level = functools.partial(_part_lists, text, title_span, limits)
            for part in in_order(level, helper, Parts(text, eligible, length, limits.part), length):
                frequent += _add(part, files, positional, buckets, around)
            length += 1
            eligible = text.starts(length, around)
            del around
    finally:
        if helper is not None:
            helper.close()
    return common, frequent


def _part(text: Corpus, title_span: int, limits: Limits, job: tuple[np.ndarray, int]) -> object:
    """The helper's work on one part: `_singles` or `_part_lists`, by the length of the grams."""
    starts, length = job
    return (_singles if length == 1 else _part_lists)(text, title_span, limits, starts, length)


def _singles(
    text: Corpus, title_span: int, limits: Limits, starts: np.ndarray, length: int
) -> tuple[np.ndarray, Ragged]:
    """The single characters at `starts` (one part of the first level), a row of one code point
    each, and their summary lists."""
    singles = _Level(text, starts, 1)
    everything = np.ones(len(singles), dtype=bool)
    return singles.codes(text, everything), singles.summaries(everything, title_span)


@dataclass
class _PartLists:
    """What one part of a level (of two characters or more) adds to the index (`_part_lists`)."""

    own: list[tuple[str, bytes]]  # the frequent grams' summary files: (gram, compressed list)
    codes: np.ndarray  # the grams with a positional list, a row of code points per gram
    lists: Ragged  # their positional lists
    hashes: np.ndarray  # the rare grams' hashes, how many records each is in, and those records
    groups: np.ndarray
    records: np.ndarray
    around: np.ndarray  # where the frequent grams' extensions start


def _part_lists(text: Corpus, title_span: int, limits: Limits, starts: np.ndarray, length: int) -> _PartLists:
    """The lists of the grams of `length` (two or more) at `starts` (one part of a level)."""
    level = _Level(text, starts, length)
    lists = level.positional()
    big = (lists.lengths > limits.frequent) if length < limits.max_gram else np.zeros(len(level), dtype=bool)
    own = _summary_files(text, level, big, level.summaries(big, title_span))
    few = (level.gram_groups <= limits.rare) & ~big
    kept = ~big & ~few
    records = level.record[level.group_first[few[level.gram_of_group]]]
    # A frequent gram's one-character extensions on both sides are the next level's grams.
    at = level.starts[big[level.gram_of_occurrence]]
    return _PartLists(
        own,
        level.codes(text, kept),
        take(lists, kept),
        gram_hashes(level.codes(text, few)),
        level.gram_groups[few],
        records,
        np.concatenate([at, at - 1]),
    )


def _add(part: _PartLists, files: FileSink, positional: Lists, buckets: Buckets, around: Bits) -> list[str]:
    """Add a part's lists to the index; returns its frequent grams."""
    for gram, data in part.own:
        files[f"search/g/{gram_file(gram)}"] = data
    positional.add(part.codes, part.lists)
    if len(part.groups):
        buckets.add(part.hashes, part.groups, part.records)
    around.set(part.around)
    return [gram for gram, _data in part.own]


def _summary_files(text: Corpus, level: _Level, chosen: np.ndarray, lists: Ragged) -> list[tuple[str, bytes]]:
    """The chosen grams (in gram order) and their summary lists, compressed."""
    if not chosen.any():
        return []
    grams = text.strings(level.starts[level.gram_first[chosen]], level.length)
    return [(gram, compress(data)) for gram, data in zip(grams, lists.items())]


def _own_files(files: FileSink, codes: np.ndarray, lists: Ragged) -> list[str]:
    """Write the summary lists of these grams (rows of code points, in gram order) to files of their own."""
    if not len(codes):
        return []
    width = codes.shape[1]
    joined = codes.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    grams = [joined[i : i + width] for i in range(0, len(joined), width)]
    for gram, data in zip(grams, lists.items()):
        files[f"search/g/{gram_file(gram)}"] = compress(data)
    return grams


def gram_file(gram: str) -> str:
    """The file name of a gram's own summary file: its code points in hex, joined by '-'."""
    return "-".join(f"{ord(c):x}" for c in gram) + ".bin"
