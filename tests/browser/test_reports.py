"""The disclosure report's tables and the report index pages in headless Chromium at 1280 and 375 px."""

from __future__ import annotations

import pytest

REPORT = "reports/disclosure/2025-annual-report/"
THREE = ".gk-report-scroll:has(.gk-report-table--three)"


def open_page(browser, width: int, path: str):
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path, wait_until="networkidle")
    return page


def test_table_three_fits_the_content_column_at_1280(site_browser):
    page = open_page(site_browser, 1280, REPORT)
    region = page.locator(THREE)
    sizes = region.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    heading = page.get_by_role("rowheader", name="一、本年新收政府信息公开申请数量")
    assert heading.bounding_box()["height"] < 60  # one line or two, not four
    page.close()


def test_table_three_scrolls_in_a_focusable_region_with_headings_in_view_at_375(site_browser):
    page = open_page(site_browser, 375, REPORT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region = page.locator(THREE)
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('gk-report-scroll')")
    page.keyboard.press("End")  # keyboard users scroll the focused region
    region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert region.evaluate("e => e.scrollLeft") > 0
    box = region.bounding_box()
    for name in ["1.属于国家秘密", "四、结转下年度继续办理"]:
        cell = page.get_by_role("rowheader", name=name).bounding_box()
        assert cell["x"] >= box["x"] - 1 and cell["x"] + cell["width"] <= box["x"] + box["width"], name
    total = page.get_by_role("columnheader", name="总计").first.bounding_box()
    assert total["x"] + total["width"] <= box["x"] + box["width"] + 1  # the last column is reachable
    page.close()


@pytest.mark.parametrize("path", ["reports/rule-of-law/", "reports/disclosure/"])
@pytest.mark.parametrize("width", [1280, 375])
def test_report_index_charts_fit(site_browser, path, width):
    page = open_page(site_browser, width, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    charts = page.locator("svg.gk-chart__svg")
    assert charts.count() >= 7
    assert charts.first.bounding_box()["width"] > 200
    page.close()


def test_report_tables_fit_an_a4_page_when_printed(site_browser):
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": 680, "height": 960})  # A4 less 15 mm margins, at 96 dpi
    page.emulate_media(media="print")
    page.goto(base + REPORT, wait_until="networkidle")
    for table in page.locator("table.gk-report-table").all():
        assert table.evaluate("t => t.getBoundingClientRect().right") <= 680, table.get_attribute("class")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


CORRECTED = "reports/disclosure/2022-annual-report-correction/"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_correction_is_shown_beside_the_figure_as_issued_and_leads_to_its_note(site_browser, width):
    page = open_page(site_browser, width, CORRECTED)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    link = page.get_by_role("link", name="更正 9", exact=True)  # read aloud as words: the ※ is aria-hidden
    assert link.count() == 1
    link.scroll_into_view_if_needed()
    cell = page.locator("td.gk-corrected")
    assert cell.inner_text().split()[0] == "8"  # the figure as issued comes first
    inner, outer = link.bounding_box(), cell.bounding_box()
    assert outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"  # not colour alone
    link.click()
    page.wait_for_function("location.hash === '#gk-fix-1'")
    note = page.locator("#gk-fix-1")
    assert note.is_visible() and "原报告为 8，更正为 9" in note.inner_text()
    page.close()


def test_a_correction_is_printed(site_browser):
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": 680, "height": 960})
    page.emulate_media(media="print")
    page.goto(base + CORRECTED, wait_until="networkidle")
    link = page.locator("td.gk-corrected a.gk-fix")
    text = link.inner_text().split()
    assert link.is_visible() and text == ["※更正", "9"]
    assert page.locator("#gk-fix-1").is_visible()
    for table in page.locator("table.gk-report-table").all():
        assert table.evaluate("t => t.getBoundingClientRect().right") <= 680


def test_the_grouped_disclosure_index_filters_every_agencys_table_at_once(site_browser):
    page = open_page(site_browser, 1280, "reports/disclosure/")
    groups = ["河南省人民政府", "河南省人民政府办公厅", "河南省机关事务管理局"]  # newest report first
    assert page.locator("section.gk-agency h2").all_inner_texts() == groups
    rows = page.locator("section.gk-agency table[data-gk-table] tbody tr")
    assert rows.count() == 6 and page.locator("form[data-gk-filters]").is_visible()
    page.fill("form[data-gk-filters] input[name=text]", "2024年政府信息")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == 1 and "2024年政府信息公开工作年度报告" in visible[0].inner_text()
    assert "显示 1 条" in page.locator("[data-gk-count]").inner_text()
    page.fill("form[data-gk-filters] input[name=text]", "河南省人民政府2025")  # a row of the first table only
    assert [r.is_visible() for r in rows.all()] == [True, False, False, False, False, False]
    assert "显示 1 条" in page.locator("[data-gk-count]").inner_text()  # counted over every table, not the last
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_government_report_and_its_index_row_fit_and_read_on_time(site_browser, width):
    page = open_page(site_browser, width, "reports/disclosure/2025-government-annual-report/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".gk-late").count() == 0 and page.locator(".gk-proof").count() == 0
    page.close()
    page = open_page(site_browser, width, "reports/disclosure/")
    row = page.locator("section.gk-agency").first.locator("table tbody tr").first
    assert "本级政府" in row.inner_text() and "按时发布" in row.inner_text()
    assert row.is_visible() and row.bounding_box()["width"] <= width
    page.close()
