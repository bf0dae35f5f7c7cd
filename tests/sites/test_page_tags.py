"""The national monitoring platform's page tags (gongkai.render.page_tags), read from every page
kind of the built demo site as a crawler reads them: the site's own on every page, a column's on
column (list) pages, an article's on record pages, each once, with the values of the settings and
the records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from gongkai.agencies import Agencies, parse_agencies
from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog, Document
from gongkai.render.page_tags import COLUMN_TYPES
from gongkai.types import RECORD_TYPES
from gongkai.validate import validate_records
from tests.support.sites import DEMO_TODAY, ROOT

SITE_TAGS = {"SiteName", "SiteDomain", "SiteIDCode"}
COLUMN_TAGS = {"ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"}
ARTICLE_TAGS = {"ArticleTitle", "PubDate", "ContentSource", "Keywords"}
# The platform's Description is the page's <meta name="description">: HTML meta names are compared
# without regard to case, so no second tag says it again (see gongkai.render.page_tags).
NAMES = SITE_TAGS | COLUMN_TAGS | ARTICLE_TAGS | {"Description", "description"}
PUB_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: its `!!python/name` and `!ENV` tags read as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def settings() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="module")
def catalog(settings: dict) -> Catalog:
    [gongkai] = [p["gongkai"] for p in settings["plugins"] if isinstance(p, dict) and "gongkai" in p]
    agencies = Agencies(parse_agencies(gongkai["settings"]["agencies"]))
    records = load_records(ROOT / "data", 1_000_000)
    assert not [p for p in validate_records(records, Settings(data_dir=ROOT / "data"), DEMO_TODAY) if p.is_error]
    return Catalog([(r.type, r.data) for r in records], DEMO_TODAY, agencies=agencies)


def tags(site: Path, url: str) -> dict[str, str]:
    """The page's tags by name; a tag given twice fails."""
    page = BeautifulSoup((site / url).read_text(encoding="utf-8"), "html.parser")
    found: dict[str, str] = {}
    for meta in page.select("head meta[name]"):
        name = meta["name"]
        if name in NAMES:
            assert name.lower() not in {n.lower() for n in found}, (url, name)
            found[name] = meta["content"]
    return found


def test_every_page_carries_the_sites_name_domain_and_identification_code(
    built_site: Path, settings: dict, catalog: Catalog
):
    """The site's 政府网站标识码 on every page but those of a declared agency with its own code:
    its landing page, columns and catalog, and its records' pages (their versions' too)."""
    expected = {
        "SiteName": settings["site_name"],
        "SiteDomain": "gongkai.example.gov.cn",
        "SiteIDCode": settings["extra"]["site_info"]["identification_code"],
    }
    assert expected["SiteIDCode"] == "4100000000"
    [own] = [a for a in catalog.agencies if a.identification_code]
    assert own.identification_code == "4100000001" and own.name == "河南省人民政府办公厅"
    own_pages = {f"agencies/{own.slug}/"}
    for record in catalog.of_agency(own).public():
        own_pages |= {record.url, *(version.url for version in getattr(record, "versions", []))}
    assert len(own_pages) > 3
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 60
    seen_own = 0
    for path in pages:
        url = str(path.relative_to(built_site))
        found = tags(built_site, url)
        theirs = any(url.startswith(prefix) for prefix in own_pages)
        seen_own += theirs
        code = own.identification_code if theirs else expected["SiteIDCode"]
        assert {k: found.get(k) for k in SITE_TAGS} == {**expected, "SiteIDCode": code}, url
    assert seen_own > 10


@pytest.mark.parametrize("url", ["index.html", "search/index.html", "404.html", "subscribe/index.html"])
def test_pages_that_are_neither_a_column_nor_an_article_carry_the_sites_tags_only(built_site: Path, url: str):
    assert set(tags(built_site, url)) - {"description"} == SITE_TAGS


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_each_record_types_listing_is_a_column(built_site: Path, settings: dict, record_type):
    found = tags(built_site, f"{record_type.key}/index.html")
    assert set(found) - {"description"} == SITE_TAGS | COLUMN_TAGS
    assert found["ColumnName"] == record_type.label
    assert found["ColumnType"] == COLUMN_TYPES[record_type.key]
    assert found["ColumnDescription"] == f"{settings['extra']['agency']}公开的{record_type.label}"
    assert found["ColumnKeywords"].split(",")[:2] == [record_type.label, COLUMN_TYPES[record_type.key]]


@pytest.mark.parametrize(("url", "name"), [("catalog/index.html", "公开目录"), ("reports/index.html", "年度报告")])
def test_the_catalog_and_the_reports_index_are_columns(built_site: Path, url: str, name: str):
    found = tags(built_site, url)
    assert set(found) - {"description"} == SITE_TAGS | COLUMN_TAGS and found["ColumnName"] == name


def test_every_record_page_carries_its_title_date_issuer_subjects_and_summary_once(built_site: Path, catalog: Catalog):
    seen = set()
    for record in catalog.public():
        found = tags(built_site, f"{record.url}index.html")
        assert set(found) - SITE_TAGS <= ARTICLE_TAGS | {"description"} and not set(found) & COLUMN_TAGS, record.url
        assert found["ArticleTitle"] == record.title
        assert PUB_DATE.fullmatch(found["PubDate"]) and found["PubDate"] == f"{record.publish_date.isoformat()} 00:00"
        assert found["ContentSource"] == record.issuer
        assert found.get("Keywords") == (",".join(record.subjects) or None), record.url
        summary = " ".join(record.summary.split())
        if summary:  # the description, once
            described = found["description"].rstrip("…")
            assert described and described == summary[: len(described)], record.url
            assert len(found["description"]) <= 120
        seen.add(record.type.key)
    assert seen == {t.key for t in RECORD_TYPES}  # a record page of every type, the reports' too
    assert any("Keywords" in tags(built_site, f"{r.url}index.html") for r in catalog.public())


def test_a_documents_version_pages_are_articles_of_that_document(built_site: Path, catalog: Catalog):
    documents = [r for r in catalog.public("documents") if isinstance(r, Document) and r.versions]
    assert documents
    for document in documents:
        for version in document.versions:
            found = tags(built_site, f"{version.url}index.html")
            assert found["ArticleTitle"].startswith(document.title) and found["ArticleTitle"] != document.title
            assert found["PubDate"] == f"{document.publish_date.isoformat()} 00:00"
            assert found["ContentSource"] == document.issuer
