"""The demo site, built with the real MkDocs, checked with an HTML parser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.types import RECORD_TYPES
from gongkai.validate import validate_records
from tests.support.sites import DEMO_TODAY, ENGINE, ROOT, content, soup

SITE_HOST = "gongkai.example.gov.cn"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    records = load_records(ROOT / "data", 1_000_000)
    assert not [p for p in validate_records(records, Settings(data_dir=ROOT / "data"), DEMO_TODAY) if p.is_error]
    return Catalog([(r.type, r.data) for r in records], DEMO_TODAY)


def test_every_public_record_has_its_page(built_site: Path, catalog: Catalog):
    for record in catalog.public():
        page = soup(built_site, record.url)
        assert page.title and record.title in page.title.text
        meta = content(page).select_one("table.gk-meta")
        assert meta is not None and record.title in meta.text and record.issuer in meta.text
    generated = {
        p.parent.relative_to(built_site).as_posix() + "/"
        for t in RECORD_TYPES
        for p in (built_site / t.key).glob("*/index.html")
    }
    assert generated == {r.url for r in catalog.public()}


def test_record_pages_stay_small_and_out_of_the_nav(built_site: Path, catalog: Catalog):
    for record in catalog.public():
        html = (built_site / record.url / "index.html").read_bytes()
        assert len(html) < 25_000, (record.url, len(html))
        nav = soup(built_site, record.url).select_one("nav.md-nav--primary")
        assert record.title not in nav.text


def test_catalog_metadata_box_shows_the_catalog_fields(built_site: Path):
    meta = content(soup(built_site, "documents/2023-vehicle-management/")).select_one("table.gk-meta")
    labels = [th.text for th in meta.select("th")]
    assert labels == ["索引号", "信息名称", "发布机构", "成文日期", "发布日期", "文号", "主题分类", "有效性"]
    assert "豫管〔2023〕5号" in meta.text


@pytest.mark.parametrize(
    ("url", "validity", "banner", "successor"),
    [
        ("documents/2021-vehicle-management-interim/", "已废止", "本文件已废止", "documents/2023-vehicle-management/"),
        (
            "documents/2022-office-space-management/",
            "已修改",
            "本文件已被修改",
            "documents/2024-office-space-amendment/",
        ),
        ("documents/2022-energy-saving-interim/", "失效", "本文件已失效", None),
        ("documents/2026-asset-disposal/", "未生效", "本文件尚未生效", None),
        ("documents/2023-vehicle-management/", "有效", None, None),
    ],
)
def test_validity_badges_and_banners(built_site: Path, url, validity, banner, successor):
    article = content(soup(built_site, url))
    badges = {b.text for b in article.select(".gk-badge")}
    assert validity in badges and len(badges) == 1
    found = article.select_one(".gk-banner")
    if banner is None:
        assert found is None
    else:
        assert banner in found.text
        if successor:
            hrefs = [urljoin("/" + url, a["href"]) for a in found.select("a")]
            assert "/" + successor in hrefs


def test_backlinks_both_ways(built_site: Path, catalog: Catalog):
    for interpretation in catalog.public("interpretations"):
        document = interpretation.document
        page = content(soup(built_site, interpretation.url))
        links = {urljoin("/" + interpretation.url, a["href"]) for a in page.select(".gk-interprets a")}
        assert links == {"/" + document.url}
        doc_page = content(soup(built_site, document.url))
        section = next(s for s in doc_page.select("section") if s.h2 and s.h2.text == "政策解读")
        assert "/" + interpretation.url in {urljoin("/" + document.url, a["href"]) for a in section.select("a")}
    amended = content(soup(built_site, "documents/2022-office-space-management/"))
    section = next(s for s in amended.select("section") if s.h2 and s.h2.text == "修改本文件的文件")
    assert "2024-office-space-amendment" in section.a["href"]


def test_decision_timeline_shows_the_procedures_in_order(built_site: Path):
    article = content(soup(built_site, "decisions/2024-office-space-reform/"))
    steps = [li.h3.text for li in article.select(".gk-timeline > li")]
    assert steps[:6] == ["公众参与", "专家论证", "风险评估", "听证", "合法性审查", "集体讨论决定"]
    assert "作出决策" in steps
    assert "审查结论" in article.select(".gk-timeline > li")[4].text


def test_consultation_pages_show_state_howto_and_feedback(built_site: Path):
    open_page = content(soup(built_site, "consultations/2026-ev-charging-plan-draft/"))
    assert "征求意见进行中" in open_page.select_one(".gk-banner").text
    assert open_page.select_one(".gk-howto") is not None
    closed = content(soup(built_site, "consultations/2022-vehicle-management-draft/"))
    assert "已结束" in closed.select_one(".gk-banner").text
    assert closed.select_one(".gk-feedback") is not None and closed.select_one(".gk-howto") is None
    waiting = content(soup(built_site, "consultations/2026-meeting-expenses-draft/"))
    assert "正在整理" in waiting.select_one(".gk-banner").text


def test_power_item_page(built_site: Path, catalog: Catalog):
    power = catalog.public("powers")[0]
    article = content(soup(built_site, power.url))
    headings = {h.text for h in article.select("h2")}
    assert {"设定依据", "责任事项", "追责情形", "监督方式"} <= headings


def test_section_tables_list_exactly_the_public_records(built_site: Path, catalog: Catalog):
    for record_type in RECORD_TYPES:
        page = soup(built_site, record_type.key + "/")
        rows = content(page).select("table.gk-table tbody tr")
        hrefs = [urljoin("/" + record_type.key + "/", row.a["href"]) for row in rows]
        assert hrefs == ["/" + r.url for r in catalog.public(record_type.key)]
        # filters are enhancements: hidden until the script runs, so the table reads without JS
        form = content(page).select_one("form[data-gk-filters]")
        assert form.has_attr("hidden")


def test_catalog_page_lists_every_public_record(built_site: Path, catalog: Catalog):
    rows = content(soup(built_site, "catalog/")).select("table.gk-catalog tbody tr")
    assert [urljoin("/catalog/", r.select("a")[0]["href"]) for r in rows] == ["/" + r.url for r in catalog.public()]


def test_home_page(built_site: Path, catalog: Catalog):
    page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    open_list = page.select_one(".gk-open-consultations")
    assert [a["href"] for a in open_list.select("a")] == [
        c.url for c in catalog.public("consultations") if c.state == "进行中"
    ]
    latest = [a["href"] for a in page.select(".gk-latest li a")]
    assert latest == [r.url for r in catalog.public()[: len(latest)]]
    entries = {a["href"] for a in page.select(".gk-entries a")}
    assert {t.key + "/" for t in RECORD_TYPES} | {"catalog/", "guide/"} <= entries


def test_footer_demo_banner_and_feed_discovery_on_every_page(built_site: Path):
    pages = list(built_site.rglob("index.html"))
    assert len(pages) > 50
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        footer = page.select_one("footer.gk-footer")
        for text in ("网站标识码：4100000000", "豫ICP备", "豫公网安备", "我为政府网站找错", "0371-65900000"):
            assert text in footer.text, (path, text)
        assert "演示数据" in page.select_one(".gk-demo").text
        feeds = [link["href"] for link in page.select('link[rel="alternate"][type="application/rss+xml"]')]
        assert any(h.endswith("feeds/all.xml") for h in feeds), path
        relative = path.parent.relative_to(built_site).as_posix()
        record_type = next(
            (
                t
                for t in RECORD_TYPES
                if relative == t.key
                or (relative.startswith(t.key + "/") and relative.count("/") == t.key.count("/") + 1)
            ),
            None,
        )
        if record_type is not None:
            assert any(h.endswith(f"feeds/{record_type.slug}.xml") for h in feeds), path


def test_the_atom_feed_is_announced_on_the_home_page_only(built_site: Path):
    """The site's Atom twin of feeds/all.xml is found from the home page (and listed on 订阅);
    tens of thousands of record pages do not each carry its link."""
    atom = 'link[rel="alternate"][type="application/atom+xml"]'
    assert soup(built_site, "").select_one(atom)["href"].endswith("feeds/all.atom")
    for path in ("documents/", "documents/2021-vehicle-management-interim/", "guide/"):
        assert soup(built_site, path).select_one(atom) is None, path


def test_a_page_without_headings_has_no_empty_table_of_contents(built_site: Path):
    """Material printed an empty secondary sidebar with an empty navigation landmark "目录" on
    every record page and listing; a page with headings (the 公开指南) keeps its table of contents."""
    for path in (
        "",
        "documents/",
        "documents/2021-vehicle-management-interim/",
        "reports/disclosure/2025-annual-report/",
    ):
        page = soup(built_site, path)
        assert page.select(".md-sidebar--secondary") == [], path
        assert page.select('nav[aria-label="目录"]') == [], path
    toc = soup(built_site, "guide/").select_one('.md-sidebar--secondary nav[aria-label="目录"]')
    assert len(toc.select("a.md-nav__link")) >= 3


def test_navigation_is_the_same_on_every_page(built_site: Path):
    """Record pages reuse one rendered sidebar per section: every link must still lead where the
    home page's does, and to a page that exists."""

    def nav(path: Path) -> dict[str, str]:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        url = "/" + path.parent.relative_to(built_site).as_posix() + "/"
        links = page.select(".md-sidebar--primary a.md-nav__link")
        # (A page in the navigation also lists its own headings there: links with "#".)
        return {
            a.get_text(strip=True): urljoin(url.replace("//", "/"), a["href"]) for a in links if "#" not in a["href"]
        }

    expected = nav(built_site / "index.html")
    assert len(expected) >= 8
    for target in expected.values():
        assert (built_site / target.lstrip("/") / "index.html").is_file(), target
    for path in built_site.rglob("index.html"):
        assert nav(path) == expected, path


def test_every_skip_link_has_its_target(built_site: Path):
    """Material's "跳转至" link (for keyboard and screen-reader users) must land on the page."""
    pages = list(built_site.rglob("index.html"))
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        skip = page.select_one("a.md-skip")
        assert skip is not None, path
        assert skip["href"].startswith("#") and page.find(id=skip["href"][1:]) is not None, (path, skip["href"])


def test_guide_is_hand_written_and_linked(built_site: Path):
    page = soup(built_site, "guide/")
    assert "依申请公开" in content(page).text


def test_attachments_are_copied_with_type_and_size(built_site: Path, catalog: Catalog):
    for record in catalog.public():
        for attachment in record.attachments:
            assert (built_site / "attachments" / attachment["file"]).is_file()
    article = content(soup(built_site, "documents/2023-vehicle-management/"))
    item = article.select_one(".gk-attachments li")
    assert "CSV" in item.text and ("字节" in item.text or "KB" in item.text)


LOADING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}


def test_no_request_to_an_outside_host(built_site: Path):
    """Nothing a page loads comes from another host (links to read elsewhere are fine)."""
    outside = []
    for path in built_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in LOADING.items():
            for element in page.find_all(tag):
                outside += _outside(path, element.get(attribute))
        for link in page.find_all("link"):
            if set(link.get("rel", [])) & {
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
                "prefetch",
                "preconnect",
                "dns-prefetch",
            }:
                outside += _outside(path, link.get("href"))
        for style in page.find_all(style=True):
            outside += [
                u for m in re.findall(r"url\(([^)]+)\)", style["style"]) for u in _outside(path, m.strip("'\""))
            ]
    for path in built_site.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.findall(r"(?:url\(|@import\s+)['\"]?(https?:)?//([^/'\")]+)", text):
            outside.append((path, match))
    for path in (built_site / "assets" / "gongkai").rglob("*.js"):
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path
    assert not outside


def _outside(path: Path, url: str | None) -> list:
    if not url:
        return []
    host = urlparse(url).netloc
    return [(path, url)] if host and host != SITE_HOST else []


def test_unused_material_search_is_switched_off(built_site: Path):
    assert not (built_site / "search" / "search_index.json").exists()
    assert not (built_site / "assets" / "javascripts" / "lunr").exists()
    assert not (built_site / "assets" / "javascripts" / "workers").exists()
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "lunr" not in html


def test_power_list_links_the_national_negative_list_with_its_version(built_site: Path):
    note = content(soup(built_site, "powers/")).select_one(".gk-negative-list")
    assert "市场准入负面清单" in note.text and "2025年版" in note.text
    assert note.a["href"].startswith("https://")


def test_the_site_was_built_by_the_engine_under_test(built_site: Path):
    """`make test-properdocs` runs these tests on a ProperDocs build (ProperDocs stands in for the
    mkdocs package; Material's generator tag then reads "mkdocs-ProperDocs <version>")."""
    from importlib.metadata import version

    engine, theme = soup(built_site, "").select_one('meta[name="generator"]')["content"].split(", ")
    assert engine.endswith(version(ENGINE)) and ("ProperDocs" in engine) == (ENGINE == "properdocs")
    assert theme.startswith("mkdocs-material-")


def test_every_demo_page_renders_with_a_strict_undefined():
    """Templates read nothing undefined: a field the schema does not declare (renamed, misspelt)
    or a variable a page is not given is an error here, not an empty string on the site.
    Optional fields are explicit through the schema (gongkai.render.fields)."""
    import jinja2
    from mkdocs.config import load_config

    from gongkai.build.site import SiteBuild
    from gongkai.plugin.config import read_project
    from gongkai.render.pages import SitePages, environment

    config = load_config(str(ROOT / "mkdocs.yml"))
    settings, _today = read_project(ROOT / "mkdocs.yml")
    build = SiteBuild(
        settings, DEMO_TODAY, site_name=config.site_name, site_url=config.site_url, extra=dict(config.extra)
    )
    assert not [p for p in build.validate() if p.is_error]
    build.make_catalog()
    pages = SitePages(build.catalog, build.site, set(), settings)  # every generated page, also those content/ replaces
    pages.env = environment(jinja2.StrictUndefined)
    specs = pages.specs()
    rendered = [spec.render() for spec in specs]
    assert len(rendered) > len(build.catalog) and all(rendered)


def test_templates_see_declared_fields_and_only_those():
    import jinja2

    from gongkai.render.pages import environment
    from gongkai.types import BY_KEY
    from tests.support.helpers import record_data

    catalog = Catalog([(BY_KEY["documents"], record_data("documents", "doc"))], DEMO_TODAY)
    record = catalog.get("documents", "doc")
    env = environment(jinja2.StrictUndefined)
    shown = env.from_string(
        "[{{ record.data.expiry_date }}|{{ record.data.filing.filed_date }}|{{ record.data.amends | length }}]"
    )
    assert shown.render(record=record) == "[None|None|0]"  # declared, left out
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ record.data.expiry }}").render(record=record)  # not in the schema (renamed, misspelt)


def test_the_themes_source_maps_are_not_published(built_site: Path):
    """Material's source maps (1 MB, read by developers' tools only) are left out, and so are the
    comments naming them (gongkai.build.theme_files); the bundles they belonged to are there."""
    assets = built_site / "assets"
    assert list((assets / "javascripts").glob("bundle.*.min.js")) and list((assets / "stylesheets").glob("main.*.css"))
    assert not list(assets.rglob("*.map"))
    assert not [p for p in assets.rglob("*") if p.is_file() and b"sourceMappingURL=" in p.read_bytes()]
