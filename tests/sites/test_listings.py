"""Listings stay small at scale: every page of a generated site of a few thousand records is at most
150 KB and 3,000 DOM elements, every public record is at most three plain links from its section
page, listing URLs never collide with record ids, and sitemaps split at the protocol's limit."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import bench_pages
import generate_records
import pytest

from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.render.listings import listing_pages
from gongkai.render.sitemaps import sitemap_files
from gongkai.slugs import shadows_listing
from gongkai.types import RECORD_TYPES
from tests.support.helpers import run, write_record
from tests.support.site_links import SITE, page_file, within_clicks
from tests.support.sites import DEMO_TODAY, build_site

RECORDS = 3000
MAX_BYTES = 150 * 1024
MAX_ELEMENTS = 3000


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    project = tmp_path_factory.mktemp("listings") / "project"
    generate_records.generate(project, RECORDS, seed=0)
    site = project / "site"
    result = build_site(project, site, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


@pytest.fixture(scope="module")
def public(generated) -> Catalog:
    project, _ = generated
    records = load_records(project / "data", 10_000_000)
    return Catalog([(r.type, r.data) for r in records], DEMO_TODAY)


def test_every_page_is_at_most_150_kb_and_3000_elements(generated):
    _, site = generated
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > RECORDS * 0.9
    too_big = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in pages if p.stat().st_size > MAX_BYTES]
    assert not too_big
    too_many = [
        (p.relative_to(site).as_posix(), n)
        for p in pages
        if (n := bench_pages.element_count(p.read_text(encoding="utf-8"))) > MAX_ELEMENTS
    ]
    assert not too_many


def test_the_listings_are_paged_by_year_and_page(generated, public):
    """The site is large enough to page the catalog, with more than one page in a year, and the
    pages are where listings.py says."""
    _, site = generated
    assert len(public.public()) > 2000
    pages = listing_pages("catalog", public.public())
    assert any(p.number > 1 for p in pages)
    for page in pages:
        text = page_file(site, page.url).read_text(encoding="utf-8")
        for record in page.records:
            assert f'href="{page.root}{record.url}"' in text
    latest = max(r.publish_date.year for r in public.public())
    catalog = page_file(site, "catalog/").read_text(encoding="utf-8")
    assert f'href="../catalog/{latest}/"' in catalog and 'action="../search/"' in catalog


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=[t.key for t in RECORD_TYPES])
def test_every_public_record_is_three_plain_links_from_its_section(generated, public, record_type):
    _, site = generated
    start = f"/{record_type.key}/"
    depth = within_clicks(site, start, 3)
    records = public.public(record_type.key)
    assert records
    unreachable = [r.url for r in records if f"/{r.url}" not in depth]
    assert not unreachable


def test_the_sitemap_lists_every_page_and_nothing_else(generated, public):
    _, site = generated
    urls = [
        loc.text
        for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(urls) == len(set(urls))
    # Every page meant for search engines: the editors' pages (robots noindex, e.g. /inspection/) are left out.
    indexable = [p for p in site.rglob("index.html") if 'name="robots" content="noindex' not in p.read_text("utf-8")]
    assert len(indexable) < len(list(site.rglob("index.html")))  # /inspection/
    pages = {SITE + p.relative_to(site).parent.as_posix() + "/" for p in indexable}
    pages = {u.replace(SITE + "./", SITE) for u in pages}
    assert set(urls) == pages
    assert {SITE + r.url for r in public.public()} <= set(urls)
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_sitemaps_split_at_the_limit_into_an_index():
    urls = [(f"{SITE}documents/r{i}/", "2026-11-27") for i in range(7)]
    files = sitemap_files(urls, SITE, limit=3)
    assert sorted(files) == [
        "sitemap.xml",
        "sitemap.xml.gz",
        "sitemaps/sitemap-1.xml",
        "sitemaps/sitemap-2.xml",
        "sitemaps/sitemap-3.xml",
    ]
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{ns}sitemapindex"
    assert [loc.text for loc in index.iter(f"{ns}loc")] == [f"{SITE}sitemaps/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [loc.text for n in (1, 2, 3) for loc in ET.fromstring(files[f"sitemaps/sitemap-{n}.xml"]).iter(f"{ns}loc")]
    assert listed == [u for u, _ in urls]
    assert all(len(list(ET.fromstring(files[f"sitemaps/sitemap-{n}.xml"]))) <= 3 for n in (1, 2, 3))
    single = sitemap_files(urls, SITE, limit=7)
    assert sorted(single) == ["sitemap.xml", "sitemap.xml.gz"]
    assert ET.fromstring(single["sitemap.xml"]).tag == f"{ns}urlset"


def test_listing_pages_split_by_year_then_by_page():
    class Fake:
        def __init__(self, year: int, n: int):
            import datetime as dt

            self.publish_date = dt.date(year, 1, 1)
            self.n = n

    records = [Fake(2024, i) for i in range(5)] + [Fake(2023, i) for i in range(2)]
    assert [p.url for p in listing_pages("documents", records, page_size=7)] == ["documents/"]
    pages = listing_pages("documents", records, page_size=2)
    assert [p.url for p in pages] == [
        "documents/",
        "documents/2024/",
        "documents/2024/2/",
        "documents/2024/3/",
        "documents/2023/",
    ]
    assert [len(p.records) for p in pages] == [2, 2, 2, 1, 2]
    assert [p.src_uri for p in pages[1:3]] == ["documents/2024.md", "documents/2024/2.md"]
    assert [p.root for p in pages[:3]] == ["../", "../../", "../../../"]
    assert [(y.year, y.count) for y in pages[0].years] == [(2024, 5), (2023, 2)]


def test_an_all_digit_id_would_shadow_a_year_page_and_is_rejected(tmp_path):
    assert shadows_listing("2019") and not shadows_listing("2019-001") and not shadows_listing("a2019")
    path = write_record(tmp_path, "documents", "2019", doc_number="豫管〔2024〕1号")
    problems = [p for p in run(tmp_path) if "分页" in p.message]
    assert len(problems) == 1
    problem = problems[0]
    assert problem.is_error and Path(problem.path).resolve() == path.resolve() and problem.line == 1
    assert problem.format().split(": ", 1)[0].endswith("2019.yaml:1:5")
    assert "/documents/2019/" in problem.message and "2019-001" in problem.message
