"""The NumPy helpers behind the search index, against plain-Python references."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render.search.ragged import (
    Ragged,
    bit_strings,
    concatenate,
    exp_golomb,
    interleave,
    merge,
    spread,
    take,
    varints,
)
from tests.support.search_reader import Codes


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def ragged(items: list[bytes]) -> Ragged:
    return Ragged(
        np.frombuffer(b"".join(items), dtype=np.uint8).copy(), np.array([len(i) for i in items], dtype=np.int64)
    )


EDGES = [0, 1, 127, 128, 255, 16383, 16384, 2**21 - 1, 2**21, 2**28, 2**31 - 1, 2**32 + 5, 2**63 + 1]
byte_items = st.lists(st.binary(max_size=6), max_size=20)


def test_varints_at_the_byte_boundaries():
    assert varints(np.array(EDGES, dtype=np.uint64)).items() == [varint(v) for v in EDGES]
    assert varints(np.array([5, 0, 127], dtype=np.int32)).items() == [b"\x05", b"\x00", b"\x7f"]
    assert varints(np.zeros(0, dtype=np.int64)).items() == []


@settings(deadline=None)  # a property of the output, not of the machine's speed
@given(st.lists(st.integers(0, 2**40), max_size=50))
def test_varints_match_python(values):
    assert varints(np.array(values, dtype=np.uint64)).items() == [varint(v) for v in values]


@settings(deadline=None)
@given(byte_items, st.data())
def test_interleave_merge_take(items, data):
    n = len(items)
    others = data.draw(st.lists(st.binary(max_size=4), min_size=n, max_size=n))
    assert interleave(ragged(items), ragged(others)).items() == [a + b for a, b in zip(items, others)]
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=6)))  # split the items into groups
    bounds = [0, *cuts, n]
    sizes = [b - a for a, b in itertools.pairwise(bounds)]
    merged = [b"".join(items[a:b]) for a, b in itertools.pairwise(bounds)]
    assert merge(ragged(items), np.array(sizes, dtype=np.int64)).items() == merged
    chosen = data.draw(st.lists(st.integers(0, max(0, n - 1)), max_size=10)) if n else []
    assert take(ragged(items), np.array(chosen, dtype=np.int64)).items() == [items[i] for i in chosen]
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    assert take(ragged(items), mask).items() == [i for i, keep in zip(items, mask) if keep]


def test_spread():
    assert spread(np.array([10, 0, 5]), np.array([2, 0, 3])).tolist() == [10, 11, 5, 6, 7]
    assert spread(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).tolist() == []


def exp_golomb_bits(value: int, order: int) -> str:
    """Exp-Golomb of order k, as text: w = value + 2**k in binary behind (its length - 1 - k) zeros."""
    w = bin(value + (1 << order))[2:]
    return "0" * (len(w) - 1 - order) + w


def test_exp_golomb_codes_by_hand():
    codes, widths = exp_golomb(np.array([0, 1, 2, 7, 100]), np.array([0, 0, 1, 2, 3]))
    assert [format(int(c), f"0{w}b") for c, w in zip(codes, widths)] == ["1", "010", "0100", "01011", "0001101100"]
    packed = bit_strings(codes, widths, np.array([2, 0, 3]))
    assert packed.lengths.tolist() == [1, 0, 3]  # "1010" padded; nothing; 19 bits padded to 24
    assert packed.data.tobytes() == bytes([0b10100000, 0b01000101, 0b10001101, 0b10000000])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.lists(st.integers(0, 2**24), max_size=40), st.integers(0, 15)), max_size=30),
)
def test_bit_strings_of_exp_golomb_codes_match_python_and_read_back(items):
    values = np.array([v for vs, _ in items for v in vs], dtype=np.int64)
    orders = np.array([k for vs, k in items for _ in vs], dtype=np.int64)
    codes, widths = exp_golomb(values, orders)
    packed = bit_strings(codes, widths, np.array([len(vs) for vs, _ in items], dtype=np.int64))
    data, at = packed.data.tobytes(), 0
    for (vs, k), size in zip(items, packed.lengths.tolist()):
        bits = "".join(exp_golomb_bits(v, k) for v in vs)
        item = data[at : at + size]
        assert "".join(f"{b:08b}" for b in item) == bits + "0" * (-len(bits) % 8)
        reader = Codes(item)
        found = []
        while reader.more():
            found.append(reader.next(k))
        assert found == vs
        at += size
    assert at == len(data)


def test_bit_strings_of_codes_of_any_width_across_64_bit_words_and_chunks():
    """Codes of 0 to 57 bits, straddling words at every offset, more codes than one chunk packs."""
    rng = np.random.default_rng(0)
    n = 150_000
    widths = rng.integers(0, 58, n)
    codes = rng.integers(0, 2**62, n, dtype=np.uint64) & ((np.uint64(1) << widths.astype(np.uint64)) - np.uint64(1))
    cuts = np.sort(rng.integers(0, n + 1, 4_000))
    counts = np.diff(np.concatenate([[0], cuts, [n]]))
    packed = bit_strings(codes, widths, counts)
    data, at, code = packed.data.tobytes(), 0, 0
    for count, size in zip(counts.tolist(), packed.lengths.tolist()):
        bits = "".join(
            format(int(c), f"0{w}b") if w else ""
            for c, w in zip(codes[code : code + count], widths[code : code + count])
        )
        assert "".join(f"{b:08b}" for b in data[at : at + size]) == bits + "0" * (-len(bits) % 8)
        at, code = at + size, code + count
    assert at == len(data)


def test_concatenate_keeps_every_piece_s_items_in_order():
    pieces = [varints(np.array([1, 300])), varints(np.array([], dtype=np.int64)), varints(np.array([5]))]
    joined = concatenate(pieces)
    assert joined.items() == [item for piece in pieces for item in piece.items()]
    empty = concatenate([])
    assert empty.items() == [] and empty.data.dtype == np.uint8
