"""Rule 10: the figures a disclosure report's text states are compared with its tables.

A real report's text said 17 applications were received while its 表三 said 95. Each test copies the
demo data (whose texts agree with their tables), changes one sentence as an editor would, and looks
for the warning at that sentence: file, line and column inside the YAML block scalar or the body file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongkai.problems import WARNING, Problem
from gongkai.validate.report_text import chinese_number
from tests.support.helpers import run
from tests.support.sites import DEMO_TODAY, ROOT

REPORT = "reports/disclosure/2025-annual-report.yaml"
GOVERNMENT = "reports/disclosure/2025-government-annual-report.yaml"
SENTENCE = "全年新收政府信息公开申请18件，上年结转1件，办结17件，结转下年度继续办理2件，均在法定期限内答复。"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def text_problems(data: Path) -> list[Problem]:
    return [p for p in run(data, DEMO_TODAY) if "正文写" in p.message]


def replace(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace `old` (once) and return the line and column where `new` starts in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    index = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def test_the_demo_reports_texts_agree_with_their_tables(data):
    assert text_problems(data) == []


def test_received_applications_in_the_text_are_compared_with_table_three_at_the_sentence(data):
    line, column = replace(data / REPORT, SENTENCE, SENTENCE.replace("申请18件", "申请95件"))
    (problem,) = text_problems(data)
    assert problem.severity == WARNING
    assert problem.path.endswith(REPORT) and (problem.line, problem.column) == (line, column)
    assert "正文写“全年新收政府信息公开申请95件”（95）" in problem.message
    assert "表三 一、本年新收政府信息公开申请数量 × 总计为 18" in problem.message


@pytest.mark.parametrize(
    "old, new, cell, table",
    [
        ("上年结转1件", "上年结转3件", "二、上年结转政府信息公开申请数量 × 总计", 1),
        ("办结17件", "办结16件", "（七）总计 × 总计", 17),
        ("结转下年度继续办理2件", "结转下年度继续办理4件", "四、结转下年度继续办理 × 总计", 2),
    ],
)
def test_carried_over_handled_and_carried_forward_are_compared(data, old, new, cell, table):
    replace(data / REPORT, SENTENCE, SENTENCE.replace(old, new))
    (problem,) = text_problems(data)
    assert f"表三 {cell}为 {table}" in problem.message and new in problem.message


def test_the_column_is_the_sentences_start_in_the_middle_of_a_line(data):
    """Two sentences on one line: the warning points at the second, where it starts."""
    old = "因政府信息公开被申请行政复议5件，被提起行政诉讼4件。"
    line, column = replace(data / GOVERNMENT, old, old.replace("行政复议5件", "行政复议6件"))
    (problem,) = text_problems(data)
    assert (problem.line, problem.column) == (line, column) and column > 10
    assert "表四 行政复议 × 总计为 5" in problem.message


def test_litigation_is_compared_with_both_litigation_rows(data):
    old = "被提起行政诉讼4件"
    replace(data / GOVERNMENT, old, "被提起行政诉讼3起")
    (problem,) = text_problems(data)
    assert "行政诉讼（未经复议直接起诉） 与 行政诉讼（复议后起诉） 的总计之和为 4" in problem.message


def test_chinese_numerals_are_read(data):
    replace(data / REPORT, SENTENCE, SENTENCE.replace("申请18件", "申请十七件"))
    (problem,) = text_problems(data)
    assert "（17）" in problem.message
    replace(data / REPORT, "申请十七件", "申请十八件")
    assert text_problems(data) == []


def test_chinese_number_values():
    assert [chinese_number(t) for t in ("零", "九", "十", "十八", "九十五", "一百零五", "两千三百")] == [
        0,
        9,
        10,
        18,
        95,
        105,
        2300,
    ]


def test_no_carried_over_in_words_is_zero(data):
    report = data / "reports/disclosure/2023-annual-report.yaml"
    replace(report, "  carried_over: {natural_person: 0,", "  carried_over: {natural_person: 1,")
    replace(report, "other_org: 0, total: 0}\n  results:", "other_org: 0, total: 1}\n  results:")
    problems = [p for p in text_problems(data) if p.path.endswith("2023-annual-report.yaml")]
    assert len(problems) == 1 and "“全年新收政府信息公开申请12件，无上年结转”（0）" in problems[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年，本局新收政府信息公开申请15件。",  # another year's figure
        "较上年新收申请20件有所下降。",
        "全年收到行政复议申请3件。",  # an application for reconsideration, not for information
        "个别答复被行政复议机关纠正1件。",  # how cases ended, not how many there were
        "行政复议和行政诉讼一起统计。",
    ],
)
def test_sentences_about_something_else_are_not_compared(data, sentence):
    replace(data / REPORT, "  ## （三）政府信息管理", f"  {sentence}\n\n  ## （三）政府信息管理")
    assert text_problems(data) == []


def test_a_body_file_is_checked_at_its_own_line(data):
    body = data / "reports/disclosure/2025-annual-report.md"
    body.write_text("# 补充说明\n\n本报告另附说明。全年共受理政府信息公开申请20件。\n", encoding="utf-8")
    (problem,) = text_problems(data)
    assert problem.path.endswith("2025-annual-report.md") and (problem.line, problem.column) == (3, 9)
    assert "表三 一、本年新收政府信息公开申请数量 × 总计为 18" in problem.message
