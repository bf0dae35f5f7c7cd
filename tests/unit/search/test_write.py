"""The search index, read back by a pure-Python mirror of gongkai/assets/search.js.

For many queries (random substrings of the records' searchable text, across word boundaries,
numbers, document-number fragments, Latin in other cases and widths, characters that normalisation
expands, absent strings) the hits are exactly the records whose `search_text` contains the
normalised query, ranked title hits first, then by number of occurrences, then newest first.
The index is built with small thresholds so that every mechanism (frequent grams and their
extensions up to max_gram, shards, own files) is exercised on a small corpus.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import random
import re
import unicodedata
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic.search_corpus import generate_records

from gongkai.load.attachments import Library
from gongkai.model.records import Catalog
from gongkai.render.search import corpus as search_corpus
from gongkai.render.search import forked as search_forked
from gongkai.render.search import gram_index as search_gram_index
from gongkai.render.search import packs as search_packs
from gongkai.render.search import ranks as search_ranks
from gongkai.render.search import shards as search_shards
from gongkai.render.search import write as search
from gongkai.render.search.text import field_map, fold, named_fields
from gongkai.render.search.write import SEPARATOR, normalise, normalise_query, search_files, search_text
from gongkai.types import BY_KEY
from tests.support import summary_corpus
from tests.support.search_reader import Reader, data_files, shard_directory

TODAY = dt.date(2025, 1, 1)

# Records whose text exercises normalisation: widths, cases, expansions, astral characters.
SPECIAL = [
    (
        "documents",
        {
            "id": "widths",
            "title": "关于ＧＢ／Ｔ　９７０４—２０１２格式的通知",
            "doc_number": "豫管〔２０１９〕３号",
            "summary": "ＡＢＣ公司与abc公司、Abc公司，全角（括号）和半角(括号)。",
            "body": "第一条　依据《党政机关公文格式》（GB/T 9704-2012）制定。\n\n第二条  ①②③ 和 ㈠㈡，Ⅷ 号文件。",
            "publish_date": "2024-05-01",
        },
    ),
    (
        "interpretations",
        {
            "id": "expansions",
            "title": "ﬁle 与 İstanbul 及 ΣΑΣ 的解读",
            "summary": "Straße STRASSE ǅ ǆ Ǆ 与 e\u0301 和 é。",
            "body": "𠮷野家 𠮷 与 吉；\u00a0不间断空格\u3000全角空格\t制表符。¨ 与 ´ 单独出现。\n\n- 列表项一\n- 列表项二",
            "publish_date": "2024-06-01",
        },
    ),
    (
        "decisions",
        {
            "id": "repeats",
            "title": "哈哈哈哈哈哈哈哈",
            "summary": "aaaaaaaaaa bbbbbbbbbb",
            "body": "哈哈哈。哈哈哈哈。aaaa",
            "publish_date": "2023-01-01",
        },
    ),
    (
        "documents",
        {
            "id": "numbers",
            "title": "关于印发2019年工作要点的通知",
            "doc_number": "豫管〔2019〕3号",
            "summary": "依据豫管〔2019〕31号和豫管〔2019〕3号文件。",
            "body": "2019年3月1日起施行，20190301，2019〔2019〕。",
            "publish_date": "2019-03-05",
        },
    ),
]
SECRET = "这是一段绝不能公开的草稿文字"
HIDDEN = [
    (
        "documents",
        {"id": "draft", "title": "草稿" + SECRET, "draft": True, "publish_date": "2020-01-01", "body": SECRET},
    ),
    (
        "documents",
        {"id": "request", "title": "依申请" + SECRET, "disclosure": "依申请公开", "publish_date": "2020-01-01"},
    ),
    ("documents", {"id": "future", "title": "未来" + SECRET, "publish_date": "2030-01-01", "summary": SECRET}),
]


def _record(type_key: str, data: dict) -> tuple:
    full = {"issuer": "河南省机关事务管理局", "disclosure": "主动公开", "summary": "", "body": "", **data}
    return (BY_KEY[type_key], full)


# Records with attachments (real files, read by gongkai.load.attachments): text found only there.
WITH_ATTACHMENTS = [
    (
        "documents",
        {
            "id": "attached",
            "title": "关于公布服务网点的通知",
            "summary": "网点名单见附件。",
            "body": "名单见附件一、附件二。",
            "publish_date": "2024-07-01",
            "attachments": [
                {"title": "附件一：网点名单", "file": "list.pdf"},
                {"title": "附件二：网点地址", "file": "sites.xlsx"},
            ],
        },
    ),
    (
        "consultations",
        {
            "id": "attached-draft",
            "title": "服务网点管理办法征求意见",
            "body": "征求意见稿见附件。",
            "publish_date": "2024-07-02",
            "draft_attachment": "draft.docx",
        },
    ),
]
ATTACHMENT_TEXT = {
    "list.pdf": ["第一页：金水区网点　惠济区网点", "第二页：郑东新区网点 附件名单"],
    "sites.xlsx": [["网点", "地址"], ["金水区网点", "经三路二十号"]],
    "draft.docx": ["第一条　为规范服务网点管理，制定本办法。", "第二条　网点名单见附件。"],
}


def write_attachments(root: Path) -> Library:
    from attachment_files import docx_bytes, pdf_bytes, xlsx_bytes

    root.mkdir(parents=True, exist_ok=True)
    (root / "list.pdf").write_bytes(pdf_bytes(ATTACHMENT_TEXT["list.pdf"]))
    (root / "sites.xlsx").write_bytes(xlsx_bytes({"地址": ATTACHMENT_TEXT["sites.xlsx"]}))
    (root / "draft.docx").write_bytes(docx_bytes(ATTACHMENT_TEXT["draft.docx"]))
    return Library(root, None, 20_000_000)


def make_catalog(n: int = 160, seed: int = 7, library: Library | None = None) -> Catalog:
    records = generate_records(n, seed)
    # Make some records share a publish date (ties are broken by type and id).
    for i in range(0, len(records), 9):
        records[i][1]["publish_date"] = "2020-02-02"
    records += [_record(k, d) for k, d in SPECIAL + HIDDEN + (WITH_ATTACHMENTS if library else [])]
    return Catalog(records, TODAY, library)


# Lists over this many bytes are big (frequent grams, common characters with files of their own):
# small enough that the corpus has both (its largest summary list, ",", is 185 bytes).
FREQUENT = 150
PACK = 16  # records per text pack in the corpus's index: several packs, the last one not full
GROUP = 3 * PACK  # records per file of stored sizes (o/): several, the last one not full


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The catalog, its index built with small thresholds, and a reader of that index."""
    catalog = make_catalog(library=write_attachments(tmp_path_factory.mktemp("attachments")))
    limits = search.Limits(shard_target=3000, frequent=FREQUENT, max_gram=5, pack=PACK, size_group=GROUP)
    files = search_files(catalog, limits)
    texts = [search_text(r) for r in catalog.public()]
    return catalog, files, texts, Reader(files)


# -- ground truth -------------------------------------------------------------------------------


def truth(texts: list[str], raw: str) -> list[tuple[int, int, bool]]:
    """(record number, occurrences, title hit) by substring search, in the specified order."""
    query = normalise_query(raw)
    if not query:
        return []
    pattern = re.compile("(?=" + re.escape(query) + ")")
    found = []
    for number, text in enumerate(texts):
        count = len(pattern.findall(text))
        if count:
            found.append((number, count, query in text.split(SEPARATOR, 1)[0]))
    return sorted(found, key=lambda t: (not t[2], -t[1], t[0]))


def attachment_at(chunk: dict, first: int) -> str:
    """The attachment a snippet names (search.js attachmentAt): the last one starting at or before `first`."""
    name = ""
    for start, shown in chunk.get("a", []) if first >= 0 else []:
        if start <= first:
            name = shown
    return name


def expected_attachment(record, text: str, query: str) -> str:
    """The attachment holding the first occurrence after the title, by the fields of `search_text`."""
    _title, _, rest = text.partition(SEPARATOR)
    at = rest.find(query)
    if at < 0:
        return ""
    field_index = rest.count(SEPARATOR, 0, at)  # 0 summary, 1 body, 2 number, 3+ attachments
    names = named_fields(record)[1]
    return names[field_index - 3] if field_index >= 3 else ""


def check(corpus, raw: str) -> None:
    catalog, _files, texts, reader = corpus
    expected = truth(texts, raw)
    hits = reader.search(raw)
    assert [(h.number, h.count, h.title) for h in hits] == expected, raw
    query = normalise_query(raw)
    records = catalog.public()
    for hit in hits[:3]:
        if hit.first >= 0:  # the record's text pack holds the match, and names the attachment it is in
            entry = reader.entry(hit.number)
            rest = SEPARATOR.join(normalise(field) for field in entry["x"].split(SEPARATOR))
            assert rest[hit.first : hit.first + len(query)] == query, (raw, entry)
            assert attachment_at(entry, hit.first) == expected_attachment(
                records[hit.number], texts[hit.number], query
            ), raw


# -- tests --------------------------------------------------------------------------------------


def test_index_exercises_every_mechanism(corpus):
    _, files, _, reader = corpus
    lengths = {len(g) for g in reader.frequent}
    assert {2, 3, 4} <= lengths  # frequent grams, extended level after level
    assert reader.manifest["shards"] > 10
    rare = {
        k
        for name, data in data_files(files).items()
        if name.startswith("c/")
        for k in shard_directory(zlib.decompress(data))
    }
    assert reader.manifest["characterShards"] > 1 and len(rare) > 50 and all(len(c) == 1 for c in rare)
    assert "," in reader.common and not rare & reader.common  # common characters have their own files
    own = {name for name in data_files(files) if name.startswith("g/")}
    assert len(own) == len(reader.frequent) + len(reader.common)


def test_hidden_records_are_nowhere(corpus):
    catalog, files, texts, reader = corpus
    assert len(texts) == len(catalog.public())
    assert not reader.search(SECRET[:4])
    secret = SECRET.encode("utf-8")
    assert not any(secret[:12] in content for content in files.values())
    assert not any(b'"u":"documents/draft/"' in content for content in files.values())


@pytest.mark.parametrize(
    "query",
    [
        "〔2019〕3号",
        "豫管〔2019〕3",
        "〔２０１９〕３号",
        "2019",
        "20",
        "3号",
        "〔2019〕31号",
        "9〕3",
        "2019年3月",
        "gb/t 9704",
        "GB/T　9704",
        "ＧＢ／Ｔ",
        "9704-2012",
        "abc公司",
        "ABC",
        "ａｂｃ",
        "(括号)",
        "（括号）",
        "viii",
        "Ⅷ",
        "①",
        "1",
        "(一)",
        "file",
        "ﬁle",
        "i̇stanbul",
        "İstanbul",
        "σασ",
        "ΣΑΣ",
        "strasse",
        "straße",
        "ǆ",
        "é",
        "e\u0301",
        "𠮷野家",
        "𠮷",
        "不间断空格 全角",
        "全角空格 制表符",
        "¨",
        " ́",
        "列表项一 列表项二",
        "哈",
        "哈哈",
        "哈哈哈",
        "哈哈哈哈哈",
        "哈哈哈哈哈哈哈哈",
        "哈哈哈哈哈哈哈哈哈",
        "aa",
        "aaaa",
        "a b",
        "a\nb",
        "的",
        "的的",
        "关于",
        "的通知",
        "通知",
        "号",
        "万元",
        "不存在的查询词",
        "zzzz",
        " ",
        "",
        "郑东新区网点",
        "经三路二十号",
        "规范服务网点管理",
        "附件名单",
        "网点",
        "金水区网点",
    ],
)
def test_fixed_queries(corpus, query):
    check(corpus, query)


def _substrings(texts: list[str]):
    @st.composite
    def draw(d):
        text = d(st.sampled_from(texts))
        length = d(st.integers(1, 6))
        start = d(st.integers(0, max(0, len(text) - length)))
        return text[start : start + length]

    return draw()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_substrings(corpus, data):
    _, _, texts, _ = corpus
    check(corpus, data.draw(_substrings(texts)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_substrings_in_other_widths_and_cases(corpus, data):
    _, _, texts, _ = corpus
    piece = data.draw(_substrings(texts))
    variant = data.draw(st.sampled_from([str.upper, str.title, _full_width]))
    check(corpus, variant(piece))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet="的了是在和2019〔〕号年月第条aAＡ哈 ", min_size=1, max_size=6))
def test_random_strings_from_a_small_alphabet(corpus, query):
    check(corpus, query)


def test_many_random_queries_fast(corpus):
    """A broader sweep than hypothesis: 3000 random cuts, lengths 1 to 8."""
    _, _, texts, _ = corpus
    rng = random.Random(3)
    for _ in range(3000):
        text = rng.choice(texts)
        length = rng.randint(1, 8)
        start = rng.randint(0, max(0, len(text) - length))
        check(corpus, text[start : start + length])


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def test_ranking_title_then_count_then_newest(corpus):
    catalog, _, texts, reader = corpus
    hits = reader.search("哈哈")
    public = catalog.public()
    assert public[hits[0].number].id == "repeats"  # title hit with most occurrences
    assert [h.number for h in reader.search("关于")][:3] == [t[0] for t in truth(texts, "关于")][:3]
    dates = [public[h.number].publish_date for h in hits if not h.title and h.count == hits[-1].count]
    assert dates == sorted(dates, reverse=True)


def test_normalisation_of_fields_matches_display_mapping():
    for text in ["ＡＢＣ　ｄｅｆ", "ﬁ ﬂ ① ㈠ Ⅷ", "İ ΣΑΣ", "a ¨ b", "¨¨ ´", "e\u0301", "𠮷 𠮷", "x\u3000\u3000y"]:
        shown = search.display(text)
        normalised, starts = field_map(shown)
        assert normalised == normalise(shown)
        if starts is not None:
            assert len(starts) == len(shown)
            rebuilt = "".join(normalise(c) for c in shown)
            assert len(rebuilt) >= len(normalised)


def test_normalise_is_nfkc_and_lower_case_per_character():
    assert normalise("ＡＢＣ１２３（）") == "abc123()"
    assert normalise("〔2019〕【】《》。、") == "〔2019〕【】《》。、"
    assert normalise("a \u3000\t b") == "a b"
    assert normalise_query("  ＧＢ／Ｔ　９７０４  ") == "gb/t 9704"
    assert normalise("Ⅷ①㈠") == "viii1(一)"
    assert normalise(unicodedata.normalize("NFD", "é")) == "é"


def _folded_by_hand(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c).lower() if ord(c) >= 0x80 else c.lower() for c in text)


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        st.sampled_from("ＡＢＣ　ａ（），：；？！…㎡℃İΣﬁ①㈠Ⅷ¨\u3000\u00a0e\u0301〔〕关于通知𠮷a Z9\n"),
        min_size=200,
        max_size=900,
    )
)
def test_fold_of_long_texts_is_per_character_nfkc_and_lower_case(text):
    """Long texts are folded in whole-array steps: the same as character by character, with
    folds wider than one character ("…", "㎡", "İ") and characters beyond the BMP ("𠮷")."""
    assert fold(text) == _folded_by_hand(text)
    assert fold(text.replace("𠮷", "")) == _folded_by_hand(text.replace("𠮷", ""))


def test_output_is_deterministic():
    catalog = make_catalog(60, seed=11)
    first = search_files(catalog)
    second = search_files(make_catalog(60, seed=11))
    assert first.keys() == second.keys()
    assert all(first[k] == second[k] for k in first)
    assert all(k.startswith("search/") for k in first)


def test_empty_catalog():
    files = search_files(Catalog([], TODAY))
    manifest = json.loads(files["search/index.json"])
    assert manifest["records"] == 0
    assert Reader(files).search("任何") == []


def test_fnv1a_over_utf16_units():
    assert search.fnv1a("") == 0x811C9DC5
    assert search.fnv1a("a") == 0xE40C292C  # FNV-1a of the single unit 0x0061
    assert search.fnv1a("𠮷") != search.fnv1a("吉")


def assert_same_index(one: dict[str, bytes], other: dict[str, bytes]) -> None:
    """Two indexes of the same records hold the same files and lists. The stamp names the bytes,
    and the order of lists inside a shard may differ: files are compared by path under the stamp,
    shards by the keys and lists they hold."""
    one, other = data_files(one), data_files(other)
    assert one.keys() == other.keys()
    shards = ("s/", "c/")
    assert all(one[k] == other[k] for k in one if not k.startswith(shards))
    assert all(unpacked(one[k]) == unpacked(other[k]) for k in one if k.startswith(shards))


def unpacked(shard: bytes) -> dict[str, bytes]:
    return shard_directory(zlib.decompress(shard))


def test_parts_do_not_change_the_index(corpus, monkeypatch):
    """Sorting the grams in many small parts (to bound memory) gives the same lists; so do parts
    gathered a few at a time, in several passes over the text."""
    catalog, files, _, _ = corpus
    limits = search.Limits(shard_target=3000, frequent=FREQUENT, max_gram=5, pack=PACK, size_group=GROUP, part=97)
    assert_same_index(search_files(catalog, limits), files)
    monkeypatch.setattr(search_corpus.Parts, "BATCH", 500)
    monkeypatch.setattr(search_corpus, "CHUNK", 1 << 10)  # several chunks a pass, bits across bytes
    assert_same_index(search_files(catalog, limits), files)


def test_a_forked_helper_gives_the_same_bytes(corpus, monkeypatch):
    """Where the text is big enough (`Limits.fork_from`, the portal's), a forked process builds
    every other part of each level; the parent adds the parts in order, so the index is the same,
    byte for byte (stamp included), as one process makes it."""
    catalog, _, _, _ = corpus
    limits = search.Limits(shard_target=3000, frequent=FREQUENT, max_gram=5, pack=PACK, size_group=GROUP, part=97)
    alone = search_files(catalog, limits)
    handed: list[int] = []
    submit = search_forked.Forked.submit

    def counted(self, job):
        handed.append(len(job[0]))
        submit(self, job)

    monkeypatch.setattr(search_forked.Forked, "submit", counted)
    forked = search_files(catalog, dataclasses.replace(limits, fork_from=0))
    assert len(handed) > 10  # the helper took parts of several levels
    assert forked.keys() == alone.keys()
    assert all(forked[k] == alone[k] for k in alone)


def test_a_failing_helper_fails_the_build_and_leaves_no_process(corpus, monkeypatch):
    catalog, _, _, _ = corpus

    def broken(*_args):
        raise MemoryError("no memory left")

    monkeypatch.setattr(search_gram_index, "_part", broken)  # in the helper only: it is forked after this
    limits = search.Limits(shard_target=3000, frequent=FREQUENT, max_gram=5, pack=PACK, part=97, fork_from=0)
    with pytest.raises(RuntimeError, match="MemoryError: no memory left"):
        search_files(catalog, limits)
    assert not multiprocessing.active_children()


def test_parts_stay_near_their_size_however_skewed_the_text(monkeypatch):
    """Parts bound the memory of a level, so they must stay near their size where one character
    is much of the text (a comma is 5 % of real records; here 20 %). Each gram is in one part;
    a part is bigger only by one key's occurrences (a key: a hash of the gram's last characters)."""
    monkeypatch.setattr(search_corpus.Parts, "BATCH", 5_000)
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 300)]
    texts = [
        "".join("，" if rng.random() < 0.2 else rng.choice(alphabet) for _ in range(rng.randint(20, 400)))
        for _ in range(300)
    ]
    text = search_corpus.Corpus(_fields([[t] for t in texts]))
    size = 2_000
    for length in (1, 2, 3):
        eligible = text.starts(length)
        expected = sum(max(0, len(t) - length + 1) for t in texts)
        assert eligible.count() == expected
        parts = list(search_corpus.Parts(text, eligible, length, size))
        grams = [set(text.strings(starts, length)) for starts in parts]
        sizes = [len(starts) for starts in parts]
        assert all((np.diff(starts) > 0).all() for starts in parts)  # ascending: a list's order
        assert sum(sizes) == expected
        assert sum(map(len, grams)) == len(set().union(*grams))  # no gram in two parts
        if length == 1:
            assert max(sizes) <= size + sum(t.count("，") for t in texts)  # the comma's own key
        else:
            assert max(sizes) <= 1.5 * size, sizes


def _fields(records: list[list[str]]) -> search_corpus.Fields:
    fields = search_corpus.Fields()
    for record in records:
        fields.add(record)
    return fields


def test_fields_are_placed_as_if_joined_after_the_longest_title():
    """A record's title starts at 0, its other fields at the title span (longest title + 1) and
    on, each after the one before it and a separator; empty fields hold no character."""
    text = search_corpus.Corpus(_fields([["标题", "摘要", "", "正文"], ["长标题啊", "", "号"], ["", "𠮷x"]]))
    span = 5
    assert text.codes.dtype == np.uint32  # a character beyond the BMP: code points, not code units
    assert text.strings(np.arange(len(text)), 1) == list("标题摘要正文长标题啊号𠮷x")
    record, position = text.locate(np.arange(len(text)))
    assert record.tolist() == [0] * 6 + [1] * 5 + [2] * 2
    assert position.tolist() == [0, 1, span, span + 1, span + 4, span + 5, 0, 1, 2, 3, span + 1, span, span + 1]


def test_a_gram_starts_only_where_its_field_goes_on():
    """`fits` and `starts`: a gram never spans two fields, wherever the chunks and bytes fall."""
    fields = ["甲乙丙", "丁", "戊己庚辛", "壬癸"]
    text = search_corpus.Corpus(_fields([fields]))
    for length in (1, 2, 3, 4, 5):
        expected = [i + length <= len(f) for f in fields for i in range(len(f))]
        assert text.fits(0, len(text), length).tolist() == expected
        assert [text.fits(i, i + 1, length)[0] for i in range(len(text))] == expected
        assert text.starts(length).get(0, len(text)).tolist() == expected
    around = search_corpus.Bits(len(text))
    around.set(np.array([0, 3, 3, 9, -1]))
    assert np.flatnonzero(around.get(0, len(text))).tolist() == [0, 3, 9]
    assert np.flatnonzero(text.starts(2, around).get(0, len(text))).tolist() == [0]


def test_a_big_index_is_packed_bucket_by_bucket(corpus):
    """The lists wait in spill buckets by hash; an index of many shards gets a multiple of the
    bucket count, so that each shard is packed from one bucket (memory), and answers as before."""
    catalog, _, texts, _ = corpus
    buckets = search_shards.Lists.BUCKETS
    many = search_files(catalog, search.Limits(shard_target=40, frequent=FREQUENT, max_gram=5, pack=PACK))
    reader = Reader(many)
    assert reader.manifest["shards"] >= 8 * buckets and reader.manifest["shards"] % buckets == 0
    rng = random.Random(5)
    for _ in range(500):
        text = rng.choice(texts)
        length = rng.randint(1, 6)
        start = rng.randint(0, max(0, len(text) - length))
        check((catalog, many, texts, reader), text[start : start + length])


def test_text_packs_hold_every_record_once_in_order_and_few_files(corpus):
    """The text is stored once: each public record's displayed fields coded by character rank and
    compressed on their own (against the dictionary in packs.bin), in pack number // PACK, end to
    end in record order; o/<i>.bin gives the size of each of GROUP records from i * GROUP, and
    `read_packs` decodes them all."""
    catalog, files, texts, _reader = corpus
    records = catalog.public()
    data = data_files(files)
    directory = search_packs.Directory(data["packs.bin"])
    assert directory.sizes == []  # format 15: no sizes in packs.bin
    groups = -(-len(records) // GROUP)
    assert groups > 2 and len(records) % GROUP
    assert sorted(name for name in data if name.startswith("o/")) == sorted(f"o/{i}.bin" for i in range(groups))
    sizes = [size for i in range(groups) for size in search_packs.read_sizes(data[f"o/{i}.bin"])]
    assert len(sizes) == len(records)
    assert 0 < len(directory.dictionary) <= search_packs.DICTIONARY
    assert ord("的") in directory.table[: search_ranks.ONE_BYTE]  # a common character: one byte
    packs = -(-len(records) // PACK)
    assert sorted(name for name in data if name.startswith("p/")) == sorted(f"p/{i}.bin" for i in range(packs))
    for pack in range(packs):
        assert len(data[f"p/{pack}.bin"]) == sum(sizes[pack * PACK : (pack + 1) * PACK])
    entries = search_packs.read_packs(data, len(records), PACK, GROUP)
    assert len(entries) == len(records)
    for number, entry in enumerate(entries):
        fields = [entry["t"], *entry["x"].split(SEPARATOR)]
        assert SEPARATOR.join(normalise(f) for f in fields) == texts[number]
        assert entry["u"] == records[number].url


def test_a_long_records_head_read_alone_is_its_entry_cut_and_the_rest_reads_with_it(corpus):
    """A record whose "x" is longer than HEAD_MIN is cut: o/ gives its head's size, and those first
    bytes of its stored record, read alone as search.js reads them (raw deflate after the
    dictionary, an empty final block, '"}' added), are its entry with "x" cut HEAD characters in;
    the whole record (head and rest, one stream) reads as before. Shorter records are not cut."""
    catalog, files, _texts, reader = corpus
    data = data_files(files)
    heads = [
        head
        for i in range(-(-len(catalog.public()) // GROUP))
        for head in search_packs.read_group(data[f"o/{i}.bin"])[1]
    ]
    assert reader.manifest["head"] == search_packs.HEAD
    cut = 0
    for number in range(len(heads)):
        whole, head = reader.entry(number), reader.head(number)
        if len(whole["x"]) > search_packs.HEAD_MIN:
            cut += 1
            assert heads[number] > 0
            assert head == {**whole, "x": whole["x"][: search_packs.HEAD]}
        else:
            assert heads[number] == 0 and head == whole
    assert 0 < cut < len(heads)


def test_a_portal_reads_the_sizes_of_an_index_before_heads():
    """Groups of sizes of format 16 (no heads' sizes) read with their count; a group of neither
    count nor twice it is an error."""
    group = search_packs.compress(search_packs.varint_bytes([5, 7, 9]))
    assert search_packs.read_group(group, 3) == ([5, 7, 9], [0, 0, 0])
    assert search_packs.stored_sizes(lambda i: group, 3, 4) == [5, 7, 9]
    current = search_packs.compress(search_packs.varint_bytes([5, 7, 9, 0, 3, 0]))
    assert search_packs.read_group(current) == ([5, 7, 9], [0, 3, 0])
    assert search_packs.stored_sizes(lambda i: current, 3, 4) == [5, 7, 9]
    with pytest.raises(ValueError, match=r"o/0\.bin"):
        search_packs.stored_sizes(lambda i: group, 4, 4)


def test_a_group_of_sizes_is_whole_packs():
    with pytest.raises(ValueError, match="whole number of packs"):
        search_files(make_catalog(), search.Limits(pack=16, size_group=40))


@given(st.text(max_size=60), st.text(max_size=200))
def test_text_coded_by_rank_reads_back(sample, text):
    """Characters in the table take one or two bytes, any other (astral ones too) its code unit."""
    table = search_ranks.rank_table([sample])
    coded = search_ranks.encode_text(text, table)
    assert search_ranks.decode_text(coded, table) == text
    assert len(coded) <= 3 * len(text.encode("utf-16-le")) // 2


def test_the_commonest_characters_take_one_byte():
    table = search_ranks.rank_table(["的的的的了了了" + "".join(map(chr, range(0x5000, 0x5000 + 200)))])
    assert table[:2].tolist() == [ord("的"), ord("了")]
    assert len(search_ranks.encode_text("的了", table)) == 2
    assert len(search_ranks.encode_text(chr(0x5000 + 199), table)) == 2  # rank 201: two bytes
    assert len(search_ranks.encode_text("𠮷", table)) == 6  # not in the table: two code units, 3 bytes each


def test_a_built_sites_packs_are_read_from_its_folder(corpus, tmp_path):
    """read_site_packs: what the province portal reads of an agency's site."""
    catalog, files, texts, _reader = corpus
    for path, data in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    entries = search_packs.read_site_packs(tmp_path)
    assert [e["u"] for e in entries] == [r.url for r in catalog.public()]
    assert [SEPARATOR.join(normalise(f) for f in [e["t"], *e["x"].split(SEPARATOR)]) for e in entries] == texts


def test_a_record_is_inflated_as_one_zlib_stream_behind_the_dictionary():
    """What search.js does: a zlib header and the dictionary as a stored block in front of the
    record's bytes make one zlib stream (checksum included), whose end is the record's text."""
    dictionary = "关于印发《政府信息公开工作年度报告》的通知".encode("utf-16-le") * 100
    text = "《政府信息公开工作年度报告》已经印发，现予公布。".encode("utf-16-le")
    stored = search_packs.deflate_record(text, dictionary)
    assert len(stored) < len(search_packs.deflate_record(text, b"")) - 10  # much of it found in the dictionary
    whole = zlib.decompress(search_packs.dictionary_prefix(dictionary) + stored)
    assert whole == dictionary + text
    with pytest.raises(zlib.error):  # the checksum covers the dictionary: another one is refused
        zlib.decompress(search_packs.dictionary_prefix(dictionary[:-2] + b"\0\0") + stored)


def test_data_files_lie_under_the_stamp_the_manifest_names():
    """A rebuild with a record added gives another stamp: an old manifest never reads new files."""
    before = search_files(make_catalog(30, seed=3))
    after = search_files(make_catalog(31, seed=3))
    stamps = [json.loads(files["search/index.json"])["stamp"] for files in (before, after)]
    assert stamps[0] != stamps[1]
    for files, stamp in zip((before, after), stamps):
        assert {path.split("/")[1] for path in files if path != "search/index.json"} == {stamp}
    stale = Reader({**after, "search/index.json": before["search/index.json"]})  # an old, cached manifest
    assert all(stale.fetch(path) is None for path in data_files(after))  # nothing of the new build is read


def test_the_reader_refuses_another_format_version():
    files = search_files(make_catalog(5, seed=3))
    manifest = json.loads(files["search/index.json"])
    old = json.dumps({**manifest, "version": search.FORMAT_VERSION - 1}).encode()
    with pytest.raises(ValueError, match="index format"):
        Reader({**files, "search/index.json": old})


@pytest.mark.parametrize(
    ("query", "record_id", "named"),
    [
        ("郑东新区网点", "attached", "附件一：网点名单"),  # PDF, second page
        ("经三路二十号", "attached", "附件二：网点地址"),  # XLSX cell
        ("规范服务网点管理", "attached-draft", "征求意见稿"),  # DOCX paragraph (a consultation's draft)
        ("名单见附件一", "attached", ""),  # in the body: no attachment named
    ],
)
def test_attachment_text_is_found_and_named(corpus, query, record_id, named):
    catalog, _files, _texts, reader = corpus
    (hit,) = reader.search(query)
    record = catalog.public()[hit.number]
    assert record.id == record_id
    assert attachment_at(reader.entry(hit.number), hit.first) == named


def test_the_search_text_goes_to_a_fresh_interpreter_and_writes_the_same_index():
    """The output process pickles the finished search text to write the gram index in a fresh
    interpreter (gongkai.build.output's hand_over): it pickles, and gives the same files."""
    import pickle

    catalog = make_catalog(120, seed=3)
    direct: dict[str, bytes] = {}
    search.write_index(search.SearchText(catalog, search.Limits(), direct))
    handed: dict[str, bytes] = {}
    text = pickle.loads(pickle.dumps(search.SearchText(catalog, search.Limits(), handed)))
    text.out = text.files.files = handed  # the sink itself stays behind, as in hand_over
    search.write_index(text)
    assert handed == direct


def test_summary_lists_say_each_records_count_and_title_across_gaps():
    """The summary lists of characters in no title, in every title and in some, with counts up to
    69 and gaps up to 60 records, read back as the records' exact counts and title flags."""
    catalog = summary_corpus.make_catalog()
    reader = Reader(search_files(catalog, summary_corpus.LIMITS))
    texts = [search_text(r) for r in catalog.public()]
    for character, titles in summary_corpus.CHARACTERS.items():
        block = reader.summary_bytes(character)
        assert block is not None and block[1] == titles, character  # each way of coding titles
        expected = truth(texts, character)
        assert [(h.number, h.count, h.title) for h in reader.search(character)] == expected, character
        assert max(count for _, count, _ in expected) >= 8 and len(expected) >= 10
    assert max(c for _, c, _ in truth(texts, "丙")) >= 60  # codes of several lengths
