"""Rule 10 on reports as agencies publish them: corrections, derived 小计, blank and "/" cells, a
single-row （六）, notes, money as written, and messages that find the wrong cell.

Each test copies the demo data (whose reports add up), edits the 2025 disclosure report as an
editor would, validates, and reads the problems of that file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai.problems import ERROR, Problem
from tests.support.helpers import run
from tests.support.sites import DEMO_TODAY, ROOT

REPORT = "reports/disclosure/2025-annual-report.yaml"
GRAND_TOTAL = "    total: {natural_person: 12, commercial: 2, research: 0, public_interest: 1, legal_services: 2, other_org: 0, total: 17}"
GRANTED = "    granted: {natural_person: 5, commercial: 1, research: 0, public_interest: 0, legal_services: 1, other_org: 0, total: 7}"
RECONSIDERATION = "  reconsideration: {maintained: 1, corrected: 0, other: 0, pending: 0, total: 1}"
AFTER_REVIEW = "  litigation_after_review: {maintained: 0, corrected: 0, other: 0, pending: 0, total: 0}"
OTHER_GROUP = """    other:
      overdue_correction: {natural_person: 0, commercial: 0, research: 0, public_interest: 1, legal_services: 0, other_org: 0, total: 1}
      unpaid_fee: {natural_person: 0, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}
      other: {natural_person: 0, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}
      total: {natural_person: 0, commercial: 0, research: 0, public_interest: 1, legal_services: 0, other_org: 0, total: 1}
"""


@pytest.fixture
def report(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data" / REPORT


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, yaml_text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + yaml_text, encoding="utf-8")


def problems_of(report: Path) -> list[Problem]:
    data = report.parents[2]
    return [p for p in run(data, DEMO_TODAY) if p.path.replace("\\", "/").endswith(REPORT)]


def line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def messages(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


# ---------------------------------------------------------------- messages that find the wrong cell


def test_a_row_total_and_a_column_sum_failing_together_name_the_cell_at_their_crossing(report):
    edit(report, GRANTED, GRANTED.replace("natural_person: 5", "natural_person: 6"))
    problems = problems_of(report)
    assert len(problems) == 2, messages(problems)
    row, column = sorted(problems, key=lambda p: p.message)
    assert row.message.startswith("表三 （一）予以公开 × 总计：应为 8")
    assert column.message.startswith("表三 （七）总计 × 自然人：应为 13")
    for problem in problems:
        assert "很可能是 （一）予以公开 × 自然人 填错" in problem.message


def test_an_over_count_in_the_results_never_suggests_a_negative_count(report):
    edit(
        report,
        GRAND_TOTAL,
        GRAND_TOTAL.replace("research: 0", "research: 1").replace("total: 17", "total: 18"),
    )
    problems = problems_of(report)
    forward = [p for p in problems if p.message.startswith("表三 四、结转下年度继续办理 × 科研机构")]
    assert len(forward) == 1, messages(problems)
    assert "-1" not in forward[0].message and "应为" not in forward[0].message
    assert "数字不一致" in forward[0].message and "0 + 0 − 1 为负数" in forward[0].message
    assert all("应为 -" not in p.message for p in problems), messages(problems)


# ---------------------------------------------------------------- corrections


def test_a_report_published_with_its_correction_is_accepted(report):
    edit(report, GRAND_TOTAL, GRAND_TOTAL.replace("natural_person: 12", "natural_person: 13"))
    assert [p for p in problems_of(report) if p.severity == ERROR]  # as issued, the sums fail
    append(
        report,
        "corrections:\n"
        "  - {cell: 表三 （七）总计 × 自然人, value: 12, note: 原报告误填为 13，按各办理结果之和更正为 12。}\n",
    )
    assert problems_of(report) == []


def test_a_correction_of_a_cell_without_a_discrepancy_is_stale(report):
    append(report, "corrections:\n  - {cell: 表四 行政复议 × 总计, value: 1, note: 更正。}\n")
    problems = problems_of(report)
    assert len(problems) == 1 and problems[0].severity == ERROR, messages(problems)
    assert problems[0].message.startswith("更正 第1项：表四 行政复议 × 总计 所在的各项求和都对得上")
    assert problems[0].line == line_of(report, "  - {cell: 表四")


def test_a_correction_whose_value_does_not_satisfy_the_sums_is_refused(report):
    edit(report, RECONSIDERATION, RECONSIDERATION.replace("total: 1", "total: 0"))
    append(report, "corrections:\n  - cell: 表四 行政复议 × 总计\n    value: 2\n    note: 原报告误填。\n")
    problems = problems_of(report)
    wrong = [p for p in problems if p.message.startswith("更正 第1项")]
    assert len(wrong) == 1, messages(problems)
    assert "更正为 2 后，求和仍对不上（表四 行政复议 × 总计 应为 1，实为 2（更正值，原报告为 0））" in wrong[0].message
    assert wrong[0].line == line_of(report, "    value: 2")
    cell = [p for p in problems if p.message.startswith("表四 行政复议 × 总计：应为 1")]
    assert len(cell) == 1 and "实为 2（更正值，原报告为 0）" in cell[0].message


def test_a_correction_naming_no_cell_suggests_the_closest_names(report):
    append(report, "corrections:\n  - {cell: 表三 三、本年度办理结果 （七）总计 × 自然人, value: 12, note: 更正。}\n")
    problems = problems_of(report)
    assert len(problems) == 1, messages(problems)
    assert "没有名为“表三 三、本年度办理结果 （七）总计 × 自然人”的格" in problems[0].message
    assert "是否应为：表三 （七）总计 × 自然人" in problems[0].message


def test_two_corrections_of_one_cell_are_refused(report):
    edit(report, RECONSIDERATION, RECONSIDERATION.replace("total: 1", "total: 0"))
    append(
        report,
        "corrections:\n"
        "  - {cell: 表四 行政复议 × 总计, value: 1, note: 更正。}\n"
        "  - {cell: 表四 行政复议 × 总计, value: 1, note: 再次更正。}\n",
    )
    problems = problems_of(report)
    assert len(problems) == 1 and "已在第1项更正过" in problems[0].message, messages(problems)


# ---------------------------------------------------------------- 小计 derived, （六） as one row


def test_group_subtotals_may_be_left_out(report):
    text = report.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("      total:")]
    assert len(lines) == len(text.splitlines()) - 4
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems_of(report) == []


def test_a_grand_total_is_checked_against_derived_subtotals(report):
    text = report.read_text(encoding="utf-8")
    report.write_text(
        "\n".join(x for x in text.splitlines() if not x.startswith("      total:")) + "\n", encoding="utf-8"
    )
    edit(
        report,
        GRAND_TOTAL,
        GRAND_TOTAL.replace("legal_services: 2", "legal_services: 3").replace("total: 17", "total: 18"),
    )
    problems = problems_of(report)
    assert any(p.message.startswith("表三 （七）总计 × 法律服务机构：应为 2") for p in problems), messages(problems)


def test_other_processing_published_as_one_row(report):
    single = "    other:\n      total: {natural_person: 0, commercial: 0, research: 0, public_interest: 1, legal_services: 0, other_org: 0, total: 1}\n"
    edit(report, OTHER_GROUP, single)
    assert problems_of(report) == []
    edit(
        report,
        "public_interest: 1, legal_services: 0, other_org: 0, total: 1}\n    total:",
        "public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n    total:",
    )
    problems = problems_of(report)
    assert any(p.message.startswith("表三 （七）总计 × 社会公益组织：应为 0") for p in problems), messages(problems)


def test_other_processing_with_some_items_needs_all_three(report):
    edit(report, OTHER_GROUP, "\n".join(OTHER_GROUP.splitlines()[:2]) + "\n")
    problems = problems_of(report)
    assert any("缺少必填字段 unpaid_fee" in p.message for p in problems), messages(problems)


# ---------------------------------------------------------------- blank and "/" cells, money, notes


def test_blank_and_slash_cells_count_as_zero(report):
    edit(
        report,
        AFTER_REVIEW,
        '  litigation_after_review: {maintained: "/", corrected: "/", other: null, pending: null, total: null}',
    )
    edit(report, GRANTED, GRANTED.replace("research: 0", "research: null").replace("other_org: 0", 'other_org: "/"'))
    assert problems_of(report) == []
    edit(report, RECONSIDERATION, RECONSIDERATION.replace("total: 1", "total: null"))
    problems = problems_of(report)
    assert len(problems) == 1, messages(problems)
    assert problems[0].message.startswith(
        "表四 行政复议 × 总计：应为 1（结果维持、结果纠正、其他结果、尚未审结之和），实为 空白（按 0 计）"
    )


@pytest.mark.parametrize("value", ['"-"', '"无"', "1.5"])
def test_other_text_in_a_count_cell_is_refused(report, value):
    edit(report, GRANTED, GRANTED.replace("research: 0", f"research: {value}"))
    problems = [p for p in problems_of(report) if "granted.research" in p.message]
    assert len(problems) == 1 and problems[0].severity == ERROR, messages(problems_of(report))


@pytest.mark.parametrize("fees", ["12.50", '"12.50"', "0.00", "null", '"/"'])
def test_fees_as_published(report, fees):
    edit(report, "  fees: 0\n", f"  fees: {fees}\n")
    assert problems_of(report) == []


@pytest.mark.parametrize("fees", ['"12,50"', '"约 3 万"', "-0.5"])
def test_fees_that_are_not_an_amount_are_refused(report, fees):
    edit(report, "  fees: 0\n", f"  fees: {fees}\n")
    problems = problems_of(report)
    assert len(problems) == 1 and "proactive.fees" in problems[0].message, messages(problems)


def test_notes_name_a_table_and_optionally_one_of_its_rows(report):
    append(
        report,
        "notes:\n"
        "  - {table: 表二, text: 注：本年度无收费项目。}\n"
        "  - {table: 表三, row: （三）不予公开 4.保护第三方合法权益, text: 注：涉及个人隐私。}\n"
        "  - {table: 表四, row: 行政复议, text: 注：复议结果为维持。}\n",
    )
    assert problems_of(report) == []
    edit(report, "row: 行政复议,", "row: 行政复义,")
    problems = problems_of(report)
    assert len(problems) == 1, messages(problems)
    assert "表四中没有名为“行政复义”的行。是否应为：行政复议" in problems[0].message
    assert problems[0].line == line_of(report, "  - {table: 表四")
