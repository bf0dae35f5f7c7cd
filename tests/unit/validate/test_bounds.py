"""Bounds on what one record may hold (issue 23): every list has a schema bound, a body's structure
has bounds, dates lie in a sane range and numbers are finite. Each is an error at the value, in
Chinese, saying the bound, before any rule or renderer works with the value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.schemas import load_type_schema
from gongkai.types import RECORD_TYPES
from tests.support.helpers import finishes, line_of, matching, run, write_record
from tests.support.sites import ROOT


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def errors(problems, text: str):
    return matching(problems, text, "错误")


# ------------------------------------------------------------------ lists


def _lists(node: Any, path: str, root: dict[str, Any]):
    """(path, schema) of every array and every free-keyed map in a schema."""
    if isinstance(node, dict):
        if node.get("type") == "array" or (
            node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict)
        ):
            yield path, node
        for key, child in node.items():
            yield from _lists(child, f"{path}/{key}", root)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _lists(child, f"{path}/{index}", root)


@pytest.mark.parametrize("schema_name", [t.schema_name for t in RECORD_TYPES])
def test_every_list_a_record_may_hold_has_a_bound(schema_name):
    schema = load_type_schema(schema_name)
    unbounded = [
        path for path, node in _lists(schema, "", schema) if "maxItems" not in node and "maxProperties" not in node
    ]
    assert unbounded == [], f"{schema_name}: lists without maxItems/maxProperties: {unbounded}"


def test_too_many_subjects_is_an_error_that_says_the_bound(data):
    path = write_record(data, "documents", "doc", subjects=[f"主题{i}" for i in range(101)])
    found = errors(run(data), "超过上限 100 项")
    assert len(found) == 1, found
    assert "subjects" in found[0].message and "101 项" in found[0].message
    assert found[0].line == line_of(path, "subjects")


def test_a_hundred_thousand_subjects_are_refused_quickly(data):
    path = write_record(data, "documents", "doc")
    subjects = ", ".join(f"s{i:x}" for i in range(100_000))  # a flow list keeps the file under 1 MB
    path.write_text(path.read_text(encoding="utf-8") + f"subjects: [{subjects}]\n", encoding="utf-8")
    with finishes(60):
        found = errors(run(data), "超过上限 100 项")
    assert len(found) == 1


def test_too_many_stats_figures_is_an_error_that_says_the_bound(data):
    directory = data / "reports" / "rule-of-law"
    write_record(data, "documents", "doc")
    stats = "\n".join(f"  数据{i}: {i}" for i in range(201))
    directory.mkdir(parents=True)
    (directory / "r.yaml").write_text(
        "id: r\ntitle: 2023年度法治政府建设情况报告\npublish_date: 2024-03-01\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nyear: 2023\nsections:\n  measures: 甲\n  shortcomings: 乙\n  leadership: 丙\n"
        f"  next_year: 丁\nstats:\n{stats}\n",
        encoding="utf-8",
    )
    found = errors(run(data), "超过上限 200 个数据项")
    assert len(found) == 1, found


# ------------------------------------------------------------------ dates


def test_a_date_far_in_the_future_is_an_error_at_the_value_not_a_crash(data):
    # 9999-12-31 crashed the working-day calendar (date(year + 1, 1, 1)) in the publication rule.
    path = write_record(data, "documents", "doc", publish_date="9999-12-31")
    found = errors(run(data), "超出记录可用的日期范围（1949-10-01 至 2100-12-31")
    assert len(found) == 1, found
    assert "publish_date" in found[0].message and found[0].line == line_of(path, "publish_date")


@pytest.mark.parametrize("field", ["signed_date", "effective_date", "expiry_date"])
@pytest.mark.parametrize("value", ["0001-01-01", "1949-09-30", "2101-01-01", "9999-12-31"])
def test_every_date_outside_the_range_is_an_error(data, field, value):
    write_record(data, "documents", "doc", **{field: value})
    assert len(errors(run(data), "超出记录可用的日期范围")) == 1


def test_the_range_ends_are_accepted(data):
    write_record(data, "documents", "a", signed_date="1949-10-01", publish_date="1949-10-01")
    write_record(data, "documents", "b", signed_date="2100-12-31", publish_date="2100-12-31")
    assert errors(run(data), "日期") == []


# ------------------------------------------------------------------ numbers


def _rule_of_law_report(data: Path, stats: str) -> Path:
    directory = data / "reports" / "rule-of-law"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "r.yaml"
    path.write_text(
        "id: r\ntitle: 2023年度法治政府建设情况报告\npublish_date: 2024-03-01\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nyear: 2023\nsections:\n  measures: 甲\n  shortcomings: 乙\n  leadership: 丙\n"
        f"  next_year: 丁\nstats:\n{stats}",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("written", "said"),
    [(".nan", "不是一个数"), (".inf", "无穷大"), ("1.0e+308", "过大"), ("10000000000000001", "过大")],
)
def test_a_number_that_is_not_finite_or_too_large_is_an_error_at_the_value(data, written, said):
    path = _rule_of_law_report(data, f"  法治培训场次: 6\n  行政复议案件: {written}\n")
    found = errors(run(data), said)
    assert len(found) == 1, found
    assert "stats" in found[0].message and found[0].line == line_of(path, "行政复议案件")


def test_a_bad_number_is_one_error_even_where_the_schema_also_refuses_it(data):
    # `minimum: 0` lets NaN through (no comparison with NaN is true) but not -.inf: one error, not two.
    _rule_of_law_report(data, "  行政复议案件: -.inf\n")
    found = errors(run(data), "stats")
    assert len(found) == 1 and "无穷大" in found[0].message, found


def test_finite_numbers_of_ordinary_size_pass(data):
    _rule_of_law_report(data, "  法治培训场次: 6\n  经费（万元）: 1234.5\n  上限: 1000000000000000\n")
    assert errors(run(data), "数值") == []


@pytest.mark.parametrize("written", [".nan", ".inf", "1.0e+308"])
def test_a_disclosure_reports_fees_must_be_a_finite_number(data, written):
    source = ROOT / "data" / "reports" / "disclosure" / "2023-annual-report.yaml"
    text = source.read_text(encoding="utf-8")
    assert "\n  fees: 0\n" in text
    path = data / "reports" / "disclosure" / source.name
    path.parent.mkdir(parents=True)
    path.write_text(text.replace("\n  fees: 0\n", f"\n  fees: {written}\n"), encoding="utf-8")
    found = errors(run(data), "数值")
    assert len(found) == 1 and "fees" in found[0].message, found
    assert found[0].line == line_of(path, "fees")


# ------------------------------------------------------------------ Markdown structure


def test_too_many_headings_in_a_body_file_is_an_error_at_the_first_excess(data):
    # 960 KB of setext headings took 263 s to render (Python-Markdown re-scans the rest of the
    # block after each heading): validation refuses more than 1,000, at the 1,001st.
    path = write_record(data, "documents", "doc")
    body = path.with_suffix(".md")
    body.write_text("".join(f"标题{i}\n======\n" for i in range(50_000)), encoding="utf-8")  # 940 KB
    with finishes(60):
        found = errors(run(data), "小标题超过 1000 个")
    assert len(found) == 1, found
    assert (found[0].path, found[0].line) == (f"data/documents/{body.name}", 2 * 1000 + 1)


def test_a_thousand_headings_are_fine(data):
    path = write_record(data, "documents", "doc")
    path.with_suffix(".md").write_text("".join(f"标题{i}\n======\n" for i in range(1000)), encoding="utf-8")
    assert errors(run(data), "小标题") == []


def test_a_list_nested_too_deep_in_a_yaml_body_is_an_error_at_its_line(data):
    # A list nested 1,400 levels took 1.5 GB per render: more than 20 levels is refused.
    path = write_record(data, "documents", "doc")
    nested = "".join("  " + "    " * level + "- 项\n" for level in range(100))
    path.write_text(path.read_text(encoding="utf-8") + "body: |\n  ## 正文\n\n" + nested, encoding="utf-8")
    found = errors(run(data), "嵌套超过 20 层")
    assert len(found) == 1, found
    assert found[0].line == line_of(path, "body") + 1 + 2 + 20  # the block's 3rd line is level 1


def test_twenty_levels_of_nesting_are_fine_and_code_does_not_count(data):
    nested = "".join("    " * level + "- 项\n" for level in range(20))
    code = "```\n" + "".join("\t" * level + "x\n" for level in range(40)) + "```\n"
    write_record(data, "documents", "doc", body=nested + "\n" + code)
    assert errors(run(data), "嵌套") == []


def test_too_many_blocks_is_an_error(data):
    path = write_record(data, "documents", "doc")
    path.with_suffix(".md").write_text("段。\n\n" * 20_001, encoding="utf-8")
    found = errors(run(data), "超过 20,000 个")
    assert len(found) == 1 and found[0].line == 2 * 20_001, found


def test_every_markdown_field_is_checked_not_only_bodies(data):
    write_record(data, "documents", "doc")
    _rule_of_law_report(data, "  法治培训场次: 6\n")
    path = data / "reports" / "rule-of-law" / "r.yaml"
    nested = "".join("    " + "    " * level + "- 项\n" for level in range(25))
    text = path.read_text(encoding="utf-8").replace("  measures: 甲\n", "  measures: |\n" + nested)
    path.write_text(text, encoding="utf-8")
    found = errors(run(data), "嵌套超过 20 层")
    assert len(found) == 1 and "sections.measures" in found[0].message, found
