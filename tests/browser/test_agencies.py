"""Several agencies in one site, in headless Chromium: the site's column filters its rows by agency,
and an agency's column lists its own records, at 1280 and 375 px."""

from __future__ import annotations

import pytest

OFFICE = "agencies/11410000mb1935420h/"


def open_page(browser, width: int, path: str):
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path, wait_until="networkidle")
    return page


def test_the_documents_column_filters_its_rows_by_agency(site_browser):
    page = open_page(site_browser, 1280, "documents/")
    rows = page.locator("table[data-gk-table] tbody tr")
    total = rows.count()
    page.select_option("form[data-gk-filters] select[name=agency]", "河南省人民政府办公厅")
    visible = [r.inner_text() for r in rows.all() if r.is_visible()]
    assert len(visible) == 2 and all("豫政办" in text for text in visible)
    assert "显示 2 条" in page.locator("[data-gk-count]").inner_text()
    page.select_option("form[data-gk-filters] select[name=agency]", "")
    assert sum(r.is_visible() for r in rows.all()) == total
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_agency_landing_page_leads_to_its_column(site_browser, width):
    page = open_page(site_browser, width, OFFICE)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click(f"a[href='../../{OFFICE}documents/']")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"{OFFICE}documents/")
    numbers = page.locator("table[data-gk-table] td.gk-docno").all_inner_texts()
    assert numbers == ["豫政办〔2026〕3号", "豫政办〔2025〕18号"]
    page.close()
