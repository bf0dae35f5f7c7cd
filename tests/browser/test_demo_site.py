"""The built demo site in headless Chromium: no request leaves the site, nothing is missing,
tables sort and filter, and the pages fit a phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.support.sites import require_browser

require_browser()  # at collection too: a CI run without a browser fails here (test_harness)

PAGES = [
    "",
    "documents/",
    "documents/2021-vehicle-management-interim/",
    "decisions/2024-office-space-reform/",
    "consultations/2026-ev-charging-plan-draft/",
    "powers/",
    "catalog/",
    "reports/disclosure/2025-annual-report/",
    "subscribe/",
    "open-data/",
    "guide/",
    "search/?q=公务用车",
]


@pytest.fixture
def browser_page(site_browser):
    chromium, base = site_browser
    page = chromium.new_page()
    yield page, base
    page.close()


def test_pages_load_everything_from_the_site_and_nothing_is_missing(browser_page):
    page, base = browser_page
    host = urlsplit(base).hostname
    outside, failed = [], []
    page.on("request", lambda r: None if urlsplit(r.url).hostname == host else outside.append(r.url))
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in PAGES:
        page.goto(base + path, wait_until="networkidle")
        # Material reads its settings (written as UTF-8 JSON, see on_env) and starts its scripts.
        config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
        assert config["translations"]["clipboard.copy"] == "复制", path
        assert page.evaluate("typeof document$ !== 'undefined'"), path
    assert outside == []
    assert failed == []
    assert errors == []


def test_section_table_sorts_and_filters_in_the_browser(browser_page):
    page, base = browser_page
    page.goto(base + "documents/", wait_until="networkidle")
    rows = page.locator("table[data-gk-table] tbody tr")
    total = rows.count()
    assert page.locator("form[data-gk-filters]").is_visible()
    page.select_option("select[name=status]", "已废止")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == 1 and "暂行办法" in visible[0].inner_text()
    assert "显示 1 条" in page.locator("[data-gk-count]").inner_text()
    page.select_option("select[name=status]", "")
    assert len([r for r in rows.all() if r.is_visible()]) == total
    dates = lambda: [r.locator("td[data-value]").get_attribute("data-value") for r in rows.all()]  # noqa: E731
    assert dates() == sorted(dates(), reverse=True)
    page.get_by_role("button", name="发布日期").click()
    assert dates() == sorted(dates())


@pytest.mark.parametrize("width", [1000, 1300, 1600])
def test_text_is_as_wide_without_a_table_of_contents_as_beside_one(site_browser, width):
    """Record pages and listings have no secondary sidebar (theme/base.html); their text keeps
    the column it has on a page whose table of contents fills that sidebar (the 公开指南)."""
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": width, "height": 800})
    boxes = {}
    for path in ("guide/", "documents/", "documents/2021-vehicle-management-interim/"):
        page.goto(base + path, wait_until="networkidle")
        boxes[path] = page.eval_on_selector(
            ".md-content__inner", "e => { const r = e.getBoundingClientRect(); return [r.x, r.width] }"
        )
    page.close()
    assert boxes["documents/"] == boxes["guide/"] == boxes["documents/2021-vehicle-management-interim/"], boxes


def test_pages_fit_a_phone_without_sideways_scrolling(site_browser):
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": 375, "height": 800})
    for path in [
        "",
        "documents/",
        "documents/2023-vehicle-management/",
        "decisions/2024-office-space-reform/",
        "catalog/",
    ]:
        page.goto(base + path, wait_until="networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    page.close()
