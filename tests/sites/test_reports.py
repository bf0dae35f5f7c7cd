"""The annual reports' pages: the national tables (text, rowspan/colspan, scope), all six parts,
the proof from the document records, late notes, and the year-on-year SVG charts.

The expected headings below are written out from the national format (国办公开办函〔2021〕30号),
not derived from the code that renders them.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.render.pages import SiteInfo, SitePages
from tests.support.national_form import TABLE_THREE
from tests.support.sites import DEMO_TODAY, ROOT

SVG = "{http://www.w3.org/2000/svg}"
REQUESTERS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
TABLE_THREE_ROWS = [
    ("一、本年新收政府信息公开申请数量", 1, 3, "row"),
    ("二、上年结转政府信息公开申请数量", 1, 3, "row"),
    ("三、本年度办理结果", 22, 1, "rowgroup"),
    ("（一）予以公开", 1, 2, "row"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2, "row"),
    ("（三）不予公开", 8, 1, "rowgroup"),
    *[
        (t, 1, 1, "row")
        for t in [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ]
    ],
    ("（四）无法提供", 3, 1, "rowgroup"),
    *[
        (t, 1, 1, "row")
        for t in ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
    ],
    ("（五）不予处理", 5, 1, "rowgroup"),
    *[
        (t, 1, 1, "row")
        for t in [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ]
    ],
    ("（六）其他处理", 3, 1, "rowgroup"),
    *[
        (t, 1, 1, "row")
        for t in [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ]
    ],
    ("（七）总计", 1, 2, "row"),
    ("四、结转下年度继续办理", 1, 3, "row"),
]
OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / "data" / path).read_text(encoding="utf-8"))


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def cells(row) -> list[tuple]:
    return [
        (c.name, c.get_text(strip=True), int(c.get("rowspan", 1)), int(c.get("colspan", 1)), c.get("scope"))
        for c in row.find_all(["th", "td"], recursive=False)
    ]


def dig(data: dict, path: tuple) -> dict:
    for part in path:
        data = data[part]
    return data


@pytest.fixture(scope="module")
def report(built_site: Path) -> BeautifulSoup:
    return page(built_site, "reports/disclosure/2025-annual-report")


def tables(report: BeautifulSoup) -> dict[str, object]:
    return {t.caption.get_text(strip=True)[:2]: t for t in report.select("table.gk-report-table")}


def test_all_six_parts_are_shown_in_order(report):
    headings = [s.find("h2").get_text(strip=True) for s in report.select(".gk-report-section")]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    data = load("reports/disclosure/2025-annual-report.yaml")
    sections = report.select(".gk-report-section")
    assert "本局未收取政府信息公开信息处理费" in sections[5].get_text() and "未收取" in data["other"]
    assert "改进措施" in sections[4].get_text()
    assert all(len(s.find_all("h2")) == 1 for s in sections)  # an editor's `##` is a heading inside the part
    assert sections[0].find("h3").get_text(strip=True) == "（一）主动公开"


def test_tables_scroll_in_keyboard_focusable_regions(report):
    regions = report.select(".gk-report-scroll")
    assert len(regions) >= 3
    for region in regions:
        assert region.get("tabindex") == "0" and region.get("role") == "region" and region.get("aria-label")


def test_table_two_has_the_four_national_blocks(report):
    data = load("reports/disclosure/2025-annual-report.yaml")["proactive"]
    table = tables(report)["二、"]
    rows = [cells(r) for r in table.find_all("tr")]
    blocks = [r[0][1] for r in rows if r[0][3] == 4]
    assert blocks == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert ("th", "本年制发件数", 1, 1, "col") in rows[1] and ("th", "现行有效件数", 1, 1, "col") in rows[1]
    by_name = {r[0][1]: r for r in rows}
    assert by_name["规章"][1:] == [
        ("td", str(data["regulations"][k]), 1, 1, None) for k in ("issued", "repealed", "in_force")
    ]
    assert by_name["行政规范性文件"][1:] == [
        ("td", str(data["normative_documents"][k]), 1, 1, None) for k in ("issued", "repealed", "in_force")
    ]
    for name, key in (
        ("行政许可", "licensing"),
        ("行政处罚", "penalty"),
        ("行政强制", "coercion"),
        ("行政事业性收费", "fees"),
    ):
        assert by_name[name] == [("th", name, 1, 1, "row"), ("td", str(data[key]), 1, 3, None)]
    assert any(("th", "本年收费金额（单位：万元）", 1, 3, "col") in r for r in rows)


def test_table_three_has_the_national_headings_and_the_data(report):
    data = load("reports/disclosure/2025-annual-report.yaml")["requests"]
    table = tables(report)["三、"]
    head = [cells(r) for r in table.thead.find_all("tr")]
    assert head[0][0][1:4] == ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    assert head[0][1] == ("th", "申请人情况", 1, 7, "colgroup")
    assert head[1] == [
        ("th", "自然人", 2, 1, "col"),
        ("th", "法人或其他组织", 1, 5, "colgroup"),
        ("th", "总计", 2, 1, "col"),
    ]
    assert head[2] == [("th", t, 1, 1, "col") for t in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    body = [cells(r) for r in table.tbody.find_all("tr")]
    headings = [
        (text, rowspan, colspan, scope) for row in body for (kind, text, rowspan, colspan, scope) in row if kind == "th"
    ]
    assert headings == TABLE_THREE_ROWS
    assert len(body) == len(TABLE_THREE)
    for row, path in zip(body, TABLE_THREE):
        assert [c[1] for c in row if c[0] == "td"] == [str(dig(data, path)[k]) for k in REQUESTERS], path


def test_table_four_has_reconsideration_and_both_litigations(report):
    data = load("reports/disclosure/2025-annual-report.yaml")["reviews"]
    table = tables(report)["四、"]
    head = [cells(r) for r in table.thead.find_all("tr")]
    assert head[0] == [("th", "行政复议", 1, 5, "colgroup"), ("th", "行政诉讼", 1, 10, "colgroup")]
    assert head[1] == [
        *[("th", t, 2, 1, "col") for t in OUTCOMES],
        ("th", "未经复议直接起诉", 1, 5, "colgroup"),
        ("th", "复议后起诉", 1, 5, "colgroup"),
    ]
    assert head[2] == [("th", t, 1, 1, "col") for t in OUTCOMES * 2]
    values = [c[1] for c in cells(table.tbody.tr)]
    keys = ["maintained", "corrected", "other", "pending", "total"]
    assert values == [
        str(data[n][k]) for n in ("reconsideration", "litigation_direct", "litigation_after_review") for k in keys
    ]


def test_counts_proven_from_the_document_records_are_shown(report):
    proof = report.select_one(".gk-proof table")
    rows = {r.th.get_text(strip=True): r for r in proof.tbody.find_all("tr")}
    in_force = rows["现行有效件数"]
    tds = in_force.find_all("td")
    assert tds[0].get_text(strip=True) == tds[1].get_text(strip=True) == "4 件"
    links = [a["href"] for a in tds[2].find_all("a")]
    assert len(links) == 4 and any("2024-office-space-amendment" in h for h in links)
    assert not report.select(".gk-proof--differs") and not report.select(".gk-late")


# ---------------------------------------------------------------- pages rendered from changed data


# The demo's mkdocs.yml states that its normative documents are complete from 2019.
DEMO_SETTINGS = Settings(normative_documents_complete_from=2019)


def render(type_key: str, path: str, settings: Settings = DEMO_SETTINGS, **changes) -> BeautifulSoup:
    """A report page rendered by our templates from the demo data with `changes` to one report."""
    records = []
    for source in load_records(ROOT / "data", 1_000_000):
        data = source.data
        if source.path == ROOT / "data" / path:
            data = {**copy.deepcopy(data), **changes}
        records.append((source.type, data))
    catalog = Catalog(records, DEMO_TODAY)
    pages = SitePages(
        catalog,
        SiteInfo("站点", "https://example.gov.cn/", ROOT / "data" / "attachments", DEMO_TODAY),
        set(),
        settings,
    )
    record = catalog.get(type_key, path.rsplit("/", 1)[1][:-5])
    return BeautifulSoup(pages.record_page(record), "html.parser")


@pytest.mark.parametrize(
    "type_key, path, late",
    [
        ("reports/disclosure", "reports/disclosure/2025-annual-report.yaml", "2026-02-02"),
        ("reports/rule-of-law", "reports/rule-of-law/2025-annual-report.yaml", "2026-04-01"),
    ],
)
def test_late_report_has_a_note_on_its_page(type_key, path, late):
    html = render(type_key, path, publish_date=late)
    note = html.select_one(".gk-late")
    assert note is not None and note.get_text(strip=True).startswith("逾期发布")
    assert f"{late[:4]}年{int(late[5:7])}月{int(late[8:])}日" in note.get_text()
    assert render(type_key, path).select_one(".gk-late") is None


def test_a_stated_count_that_differs_is_shown_in_neutral_words(built_site):
    """A difference is shown with what was compared, never judged: no “不一致” on a public page."""
    data = load("reports/disclosure/2025-annual-report.yaml")
    proactive = copy.deepcopy(data["proactive"])
    proactive["normative_documents"]["issued"] = 3
    html = render("reports/disclosure", "reports/disclosure/2025-annual-report.yaml", proactive=proactive)
    differs = html.select(".gk-proof--differs")
    assert len(differs) == 1 and "本年制发件数" in differs[0].get_text()
    assert [td.get_text(strip=True) for td in differs[0].find_all("td")][:2] == ["3 件", "1 件（与报告所填不同）"]
    proof = html.select_one(".gk-proof")
    assert "不一致" not in proof.get_text() and not proof.select("strong")
    explanation = proof.select_one("p").get_text()
    assert "按本站已公开的规范性文件记录统计" in explanation and "河南省机关事务管理局" in explanation
    assert "成文日期、废止按废止日期在 2025 年内" in explanation and "2025 年 12 月 31 日" in explanation
    assert "不表示报告有误" in explanation


def test_without_complete_records_table_two_is_not_compared_on_the_page():
    """The default: the site does not state that its normative documents are complete, so the page
    shows no comparison at all (not “本站记录 0” beside every stated count)."""
    path = "reports/disclosure/2025-annual-report.yaml"
    assert render("reports/disclosure", path).select_one(".gk-proof") is not None
    assert render("reports/disclosure", path, settings=Settings()).select_one(".gk-proof") is None
    later = Settings(normative_documents_complete_from=2026)
    assert render("reports/disclosure", path, settings=later).select_one(".gk-proof") is None
    other = render("reports/disclosure", path, issuer="河南省人民政府")  # no document of this agency on the site
    assert other.select_one(".gk-proof") is None


@pytest.mark.parametrize(
    "level, published, late",
    [("本级政府", "2026-03-31", False), ("本级政府", "2026-04-01", True), ("部门", "2026-02-01", True)],
)
def test_the_late_note_takes_the_deadline_from_the_level(level, published, late):
    path = "reports/disclosure/2025-annual-report.yaml"
    html = render("reports/disclosure", path, report_level=level, publish_date=published)
    note = html.select_one(".gk-late")
    assert (note is not None) == late
    if late:
        assert ("2026年3月31日前" if level == "本级政府" else "2026年1月31日前") in note.get_text()


def test_the_level_defaults_to_the_setting_on_the_page():
    path = "reports/disclosure/2025-annual-report.yaml"
    assert render("reports/disclosure", path, publish_date="2026-02-20").select_one(".gk-late") is not None
    government = Settings(normative_documents_complete_from=2019, disclosure_report_level="本级政府")
    assert (
        render("reports/disclosure", path, settings=government, publish_date="2026-02-20").select_one(".gk-late")
        is None
    )


def test_rule_of_law_page_shows_four_sections_and_the_optional_fifth_only_when_written():
    data = load("reports/rule-of-law/2025-annual-report.yaml")
    path = "reports/rule-of-law/2025-annual-report.yaml"
    headings = [
        h.get_text(strip=True)
        for h in render("reports/rule-of-law", path).select(".gk-report-section > h2:first-child")
    ]
    assert len(headings) == 5 and headings[2].startswith("三、")
    sections = {k: v for k, v in data["sections"].items() if k != "other"}
    headings = [
        h.get_text(strip=True)
        for h in render("reports/rule-of-law", path, sections=sections).select(".gk-report-section > h2:first-child")
    ]
    assert len(headings) == 4 and headings[3].startswith("四、")


# ---------------------------------------------------------------- charts


def svgs(site: Path, url: str) -> list[ET.Element]:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    found = [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", text, flags=re.S)]
    return [svg for svg in found if svg.get("class") == "gk-chart__svg"]  # not the theme's icons


def check_chart(svg: ET.Element, expected: dict[int, float | None]) -> None:
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox")
    assert svg.find(f"{SVG}title").text  # an accessible name
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "年度" in texts  # the x axis label
    years = svg.findall(f"{SVG}g[@class='gk-chart__year']")
    assert [int(g.get("data-year")) for g in years] == sorted(expected)
    heights = {}
    for group in years:
        year, value = int(group.get("data-year")), expected[int(group.get("data-year"))]
        rect = group.find(f"{SVG}rect")
        if value is None:  # a gap, not a zero
            assert rect is None and group.get("data-value") is None
            assert "无数据" in [t.text for t in group.iter(f"{SVG}text")]
            continue
        assert float(group.get("data-value")) == value
        assert rect is not None and f"{value:g}" in [t.text for t in group.iter(f"{SVG}text")]
        heights[year] = (float(rect.get("height")), value)
    peak_height, peak = max(heights.values(), key=lambda hv: hv[1])
    for height, value in heights.values():  # bars are proportional to their values
        assert height == pytest.approx(peak_height * value / peak if peak else 0, abs=0.05)


def test_rule_of_law_index_charts_every_figure_across_the_years(built_site):
    reports = [load(f"reports/rule-of-law/{y}-annual-report.yaml") for y in (2023, 2024, 2025)]
    names = {n for r in reports for n in r["stats"]}
    charts = {svg.get("data-figure"): svg for svg in svgs(built_site, "reports/rule-of-law")}
    assert set(charts) == names
    for name in names:
        check_chart(charts[name], {r["year"]: r["stats"].get(name) for r in reports})
    gaps = [n for n in names if any(n not in r["stats"] for r in reports)]
    assert gaps  # the demo has a figure first reported in 2024: its 2023 is a gap
    table = page(built_site, "reports/rule-of-law").select(".gk-chart__table")
    assert len(table) == len(names)


def agency_sections(site: Path, url: str) -> dict[str, BeautifulSoup]:
    return {s.h2.get_text(strip=True): s for s in page(site, url).select("section.gk-agency")}


def test_disclosure_index_charts_requests_and_outcomes(built_site):
    """Each agency's charts run across its own years (the demo department: 2022-2025)."""
    names = ["2022-annual-report-correction", *(f"{y}-annual-report" for y in (2023, 2024, 2025))]
    reports = [load(f"reports/disclosure/{name}.yaml") for name in names]
    department = agency_sections(built_site, "reports/disclosure")["河南省机关事务管理局"]
    text = (built_site / "reports/disclosure/index.html").read_text(encoding="utf-8")
    chunk = next(c for c in text.split('<section class="gk-agency"')[1:] if ">河南省机关事务管理局</h2>" in c)
    found = [ET.fromstring(m) for m in re.findall(r'<svg\b[^>]*class="gk-chart__svg".*?</svg>', chunk, flags=re.S)]
    charts = {svg.get("data-figure"): svg for svg in found}
    assert len(charts) == len(found) == 8
    check_chart(charts["本年新收申请"], {r["year"]: r["requests"]["new"]["total"] for r in reports})
    check_chart(charts["予以公开"], {r["year"]: r["requests"]["results"]["granted"]["total"] for r in reports})

    def denied(report: dict) -> int:  # the 小计 as written, or derived from the items (the 2022 report writes none)
        group = report["requests"]["results"]["denied"]
        return group["total"]["total"] if "total" in group else sum(row["total"] for row in group.values())

    check_chart(charts["不予公开"], {r["year"]: denied(r) for r in reports})
    rows = department.select(".gk-chart__table")[0].tbody.find_all("tr")
    assert [(r.th.get_text(strip=True), r.td.get_text(strip=True)) for r in rows] == [
        (f"{r['year']}年", str(r["requests"]["new"]["total"])) for r in reports
    ]


def test_the_disclosure_index_groups_reports_by_agency(built_site):
    groups = agency_sections(built_site, "reports/disclosure")
    assert set(groups) == {"河南省机关事务管理局", "河南省人民政府", "河南省人民政府办公厅"}
    government = load("reports/disclosure/2025-government-annual-report.yaml")
    listed = [a["href"] for a in groups["河南省人民政府"].select("td.gk-cell-title a")]
    assert listed == ["../../reports/disclosure/2025-government-annual-report/"]
    department = [a["href"].split("/")[-2] for a in groups["河南省机关事务管理局"].select("td.gk-cell-title a")]
    assert department == [
        "2025-annual-report",
        "2024-annual-report",
        "2023-annual-report",
        "2022-annual-report-correction",
    ]
    # The government's charts cover its one year only, not the department's three.
    years = {g.get("data-year") for g in groups["河南省人民政府"].select("svg.gk-chart__svg g.gk-chart__year")}
    assert years == {str(government["year"])}
    chart_ids = [t["id"] for t in page(built_site, "reports/disclosure").select("svg.gk-chart__svg title[id]")]
    assert len(chart_ids) == len(set(chart_ids))  # two agencies' charts on one page: ids stay unique


def test_the_disclosure_index_shows_each_reports_level_and_deadline(built_site):
    groups = agency_sections(built_site, "reports/disclosure")
    (row,) = groups["河南省人民政府"].select("table.gk-table tbody tr")
    cells = {td["data-label"]: td.get_text(strip=True) for td in row.select("td[data-label]")}
    assert cells["报告层级"] == "本级政府" and cells["发布日期"] == "2026-02-26"
    assert cells["公布期限"] == "2026年3月31日前（含当日），按时发布"
    for row in groups["河南省机关事务管理局"].select("table.gk-table tbody tr"):
        cells = {td["data-label"]: td.get_text(strip=True) for td in row.select("td[data-label]")}
        assert cells["报告层级"] == "部门" and "1月31日前（含当日），按时发布" in cells["公布期限"]
    intro = page(built_site, "reports/disclosure").select_one(".gk-report-index .gk-muted").get_text()
    assert "次年1月31日前" in intro and "次年3月31日前" in intro


def test_the_government_report_published_in_february_is_not_late(built_site):
    html = page(built_site, "reports/disclosure/2025-government-annual-report")
    assert html.select_one(".gk-late") is None
    assert html.select_one(".gk-proof") is None  # the site holds none of the government's normative documents


def test_a_late_report_is_marked_in_the_index():
    records = []
    for source in load_records(ROOT / "data", 1_000_000):
        data = source.data
        if source.path.name == "2025-government-annual-report.yaml":
            data = {**copy.deepcopy(data), "report_level": "部门"}
        records.append((source.type, data))
    catalog = Catalog(records, DEMO_TODAY)
    pages = SitePages(
        catalog,
        SiteInfo("站点", "https://example.gov.cn/", ROOT / "data" / "attachments", DEMO_TODAY),
        set(),
        DEMO_SETTINGS,
    )
    from gongkai.render.listings import listing_pages
    from gongkai.types import BY_KEY

    first = listing_pages("reports/disclosure", catalog.public("reports/disclosure"))[0]
    html = BeautifulSoup(pages.section_page(BY_KEY["reports/disclosure"], first), "html.parser")
    late = html.select("tr.gk-report-index--late")
    assert len(late) == 1 and "2026年1月31日前（含当日），逾期发布" in late[0].get_text(strip=True)


def test_the_proof_links_at_most_twenty_documents_and_counts_the_rest():
    """At 30,000 records a report's proof would link thousands of documents (a 166 KB page); it
    links the first twenty and says how many more there are."""
    from gongkai.model.annual_reports import Figure
    from gongkai.render.reports import PROOF_LINKS, ProofRow

    many = ProofRow("本年制发件数", 25, Figure("issued", tuple(range(25))))
    assert len(many.shown) == PROOF_LINKS == 20 and many.not_shown == 5 and many.agrees
    few = ProofRow("本年制发件数", 3, Figure("issued", (1, 2, 3)))
    assert few.shown == (1, 2, 3) and few.not_shown == 0
