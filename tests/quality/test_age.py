"""Quality gate, age-friendly (适老化) pages in Debian's Chromium on a 375 px phone: text at 200% (the
browser's font-size setting, and the site's own 大字 setting) never makes a page wider than the screen;
controls outside running text are at least 44×44 px; the header's text-size control (标准 / 大字) works
without any outside request and is remembered from page to page. Each width check is shown to fail on
a deliberately broken page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.quality_tools import open_page, page_types, problems_on_pages

PHONE = {"width": 375, "height": 800}
# Chromium's default font size is 16 px; 32 px is text at 200% everywhere rem and em are used.
TEXT_200 = {"fontSizes": {"standard": 32, "fixed": 26}}

# Targets of a tap: every visible control, except links inside running text (WCAG 2.5.5 "inline").
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, label.md-header__button, [tabindex="0"]')]
  .filter(e => e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length)
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
  .filter(e => !(e.tagName === 'A' && getComputedStyle(e).display === 'inline'))
  .map(e => { const r = e.getBoundingClientRect();
              return [e.tagName, e.className, (e.innerText || e.value || '').trim().slice(0, 20), Math.round(r.width), Math.round(r.height)]; })
  .filter(([, , , width, height]) => width < 44 || height < 44)"""


def phone_page(chromium, text_200: bool):
    page = chromium.new_page(viewport=PHONE)
    if text_200:
        page.context.new_cdp_session(page).send("Page.setFontSizes", TEXT_200)
    return page


def page_width(page, url: str) -> int:
    open_page(page, url)
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("setting", ["browser text 200%", "大字"])
def test_no_page_is_wider_than_a_phone_with_text_at_200_percent(site_browser, built_site: Path, setting: str):
    chromium, base = site_browser
    page = phone_page(chromium, text_200=setting != "大字")
    open_page(page, base)
    if setting == "大字":
        page.evaluate("localStorage.setItem('gk-text-size', 'large')")
    else:  # Material's root size is 125% of the browser's
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 2 * 16 * 1.25 - 0.5
    wide = {}
    for path in page_types(built_site):
        width = page_width(page, base + path)
        if width > PHONE["width"]:
            wide[path] = width
    page.close()
    assert wide == {}


def test_the_width_check_finds_a_page_too_wide_for_a_phone(site_browser, fixture_base):
    chromium, _ = site_browser
    page = phone_page(chromium, text_200=True)
    assert page_width(page, fixture_base + "broken/") > PHONE["width"]
    assert page_width(page, fixture_base + "fine/") <= PHONE["width"]
    page.close()


def test_controls_are_at_least_44_px_to_tap_on_a_phone(site_browser, built_site: Path):
    chromium, base = site_browser
    small = problems_on_pages(
        chromium, base, page_types(built_site), lambda page: page.evaluate(SMALL_TARGETS), viewport=PHONE
    )
    assert small == {}


def test_the_target_check_finds_small_controls(site_browser, fixture_base):
    chromium, _ = site_browser
    page = chromium.new_page(viewport=PHONE)
    open_page(page, fixture_base + "broken/")
    page.set_content('<button style="width: 30px; height: 20px">小</button><p>正文中的<a href="#">链接</a>不算。</p>')
    found = page.evaluate(SMALL_TARGETS)
    page.close()
    assert [f[2] for f in found] == ["小"]


def test_text_size_control_is_remembered_across_pages_without_outside_requests(site_browser):
    chromium, base = site_browser
    page = chromium.new_page(viewport=PHONE)
    host = urlsplit(base).hostname
    outside = []
    page.on("request", lambda r: None if urlsplit(r.url).hostname == host else outside.append(r.url))
    root_size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    open_page(page, base)
    normal = page.evaluate(root_size)
    control = page.get_by_role("group", name="文字大小")
    assert control.is_visible()
    assert control.get_by_role("button", name="标准").get_attribute("aria-pressed") == "true"
    control.get_by_role("button", name="大字").click()
    assert page.evaluate(root_size) == pytest.approx(normal * 1.3, rel=0.01)
    assert control.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"

    open_page(page, base + "documents/")  # another page: still large
    control = page.get_by_role("group", name="文字大小")
    assert page.evaluate(root_size) == pytest.approx(normal * 1.3, rel=0.01)
    assert control.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    control.get_by_role("button", name="标准").click()
    open_page(page, base + "catalog/")
    assert page.evaluate(root_size) == pytest.approx(normal)
    assert page.get_by_role("button", name="标准").get_attribute("aria-pressed") == "true"
    assert outside == []
    page.close()


def test_without_javascript_the_text_size_control_is_not_shown(site_browser):
    chromium, base = site_browser
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "documents/")
    assert page.locator("[data-gk-textsize]").count() == 1
    assert not page.locator("[data-gk-textsize]").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    context.close()
