"""Versions on the site: pages only for public documents, the current text in search, feeds and
exports, and the demo site (built with the real MkDocs) showing timelines, comparison tables and
the cleanup batch's outcomes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup

from gongkai.config import Settings
from gongkai.model.records import Catalog
from gongkai.render.exports import export_files
from gongkai.render.feeds import feed_files
from gongkai.render.pages import SiteInfo, SitePages
from gongkai.render.search.write import search_files
from gongkai.types import BY_KEY
from tests.support.publish_data import HIDDEN_IDS, SITE, TODAY, all_records
from tests.support.search_reader import Reader
from tests.support.sites import content, soup

OFFICE = "documents/2022-office-space-management/"
V1 = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法自公布之日起施行。\n"
V2 = "第一条 为了规范管理，制定本办法。\n\n第二条 办公用房实行统筹调剂，<b>不得</b>出租。\n\n第三条 本办法自公布之日起施行。\n"


def document(record_id: str, **fields):
    data = {
        "id": record_id,
        "title": f"测试文件{record_id}",
        "issuer": "河南省机关事务管理局",
        "disclosure": "主动公开",
        "publish_date": "2026-01-05",
        "signed_date": "2026-01-02",
        "effective_date": "2026-01-05",
        **fields,
    }
    return BY_KEY["documents"], data


def versioned(record_id: str, by: str, **fields):
    versions = [{"date": "2026-01-05", "body": V1}, {"date": "2026-06-01", "by": by, "body": V2}]
    return document(record_id, versions=versions, **fields)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    extra = [
        versioned("zz-v-public", "zz-v-amend"),
        document("zz-v-amend", publish_date="2026-05-20", effective_date="2026-06-01", amends=["zz-v-public"]),
        # an amendment still embargoed: its text is not public either
        versioned("zz-v-embargoed-amendment", "zz-v-amend-later"),
        document(
            "zz-v-amend-later",
            publish_date="2026-12-20",
            effective_date="2027-01-01",
            amends=["zz-v-embargoed-amendment"],
        ),
        versioned("zz-v-draft", "zz-v-amend", draft=True),
        versioned("zz-v-embargoed", "zz-v-amend", publish_date="2026-12-30"),
        versioned(
            "zz-v-withheld",
            "zz-v-amend",
            disclosure="不予公开",
            withheld_basis="《中华人民共和国政府信息公开条例》第十四条",
        ),
        versioned("zz-v-on-request", "zz-v-amend", disclosure="依申请公开"),
        document(
            "zz-v-cleaned",
            cleanups=[{"date": "2026-03-01", "batch": "测试清理", "by": HIDDEN_IDS[0], "result": "继续有效"}],
        ),
    ]
    return Catalog(all_records() + extra, TODAY)


@pytest.fixture(scope="module")
def pages(catalog: Catalog) -> SitePages:
    return SitePages(catalog, SiteInfo("测试站", SITE, Path("data/attachments"), TODAY), set(), Settings())


def version_uris(pages: SitePages) -> set[str]:
    return {s.src_uri for s in pages.specs() if s.record and s.src_uri.count("/") == 2}


def test_version_pages_exist_for_public_documents_only(pages: SitePages):
    uris = version_uris(pages)
    assert {"documents/zz-v-public/2026-01-05.md", "documents/zz-v-public/2026-06-01.md"} <= uris
    assert "documents/zz-v-embargoed-amendment/2026-01-05.md" in uris  # its original text is public …
    assert "documents/zz-v-embargoed-amendment/2026-06-01.md" not in uris  # … the embargoed amendment's text is not
    for hidden in ("zz-v-draft", "zz-v-embargoed", "zz-v-withheld", "zz-v-on-request"):
        assert not [u for u in uris if u.startswith(f"documents/{hidden}/")]
    assert {
        f"documents/2022-office-space-management/{d}.md" for d in ("2022-06-01", "2024-08-01", "2026-10-01")
    } <= uris


def test_the_text_shown_is_the_one_in_force(catalog: Catalog):
    public = catalog.get("documents", "zz-v-public")
    assert public.body == V2 and public.current_version.date == dt.date(2026, 6, 1)
    held_back = catalog.get("documents", "zz-v-embargoed-amendment")
    assert [v.date for v in held_back.versions] == [dt.date(2026, 1, 5)] and held_back.body == V1
    earlier = Catalog(
        all_records()
        + [
            versioned("zz-v-public", "zz-v-amend"),
            document("zz-v-amend", publish_date="2026-05-20", effective_date="2026-06-01", amends=["zz-v-public"]),
        ],
        dt.date(2026, 5, 25),
    )
    scheduled = earlier.get("documents", "zz-v-public")
    assert scheduled.body == V1 and scheduled.versions[1].is_future  # published, not yet in force


def test_version_page_banner_comparison_and_escaping(pages: SitePages):
    spec = next(s for s in pages.specs() if s.src_uri == "documents/zz-v-public/2026-01-05.md")
    old = BeautifulSoup(spec.render(), "html.parser")
    banner = old.select_one(".gk-banner")
    assert "本页不是现行文本" in banner.text and "2026年1月5日 至 2026年5月31日" in banner.text
    assert urljoin("/documents/zz-v-public/2026-01-05/", banner.a["href"]) == "/documents/zz-v-public/"
    assert old.select_one(".gk-compare") is None  # the first text has nothing to compare with
    spec = next(s for s in pages.specs() if s.src_uri == "documents/zz-v-public/2026-06-01.md")
    html = spec.render()
    new = BeautifulSoup(html, "html.parser")
    assert "本页是现行文本" in new.select_one(".gk-banner").text
    table = new.select_one(".gk-compare table")
    cells = [[td.get_text("", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr.gk-compare__row")]
    assert [c[1] for c in cells if c[0].endswith("（无）")] == ["新增第二条 办公用房实行统筹调剂，<b>不得</b>出租。"]
    assert (
        "&lt;b&gt;不得&lt;/b&gt;" in html and "<b>不得" not in html.split('class="gk-body"')[0]
    )  # escaped once, in the table
    assert [ins.text for ins in table.select("ins")][-1] == "三"  # 第二条 -> 第三条: renumbered, matched by content


def test_search_finds_the_current_text_and_no_earlier_version(catalog: Catalog):
    records = catalog.public()
    reader = Reader(search_files(catalog))
    assert reader.manifest["records"] == len(records)  # one entry per record: versions are not hits
    office = next(i for i, r in enumerate(records) if r.url == OFFICE)
    assert office in {h.number for h in reader.search("办公用房存在安全隐患")}  # added by the second amendment
    assert reader.search("领导干部调任") == []  # only in the earlier texts (deleted in 2026)
    hits = reader.search("办公用房实行统筹调剂")  # the current text of zz-v-public, found once
    assert [records[h.number].id for h in hits].count("zz-v-public") == 1
    assert not [h for h in hits if records[h.number].id in ("zz-v-draft", "zz-v-embargoed", "zz-v-withheld")]


def test_feed_entry_names_the_new_version_and_the_export_lists_versions(catalog: Catalog):
    parsed = feedparser.parse(feed_files(catalog, SITE, Settings(), site_name="测试站")["feeds/documents.xml"])
    entry = next(e for e in parsed.entries if e.link == SITE + OFFICE)
    assert entry.id == SITE + OFFICE + "#change-2026-10-01"
    assert entry.summary.startswith("更新：自2026年10月1日起施行修改后的新版本（根据豫管〔2026〕6号修改）。")
    data = json.loads(export_files(catalog, SITE)["data/documents.json"])
    item = next(r for r in data["records"] if r["record"]["id"] == "2022-office-space-management")
    assert [v["date"] for v in item["record"]["versions"]] == ["2022-06-01", "2024-08-01", "2026-10-01"]
    assert item["derived"]["versions"] == [
        {"date": "2022-06-01", "url": SITE + OFFICE + "2022-06-01/", "by": None, "current": False, "in_force": True},
        {
            "date": "2024-08-01",
            "url": SITE + OFFICE + "2024-08-01/",
            "by": SITE + "documents/2024-office-space-amendment/",
            "current": False,
            "in_force": True,
        },
        {
            "date": "2026-10-01",
            "url": SITE + OFFICE + "2026-10-01/",
            "by": SITE + "documents/2026-office-space-second-amendment/",
            "current": True,
            "in_force": True,
        },
    ]
    cleaned = next(r for r in data["records"] if r["record"]["id"] == "zz-v-cleaned")
    assert HIDDEN_IDS[0] not in json.dumps(cleaned, ensure_ascii=False)  # the entry naming a withheld batch goes
    held_back = next(r for r in data["records"] if r["record"]["id"] == "zz-v-embargoed-amendment")
    assert [v["date"] for v in held_back["record"]["versions"]] == ["2026-01-05"]  # no text of the embargoed amendment


# -- the demo site, built with MkDocs ------------------------------------------------------------


def test_demo_record_page_shows_the_current_text_and_the_timeline(built_site: Path):
    page = content(soup(built_site, OFFICE))
    body = page.select_one(".gk-body").text
    assert "将办公用房用于经营活动" in body and "领导干部调任" not in body
    banner = page.select_one(".gk-banner")
    assert "自 2026年10月1日 起施行的现行文本" in banner.text
    steps = [s.h3.get_text(" ", strip=True) for s in page.select(".gk-doc-timeline .gk-step")]
    assert steps == [
        "2022年4月20日 成文",
        "2022年4月26日 公布",
        "2022年6月1日 施行",
        "2024年8月1日 修改",
        "2026年10月1日 修改",
        "2027年5月31日 有效期至",
    ]
    links = {urljoin("/" + OFFICE, a["href"]) for a in page.select(".gk-doc-timeline a")}
    assert {"/" + OFFICE + "2022-06-01/", "/" + OFFICE + "2024-08-01/#compare-2024-08-01"} <= links


def test_demo_version_pages_and_comparison_tables(built_site: Path):
    first = content(soup(built_site, OFFICE + "2024-08-01/"))
    assert "本页不是现行文本" in first.select_one(".gk-banner").text
    assert "2024年8月1日 至 2026年9月30日" in first.select_one(".gk-banner").text
    latest = content(soup(built_site, OFFICE + "2026-10-01/"))
    summary = latest.select_one(".gk-compare__summary").text
    assert summary == "修改条文 2 条，新增 1 条，删除 1 条，仅条序调整 4 条，未修改 7 条。"
    rows = {tr.select_one(".gk-compare__tag").text for tr in latest.select("tr.gk-compare__row")}
    assert rows == {"修改", "新增", "删除", "条序调整"}
    assert latest.select("tr.gk-compare__fold details summary")[0].text == "未修改的条文 3 条（第一条至第三条）"
    headings = [th.text for th in latest.select("tr.gk-compare__heading th")]
    assert headings == ["第一章 总则", "第二章 配置和使用", "第三章 维修和处置", "第四章 监督检查", "第五章 附则"]
    amendment = content(soup(built_site, "documents/2024-office-space-amendment/"))
    table = amendment.select_one(".gk-compare")
    assert "《河南省省直机关办公用房管理办法》修改对照表" in table.h2.text
    assert table.select_one(".gk-compare__summary").text.startswith(
        "修改条文 2 条，新增 1 条，删除 0 条，仅条序调整 2 条"
    )


def test_demo_cleanup_batch_outcomes_and_validity_filter(built_site: Path):
    page = content(soup(built_site, "documents/2025-normative-documents-cleanup/"))
    section = page.select_one(".gk-cleanup-batch")
    assert "共清理规范性文件 4 件：继续有效 3 件；修改 0 件；废止 0 件；宣布失效 1 件。" in section.text
    outcomes = {
        urljoin("/documents/2025-normative-documents-cleanup/", tr.a["href"]): tr["data-result"]
        for tr in section.select("tbody tr")
    }
    assert outcomes == {
        "/documents/2023-vehicle-management/": "继续有效",
        "/documents/2022-office-space-management/": "继续有效",
        "/documents/2024-office-space-amendment/": "继续有效",
        "/documents/2022-energy-saving-interim/": "宣布失效",
    }
    expired = content(soup(built_site, "documents/2022-energy-saving-interim/"))
    assert "2024年度规范性文件清理" in expired.select_one(".gk-cleanups").text
    link = expired.select_one(".gk-cleanups a")["href"]
    assert urljoin("/documents/2022-energy-saving-interim/", link) == "/documents/2025-normative-documents-cleanup/"
    section_page = content(soup(built_site, "documents/"))
    options = [o.text for o in section_page.select("select[name=status] option")]
    assert section_page.select_one("select[name=status]").find_parent("label").contents[0].strip() == "有效性"
    assert {"有效", "已修改", "失效", "已废止", "未生效"} <= set(options)
