"""Every record field and every text setting of the site is hostile: the complete site (MkDocs,
Material's theme, our templates, feeds, open data, search index) built from a demo project whose
every free-text value and every text setting of mkdocs.yml (site name, description, footer …)
carries an attack (see tests/support/hostile.py) contains no live element, handler or
`javascript:` URL made from a value, and shows every value exactly as typed: escaped once, never
twice. A `javascript:` (or data:, vbscript:) URL setting stops the build, each named at its line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.agencies import Agencies
from gongkai.model.markdown_text import HEADING_ID_PREFIX
from gongkai.render.exports import FORMULA_PREFIX, FORMULA_START
from gongkai.schemas import load_type_schema
from gongkai.types import RECORD_TYPES
from tests.support.hostile import (
    CONFIG_TEXT,
    IDENTIFICATION_CODE,
    PAYLOADS,
    HostileProject,
    arm_url_settings,
    free_text_paths,
    make_hostile_project,
)
from tests.support.sites import ROOT, build_site

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background"}
# Written in the payloads only: text that shows escaped once never contains these.
DOUBLE_ESCAPED = ("&lt;img", "&lt;script", "&lt;svg", "&lt;/title", "&lt;b xss", "&lt;xss", "&lt;a href", "&amp;lt;")


@pytest.fixture(scope="module")
def hostile(hostile_site):
    return hostile_site


class Page(HTMLParser):
    """The facts about one HTML document that the tests below judge."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []  # elements or attributes that came from a payload, or any handler
        self.texts: list[str] = []
        self.attribute_values: list[str] = []
        self.ids: list[str] = []
        self.fragments: list[str] = []
        self._stack: list[str] = []
        self.h1: list[str] = []
        self.title: list[str] = []
        self.topic: list[str] = []
        self._topic_depth = 0

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag.startswith("xss") or "xss" in names:
            self.live.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            value = value or ""
            self.attribute_values.append(value)
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().replace("\t", "").startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.live.append(f"<{tag} {name}={value!r}>")
            if name == "id":
                self.ids.append(value)
            if name == "href" and value.startswith("#") and len(value) > 1:
                self.fragments.append(value[1:])
        if tag in ("meta", "link", "img", "input", "br", "hr"):
            return
        self._stack.append(tag)
        if self._topic_depth or ("data-md-component", "header-topic") in attrs:
            self._topic_depth += 1

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
            if self._topic_depth:
                self._topic_depth -= 1

    def handle_data(self, data):
        self.texts.append(data)
        if "h1" in self._stack:
            self.h1.append(data)
        if self._stack and self._stack[-1] == "title":
            self.title.append(data)
        if self._topic_depth:
            self.topic.append(data)

    def handle_comment(self, data):
        if "xss" in data:
            self.live.append(f"<!--{data}-->")


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _public(project: HostileProject, site: Path) -> list[tuple[str, str, dict]]:
    return [
        (key, rid, data) for (key, rid), data in project.typed.items() if (site / key / rid / "index.html").is_file()
    ]


def test_every_free_text_field_of_every_type_carries_a_payload(hostile):
    project, _ = hostile
    for record_type in RECORD_TYPES:
        free = free_text_paths(load_type_schema(record_type.schema_name))
        # Personal-data allowances name text that must match the record; they are never shown.
        expected = {p for p in free if p[0] != "allow_personal_data"}
        refused = {p for k, p in project.refused if k == record_type.key}
        assert expected - refused <= project.hostile_paths[record_type.key], (
            record_type.key,
            sorted(expected - refused - project.hostile_paths[record_type.key]),
        )
    # Refused by validation, which is their protection: the document number (rule 1: it must look like
    # 豫管〔2019〕3号), and a disclosure report's correction cell and note row (rule 10: they must name
    # a cell or row of the national tables); and every record's agency (it must name a declared
    # agency, whose armed names the pages print).
    assert project.refused == {(t.key, ("agency",)) for t in RECORD_TYPES} | {
        ("documents", ("doc_number",)),
        ("reports/disclosure", ("corrections", "*", "cell")),
        ("reports/disclosure", ("notes", "*", "row")),
    }
    assert project.bodies, "a body file carries the payload body"


def test_no_page_has_a_live_element_handler_or_script_url_from_a_value(hostile):
    _, site = hostile
    pages = _html_files(site)
    assert len(pages) > 50
    found = {str(p.relative_to(site)): parse(p).live for p in pages}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_text_is_escaped_twice(hostile):
    _, site = hostile
    for path in _html_files(site):
        page = parse(path)
        for text in page.texts + page.attribute_values:
            assert not any(marker in text for marker in DOUBLE_ESCAPED), (path.relative_to(site), text[:200])


def test_record_pages_show_the_title_as_typed_in_heading_window_title_and_header(hostile):
    project, site = hostile
    public = _public(project, site)
    assert len(public) > 30
    site_name = project.site_name
    for key, rid, data in public:
        page = parse(site / key / rid / "index.html")
        assert "".join(page.h1).strip() == data["title"], (key, rid)
        assert "".join(page.title).strip() == f"{data['title']} - {site_name}", (key, rid)
        assert " ".join("".join(page.topic).split()) == " ".join(data["title"].split()), (key, rid)


def _footer_and_header(path: Path) -> tuple[str, str, str]:
    """The footer's text, the header's site name and the meta description of a page, as shown."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    footer = page.select_one("footer.gk-footer")
    header = page.select_one(".md-header__topic .md-ellipsis")
    description = page.select_one('meta[name="description"]')
    return (
        " ".join(footer.get_text(" ").split()) if footer else "",
        " ".join(header.get_text(" ").split()) if header else "",
        description["content"] if description else "",
    )


def test_the_site_settings_are_shown_as_typed_on_every_page(hostile):
    project, site = hostile
    assert set(project.config) == set(CONFIG_TEXT)
    footer_fields = [v for k, v in project.config.items() if k[:2] == ("extra", "site_info")]
    pages = _html_files(site)
    for path in pages:
        if path.name != "index.html" and path.name != "404.html":
            continue
        footer, header, _description = _footer_and_header(path)
        for value in footer_fields:
            assert " ".join(value.split()) in footer, (path.relative_to(site), value)
        assert header == " ".join(project.site_name.split()), path.relative_to(site)
    home = parse(site / "index.html")
    assert project.site_name in "".join(home.title)
    assert _footer_and_header(site / "search" / "index.html")[2] == project.config[("site_description",)]
    home_text = " ".join(" ".join(home.texts).split())
    assert " ".join(project.config[("extra", "agency")].split()) in home_text
    powers = " ".join(" ".join(parse(site / "powers" / "index.html").texts).split())
    for key in (("extra", "negative_list", "title"), ("extra", "negative_list", "version")):
        assert " ".join(project.config[key].split()) in powers, key


def _tags(path: Path) -> dict[str, list[str]]:
    """The national page tags of a page (gongkai.render.page_tags), as a browser reads them."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, list[str]] = {}
    for meta in page.select("head meta[name]"):
        if meta["name"][:1].isupper():  # the platform's names are capitalised; HTML's own are not
            found.setdefault(meta["name"], []).append(meta["content"])
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_national_page_tags_carry_hostile_names_and_titles_as_typed(hostile):
    project, site = hostile
    for path in _html_files(site):
        if path.name in ("index.html", "404.html"):
            assert _tags(path)["SiteName"] == [_one_line(project.site_name)], path.relative_to(site)
    public = _public(project, site)
    assert len(public) > 30
    for key, rid, data in public:
        tags = _tags(site / key / rid / "index.html")
        assert tags["ArticleTitle"] == [_one_line(data["title"])], (key, rid)
        # the record's agency (the demo declares agencies: their names are armed in mkdocs.yml)
        agency = Agencies(project.agencies).of(data)
        assert tags["ContentSource"] == [_one_line(agency.name if agency else data["issuer"])], (key, rid)
    column = _tags(site / "documents" / "index.html")
    assert column["ColumnDescription"] == [f"{_one_line(project.config[('extra', 'agency')])}公开的规范性文件"]


def test_a_payload_in_the_identification_code_stops_the_build_naming_it_at_its_line(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "content", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    footer = next(n for n, row in enumerate(lines, 1) if row.strip() == f"{IDENTIFICATION_CODE[-2]}:")
    # the footer's, not a declared agency's own (plugins.gongkai.settings.agencies)
    line = next(
        n for n, row in enumerate(lines, 1) if n > footer and row.strip().startswith(f"{IDENTIFICATION_CODE[-1]}:")
    )
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
    lines[line - 1] = f"{indent}{IDENTIFICATION_CODE[-1]}: '\"><script xss>alert(1)</script>'"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_site(root, root / "site")
    assert result.returncode != 0
    assert not (root / "site" / "index.html").exists()
    assert f"mkdocs.yml:{line}:" in result.stderr and ".".join(IDENTIFICATION_CODE) in result.stderr, result.stderr[
        -3000:
    ]
    assert "网站标识码" in result.stderr


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"])
def test_a_script_url_in_any_url_setting_stops_the_build_naming_each_at_its_line(tmp_path, url):
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "content", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
    armed = arm_url_settings(root, url)
    result = build_site(root, root / "site")
    assert result.returncode != 0
    assert not (root / "site" / "index.html").exists()
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    for key in armed:
        line = next(n for n, row in enumerate(lines, 1) if row.strip().startswith(f"{key[-1]}:"))
        assert f"mkdocs.yml:{line}:" in result.stderr and ".".join(key) in result.stderr, (key, result.stderr[-3000:])
    assert "站点配置（mkdocs.yml）有" in result.stderr


def test_body_headings_cannot_take_the_themes_ids_and_in_page_links_still_land(hostile):
    project, site = hostile
    for key, rid in project.bodies:
        path = site / key / rid / "index.html"
        if not path.is_file():
            continue
        page = parse(path)
        assert page.ids.count("__config") == 1 and page.ids.count("__drawer") == 1, page.ids  # the theme's own only
        assert f"{HEADING_ID_PREFIX}__config" in page.ids
        assert f"{HEADING_ID_PREFIX}__config" in page.fragments
        assert all(fragment in page.ids for fragment in page.fragments), (path, set(page.fragments) - set(page.ids))


def test_feeds_carry_titles_as_typed_and_no_live_markup(hostile):
    project, site = hostile
    titles = {data["title"] for key, rid, data in _public(project, site)}
    seen = set()
    for path in sorted((site / "feeds").glob("*.*")):
        if path.suffix not in (".xml", ".atom") or path.name == "sitemap.xml":
            continue
        tree = ET.parse(path)
        for element in tree.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name == "title" and element.text in titles:
                seen.add(element.text)
            if name in ("description", "content", "summary") and element.text:
                fragment = Page()
                fragment.feed(element.text)
                assert fragment.live == [], (path.name, element.text[:200])
    assert seen == titles


def test_open_data_json_is_exact_and_csv_cells_cannot_run_as_formulas(hostile):
    project, site = hostile
    public = {(key, rid): data for key, rid, data in _public(project, site)}
    checked = 0
    for record_type in RECORD_TYPES:
        exported = json.loads((site / "data" / f"{record_type.slug}.json").read_text(encoding="utf-8"))
        records = exported["records"] if isinstance(exported, dict) else exported
        for entry in records:
            record = entry["record"]
            typed = public[(record_type.key, record["id"])]
            for field in ("title", "summary", "issuer", "subjects", "changes"):
                if isinstance(typed.get(field), str):
                    assert record[field] == typed[field], (record["id"], field)
            checked += 1
        csv_path = site / "data" / f"{record_type.slug}.csv"
        if csv_path.is_file():
            rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
            cells = [c for row in rows[1:] for c in row]
            assert not [c for c in cells if c.startswith(FORMULA_START)], record_type.key
            if record_type.key == "documents":  # the formula payloads are there, neutralised
                assert any(c.startswith((FORMULA_PREFIX + "=HYPERLINK", FORMULA_PREFIX + "@SUM")) for c in cells)
    assert checked == len(public)


def test_payloads_are_the_documented_kinds():
    # The payload list is what the assertions above rely on: markers to find, escapes to compare.
    assert sum("xss" in p for p in PAYLOADS) >= 7 and any(p.startswith(FORMULA_START) for p in PAYLOADS)


# --- generated values, through the complete build ----------------------------------------------------

# Pieces of markup, template syntax, entities and quotes; digits are left out (they would trip the
# personal-data check, which is not what this test is about).
PIECES = st.sampled_from(
    [
        "<",
        ">",
        "&",
        '"',
        "'",
        "`",
        "</",
        "/>",
        "<img src=x onerror=alert(1) xss>",
        "<script xss>",
        "</script>",
        "</title>",
        "<xss-tag>",
        "<!--",
        "-->",
        "&lt;",
        "&amp;",
        "&#x3c;",
        "{{",
        "}}",
        "{%",
        "%}",
        "javascript:",
        "<a href=",
        " xss ",
        "=",
        "@",
        "+",
        "《",
        "》",
        "\u3000",
        "\\",
        "#",
        "*",
        "[",
        "](",
        "|",
        "公开",
        "办法",
        " ",
    ]
)
GENERATED = st.lists(PIECES, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(GENERATED, min_size=3, max_size=6))
def test_generated_values_in_every_field_never_become_markup_and_show_as_typed(tmp_path_factory, payloads):
    root = tmp_path_factory.mktemp("generated") / "project"
    root.mkdir()
    project = make_hostile_project(root, payloads)
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    live = {str(p.relative_to(site)): parse(p).live for p in _html_files(site)}
    assert {k: v for k, v in live.items() if v} == {}
    for key, rid, data in _public(project, site):
        page = parse(site / key / rid / "index.html")
        assert "".join(page.h1).strip() == data["title"], (key, rid)
        assert " ".join("".join(page.topic).split()) == " ".join(data["title"].split()), (key, rid)
