"""The text a gram index is built from, and the parts its grams are sorted in, in bounded memory.

`Corpus` holds every field of every record end to end as code points (two bytes a character: the
biggest array of the build) and one bit a character for where a field ends; `Parts` hands out a
level's occurrences a part at a time. Everything else a level needs per character is a bit
(`Bits`): a province of 300,000 records has about 500 million characters, and each byte a
character costs half a gigabyte (the index of such a portal is built in under 2 GB).
"""

from __future__ import annotations

import array
import contextlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

CHUNK = 1 << 20  # characters per step where a whole-text temporary would cost bytes a character


class Bits:
    """One bit per character of a text of `size` characters (zero at first)."""

    def __init__(self, size: int):
        self.size = size
        self.packed = np.zeros((size + 7) // 8, dtype=np.uint8)

    @classmethod
    def of(cls, size: int, mask: Callable[[int, int], np.ndarray]) -> Bits:
        """The bits `mask(start, stop)` gives for each chunk of characters."""
        bits = cls(size)
        for start in range(0, size, CHUNK):  # CHUNK is a multiple of 8: whole bytes
            stop = min(start + CHUNK, size)
            bits.packed[start // 8 : (stop + 7) // 8] = np.packbits(mask(start, stop))
        return bits

    def get(self, start: int, stop: int) -> np.ndarray:
        """The bits of characters start..stop - 1, as booleans."""
        shift = start % 8
        unpacked = np.unpackbits(self.packed[start // 8 : (stop + 7) // 8])
        bits: np.ndarray = unpacked[shift : shift + stop - start].view(bool)
        return bits

    def set(self, at: np.ndarray) -> None:
        """Set the bits of the characters at `at` (any order, repeats allowed; negatives ignored)."""
        at = np.sort(at[at >= 0])
        if not len(at):
            return
        byte = at >> 3
        mask = (np.uint8(0x80) >> (at & 7).astype(np.uint8)).astype(np.uint8)
        new = np.flatnonzero(np.diff(byte, prepend=-1))  # the first of each byte's run
        self.packed[byte[new]] |= np.bitwise_or.reduceat(mask, new)

    def any(self) -> bool:
        return bool(self.packed.any())

    def count(self) -> int:
        return sum(int(self.get(start, min(start + CHUNK, self.size)).sum()) for start in range(0, self.size, CHUNK))


class Fields:
    """The normalised fields of the records, added one record at a time, kept as UTF-16 in one
    growing buffer (two bytes a character, one block of memory: a province's strings, each an
    object of its own, left the heap too fragmented to give back) and their lengths."""

    def __init__(self) -> None:
        self.units = bytearray()  # UTF-16LE of every field end to end
        self.lengths = array.array("q")  # per field, in characters
        self.titles = array.array("q")  # per record, its title's length
        self.counts = array.array("i")  # per record, its fields (title included, empty ones too)
        self.astral = False  # a character beyond the BMP: two code units

    @property
    def records(self) -> int:
        return len(self.counts)

    def add(self, fields: list[str]) -> None:
        """A record's normalised fields: the title first."""
        for field in fields:
            data = field.encode("utf-16-le", "surrogatepass")
            self.astral = self.astral or len(data) != 2 * len(field)
            self.units += data
            self.lengths.append(len(field))
        self.titles.append(len(fields[0]))
        self.counts.append(len(fields))

    @property
    def title_span(self) -> int:
        """Where the fields after the title start (positions are virtual): the longest title + 1."""
        return max(self.titles, default=0) + 1


class Corpus:
    """Every field of every record end to end, as code points, and where each character is."""

    def __init__(self, fields: Fields):
        """Takes `fields`' text (its buffer is emptied): a field's virtual start is 0 for the
        title, else the title span plus the lengths of the fields before it (each + 1: as if joined
        by the separator). Empty fields hold no character and are left out."""
        lengths = np.frombuffer(fields.lengths, dtype=np.int64).copy()
        counts = np.frombuffer(fields.counts, dtype=np.int32)
        record_of_field = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        first_field = np.cumsum(counts) - counts
        title = np.zeros(len(lengths), dtype=bool)
        title[first_field[counts > 0]] = True
        # Per field: the lengths (each + 1) of its record's fields between the title and it.
        after = np.where(title, 0, lengths + 1)
        before = np.cumsum(after) - after
        before -= np.repeat(before[first_field], counts)
        start = np.where(title, 0, fields.title_span + before)
        kept = lengths > 0
        if fields.astral:  # code points from the code units: rare, and it costs the whole text twice
            text = fields.units.decode("utf-16-le", "surrogatepass")
            self.codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        else:  # the buffer itself, not a copy
            self.codes = np.frombuffer(fields.units, dtype=np.uint16)
        fields.units = bytearray()
        lengths = lengths[kept]
        # A character's field is found by binary search in `first` (fields are never empty), not
        # kept per character (4 bytes each); a bit marks each field's last character.
        self.first = np.cumsum(lengths) - lengths  # index of each field's first character
        self.last = Bits(len(self.codes))
        self.last.set(self.first + lengths - 1)
        self.field_record = record_of_field[kept]
        self.field_shift = (start[kept] - self.first).astype(np.int32)  # virtual position - index

    def __len__(self) -> int:
        return len(self.codes)

    def other_than(self, character: str) -> Bits:
        """A bit for each character that is not `character`."""
        code = ord(character)
        return Bits.of(len(self.codes), lambda start, stop: self.codes[start:stop] != code)

    def starts(self, length: int, around: Bits | None = None) -> Bits:
        """A bit for each character where a gram of `length` starts (see `fits`), and if
        `around` is given, where it marks."""

        def mask(start: int, stop: int) -> np.ndarray:
            fits = self.fits(start, stop, length)
            return fits if around is None else fits & around.get(start, stop)

        return Bits.of(len(self.codes), mask)

    def fits(self, start: int, stop: int, length: int) -> np.ndarray:
        """For each character start..stop - 1: does a gram of `length` characters start there
        (its field goes on for length - 1 more characters)?"""
        if length == 1:
            return np.ones(stop - start, dtype=bool)
        end = min(len(self.codes), stop + length - 1)
        ends = np.zeros(end - start + 1, dtype=np.int32)  # field ends among the first i characters
        np.cumsum(self.last.get(start, end), out=ends[1:])
        reach = np.minimum(np.arange(stop - start) + length - 1, end - start)
        fits: np.ndarray = ends[reach] == ends[: stop - start]  # no field ends before the gram's last character
        return fits

    def locate(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The record number and the virtual position (in its record) of the characters at `at`."""
        field = np.searchsorted(self.first, at, side="right") - 1
        return self.field_record[field], self.field_shift[field] + at

    def strings(self, starts: np.ndarray, length: int) -> list[str]:
        """The grams of `length` characters at `starts`."""
        codes = self.codes[starts[:, None] + np.arange(length)].astype(np.uint32)
        joined = codes.tobytes().decode("utf-32-le", "surrogatepass")
        return [joined[i : i + length] for i in range(0, len(joined), length)]


class Parts:
    """The occurrences of grams of `length` at the characters `eligible` marks, in parts of about
    `part_size` occurrences (to bound memory), each part's starts (ascending) given when its
    turn comes. A gram is in one part only: parts are chosen by its last two characters (the last
    one for single characters), hashed into `KEYS` keys, whose counts are packed in order so that
    a part exceeds `part_size` only by one key's occurrences however skewed the text is (a comma
    is 5 % of it). No part number is kept per character: each pass over the text recomputes the
    keys and gathers the starts of consecutive parts, up to `BATCH` occurrences at a time."""

    KEYS = 1 << 16
    BATCH = 1 << 24  # occurrences gathered in one pass (64 MB of starts)

    def __init__(self, corpus: Corpus, eligible: Bits, length: int, part_size: int):
        self.corpus, self.eligible, self.length = corpus, eligible, length
        counts = np.zeros(self.KEYS, dtype=np.int64)
        for chosen in self._chunks():
            counts += np.bincount(self._keys(chosen), minlength=self.KEYS)
        # Consecutive keys up to about `part_size` occurrences make a part (a key's part: the
        # occurrences before it, divided by the part size), numbered without gaps.
        before = np.cumsum(counts) - counts
        self.part_of_key = np.unique(before // max(1, part_size), return_inverse=True)[1].astype(np.int32)
        self.sizes = np.bincount(self.part_of_key, weights=counts, minlength=1).astype(np.int64)
        self.count = len(self.sizes)

    def _chunks(self) -> Iterator[np.ndarray]:
        """Each chunk's eligible characters (ascending)."""
        for start in range(0, len(self.corpus), CHUNK):
            stop = min(start + CHUNK, len(self.corpus))
            yield np.flatnonzero(self.eligible.get(start, stop)) + start

    def _keys(self, starts: np.ndarray) -> np.ndarray:
        """The keys of the grams at `starts`."""
        codes = self.corpus.codes
        last = starts + (self.length - 1)
        key: np.ndarray = codes[last].astype(np.uint32)
        if self.length > 1:
            key *= np.uint32(40_503)  # Knuth's multiplicative hash (the low bits; wraps modulo 2**32)
            key += codes[last - 1]
        key &= np.uint32(self.KEYS - 1)
        return key

    def __iter__(self) -> Iterator[np.ndarray]:
        batches = self._batches()
        if len(batches) == 1:  # a site's text: one pass, in memory
            starts, owners = self._gather()
            yield from self._split(starts, owners, *batches[0])
            return
        # A province's: one pass puts each start into its batch's spill files; then a batch at a time.
        with tempfile.TemporaryDirectory(prefix="gongkai-parts-") as folder:
            paths = [(Path(folder) / f"{i}.starts", Path(folder) / f"{i}.owners") for i in range(len(batches))]
            batch_of_part = np.repeat(np.arange(len(batches), dtype=np.int32), [b - a for a, b in batches])
            with contextlib.ExitStack() as stack:
                spills = [(stack.enter_context(a.open("wb")), stack.enter_context(b.open("wb"))) for a, b in paths]
                for starts, owner in self._owned():
                    batch = batch_of_part[owner]
                    order = np.argsort(batch, kind="stable")  # ascending starts within a batch
                    bounds = np.searchsorted(batch[order], np.arange(len(batches) + 1))
                    for i in np.flatnonzero(np.diff(bounds)):
                        chosen = order[bounds[i] : bounds[i + 1]]
                        starts[chosen].tofile(spills[i][0])
                        owner[chosen].tofile(spills[i][1])
            for (first, last), (starts_path, owners_path) in zip(batches, paths):
                starts, owners = np.fromfile(starts_path, dtype=np.int32), np.fromfile(owners_path, dtype=np.uint16)
                starts_path.unlink()
                owners_path.unlink()
                yield from self._split(starts, owners, first, last)

    def _batches(self) -> list[tuple[int, int]]:
        """Consecutive parts, up to BATCH occurrences together: (first, last + 1) of each."""
        batches, first = [], 0
        while first < self.count:
            last = first + 1
            while last < self.count and int(self.sizes[first : last + 1].sum()) <= self.BATCH:
                last += 1
            batches.append((first, last))
            first = last
        return batches or [(0, 0)]

    def _gather(self) -> tuple[np.ndarray, np.ndarray]:
        """Every eligible start and its part, in one pass over the text."""
        total = int(self.sizes.sum())
        starts, owners = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.uint16)
        at = 0
        for chosen, owner in self._owned():
            starts[at : at + len(chosen)], owners[at : at + len(chosen)] = chosen, owner
            at += len(chosen)
        return starts, owners

    def _owned(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Each chunk's eligible starts (int32, ascending) and their parts (uint16: there are at
        most KEYS parts)."""
        for chosen in self._chunks():
            yield chosen.astype(np.int32), self.part_of_key[self._keys(chosen)].astype(np.uint16)

    @staticmethod
    def _split(starts: np.ndarray, owners: np.ndarray, first: int, last: int) -> Iterator[np.ndarray]:
        """The starts of parts `first` to `last` - 1 (each ascending) from a batch's starts and
        their parts. Sorted by part a chunk at a time (a stable sort: a comparison a part for
        every start was a pass over the batch for each of its parts), each part's pieces joined
        when its turn comes: the temporaries are a chunk's, the pieces as much as the starts."""
        pieces: list[list[np.ndarray]] = [[] for _ in range(first, last)]
        numbers = np.arange(first, last + 1)
        for at in range(0, len(starts), CHUNK):
            owner = owners[at : at + CHUNK]
            order = np.argsort(owner, kind="stable")
            bounds = np.searchsorted(owner[order], numbers)
            ordered = starts[at : at + CHUNK][order]
            del order, owner
            for held in np.flatnonzero(np.diff(bounds)).tolist():
                pieces[held].append(ordered[bounds[held] : bounds[held + 1]])
            del ordered
        for i in range(last - first):
            part = pieces[i]
            pieces[i] = []
            yield np.concatenate(part) if part else starts[:0]
            del part
