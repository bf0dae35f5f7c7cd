"""Quality gate, keyboard: on every page type of the freshly built demo site every visible control is
reached with Tab and shows a focus ring, and the skip link (跳转至) is the first stop and moves the
keyboard into the page's content. The Tab walk is shown to find a control it cannot reach."""

from __future__ import annotations

from pathlib import Path

from tests.support.quality_tools import open_page, page_types, problems_on_pages

DESKTOP = {"width": 1280, "height": 900}
CONTROLS = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), "
    'textarea, summary, [tabindex]:not([tabindex="-1"])'
)
# After each Tab: mark the focused element, and say whether a focus ring (outline or box shadow) shows.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const first = e.dataset.gkTabbed === '1';
  e.dataset.gkTabbed = '1';
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none';
  return {again: first, ring, what: e.tagName + ' ' + (e.getAttribute('href') || e.className || '') + ' ' + (e.innerText || '').trim().slice(0, 15)};
}"""
# Material's "回到页面顶部" button shows only while the page scrolls up, so a forward Tab walk (which
# scrolls down) passes it hidden; it repeats what the Home key does and is left out.
UNREACHED = """selector => [...document.querySelectorAll(selector)]
  .filter(e => !e.matches('.md-top'))
  .filter(e => e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length && !e.closest('[inert]'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
  .filter(e => e.dataset.gkTabbed !== '1')
  .map(e => e.tagName + ' ' + (e.getAttribute('href') || e.className || '') + ' ' + (e.innerText || '').trim().slice(0, 15))"""


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab until the focus comes round again; every stop on the way."""
    stops, outside = [], 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:  # past the last control the focus leaves the page once, then starts again
            outside += 1
            if outside > 2:
                break
            continue
        if stop["again"]:
            break
        stops.append(stop)
    return stops


def test_every_control_is_reached_by_tab_with_a_visible_focus_ring(site_browser, built_site: Path):
    chromium, base = site_browser

    def check(page):
        stops = tab_through(page)
        without_ring = [s["what"] for s in stops if not s["ring"]]
        unreached = page.evaluate(UNREACHED, CONTROLS)
        if without_ring or unreached or not stops:
            return {"no focus ring": without_ring, "not reached by Tab": unreached}

    assert problems_on_pages(chromium, base, page_types(built_site), check, viewport=DESKTOP) == {}


def test_the_skip_link_comes_first_and_leads_into_the_content(site_browser, built_site: Path):
    chromium, base = site_browser

    def check(page):
        page.keyboard.press("Tab")
        skip = page.evaluate(
            "() => ({skip: document.activeElement.matches('.md-skip'), href: document.activeElement.getAttribute('href')})"
        )
        if not skip["skip"]:
            return f"first Tab stop is not the skip link: {skip}"
        # Material slides the focused skip link in (a short transition): wait until it is on screen.
        page.wait_for_function(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= innerHeight && r.width > 1 && getComputedStyle(e).opacity === '1'; }""",
            timeout=5000,
        )
        page.keyboard.press("Enter")
        target = page.evaluate("""() => { const t = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            return t ? !!t.closest('.md-content') : null; }""")
        page.keyboard.press("Tab")
        after = page.evaluate(
            "() => !document.activeElement.closest('.md-header, .md-sidebar, .md-tabs, [data-md-component=skip]')"
        )
        if not target or not after:
            return f"skip link {skip['href']}: target in content {target}, next Tab stop in content {after}"

    assert problems_on_pages(chromium, base, page_types(built_site), check, viewport=DESKTOP) == {}


def test_the_tab_walk_finds_a_control_it_cannot_reach(site_browser, fixture_base):
    chromium, _ = site_browser
    page = chromium.new_page(viewport=DESKTOP)
    open_page(page, fixture_base + "fine/")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<button tabindex="-1">跳过的按钮</button><a href="#top" style="outline: none">没有焦点框</a>')""")
    stops = tab_through(page)
    assert [s["what"] for s in stops if not s["ring"]] == ["A #top 没有焦点框"]
    assert page.evaluate(UNREACHED, CONTROLS + ", button") == ["BUTTON  跳过的按钮"]
    page.close()
