"""The NumPy helpers behind the search index, against plain-Python references."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render.search.ragged import Ragged, interleave, merge, spread, take, varints


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
