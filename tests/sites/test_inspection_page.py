"""The editors' inspection page /inspection/ in the built demo: there, noindex, not linked from the
public navigation, not in the sitemap nor in the search index."""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import soup


def test_the_inspection_page_is_built_with_every_indicator(built_site: Path):
    page = soup(built_site, "inspection")
    rows = page.select(".gk-inspection__table tbody tr")
    assert len(rows) == 9
    assert "首页不更新" in rows[0].text and "通过" in rows[0].text
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"


def test_the_inspection_page_is_neither_in_the_navigation_nor_the_sitemap_nor_search(built_site: Path):
    for path in (built_site / "index.html", built_site / "documents" / "index.html"):
        html = path.read_text(encoding="utf-8")
        assert "inspection/" not in html.replace("-inspection/", "")  # power ids end in -inspection
    sitemaps = "".join(p.read_text(encoding="utf-8") for p in built_site.glob("sitemap*.xml"))
    assert "/inspection/<" not in sitemaps and "example.gov.cn/inspection/" not in sitemaps
    search = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (built_site / "search").rglob("*.json"))
    assert "网站检查" not in search
