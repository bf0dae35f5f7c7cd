"""The text packs' rank coding (render/search/ranks.py): records decoded together read back exactly as each alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render.search import ranks

# Characters of the table's one- and two-byte ranks, escapes (outside the table; astral ones too).
_CHARACTERS = st.sampled_from(
    "的了一是在，。、（）0a\n" + "".join(map(chr, range(0x4E00, 0x4E00 + 300))) + "\u9fa5𠀀😀ÿ"
)


@settings(deadline=None)  # a property of the output, not of the machine's speed
@given(st.lists(st.text(_CHARACTERS, max_size=80), max_size=8), st.text(_CHARACTERS, max_size=400))
def test_texts_decoded_together_are_each_text(texts, sample):
    table = ranks.rank_table([sample[: len(sample) // 2]])  # about half the characters escaped
    coded = [ranks.encode_text(text, table) for text in texts]
    assert ranks.decode_texts(coded, table) == texts
    assert [ranks.decode_text(data, table) for data in coded] == texts


@pytest.mark.parametrize("cut", [1, 2])
def test_a_text_cut_inside_a_character_is_an_error_though_others_follow(cut):
    table = ranks.rank_table(["的了" + "".join(map(chr, range(0x4E00, 0x4E00 + 300)))])
    whole = ranks.encode_text("一丁的", table)
    assert len(whole) == 4  # 的 takes two bytes
    escape = ranks.encode_text("\u9fa5", table)
    assert escape[0] == 0xFF  # not in the table: 0xFF and its code unit
    with pytest.raises(IndexError):
        ranks.decode_texts([whole[:-1], whole], table)  # ends after a two-byte character's first byte
    with pytest.raises(IndexError):
        ranks.decode_texts([escape[:-cut], whole], table)
    with pytest.raises(IndexError):
        ranks.decode_texts([whole, escape[:-cut]], table)


def _coded_one_by_one(text: str, table) -> bytes:
    """The coding as the module's docstring states it, one code unit at a time."""
    rank = {int(unit): place for place, unit in enumerate(table)}
    out = bytearray()
    encoded = text.encode("utf-16-le", "surrogatepass")
    for unit in (int.from_bytes(encoded[i : i + 2], "little") for i in range(0, len(encoded), 2)):
        place = rank.get(unit)
        if place is None:
            out += bytes([0xFF]) + unit.to_bytes(2, "little")
        elif place < ranks.ONE_BYTE:
            out.append(place)
        else:
            out += bytes([0x80 | (place - ranks.ONE_BYTE) >> 8, (place - ranks.ONE_BYTE) & 0xFF])
    return bytes(out)


@settings(deadline=None)
@given(st.lists(st.text(_CHARACTERS, max_size=80), max_size=8), st.text(_CHARACTERS, max_size=400))
def test_texts_coded_together_are_each_coded_by_its_code_units(texts, sample):
    """A pack's records are coded in one go (`encode_texts`); empty texts and escapes included."""
    table = ranks.rank_table([sample[: len(sample) // 2]])
    expected = [_coded_one_by_one(text, table) for text in texts]
    assert ranks.encode_texts(texts, table) == expected
    assert [ranks.encode_text(text, table) for text in texts] == expected
