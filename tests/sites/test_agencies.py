"""Several agencies in one site, built with the real MkDocs: the demo portal's three agencies
(mkdocs.yml `agencies`) each with a landing page, its columns, its catalog, its feeds and its open
data; the site's columns lead to each agency's and filter their rows by agency; every record page
names its agency. A project that declares no agencies builds none of it."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gongkai.render.listings import PAGE_SIZE
from tests.support.helpers import write_record
from tests.support.sites import DEMO_TODAY, build_site, content, project_with, soup

SITE = "https://gongkai.example.gov.cn/"
OWN, OFFICE, GOVERNMENT = "11410000mb1234567p", "11410000mb1935420h", "11410000mb1935412n"
# The records of the demo's second agency, 河南省人民政府办公厅 (data/, issuer = the agency's name).
OFFICE_RECORDS = {
    "documents/2025-official-reception-management/",
    "documents/2026-meeting-expenses-management/",
    "interpretations/2025-official-reception-management-qa/",
    "reports/disclosure/2025-general-office-annual-report/",
}


def links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in content(page).select("a[href]")]


def resolves(site: Path, page_url: str, href: str) -> bool:
    """A relative link of the page at `page_url` names a file of the site."""
    path = href.split("?", 1)[0]  # a query (search/?agency=…) is the page's to read
    target = (site / page_url / path).resolve()
    return (target / "index.html").is_file() if path.endswith("/") else target.is_file()


def test_the_agencies_page_lists_each_agency_own_site_first(built_site):
    page = content(soup(built_site, "agencies"))
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert [row[1] for row in rows] == ["省机关事务局", "省政府办公厅", "省政府"]
    assert "本站机关" in rows[0][0] and rows[1][2] == "11410000MB1935420H" and rows[1][3] == "4 条"


def test_an_agency_landing_page_has_its_columns_catalog_feeds_and_data(built_site):
    url = f"agencies/{OFFICE}"
    page = soup(built_site, url)
    text = content(page).get_text(" ", strip=True)
    assert "河南省人民政府办公厅" in text and "11410000MB1935420H" in text and "0371-65500000（演示）" in text
    hrefs = links(page)
    for wanted in ("documents/", "interpretations/", "catalog/", "feeds/all.xml", "feeds/all.atom", "data/index.json"):
        assert f"../../{url}/{wanted}" in hrefs, wanted
    assert all(resolves(built_site, url, href) for href in hrefs if not href.startswith("http")), hrefs
    latest = {href.removeprefix("../../") for href in hrefs if any(href.endswith(r) for r in OFFICE_RECORDS)}
    assert latest == OFFICE_RECORDS


def test_an_agency_with_its_own_guide_links_to_it_and_the_others_to_the_sites(built_site):
    for url, guide in ((f"agencies/{OFFICE}", "guides/office/"), (f"agencies/{OWN}", "guide/")):
        page = content(soup(built_site, url))
        [link] = [a for a in page.select("nav.gk-entries a") if "公开指南" in a.get_text()]
        assert link["href"] == f"../../{guide}" and resolves(built_site, url, link["href"]), url
        catalog = content(soup(built_site, f"{url}/catalog"))
        assert catalog.find("a", string="公开指南")["href"] == f"../../../{guide}", url
    text = content(soup(built_site, "guides/office")).get_text()
    assert "河南省人民政府办公厅政府信息公开指南" in text


def test_an_agency_guide_that_is_not_there_stops_the_build_saying_which(tmp_path):
    block = AGENCIES_BLOCK.replace(
        "credit_code: 11410000MB1935420H}", "credit_code: 11410000MB1935420H, guide: guides/finance.md}"
    )
    project = project_with(tmp_path, block)
    result = build_site(project, project / "site", DEMO_TODAY)
    assert result.returncode != 0
    assert "某某县财政局" in result.stderr and "guides/finance.md" in result.stderr and "不存在" in result.stderr


def test_an_agency_column_lists_its_records_only(built_site):
    page = soup(built_site, f"agencies/{OFFICE}/documents")
    rows = content(page).select("table[data-gk-table] tbody tr")
    assert [row.select_one("td.gk-docno").get_text() for row in rows] == ["豫政办〔2026〕3号", "豫政办〔2025〕18号"]
    assert {row["data-agency"] for row in rows} == {"河南省人民政府办公厅"}
    intro = content(page).select_one(".gk-section-intro")
    assert [a["href"] for a in intro.select("a")] == [
        f"../../../agencies/{OFFICE}/feeds/documents.xml",
        f"../../../agencies/{OFFICE}/data/documents.json",
    ]
    tags = {m["name"]: m["content"] for m in page.select("meta[name^=Column]")}
    assert tags["ColumnDescription"] == "河南省人民政府办公厅公开的省政府办公厅 · 规范性文件"
    assert tags["ColumnType"] == "政策文件"
    own = soup(built_site, f"agencies/{OWN}/documents")
    numbers = [td.get_text() for td in content(own).select("td.gk-docno")]
    assert numbers and all(n.startswith("豫管") for n in numbers)


def test_the_catalog_of_an_agency_is_its_records(built_site):
    page = content(soup(built_site, f"agencies/{OFFICE}/catalog"))
    assert "河南省人民政府办公厅在本站主动公开的全部 4 条信息" in page.get_text(" ", strip=True)
    assert {a["href"].removeprefix("../../../") for a in page.select("tbody a")} == OFFICE_RECORDS


def test_the_site_columns_lead_to_each_agency_and_filter_by_agency(built_site):
    page = content(soup(built_site, "documents"))
    nav = page.select_one("nav.gk-agency-links")
    assert [a["href"] for a in nav.select("a")] == [
        f"../agencies/{slug}/documents/" for slug in (OWN, OFFICE, GOVERNMENT)
    ]
    options = [o["value"] for o in page.select("select[name=agency] option")]
    assert options == ["", "河南省人民政府办公厅", "河南省机关事务管理局"]
    rows = page.select("table[data-gk-table] tbody tr")
    assert all(row.get("data-agency") for row in rows)


def test_every_record_page_names_its_agency(built_site):
    for url, name, slug in (
        ("documents/2025-official-reception-management", "河南省人民政府办公厅", OFFICE),
        ("documents/2023-vehicle-management", "河南省机关事务管理局", OWN),
        ("reports/disclosure/2025-government-annual-report", "河南省人民政府", GOVERNMENT),
    ):
        page = soup(built_site, url)
        # the issuer is the agency: the 发布机构 links to the agency's page (no second row)
        (row,) = [r for r in page.select("table.gk-meta tr") if r.th.get_text() in ("发布机构", "所属机关")]
        assert row.td.get_text() == name and row.a["href"].endswith(f"agencies/{slug}/")
        assert page.find("meta", attrs={"name": "ContentSource"})["content"] == name


def test_an_agency_feed_holds_its_records_under_its_name(built_site):
    channel = ET.parse(built_site / f"agencies/{OFFICE}/feeds/all.xml").getroot().find("channel")
    assert channel.findtext("title").endswith("河南省人民政府办公厅：全部公开信息")
    links_ = {item.findtext("link").removeprefix(SITE) for item in channel.findall("item")}
    assert links_ == OFFICE_RECORDS
    documents = ET.parse(built_site / f"agencies/{OFFICE}/feeds/documents.xml").getroot()
    assert len(documents.findall("channel/item")) == 2
    atom = (built_site / f"agencies/{OFFICE}/feeds/all.atom").read_text(encoding="utf-8")
    assert f'href="{SITE}agencies/{OFFICE}/feeds/all.atom" rel="self"' in atom


def test_an_agency_open_data_holds_its_records(built_site):
    folder = built_site / f"agencies/{OFFICE}/data"
    documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
    assert documents["count"] == 2 and documents["schema"] == f"{SITE}schemas/document.schema.json"
    assert [r["record"]["id"] for r in documents["records"]] == [
        "2026-meeting-expenses-management",
        "2025-official-reception-management",
    ]
    rows = list(csv.reader(io.StringIO((folder / "documents.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["agency"]["credit_code"] == "11410000MB1935420H"
    for dataset in index["datasets"]:
        for key in ("json", "csv"):
            if dataset[key]:
                assert (built_site / dataset[key].removeprefix(SITE)).is_file(), dataset[key]
    # the site's own open data still holds every agency's records
    everything = json.loads((built_site / "data/documents.json").read_text(encoding="utf-8"))
    assert {"2025-official-reception-management", "2023-vehicle-management"} <= {
        r["record"]["id"] for r in everything["records"]
    }


AGENCIES_BLOCK = """  - gongkai:
      data_dir: data
      settings:
        agencies:
          - {name: 某某县人民政府, short_name: 县政府, credit_code: 11410000MB1234567P}
          - {name: 某某县财政局, short_name: 县财政局, credit_code: 11410000MB1935420H}
"""


def test_an_agency_column_is_paged_as_the_site_listings(tmp_path):
    project = project_with(tmp_path, AGENCIES_BLOCK)
    for number in range(1, PAGE_SIZE + 3):
        year = 2023 if number <= 5 else 2024
        write_record(
            project / "data",
            "documents",
            f"finance-{number}",
            title=f"关于财政资金管理的第{number}号通知",
            issuer="某某县财政局",
            doc_number=f"县财〔{year}〕{number}号",
            signed_date=f"{year}-02-26",
            publish_date=f"{year}-03-01",
        )
    write_record(project / "data", "documents", "county-1", issuer="某某县人民政府", doc_number="县政〔2024〕1号")
    # jointly issued, numbered by the county government: its issuer is not an agency's name
    joint = "某某县人民政府、某某县财政局"
    write_record(project / "data", "documents", "joint-1", issuer=joint, agency="县政府", doc_number="县政〔2024〕2号")
    site = project / "site"
    result = build_site(project, site, DEMO_TODAY)
    assert result.returncode == 0, result.stderr[-3000:]
    finance = "agencies/11410000mb1935420h/documents"
    first = content(soup(site, finance))
    assert len(first.select("table[data-gk-table] tbody tr")) == PAGE_SIZE
    assert [a.get_text() for a in first.select("nav.gk-years a")] == ["2024年", "2023年"]
    assert len(content(soup(site, f"{finance}/2023")).select("table[data-gk-table] tbody tr")) == 5
    county = content(soup(site, "agencies/11410000mb1234567p/documents"))
    assert sorted(td.get_text() for td in county.select("td.gk-docno")) == ["县政〔2024〕1号", "县政〔2024〕2号"]
    rows = {r.th.get_text(): r.td for r in soup(site, "documents/joint-1").select("table.gk-meta tr")}
    assert rows["发布机构"].get_text() == joint and rows["发布机构"].a is None
    assert rows["所属机关"].get_text() == "某某县人民政府"
    assert rows["所属机关"].a["href"] == "../../agencies/11410000mb1234567p/"
    home = content(soup(site, ""))
    assert [a["href"] for a in home.select(".gk-home-agencies a")] == [
        "agencies/11410000mb1234567p/",
        "agencies/11410000mb1935420h/",
        "agencies/",
    ]


def test_an_agency_holding_every_record_has_no_second_copy_of_the_sites_columns(tmp_path):
    """A portal whose other agencies have published nothing yet: the county's columns and catalog
    are the site's, page for page, so its landing page and the 按机关查看 links lead there."""
    project = project_with(tmp_path, AGENCIES_BLOCK)
    write_record(project / "data", "documents", "county-1", issuer="某某县人民政府", doc_number="县政〔2024〕1号")
    site = project / "site"
    result = build_site(project, site, DEMO_TODAY)
    assert result.returncode == 0, result.stderr[-3000:]
    county, finance = "agencies/11410000mb1234567p", "agencies/11410000mb1935420h"
    assert not (site / county / "documents").exists() and not (site / county / "catalog").exists()
    assert (site / finance / "documents" / "index.html").is_file()  # the finance bureau's, empty yet
    hrefs = [a["href"] for a in content(soup(site, county)).select("nav.gk-entries a")]
    assert "../../documents/" in hrefs and "../../catalog/" in hrefs
    assert all(resolves(site, county, href) for href in hrefs), hrefs
    links = {a.get_text(): a["href"] for a in content(soup(site, "documents")).select("nav.gk-agency-links a")}
    assert links == {"县政府": "../documents/", "县财政局": f"../{finance}/documents/"}
    assert all(resolves(site, "documents", href) for href in links.values())


def test_a_project_that_declares_no_agencies_has_no_agency_pages(tmp_path):
    project = project_with(tmp_path, "  - gongkai:\n      data_dir: data\n")
    write_record(project / "data", "documents", "a", doc_number="豫管〔2024〕1号")
    site = project / "site"
    result = build_site(project, site, DEMO_TODAY)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "agencies").exists()
    page = soup(site, "documents/a")
    assert "所属机关" not in page.get_text() and "data-agency" not in (site / "documents/index.html").read_text()
    assert page.select_one("table.gk-meta a") is None and not content(soup(site, "")).select(".gk-home-agencies")
    assert page.find("meta", attrs={"name": "ContentSource"})["content"] == "河南省机关事务管理局"


@pytest.mark.parametrize("slug", [OWN, OFFICE, GOVERNMENT])
def test_every_link_of_every_agency_page_resolves(built_site, slug):
    folder = built_site / "agencies" / slug
    for index in folder.rglob("index.html"):
        url = str(index.parent.relative_to(built_site))
        page = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
        for href in links(page):
            if not href.startswith(("http", "#", "mailto:")):
                assert resolves(built_site, url, href.split("#")[0].split("?")[0] or "./"), (url, href)
