"""The disclosure report's page shows the report as issued: a correction beside the figure as
printed, blank and "/" cells as printed (with the site's note), the report's notes under their
table and row, money as written, （六）其他处理 as one row where it was published so, and no 小计.

Each test writes the demo data to a temporary folder, edits the 2025 report's YAML as an editor
would, loads it with the real loader and renders the page with our templates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.render.pages import SiteInfo, SitePages
from gongkai.render.reports import ReportPages
from tests.support.sites import DEMO_TODAY, ROOT

REPORT = "reports/disclosure/2025-annual-report.yaml"
GRAND_TOTAL = "    total: {natural_person: 12, commercial: 2, research: 0, public_interest: 1, legal_services: 2, other_org: 0, total: 17}"
AFTER_REVIEW = "  litigation_after_review: {maintained: 0, corrected: 0, other: 0, pending: 0, total: 0}"
OTHER_ITEMS = """      overdue_correction: {natural_person: 0, commercial: 0, research: 0, public_interest: 1, legal_services: 0, other_org: 0, total: 1}
      unpaid_fee: {natural_person: 0, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}
      other: {natural_person: 0, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}
"""


class Report:
    def __init__(self, tmp_path: Path):
        self.data = tmp_path / "data"
        shutil.copytree(ROOT / "data", self.data)
        self.file = self.data / REPORT

    def edit(self, old: str, new: str) -> Report:
        text = self.file.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        self.file.write_text(text.replace(old, new), encoding="utf-8")
        return self

    def append(self, text: str) -> Report:
        self.file.write_text(self.file.read_text(encoding="utf-8") + text, encoding="utf-8")
        return self

    def catalog(self) -> Catalog:
        return Catalog([(r.type, r.data) for r in load_records(self.data, 1_000_000)], DEMO_TODAY)

    def page(self) -> BeautifulSoup:
        catalog = self.catalog()
        info = SiteInfo("站点", "https://example.gov.cn/", self.data / "attachments", DEMO_TODAY)
        pages = SitePages(catalog, info, set(), Settings())
        return BeautifulSoup(pages.record_page(catalog.get("reports/disclosure", "2025-annual-report")), "html.parser")


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report(tmp_path)


def table(page: BeautifulSoup, number: str):
    return next(t for t in page.select("table.gk-report-table") if t.caption.get_text(strip=True).startswith(number))


def notes_under(page: BeautifulSoup, number: str) -> list:
    region = table(page, number).find_parent(class_="gk-report-scroll")
    following = region.find_next_sibling()
    return following.find_all("p") if following and "gk-table-notes" in following.get("class", []) else []


def test_a_corrected_figure_is_shown_as_issued_with_the_correction_and_its_note_beside_it(report):
    report.edit(GRAND_TOTAL, GRAND_TOTAL.replace("total: 17}", "total: 16}"))
    report.append(
        "corrections:\n  - cell: 表三 （七）总计 × 总计\n    value: 17\n    note: 原报告误填为 16，按各办理结果之和更正为 17。\n"
    )
    page = report.page()
    (cell,) = table(page, "三、").select("td.gk-corrected")
    assert cell.contents[0].strip() == "16"  # the figure as issued comes first, as text
    link = cell.find("a", class_="gk-fix")
    assert link.get_text(" ", strip=True) == "※ 更正 17" and link.find("strong").get_text() == "17"
    assert link.find("span", attrs={"aria-hidden": "true"}).get_text() == "※"  # the mark is not read aloud
    assert link["href"] == "#gk-fix-1"
    (note,) = notes_under(page, "三、")
    assert note["id"] == "gk-fix-1"
    assert note.get_text(strip=True) == (
        "更正说明1：表三 （七）总计 × 总计：原报告为 16，更正为 17。原报告误填为 16，按各办理结果之和更正为 17。"
    )
    assert notes_under(page, "二、") == [] and notes_under(page, "四、") == []
    row = cell.find_parent("tr")
    assert row.find("th").get_text(strip=True) == "（七）总计"
    assert row.find_all("td")[-1] is cell


def test_blank_and_slash_cells_are_shown_as_printed_with_the_sites_note(report):
    report.edit(
        AFTER_REVIEW,
        '  litigation_after_review: {maintained: "/", corrected: "/", other: null, pending: null, total: null}',
    )
    page = report.page()
    figures = [td.get_text() for td in table(page, "四、").find_all("td")]
    assert figures[-5:] == ["/", "/", "", "", ""]
    (note,) = notes_under(page, "四、")
    assert "gk-table-note--site" in note["class"] and "按 0 计算" in note.get_text()
    assert notes_under(page, "三、") == []


def test_the_reports_notes_are_shown_under_their_table_and_linked_from_their_row(report):
    report.append(
        "notes:\n"
        "  - {table: 表二, text: 注：本年度无收费项目。}\n"
        "  - {table: 表三, row: （三）不予公开 4.保护第三方合法权益, text: 注：涉及个人隐私。}\n"
        "  - {table: 表四, row: 行政诉讼（复议后起诉）, text: 注：无。}\n"
    )
    page = report.page()
    assert [p.get_text(strip=True) for p in notes_under(page, "二、")] == ["注：本年度无收费项目。"]
    (three,) = notes_under(page, "三、")
    assert (
        three["id"] == "gk-note-2"
        and three.get_text(strip=True) == "注2（（三）不予公开 4.保护第三方合法权益）：注：涉及个人隐私。"
    )
    linked = [th for th in table(page, "三、").select("th") if th.find("a", href="#gk-note-2")]
    assert [th.contents[0] for th in linked] == ["4.保护第三方合法权益"]
    linked = [th for th in table(page, "四、").select("th") if th.find("a", href="#gk-note-3")]
    assert [th.contents[0] for th in linked] == ["复议后起诉"]


@pytest.mark.parametrize("written, shown", [("12.50", "12.50"), ("0.00", "0.00"), ('"12.50"', "12.50"), ("3", "3")])
def test_money_is_shown_as_written(report, written, shown):
    report.edit("  fees: 0\n", f"  fees: {written}\n")
    rows = {tr.th.get_text(strip=True): tr for tr in table(report.page(), "二、").find_all("tr") if tr.th}
    assert rows["行政事业性收费"].td.get_text(strip=True) == shown


def test_other_processing_published_as_one_row_is_one_row(report):
    report.edit(OTHER_ITEMS, "")
    page = report.page()
    body = table(page, "三、").tbody
    headings = [(th.get_text(strip=True), th.get("rowspan", "1"), th.get("colspan", "1")) for th in body.find_all("th")]
    assert ("（六）其他处理", "1", "2") in headings
    assert not [h for h in headings if h[0].startswith("1.申请人无正当理由")]
    assert ("三、本年度办理结果", "20", "1") in headings  # 22 national rows less the two items not published
    row = next(tr for tr in body.find_all("tr") if tr.find("th", string="（六）其他处理"))
    assert [td.get_text() for td in row.find_all("td")] == ["0", "0", "0", "1", "0", "0", "1"]


def index_charts(catalog):
    """Every chart of the disclosure index, over every agency's group."""
    context = ReportPages(catalog, Settings()).index_context("reports/disclosure", catalog.public("reports/disclosure"))
    return [chart for group in context["agency_groups"] for chart in group.charts]


def test_no_subtotal_row_is_shown_and_the_index_charts_derive_the_subtotals(report):
    with_totals = index_charts(report.catalog())
    text = report.file.read_text(encoding="utf-8")
    report.file.write_text(
        "\n".join(x for x in text.splitlines() if not x.startswith("      total:")) + "\n", encoding="utf-8"
    )
    without = index_charts(report.catalog())
    assert [c.name for c in without] == [c.name for c in with_totals]
    assert [[b.value for b in c.bars] for c in without] == [[b.value for b in c.bars] for c in with_totals]
    assert "小计" not in table(report.page(), "三、").get_text()
