"""`gongkai portal` on three real agency sites (generated projects, each built with `mkdocs build
--strict`): the portal reads only their published outputs and joins them into one catalog, one set
of feeds, cross-agency listings and one search index over every agency's records (searched in
Chromium: tests/browser/test_portal_search.py); an agency whose output is missing or broken keeps
the portal's last good copy of its data, search included, and the build says so, naming the agency."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from gongkai.portal.search import search_entries
from tests.support.dcat import dcat_errors
from tests.support.province import AGENCIES, build_agency_sites, portal_project, run_portal

RECORDS = 45  # per agency: 3 × 45 > 100 rows, so the combined catalog is paged by year


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def agency_sites(tmp_path_factory) -> dict[str, Path]:
    """Three agencies' built sites: id -> site folder."""
    return build_agency_sites(tmp_path_factory.mktemp("province"), RECORDS)


@pytest.fixture(scope="module")
def portal(agency_sites, tmp_path_factory) -> Path:
    config = portal_project(tmp_path_factory.mktemp("portal"), agency_sites)
    result = run_portal(config)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return config.parent / "site"


def _records(site: Path) -> dict[str, list[dict]]:
    """type -> every public record of the agency site's open data."""
    index = _json(site / "data" / "index.json")
    return {d["type"]: _json(site / "data" / (d["json"].rsplit("/", 1)[1]))["records"] for d in index["datasets"]}


def test_the_combined_catalog_holds_every_agencys_datasets(portal: Path, agency_sites):
    catalog = _json(portal / "data" / "data.json")
    assert dcat_errors(catalog) == []
    publishers = [d["publisher"]["name"] for d in catalog["dataset"]]
    assert publishers == [name for _, name in AGENCIES for _ in range(7)]  # seven record types each
    expected = [
        d for agency_id, _ in AGENCIES for d in _json(agency_sites[agency_id] / "data" / "data.json")["dataset"]
    ]
    assert catalog["dataset"] == expected
    status = _json(portal / "data" / "agencies.json")["agencies"]
    assert [(a["id"], a["current"], a["home"]) for a in status] == [
        (agency_id, True, f"https://{agency_id}.example.gov.cn/") for agency_id, _ in AGENCIES
    ]


def _catalog_rows(portal: Path) -> list[tuple[str, str, str]]:
    """(link, agency, date) of every row of the combined catalog (its year pages when it is paged)."""
    rows = []
    pages = sorted((portal / "catalog").glob("*/**/index.html")) or [portal / "catalog" / "index.html"]
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tr in soup.select("tbody tr"):
            cells = tr.find_all("td")
            rows.append((cells[0].a["href"], cells[1].get_text(), cells[3].get_text()))
    return rows


def test_cross_agency_listings_are_paged_by_year_and_list_every_record_once(portal: Path, agency_sites):
    every = {
        (item["derived"]["url"], name, item["record"]["publish_date"])
        for agency_id, name in AGENCIES
        for records in _records(agency_sites[agency_id]).values()
        for item in records
    }
    assert len(every) > 100
    rows = _catalog_rows(portal)
    assert sorted(rows) == sorted(every)  # every record once, on its year's pages
    first = BeautifulSoup((portal / "catalog" / "index.html").read_text(encoding="utf-8"), "html.parser")
    dates = [tr.find_all("td")[3].get_text() for tr in first.select("tbody tr")]
    assert len(dates) == 100 and dates == sorted(dates, reverse=True)
    assert {a.get_text() for a in first.select("nav.gp-years a")} == {f"{row[2][:4]}年" for row in every}
    documents = BeautifulSoup((portal / "documents" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {tr.find_all("td")[1].get_text() for tr in documents.select("tbody tr")} == {n for _, n in AGENCIES}
    home = BeautifulSoup((portal / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [th.get_text() for th in home.select("tbody th")] == [n for _, n in AGENCIES]


def test_combined_feeds_are_the_newest_entries_of_all_agencies_feeds(portal: Path, agency_sites):
    for suffix in (".xml", ".atom"):
        combined = feedparser.parse((portal / "feeds" / f"all{suffix}").read_bytes())
        assert not combined.bozo, combined.get("bozo_exception")
        assert combined.feed.title == "某省政务公开平台：全部信息"
        every = [
            (entry.updated_parsed, entry.id)
            for agency_id, _ in AGENCIES
            for entry in feedparser.parse((agency_sites[agency_id] / "feeds" / "all.atom").read_bytes()).entries
        ]
        newest = sorted(every, key=lambda e: e[0], reverse=True)[:20]
        got = [
            (entry.updated_parsed if suffix == ".atom" else entry.published_parsed, entry.id)
            for entry in combined.entries
        ]
        assert len(got) == 20
        assert [d for d, _ in got] == [d for d, _ in newest]  # exact: the newest 20 of all agencies
        assert {i for _, i in got} <= {i for _, i in every}
        names = {entry.tags[0].term for entry in combined.entries}
        assert names <= {n for _, n in AGENCIES} and len(names) >= 2
    documents = feedparser.parse((portal / "feeds" / "documents.xml").read_bytes())
    assert documents.entries and all(e.tags[1].term == "规范性文件" for e in documents.entries)


def test_a_broken_agency_output_keeps_its_last_good_data_and_the_build_names_it(agency_sites, tmp_path: Path):
    config = portal_project(tmp_path, agency_sites)
    assert run_portal(config, day="2026-11-26").returncode == 0
    before = _catalog_rows(config.parent / "site")
    # The next day, agency b's build failed halfway: its documents are cut short.
    broken = tmp_path / "outputs" / "b" / "data" / "documents.json"
    broken.write_bytes(broken.read_bytes()[:1000])
    result = run_portal(config)
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert "乙市教育局" in warning and "data/documents.json 不是" in warning and "文件可能不完整或已损坏" in warning
    assert "沿用 2026-11-26 读取的数据" in warning
    site = config.parent / "site"
    assert sorted(_catalog_rows(site)) == sorted(before)  # b's records are all still there
    status = {a["id"]: a for a in _json(site / "data" / "agencies.json")["agencies"]}
    assert status["b"]["current"] is False and status["b"]["stale_since"] == "2026-11-26"
    assert status["a"]["current"] and status["c"]["current"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "本次未能更新，显示 2026-11-26 读取的数据" in home
    assert run_portal(config, "--strict").returncode == 1
    # b's site gone altogether: still its last good data
    shutil.rmtree(tmp_path / "outputs" / "b")
    result = run_portal(config)
    assert result.returncode == 0 and "乙市教育局" in result.stderr and "无法读取" in result.stderr
    assert sorted(_catalog_rows(config.parent / "site")) == sorted(before)


def test_an_agency_never_read_is_left_out_with_a_warning(agency_sites, tmp_path: Path):
    config = portal_project(tmp_path, agency_sites)
    index = tmp_path / "outputs" / "c" / "data" / "index.json"
    data = _json(index)
    data["datasets"][0]["type"] = "memos"
    index.write_text(json.dumps(data), encoding="utf-8")
    result = run_portal(config)
    assert result.returncode == 0
    assert "丙县人民政府" in result.stderr and "未知的数据集类型“memos”" in result.stderr
    assert "本次不含该机关" in result.stderr
    rows = _catalog_rows(tmp_path / "site")
    assert {agency for _, agency, _ in rows} == {"甲市财政局", "乙市教育局"}


def test_only_the_rebuilt_agencies_are_read_the_others_keep_their_copy_silently(agency_sites, tmp_path: Path):
    config = portal_project(tmp_path, agency_sites)
    assert run_portal(config, day="2026-11-26").returncode == 0
    before = _catalog_rows(tmp_path / "site")
    shutil.rmtree(tmp_path / "outputs" / "c")  # not rebuilt in this run: no output at all
    result = run_portal(config, "--only", "a,b", "--strict")
    assert result.returncode == 0 and result.stderr == ""
    assert sorted(_catalog_rows(tmp_path / "site")) == sorted(before)
    status = {a["id"]: a for a in _json(tmp_path / "site" / "data" / "agencies.json")["agencies"]}
    assert status["c"]["current"] and status["c"]["unchanged_since"] == "2026-11-26"
    assert status["a"]["unchanged_since"] is None
    assert run_portal(config, "--only", "none", "--strict").returncode == 0
    result = run_portal(config, "--only", "a,x")
    assert result.returncode == 2 and "x" in result.stderr and "portal.yml 里的 id" in result.stderr


def test_an_agency_output_can_be_read_from_its_url(agency_sites, tmp_path: Path):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(agency_sites["a"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        (tmp_path / "portal.yml").write_text(
            f"site_name: 某省政务公开平台\nagencies:\n  - id: a\n    name: 甲市财政局\n    output: {url}\n"
            "  - id: gone\n    name: 丁局\n    output: " + url + "no-such-site/\n",
            encoding="utf-8",
        )
        result = run_portal(tmp_path / "portal.yml")
    finally:
        server.shutdown()
    assert result.returncode == 0
    assert "丁局" in result.stderr and "HTTP 404" in result.stderr
    every = {item["derived"]["url"] for records in _records(agency_sites["a"]).values() for item in records}
    assert {link for link, _, _ in _catalog_rows(tmp_path / "site")} == every


def _search_entries(site: Path) -> list[dict]:
    """Every record of the portal's search index, in its order (read as the portal reads an agency's)."""
    return list(search_entries(lambda relative: (site / relative).read_bytes()))


def test_the_search_index_holds_every_agencys_records_newest_first_linked_to_their_pages(portal: Path, agency_sites):
    every = sorted(
        item["derived"]["url"]
        for agency_id, _ in AGENCIES
        for records in _records(agency_sites[agency_id]).values()
        for item in records
    )
    entries = _search_entries(portal)
    assert sorted(e["u"] for e in entries) == every  # each record once, at its agency's page
    dates = [e["d"] for e in entries]
    assert dates == sorted(dates, reverse=True)
    manifest = _json(portal / "search" / "index.json")
    assert manifest["types"] == [[agency_id, name] for agency_id, name in AGENCIES]  # the filter: by agency
    kinds = (portal / "search" / manifest["stamp"] / "types.txt").read_text(encoding="utf-8")
    hosts = [e["u"].split("/")[2] for e in entries]
    assert [f"{AGENCIES[ord(k) - 48][0]}.example.gov.cn" for k in kinds] == hosts
    page = BeautifulSoup((portal / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [o.get_text() for o in page.select("#gk-search-type option")] == ["全部机关"] + [n for _, n in AGENCIES]
    assert (portal / "assets" / "gongkai" / "search.js").is_file()
    home = BeautifulSoup((portal / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("nav.gp-nav a[href='search/']").get_text() == "搜索"


def test_a_broken_search_text_keeps_the_agencys_last_good_data(agency_sites, tmp_path: Path):
    config = portal_project(tmp_path, agency_sites)
    assert run_portal(config, day="2026-11-26").returncode == 0
    site = config.parent / "site"
    before = _search_entries(site)
    # The next day, agency b's text pack was cut short on upload.
    (pack,) = (tmp_path / "outputs" / "b" / "search").glob("*/p/0.bin")
    pack.write_bytes(pack.read_bytes()[:-200])
    result = run_portal(config)
    assert result.returncode == 0
    (warning,) = result.stderr.splitlines()
    assert "乙市教育局" in warning and "检索文本" in warning and "沿用 2026-11-26 读取的数据" in warning
    assert _search_entries(site) == before
    # b's search text gone altogether: the same
    shutil.rmtree(tmp_path / "outputs" / "b" / "search")
    result = run_portal(config)
    assert result.returncode == 0 and "乙市教育局" in result.stderr and "search/index.json" in result.stderr
    assert _search_entries(site) == before
