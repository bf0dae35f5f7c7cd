"""The comparison table in headless Chromium: side by side on a desktop, stacked on a phone (原条文
above 修改后条文), marks readable without colour; the documents section filters by validity.

Set GK_SCREENSHOTS=<dir> to keep the screenshots (1280 and 375 px) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

LATEST = "documents/2022-office-space-management/2026-10-01/"


def _boxes(page, selector: str) -> tuple[dict, dict]:
    row = page.locator(selector).first
    row.scroll_into_view_if_needed()
    cells = row.locator("td")
    return cells.nth(0).bounding_box(), cells.nth(1).bounding_box()


@pytest.mark.parametrize("width", [1280, 375])
def test_comparison_columns_side_by_side_or_stacked(site_browser, width):
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(base + LATEST, wait_until="networkidle")
    old, new = _boxes(page, "tr.gk-compare__row--changed")
    if width >= 1000:
        assert old["x"] + old["width"] <= new["x"] + 1 and abs(old["y"] - new["y"]) < 2  # two columns
    else:
        assert old["y"] + old["height"] <= new["y"] + 1 and abs(old["x"] - new["x"]) < 2  # 原 above 新
        assert old["width"] > width * 0.8  # each side the width of the screen, not a squeezed column
        labels = page.locator("tr.gk-compare__row--changed td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels[:2] == ['"原条文"', '"修改后条文"']
    # without colour: deletions struck through, insertions underlined
    decorations = page.evaluate(
        "() => ['del', 'ins'].map(t => getComputedStyle(document.querySelector('.gk-compare ' + t)).textDecorationLine)"
    )
    assert decorations == ["line-through", "underline"]
    # unchanged articles are folded, and open on a click
    fold = page.locator("tr.gk-compare__fold details").first
    assert fold.get_attribute("open") is None
    fold.locator("summary").click()
    assert fold.get_attribute("open") is not None and "第一条" in fold.inner_text()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width  # nothing overflows the screen
    target = os.environ.get("GK_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        fold.locator("summary").click()  # folded again, as a reader first sees it
        page.locator(".gk-compare").screenshot(path=str(Path(target) / f"comparison-{width}.png"))
    page.close()


def test_documents_section_filters_by_validity(site_browser):
    chromium, base = site_browser
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "documents/", wait_until="networkidle")
    page.select_option("select[name=status]", "失效")
    visible = page.locator("tbody tr:visible")
    titles = visible.locator("td.gk-cell-title").all_inner_texts()
    assert titles == ["河南省省直公共机构节能管理暂行办法"]
    page.select_option("select[name=status]", "已修改")
    assert page.locator("tbody tr:visible td.gk-cell-title").all_inner_texts() == ["河南省省直机关办公用房管理办法"]
    page.close()
