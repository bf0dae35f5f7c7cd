"""What editors read (issue #17): every problem at once, YAML slips on the right line, wording,
small acceptances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.load.files import load_bytes
from gongkai.load.records import load_records
from gongkai.problems import WARNING
from tests.support.helpers import line_of, run, write_attachment, write_record

D = dt.date


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def messages(problems) -> list[str]:
    return [p.format() for p in problems]


# ------------------------------------------------------------------ every problem at once


def test_a_bad_date_does_not_hide_a_bad_document_number(data):
    path = write_record(data, "documents", "doc", signed_date="2024/02/26", doc_number="豫管【2024】005号")
    problems = run(data)
    date = [p for p in problems if "signed_date" in p.message]
    number = [p for p in problems if "应为 豫管〔2024〕5号" in p.message]
    assert len(date) == 1 and len(number) == 1, messages(problems)
    assert number[0].line == line_of(path, "doc_number")


def test_rules_still_see_the_fine_fields_of_a_broken_record(data):
    write_record(data, "documents", "a", doc_number="豫管〔2024〕3号")
    write_record(data, "documents", "b", doc_number="豫管〔2024〕3号", title=12, publish_date="2024-03-05")
    problems = run(data)
    assert any("title" in p.message and p.path.endswith("b.yaml") for p in problems)
    duplicate = [p for p in problems if "文号重复" in p.message or "的文号重复" in p.message]
    assert len(duplicate) == 1 and duplicate[0].path.endswith("b.yaml"), messages(problems)


def test_a_rejected_value_gives_one_error_not_also_a_rule_error(data):
    write_record(
        data,
        "decisions",
        "d",
        stage="已决策",
        decided_date="2024-02-20",
        procedures={
            "public_participation": {"not_applicable": "内部管理事项"},
            "expert_review": {"not_applicable": "无"},
            "risk_assessment": {"not_applicable": "无"},
            "legality_review": {"not_applicable": "不需要"},
            "collective_discussion": {"date": "2024-02-10"},
        },
        hearing={"not_applicable": "无"},
    )
    problems = run(data)
    review = [p for p in problems if "合法性审查" in p.message or "legality_review" in p.message]
    assert len(review) == 1, messages(problems)
    assert "合法性审查必须履行，不能标为不适用" in review[0].message
    assert "date（审查日期）" in review[0].message and "conclusion（审查结论）" in review[0].message


# ------------------------------------------------------------------ wording


def test_list_items_count_from_one(data):
    write_record(data, "powers", "p", responsibilities=[{"stage": "受理", "duty": "x"}, {"stage": "乱", "duty": "y"}])
    (problem,) = [p for p in run(data) if p.is_error]
    assert "responsibilities 第2项的 stage（环节）" in problem.message and ".1." not in problem.message


def test_a_date_field_is_named_by_its_own_title(data):
    write_record(data, "documents", "doc", signed_date="2024-02-30")
    (problem,) = run(data)
    assert "signed_date（成文日期）" in problem.message and "（日期）" not in problem.message


def test_an_empty_code_is_one_error(data):
    write_record(data, "powers", "p", code="")
    problems = run(data)
    assert len(problems) == 1 and "不能为空" in problems[0].message, messages(problems)


def test_an_empty_mapping_names_the_fields_it_expects(data):
    path = write_record(data, "decisions", "d")
    path.write_text(path.read_text(encoding="utf-8") + "procedures:\n", encoding="utf-8")
    (problem,) = run(data)
    for name in (
        "public_participation",
        "expert_review",
        "risk_assessment",
        "legality_review",
        "collective_discussion",
    ):
        assert name in problem.message


def test_a_full_width_colon_in_a_nested_mapping_is_named(data):
    path = write_record(data, "documents", "doc")
    path.write_text(path.read_text(encoding="utf-8") + "filing:\n  filed_with：河南省人民政府\n", encoding="utf-8")
    (problem,) = run(data)
    assert "filed_with（" in problem.message and "半角" in problem.message


def test_a_consultation_with_the_old_draft_path_is_told_the_new_field_name(data):
    # `draft` was the consultation's text put up for comment; it is `draft_attachment` now (docs/rules.md#records).
    write_attachment(data, "consultations/c.pdf")
    path = write_record(data, "consultations", "c", draft="consultations/c.pdf")
    (problem,) = [p for p in run(data) if p.is_error]
    assert (problem.line, problem.column) == (line_of(path, "draft"), 1), problem.format()
    assert "请改为 draft_attachment: consultations/c.pdf" in problem.message, problem.format()
    assert "draft（草稿） 应为是/否" in problem.message  # what is wrong, before how to fix it
    # The fix it names is the whole fix.
    path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: ", "\ndraft_attachment: "), encoding="utf-8")
    assert [p for p in run(data) if p.is_error] == []


def test_an_old_draft_path_beside_a_draft_attachment_is_to_be_deleted(data):
    write_attachment(data, "consultations/c.pdf")
    write_record(data, "consultations", "c", draft="consultations/old.pdf", draft_attachment="consultations/c.pdf")
    (problem,) = [p for p in run(data) if p.is_error]
    assert "本记录已有 draft_attachment：请删除这一行" in problem.message and "请改为" not in problem.message, (
        problem.format()
    )


@pytest.mark.parametrize(("type_key", "value"), [("consultations", "是"), ("documents", "documents/d.pdf")])
def test_a_draft_that_is_not_the_old_field_gets_the_plain_message(data, type_key, value):
    write_record(data, type_key, "r", draft=value)
    (problem,) = [p for p in run(data) if p.is_error]
    assert "draft（草稿） 应为是/否" in problem.message and "draft_attachment" not in problem.message, problem.format()


@pytest.mark.parametrize(
    ("written", "suggested"), [("Office_Rule", "office-rule"), ("2024-办公用房", "2024-ban-gong-yong-fang")]
)
def test_an_invalid_id_gets_a_suggested_slug(data, written, suggested):
    write_record(data, "documents", written, stem="doc")
    problems = [p for p in run(data) if "不是有效的标识" in p.message]
    assert len(problems) == 1 and f"例如改为 {suggested}" in problems[0].message


def test_overdue_feedback_says_by_how_much_the_deadline_is_passed(data):
    write_record(data, "consultations", "c", **{"from": "2024-08-01", "to": "2024-09-25"})
    (problem,) = run(data, D(2024, 11, 30))
    assert problem.severity == WARNING
    assert "已超过反馈期限 36 日" in problem.message and "最迟 2024-10-25" in problem.message


# ------------------------------------------------------------------ YAML slips on the right line


TEMPLATE = (
    "id: doc\n"  # 1
    "title: 关于公务用车管理的通知\n"  # 2
    "# 发布日期（必填）：在本站公开发布的日期\n"  # 3
    "publish_date: 2024-03-01\n"  # 4
    "issuer: 河南省机关事务管理局\n"  # 5
    "disclosure: 主动公开\n"  # 6
    "signed_date: 2024-02-26\n"  # 7
    "summary: 规范公务用车管理。\n"  # 8
    "# 正文\n"  # 9
    "body: 正文\n"  # 10
)


def slipped(line: int, text: str) -> str:
    lines = TEMPLATE.splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("line", "text", "column", "words"),
    [
        (5, "issuer：河南省机关事务管理局", 7, "全角"),
        (2, 'title: "关于公务用车管理的通知', 8, "引号没有闭合"),
        (2, "title: '关于公务用车管理的通知", 8, "引号没有闭合"),
        (4, "publish_date:2024-03-01", 14, "冒号后缺少空格"),
        (8, "summary:规范公务用车管理。", 9, "冒号后缺少空格"),
        (9, "正文：记录的正文，Markdown 格式", 1, "加回“# ”"),  # an explanation uncommented with its field
    ],
)
def test_yaml_slips_are_reported_on_their_line_with_the_cause(line, text, column, words):
    loaded = load_bytes(slipped(line, text).encode("utf-8"), "doc.yaml")
    (problem,) = loaded.problems
    assert (problem.line, problem.column) == (line, column), problem.format()
    assert words in problem.message


def test_a_tab_the_parser_refuses_is_named_where_it_stands():
    text = "id: doc\nsubjects:\n  - 公务用车\n  -\t办公用房: 1\n"
    (problem,) = load_bytes(text.encode("utf-8"), "doc.yaml").problems
    assert (problem.line, problem.column) == (4, 4) and "Tab" in problem.message, problem.format()


# ------------------------------------------------------------------ small acceptances


@pytest.mark.parametrize(
    "title", ['"关于公务用车管理的通知 "', "关于公务用车管理的通知\u3000", '"\u3000关于公务用车管理的通知"']
)
def test_a_title_with_surrounding_spaces_is_accepted_trimmed(data, title):
    path = write_record(data, "documents", "doc")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(f"title: {title}" if line.startswith("title:") else line for line in text.splitlines()) + "\n",
        encoding="utf-8",
    )
    assert run(data) == []
    (record,) = load_records(data, 1_000_000)
    assert record.data["title"] == "关于公务用车管理的通知"


def test_subjects_with_a_chinese_comma_are_separate_subjects(data):
    path = write_record(data, "documents", "doc")
    path.write_text(path.read_text(encoding="utf-8") + "subjects: [办公用房，机关事务, 公务用车]\n", encoding="utf-8")
    (record,) = load_records(data, 1_000_000)
    assert record.data["subjects"] == ["办公用房", "机关事务", "公务用车"]
    assert record.file.pos(("subjects", 1))[0] == line_of(path, "subjects")
    assert run(data) == []
