"""Quality gate on the province portal (`gongkai portal` over three small agency sites, each built
with `mkdocs build --strict`): the Nu Html Checker finds no error on any of its pages, axe-core no
violation of the WCAG 2.0/2.1 A and AA rules on each kind of page (light and dark colour scheme,
the search page with results), and no internal link or anchor of its pages, feeds and data is
broken. The same checks as the agency sites' (tests/quality/), which find their faults in the
broken fixtures there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.linkcheck import broken_links
from tests.support.province import build_agency_sites, portal_project, run_portal
from tests.support.quality_tools import axe_source, axe_violations, problems_on_pages, vnu_errors
from tests.support.sites import chromium_serving

RECORDS = 40  # per agency: 120 in all, so that the catalog has later pages (100 a page)
PORTAL_URL = "https://province.example.gov.cn/"  # portal.yml's site_url (tests/support/province.py)


@pytest.fixture(scope="module")
def portal_site(tmp_path_factory) -> Path:
    sites = build_agency_sites(tmp_path_factory.mktemp("agencies"), RECORDS)
    config = portal_project(tmp_path_factory.mktemp("portal"), sites)
    result = run_portal(config, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return config.parent / "site"


@pytest.fixture(scope="module")
def portal_browser(portal_site: Path) -> Iterator[tuple[object, str]]:
    with chromium_serving(portal_site) as served:
        yield served


def portal_page_types(site: Path) -> list[str]:
    """The home page, every listing's first page (catalog, each record type), the search page with
    results, and one later page of a listing: paths relative to the portal's root."""
    firsts = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("*/index.html"))
    later = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("catalog/*/index.html"))
    assert "catalog/" in firsts and "search/" in firsts and later, (firsts, later)
    return ["", *firsts, later[0], "search/?q=%E7%AE%A1%E7%90%86"]  # 管理


def test_every_page_of_the_portal_is_valid_html(portal_site: Path):
    assert len(list(portal_site.rglob("*.html"))) > 10  # home, search, listings and their later pages
    assert vnu_errors(portal_site) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_on_any_portal_page_type(portal_browser, portal_site: Path, scheme: str):
    chromium, base = portal_browser
    source = axe_source()
    paths = portal_page_types(portal_site)
    found = problems_on_pages(chromium, base, paths, lambda page: axe_violations(page, source), color_scheme=scheme)
    assert found == {}


def test_no_broken_link_or_anchor_in_the_portals_pages_feeds_and_data(portal_site: Path):
    assert (portal_site / "feeds" / "all.xml").is_file() and (portal_site / "data" / "data.json").is_file()
    assert broken_links(portal_site, PORTAL_URL) == []
