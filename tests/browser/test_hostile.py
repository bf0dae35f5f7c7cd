"""The hostile site (every free-text field and every text setting of mkdocs.yml carries a script
payload, see tests/support/hostile.py) in Debian's Chromium: on every kind of page (a record page
of every type, every listing, the catalog, the report and version pages, search results, the 404
page, home) no dialog opens, no script error occurs, and Material's own scripts still run."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.support.sites import chromium_serving


@pytest.fixture(scope="module")
def hostile_browser(hostile_site):
    project, site = hostile_site
    with chromium_serving(site) as (chromium, base):
        yield project, site, chromium, base


def _watched(chromium):
    page = chromium.new_page()
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: fired.append(f"error: {error}"))
    return page, fired


def _record_with_payload_title(project, site, marker: str):
    for (key, rid), data in sorted(project.typed.items()):
        if marker in data["title"] and (site / key / rid / "index.html").is_file():
            return key, rid, data
    raise AssertionError(f"no public record titled with {marker!r}")


@pytest.mark.parametrize("marker", ["onerror=alert(1)", "<script xss>", "</title>", "onload=alert(3)"])
def test_nothing_fires_on_the_record_its_section_the_catalog_and_home(hostile_browser, marker):
    project, site, chromium, base = hostile_browser
    key, rid, data = _record_with_payload_title(project, site, marker)
    page, fired = _watched(chromium)
    for path in (f"{key}/{rid}/", f"{key}/", "catalog/", ""):
        page.goto(base + path, wait_until="networkidle")
        # Material started: it parsed its settings (an id a body heading could have shadowed).
        assert page.evaluate(
            "typeof document$ !== 'undefined' && JSON.parse(document.getElementById('__config').textContent).base !== undefined"
        ), path
        assert page.locator("[xss], xss-tag, xss-comment").count() == 0, path
    page.goto(base + f"{key}/{rid}/", wait_until="networkidle")
    assert page.locator("h1").inner_text().strip() == data["title"]
    assert page.title() == f"{data['title']} - {project.site_name}"
    page.close()
    assert fired == []


def test_nothing_fires_on_search_results_showing_the_payloads(hostile_browser):
    _project, _site, chromium, base = hostile_browser
    page, fired = _watched(chromium)
    page.goto(base + "search/?q=" + quote("测试标题"), wait_until="networkidle")
    page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached", timeout=30_000)
    results = page.locator("[data-search-results]")
    assert "<img src=x onerror=alert(1) xss>" in results.inner_text()  # shown as text
    assert results.locator("a").count() > 0
    assert page.locator("[xss], xss-tag").count() == 0
    page.close()
    assert fired == []


def test_in_page_links_of_a_body_land_on_its_headings(hostile_browser):
    project, _site, chromium, base = hostile_browser
    key, rid = sorted(project.bodies)[0]
    page, fired = _watched(chromium)
    page.goto(base + f"{key}/{rid}/", wait_until="networkidle")
    page.get_by_role("link", name="跳到小标题").click()
    assert page.evaluate("location.hash") == "#gk-h-__config"
    assert page.evaluate("document.querySelector(':target').textContent") == "__config"
    page.close()
    assert fired == []


def _every_kind_of_page(project, site) -> list[str]:
    """One record page of every type, every listing's first page, the catalog, the report index
    pages, a document's version pages, the hand-made pages, home and the 404 page."""
    paths = ["", "catalog/", "guide/", "subscribe/", "open-data/", "reports/", "404.html"]
    seen_types = set()
    for (key, rid), _data in sorted(project.typed.items()):
        if (site / key / rid / "index.html").is_file():
            paths.append(f"{key}/")
            if key not in seen_types:
                seen_types.add(key)
                paths.append(f"{key}/{rid}/")
    versions = sorted(
        p.parent for p in site.glob("documents/*/*/index.html") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.parent.name)
    )
    assert versions, "the demo has a document with versions"
    paths += [f"{v.relative_to(site).as_posix()}/" for v in versions[:2]]
    assert len(seen_types) == 7, seen_types
    return list(dict.fromkeys(paths))


def test_nothing_fires_on_any_kind_of_page(hostile_browser):
    project, site, chromium, base = hostile_browser
    page, fired = _watched(chromium)
    for path in [*_every_kind_of_page(project, site), "search/?q=" + quote("测试标题"), "search/?q=" + quote("xss")]:
        page.goto(base + path, wait_until="networkidle")
        if path.startswith("search/"):
            page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached", timeout=30_000)
        assert page.evaluate(
            "typeof document$ !== 'undefined' && JSON.parse(document.getElementById('__config').textContent).base !== undefined"
        ), path
        assert page.locator("[xss], xss-tag, xss-comment").count() == 0, path
        # The site's name and footer are shown as typed (escaped once), on every page.
        assert page.locator(".md-header__topic .md-ellipsis").first.inner_text().strip() == project.site_name, path
        footer = page.locator("footer.gk-footer").inner_text()
        sponsor = project.config[("extra", "site_info", "sponsor")]
        assert " ".join(sponsor.split()) in " ".join(footer.split()), path
    page.close()
    assert fired == []
