"""The portal's search (`gongkai.portal.search`): an agency's text packs read back whole, refused
when cut short or of another format, and the combined index exact over every agency's records
(read with the Python mirror of search.js)."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from synthetic.search_corpus import make_catalog

from gongkai.portal.search import SearchSource, _StoredText, read_search, search_entries, write_search
from gongkai.portal.sources import OutputError
from gongkai.render.search.packs import read_group, varint_bytes
from gongkai.render.search.text import display_fields
from gongkai.render.search.write import SEPARATOR, Limits, normalise_query, search_files, search_text
from tests.support.search_reader import Reader

SMALL = 30


@pytest.fixture(scope="module")
def agencies():
    """Two agencies' records and the search files their sites publish."""
    catalogs = [make_catalog(SMALL, seed=seed) for seed in (1, 2)]
    return [(catalog.public(), dict(search_files(catalog))) for catalog in catalogs]


def test_the_text_packs_give_back_every_record_as_displayed(agencies):
    records, files = agencies[0]
    entries = list(search_entries(files.__getitem__))
    assert [[e["t"], *e["x"].split(SEPARATOR)] for e in entries] == [display_fields(r) for r in records]
    assert [(e["u"], e["d"]) for e in entries] == [(r.url, r.publish_date.isoformat()) for r in records]
    assert read_search(files.__getitem__, len(records)).keys() <= files.keys()


def test_search_text_cut_short_or_of_another_format_is_refused(agencies):
    records, files = agencies[0]
    with pytest.raises(OutputError, match="开放数据有 29 条"):
        read_search(files.__getitem__, len(records) - 1)
    (pack,) = [p for p in files if p.endswith("/p/0.bin")]
    with pytest.raises(OutputError, match=r"检索文本无法读取|不完整"):
        read_search({**files, pack: files[pack][:-50]}.__getitem__, len(records))
    manifest = json.loads(files["search/index.json"])
    older = {**files, "search/index.json": json.dumps({**manifest, "version": 7}).encode()}
    with pytest.raises(OutputError, match="第 7 版"):
        read_search(older.__getitem__, len(records))
    with pytest.raises(OutputError, match="无法读取"):
        read_search(_getter({k: v for k, v in files.items() if k != pack}), len(records))


def _format_14(files: dict[str, bytes]) -> dict[str, bytes]:
    """An index as the previous release wrote it: the records' stored sizes at the end of
    packs.bin, no o/ files, no "sizeGroup" in a manifest of version 14."""
    manifest = json.loads(files["search/index.json"])
    folder = f"search/{manifest['stamp']}/"
    groups = sorted((k for k in files if k.startswith(folder + "o/")), key=lambda k: int(k.rsplit("/", 1)[1][:-4]))
    sizes = b"".join(varint_bytes(read_group(files[k])[0]) for k in groups)  # no heads' sizes before 17
    older = {k: v for k, v in files.items() if k not in groups}
    older[folder + "packs.bin"] = zlib.compress(zlib.decompress(files[folder + "packs.bin"]) + sizes)
    del manifest["sizeGroup"]
    older["search/index.json"] = json.dumps({**manifest, "version": 14}).encode()
    return older


def test_an_agency_published_with_index_format_16_is_read_too(agencies):
    """Format 16's groups of sizes have no heads' sizes (its records are not cut): the same records."""
    records, files = agencies[0]
    manifest = json.loads(files["search/index.json"])
    older = {**files, "search/index.json": json.dumps({**manifest, "version": 16}).encode()}
    for key in files:
        if key.startswith(f"search/{manifest['stamp']}/o/"):
            older[key] = zlib.compress(varint_bytes(read_group(files[key])[0]))
    assert list(search_entries(older.__getitem__)) == list(search_entries(files.__getitem__))
    assert read_search(older.__getitem__, len(records)).keys() <= older.keys()


def test_an_agency_published_with_index_format_14_is_read_too(agencies):
    """A province upgrades its portal before every agency has rebuilt: the previous format's text
    (sizes in packs.bin) gives back the same records; cut short, it is refused all the same."""
    records, files = agencies[0]
    older = _format_14(files)
    assert list(search_entries(older.__getitem__)) == list(search_entries(files.__getitem__))
    assert read_search(older.__getitem__, len(records)).keys() <= older.keys()
    packs_bin = next(k for k in older if k.endswith("/packs.bin"))
    raw = zlib.decompress(older[packs_bin])
    with pytest.raises(OutputError, match=r"不完整|无法读取"):
        read_search({**older, packs_bin: zlib.compress(raw[:-3])}.__getitem__, len(records))


def _getter(files: dict[str, bytes]):
    """As `gongkai.portal.sources.fetch` reads an agency's folder: a missing file raises."""

    def get(relative: str) -> bytes:
        if relative not in files:
            raise OutputError(f"无法读取 {relative}：文件不存在")
        return files[relative]

    return get


def test_the_combined_index_finds_exactly_every_agencys_records_containing_a_query(agencies):
    sources = [
        SearchSource(f"a{n}", f"机关{n}", f"https://a{n}.example.gov.cn/", files.__getitem__)
        for n, (_records, files) in enumerate(agencies)
    ]
    combined: dict[str, bytes] = {}
    assert write_search(sources, combined) == 2 * SMALL
    reader = Reader(combined)
    assert reader.manifest["types"] == [["a0", "机关0"], ["a1", "机关1"]]
    texts = [
        (f"https://a{n}.example.gov.cn/" + r.url, search_text(r))
        for n, (records, _) in enumerate(agencies)
        for r in records
    ]
    words = re.findall(r"[\u4e00-\u9fff]{2,4}", "".join(t for _, t in texts[:: SMALL // 3]))[:40]
    assert len(words) == 40
    across = 0
    for query in [*words, "2019", "不存在的词语甲乙丙"]:
        expected = sorted(url for url, text in texts if normalise_query(query) in text)
        found = sorted(reader.entry(hit.number)["u"] for hit in reader.search(query))
        assert found == expected, query
        across += len({url.split("/")[2] for url in found}) == 2
    assert across >= 5
    dates = [reader.entry(n)["d"] for n in range(2 * SMALL)]
    assert dates == sorted(dates, reverse=True)  # newest first, across agencies


def test_the_text_packs_child_ends_as_soon_as_it_is_done(agencies):
    """The child writing the combined index's text packs hands its result over as soon as it has
    it, here every pack (more than a pipe holds; a province's digests are too): it ends then and
    frees its memory, not blocked until the parent asks for it after the gram index (the peak)."""
    sources = [
        SearchSource(f"a{n}", f"机关{n}", f"https://a{n}.example.gov.cn/", files.__getitem__)
        for n, (_records, files) in enumerate(agencies * 4)
    ]
    packs = sum(len(data) for _records, files in agencies * 4 for path, data in files.items() if "/p/" in path)
    assert packs > 1 << 16  # a pipe's buffer
    child = _StoredText(sources, Limits(), {})
    child.process.join(timeout=120)
    assert not child.process.is_alive()
    digests = child.result()
    assert sum(1 for path in digests if path.startswith("p/")) == -(-8 * SMALL // Limits().pack)
