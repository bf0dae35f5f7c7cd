"""The round trip of the national form: filled in Word (python-docx) or Excel (openpyxl), imported
with `gongkai import-report`, its `# 待填写` fields filled, built with `mkdocs build --strict`: every
cell of the report page's three tables shows the figure typed into the form."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.cli.main import main
from tests.support.national_form import TABLE_FOUR, TABLE_THREE, figures, filled_docx, xlsx_copy
from tests.support.national_form_record import fill_placeholders
from tests.support.sites import build_site, project_with, soup

REQUESTERS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
OUTCOMES = ("maintained", "corrected", "other", "pending", "total")
# 表二 on the page: the national row name -> the figures of that row, in column order.
TABLE_TWO = {
    "规章": [("regulations", k) for k in ("issued", "repealed", "in_force")],
    "行政规范性文件": [("normative_documents", k) for k in ("issued", "repealed", "in_force")],
    "行政许可": [("licensing",)],
    "行政处罚": [("penalty",)],
    "行政强制": [("coercion",)],
    "行政事业性收费": [("fees",)],
}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_report_page_shows_every_figure_typed_into_the_national_form(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
):
    root = project_with(tmp_path, "  - gongkai:\n      data_dir: data\n")
    typed = figures()
    word = filled_docx(tmp_path / "form.docx", typed)
    form = word if kind == "docx" else xlsx_copy(word, tmp_path / "form.xlsx")
    monkeypatch.chdir(root)
    assert main(["import-report", str(form), "--id", "2025-annual-report"]) == 0
    fill_placeholders(root / "data" / "reports" / "disclosure" / "2025-annual-report.yaml")
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr[-4000:]

    page = soup(root / "site", "reports/disclosure/2025-annual-report")
    tables = {t.caption.get_text(strip=True)[:2]: t for t in page.select("table.gk-report-table")}
    two = {
        row.find("th").get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in tables["二、"].find_all("tr")
        if row.find("td")
    }
    for name, paths in TABLE_TWO.items():
        assert two[name] == [typed[("proactive", *p)] for p in paths], name
    three = [
        [td.get_text(strip=True) for td in row.find_all("td")]
        for row in tables["三、"].tbody.find_all("tr")
        if row.find("td") and row.find_all("th")[-1].get_text(strip=True) != "小计"
    ]
    assert three == [[typed[("requests", *path, k)] for k in REQUESTERS] for path in TABLE_THREE]
    four = [td.get_text(strip=True) for td in tables["四、"].tbody.find_all("td")]
    assert four == [typed[("reviews", review, k)] for review in TABLE_FOUR for k in OUTCOMES]
