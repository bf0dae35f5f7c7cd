"""Cross-record and legal rules: every rule with a passing and a failing record."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from gongkai.problems import ERROR, WARNING
from tests.support.helpers import assert_clean, finishes, line_of, matching, only, run, write_attachment, write_record

D = dt.date


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


# ---------------------------------------------------------------- identity


def test_minimal_records_of_every_type_are_clean(data):
    write_record(data, "documents", "doc")
    write_record(data, "interpretations", "interp")
    write_record(data, "decisions", "dec")
    write_record(data, "consultations", "con", feedback={"date": "2024-04-10"})
    write_record(data, "powers", "pow")
    assert_clean(run(data))


def test_id_must_equal_file_stem(data):
    path = write_record(data, "documents", "other-name", stem="doc")
    problem = only(run(data), "与文件名", ERROR)
    assert "other-name" in problem.message and "doc.yaml" in problem.message
    assert problem.line == line_of(path, "id")


def test_ids_unique_within_type_but_not_across_types(data):
    write_record(data, "documents", "a")
    write_record(data, "documents", "a", stem="b")
    write_record(data, "consultations", "a", feedback={"date": "2024-04-10"})
    problems = run(data)
    duplicate = only(problems, "重复", ERROR)
    assert duplicate.path.endswith("b.yaml") and "a.yaml" in duplicate.message


def test_withheld_needs_basis(data):
    write_record(data, "documents", "doc", disclosure="不予公开")
    write_record(
        data, "documents", "doc2", disclosure="不予公开", withheld_basis="《中华人民共和国政府信息公开条例》第十四条"
    )
    problem = only(run(data), "withheld_basis", ERROR)
    assert problem.path.endswith("doc.yaml")


# ---------------------------------------------------------------- references


def test_missing_reference_names_id_and_suggests(data):
    write_record(data, "documents", "vehicle-rules")
    path = write_record(data, "interpretations", "interp", interprets="vehicle-rule")
    problem = only(run(data), "不存在", ERROR)
    assert (
        "vehicle-rule" in problem.message and "规范性文件" in problem.message and "“vehicle-rules”" in problem.message
    )
    assert problem.line == line_of(path, "interprets")


def test_every_reference_field_resolves(data):
    write_record(data, "documents", "doc")
    write_record(data, "consultations", "con", feedback={"date": "2024-04-10"})
    write_record(
        data, "documents", "new", amends=["doc"], consultation="con", related=[{"type": "consultations", "id": "con"}]
    )
    write_record(data, "documents", "old", repealed={"date": "2024-04-01", "by": "new"})
    write_record(data, "decisions", "dec", decision_document="new", consultation="con")
    assert_clean(run(data))


def test_every_reference_field_is_checked(data):
    write_record(
        data,
        "documents",
        "new",
        amends=["gone1"],
        consultation="gone2",
        related=[{"type": "powers", "id": "gone3"}],
        repealed={"date": "2024-04-01", "by": "gone4"},
    )
    write_record(data, "decisions", "dec", decision_document="gone5", consultation="gone6")
    problems = run(data)
    for number in range(1, 7):
        only(problems, f"“gone{number}”不存在", ERROR)


def test_reference_to_broken_file_is_not_reported_missing(data):
    write_record(data, "documents", "doc", signed_date=None)  # schema error
    write_record(data, "interpretations", "interp", interprets="doc")
    problems = run(data)
    assert not matching(problems, "不存在")
    assert matching(problems, "signed_date", ERROR)


def test_self_reference_is_refused(data):
    write_record(data, "documents", "doc", amends=["doc"])
    only(run(data), "不能引用自身", ERROR)


@pytest.mark.parametrize(
    "target,reason",
    [
        ({"draft": True}, "草稿"),
        ({"disclosure": "依申请公开"}, "依申请公开"),
        ({"disclosure": "不予公开", "withheld_basis": "条例第十四条"}, "不予公开"),
        ({"publish_date": "2025-06-01", "signed_date": "2025-05-30"}, "尚未到"),
    ],
)
def test_public_record_may_not_link_non_public(data, target, reason):
    write_record(data, "documents", "secret", **target)
    write_record(data, "documents", "open", related=[{"type": "documents", "id": "secret"}])
    problem = only(run(data), "未公开", ERROR)
    assert "“open”" in problem.message and "“secret”" in problem.message and reason in problem.message


def test_non_public_record_may_link_non_public(data):
    write_record(data, "documents", "secret", draft=True)
    write_record(data, "interpretations", "interp", interprets="secret", draft=True)
    assert_clean(run(data))


def test_attachments_must_exist(data):
    write_attachment(data, "documents/table.csv")
    write_attachment(data, "consultations/draft.pdf")
    write_attachment(data, "powers/flow.pdf")
    write_record(data, "documents", "doc", attachments=[{"title": "表", "file": "documents/table.csv"}])
    write_record(
        data, "consultations", "con", draft_attachment="consultations/draft.pdf", feedback={"date": "2024-04-10"}
    )
    write_record(data, "powers", "pow", flowchart="powers/flow.pdf")
    assert_clean(run(data))


def test_missing_attachments_are_errors_with_expected_path(data):
    write_attachment(data, "documents/Table.csv")
    path = write_record(data, "documents", "doc", attachments=[{"title": "表", "file": "documents/table.csv"}])
    write_record(
        data, "consultations", "con", draft_attachment="consultations/draft.pdf", feedback={"date": "2024-04-10"}
    )
    write_record(data, "powers", "pow", flowchart="flow.pdf")
    problems = run(data)
    assert len(matching(problems, "附件不存在", ERROR)) == 3
    table = only(problems, "table.csv", ERROR)
    assert os.path.join("attachments", "documents", "table.csv") in table.message
    assert "documents/Table.csv" in table.message  # case-only difference is pointed out
    assert table.line == line_of(path, "file")


def test_attachment_escaping_directory_is_refused(data, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"x")
    (data / "attachments").mkdir(parents=True)
    try:
        (data / "attachments" / "link.pdf").symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links not available")
    write_record(data, "documents", "doc", attachments=[{"title": "表", "file": "link.pdf"}])
    only(run(data), "目录之外", ERROR)


# ---------------------------------------------------------------- document numbers (rule 1) and index numbers (rule 11)


@pytest.mark.parametrize(
    "written",
    [
        "豫管[2019]3号",
        "豫管【2019】3号",
        "豫管(2019)3号",
        "豫管（2019）3号",
        "豫管〔19〕3号",
        "豫管〔2019〕003号",
        "豫管〔2019〕第3号",
        "豫管〔2019〕3",
        "豫管〔２０１９〕３号",
        "豫管 〔2019〕 3号",
        "豫管﹝2019﹞3号",
    ],
)
def test_malformed_doc_number_gets_corrected_form(data, written):
    path = write_record(
        data, "documents", "doc", doc_number=written, signed_date="2019-03-01", publish_date="2019-03-05"
    )
    problem = only(run(data, today=D(2019, 3, 10)), "GB/T 9704-2012", ERROR)
    assert f"文号“{written}”不符合 GB/T 9704-2012，应为 豫管〔2019〕3号" in problem.message
    assert problem.line == line_of(path, "doc_number")


def test_two_digit_year_follows_signed_date_century(data):
    write_record(
        data, "documents", "doc", doc_number="豫管〔98〕3号", signed_date="1998-03-01", publish_date="1998-03-05"
    )
    problem = only(run(data, today=D(1998, 3, 10)), "GB/T 9704-2012", ERROR)
    assert "应为 豫管〔1998〕3号" in problem.message


def test_unreadable_doc_number_explains_form(data):
    write_record(data, "documents", "doc", doc_number="无")
    problem = only(run(data), "无法识别", ERROR)
    assert "〔年份〕" in problem.message


def test_correct_doc_number_passes(data):
    write_record(data, "documents", "doc", doc_number="豫管〔2024〕12号")
    assert_clean(run(data))


def test_doc_numbers_unique_in_corrected_form(data):
    write_record(data, "documents", "a", doc_number="豫管〔2024〕3号")
    write_record(data, "documents", "b", doc_number="豫管[2024]3号")
    write_record(data, "documents", "c", doc_number="豫管〔2024〕4号")
    problems = run(data)
    duplicate = only(problems, "文号重复", ERROR)
    assert duplicate.path.endswith("b.yaml") and "a.yaml" in duplicate.message


def test_doc_number_year_after_signing_year_warns(data):
    write_record(data, "documents", "doc", doc_number="豫管〔2025〕3号")
    only(run(data), "晚于成文日期", WARNING)


def test_index_numbers_unique_and_well_formed(data):
    write_record(data, "documents", "a", index_no="11410000MB1234567X/2024-00001")
    write_record(data, "consultations", "b", index_no="11410000MB1234567X/2024-00001", feedback={"date": "2024-04-10"})
    write_record(data, "documents", "c", index_no="2024-001")
    problems = run(data)
    duplicate = only(problems, "索引号“11410000MB1234567X/2024-00001”", ERROR)
    assert duplicate.path.endswith("b.yaml")
    warning = only(problems, "常见格式", WARNING)
    assert warning.path.endswith("c.yaml")


@pytest.mark.parametrize(
    "index_no",
    [
        "014289810/2025-00013",  # a 9-character organisation code
        "11370112MB2803691Q/2024-6538710",  # a 7-digit serial
        "11410000MB1234567X/2024-0012",  # a 4-digit serial
        "12410000MA44ABCD1X/2024-00001",
    ],
)
def test_index_numbers_as_real_catalogues_write_them_are_not_warned_about(data, index_no):
    write_record(data, "documents", "a", index_no=index_no)
    assert not [p for p in run(data) if "索引号" in p.message], index_no


@pytest.mark.parametrize(
    "index_no",
    ["01428981/2025-00013", "11410000MB1234567X/2024-001", "11410000MB1234567X/2024-12345678", "0142898-10/2025-0001"],
)
def test_index_numbers_of_other_shapes_are_still_warned_about(data, index_no):
    write_record(data, "documents", "a", index_no=index_no)
    warning = only(run(data), "常见格式", WARNING)
    assert "9 位组织机构代码" in warning.message and "4 至 7 位" in warning.message


# ---------------------------------------------------------------- deadlines (rules 2, 6, 7, 8)


def test_publication_within_20_working_days(data):
    # 2024-09-20 + 20 working days (National Day skipped, make-up days counted) = 2024-10-23.
    write_record(data, "documents", "ok", signed_date="2024-09-20", publish_date="2024-10-23")
    write_record(data, "documents", "late", signed_date="2024-09-20", publish_date="2024-10-24")
    problem = only(run(data), "个工作日", WARNING)
    assert problem.path.endswith("late.yaml") and "21 个工作日" in problem.message and "20 个工作日" in problem.message


def test_publication_limit_only_for_proactive_records_and_is_a_setting(data):
    write_record(
        data, "documents", "late", signed_date="2024-09-20", publish_date="2024-10-24", disclosure="依申请公开"
    )
    write_record(
        data, "documents", "also", signed_date="2024-09-20", publish_date="2024-10-24", doc_number="豫管〔2024〕1号"
    )
    assert_clean(run(data, publish_within_workdays=21))
    assert len(matching(run(data), "个工作日", WARNING)) == 1


def test_decision_publication_counts_from_decided_date(data):
    write_record(data, "decisions", "dec", **_decided(decided_date="2024-01-02", publish_date="2024-03-01"))
    only(run(data), "距决策日期", WARNING)


def test_calendar_fallback_warns_for_uncovered_year(data):
    write_record(data, "documents", "doc", signed_date="2099-01-05", publish_date="2099-02-03")
    problems = run(data, today=D(2099, 3, 1))
    only(problems, "节假日日历未覆盖 2099 年", WARNING)
    only(problems, "21 个工作日", WARNING)


def test_interpretation_within_3_working_days(data):
    write_record(data, "documents", "doc", signed_date="2024-09-27", publish_date="2024-09-30")
    write_record(data, "interpretations", "ok", interprets="doc", publish_date="2024-10-09")  # 2 working days
    write_record(data, "interpretations", "late", interprets="doc", publish_date="2024-10-11")  # 4
    problem = only(run(data), "晚 4 个工作日", WARNING)
    assert problem.path.endswith("late.yaml")


def test_interpretation_before_document_is_error(data):
    write_record(data, "documents", "doc")
    write_record(data, "interpretations", "early", interprets="doc", publish_date="2024-02-28")
    only(run(data), "早于所解读文件", ERROR)


def test_interpretation_of_unpublished_document_reported_once(data):
    write_record(data, "documents", "doc", draft=True)
    write_record(data, "interpretations", "interp", interprets="doc")
    problems = run(data)
    assert len(problems) == 1 and "未公开" in problems[0].message


def test_normative_document_filed_within_30_days(data):
    write_record(
        data, "documents", "ok", normative=True, filing={"filed_with": "省政府办公厅", "filed_date": "2024-03-31"}
    )
    path = write_record(
        data, "documents", "late", normative=True, filing={"filed_with": "省政府办公厅", "filed_date": "2024-04-01"}
    )
    write_record(data, "documents", "plain", normative=False)
    write_record(data, "documents", "recent", normative=True, signed_date="2024-12-10", publish_date="2024-12-12")
    write_record(data, "documents", "unfiled", normative=True)
    problems = run(data)
    late = only(problems, "距发布日期", WARNING)
    assert late.path.endswith("late.yaml") and late.line == line_of(path, "filed_date")
    assert "31 日" in late.message
    unfiled = only(problems, "仍未填写备案", WARNING)
    assert unfiled.path.endswith("unfiled.yaml")


@pytest.mark.parametrize(
    "fields,text,severity",
    [
        ({"effective_date": "2024-02-20"}, "施行日期 2024-02-20 早于成文日期", ERROR),
        ({"publish_date": "2024-02-25", "signed_date": "2024-02-26"}, "发布日期 2024-02-25 早于成文日期", ERROR),
        ({"effective_date": "2024-04-01", "expiry_date": "2024-04-01"}, "不晚于施行日期", ERROR),
        ({"expiry_date": "2024-02-29"}, "不晚于发布日期", ERROR),
        ({"effective_date": "2024-04-01", "repealed": {"date": "2024-03-15"}}, "未施行就被废止", WARNING),
        ({"effective_date": "2024-04-01", "expiry_date": "2029-04-02"}, "超过 5 年", WARNING),
        (
            {"title": "公务用车管理暂行办法", "effective_date": "2024-04-01", "expiry_date": "2026-04-02"},
            "超过 2 年",
            WARNING,
        ),
    ],
)
def test_document_date_order_and_validity(data, fields, text, severity):
    write_record(data, "documents", "doc", **fields)
    only(run(data), text, severity)


def test_document_dates_in_order_pass(data):
    write_record(
        data,
        "documents",
        "a",
        effective_date="2024-04-01",
        expiry_date="2029-04-01",
        repealed={"date": "2024-06-01"},
        changes=[{"date": "2024-03-01", "note": "更正"}],
    )
    write_record(
        data, "documents", "b", title="公务用车管理试行办法", effective_date="2024-04-01", expiry_date="2026-03-31"
    )
    assert_clean(run(data))


def test_change_before_publication_warns(data):
    write_record(
        data, "consultations", "con", changes=[{"date": "2024-02-01", "note": "更正"}], feedback={"date": "2024-04-10"}
    )
    problem = only(run(data), "变更日期 2024-02-01", WARNING)
    assert problem.path.endswith("con.yaml")


# ---------------------------------------------------------------- decisions (rules 3, 4, 5 and the five procedures)


def _decided(**overrides):
    fields = {
        "stage": "已决策",
        "decided_date": "2024-02-28",
        "publish_date": "2024-03-01",
        "procedures": {
            "public_participation": {
                "from": "2024-01-01",
                "to": "2024-01-30",
                "comments_received": 5,
                "comments_adopted": 2,
            },
            "expert_review": {"not_applicable": "不涉及专业性问题"},
            "risk_assessment": {"date": "2024-01-31", "level": "低"},
            "legality_review": {"date": "2024-02-05", "conclusion": "合法"},
            "collective_discussion": {"date": "2024-02-20", "meeting": "局务会议"},
        },
        "hearing": {"not_applicable": "不属于应当听证的情形"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(fields.get(key), dict):
            fields[key] = {**fields[key], **value}
        else:
            fields[key] = value
    return fields


def test_complete_decision_passes(data):
    write_record(data, "decisions", "dec", **_decided())
    write_record(
        data, "decisions", "done", **_decided(stage="已评估", evaluation={"date": "2024-12-01", "conclusion": "良好"})
    )
    assert_clean(run(data))


def test_legality_review_after_discussion_is_error(data):
    path = write_record(
        data,
        "decisions",
        "dec",
        **_decided(procedures={"legality_review": {"date": "2024-02-21", "conclusion": "合法"}}),
    )
    problem = only(run(data), "合法性审查日期 2024-02-21 晚于集体讨论日期", ERROR)
    assert problem.line == line_of(path, "legality_review") + 1


def test_unlawful_review_may_not_go_to_discussion(data):
    write_record(
        data,
        "decisions",
        "dec",
        **_decided(procedures={"legality_review": {"date": "2024-02-05", "conclusion": "不合法"}}),
    )
    write_record(
        data, "decisions", "pending", procedures={"legality_review": {"date": "2024-02-05", "conclusion": "不合法"}}
    )
    problem = only(run(data), "不合法", ERROR)
    assert problem.path.endswith("dec.yaml")


def test_decision_before_discussion_is_error(data):
    write_record(data, "decisions", "dec", **_decided(decided_date="2024-02-19"))
    only(run(data), "决策日期 2024-02-19 早于集体讨论日期", ERROR)


@pytest.mark.parametrize(
    "missing", ["public_participation", "expert_review", "risk_assessment", "legality_review", "collective_discussion"]
)
def test_decided_needs_all_five_procedures(data, missing):
    fields = _decided()
    del fields["procedures"][missing]
    write_record(data, "decisions", "dec", **fields)
    problem = only(run(data), f"procedures.{missing}", ERROR)
    may_skip = missing in ("public_participation", "expert_review", "risk_assessment")
    assert ("not_applicable" in problem.message) == may_skip


def test_procedures_not_required_before_decision(data):
    write_record(data, "decisions", "dec", stage="征求意见")
    assert_clean(run(data))


def test_decided_needs_date_hearing_and_evaluation(data):
    fields = _decided(stage="已评估")
    del fields["decided_date"]
    del fields["hearing"]
    write_record(data, "decisions", "dec", **fields)
    problems = run(data)
    only(problems, "没有填写决策日期", ERROR)
    only(problems, "没有填写听证", ERROR)
    only(problems, "没有填写决策后评估", ERROR)


def test_decided_date_with_undecided_stage_warns(data):
    write_record(data, "decisions", "dec", stage="拟决策", decided_date="2024-02-28")
    only(run(data), "决策阶段仍为“拟决策”", WARNING)


def test_public_participation_period_at_least_30_days(data):
    short = {"public_participation": {"from": "2024-01-01", "to": "2024-01-29"}}
    path = write_record(data, "decisions", "dec", **_decided(procedures=short))
    problem = only(run(data), "共 29 日，少于", ERROR)
    assert problem.line == line_of(path, "to")


def test_short_participation_explained_by_consultation_record(data):
    write_record(
        data,
        "consultations",
        "con",
        **{"from": "2024-01-01", "to": "2024-01-15"},
        shortened_reason="上级部署时限要求",
        feedback={"date": "2024-01-20"},
    )
    short = {"public_participation": {"from": "2024-01-01", "to": "2024-01-15"}}
    write_record(data, "decisions", "dec", consultation="con", **_decided(procedures=short))
    assert_clean(run(data))


def test_adopted_comments_cannot_exceed_received(data):
    counts = {
        "public_participation": {
            "from": "2024-01-01",
            "to": "2024-01-30",
            "comments_received": 2,
            "comments_adopted": 3,
        }
    }
    write_record(data, "decisions", "dec", **_decided(procedures=counts))
    only(run(data), "采纳意见数 3 大于收到意见数 2", ERROR)


# ---------------------------------------------------------------- consultations (rule 3 and feedback)


def _consultation(data: Path, record_id: str, start: str, end: str, **fields) -> Path:
    return write_record(data, "consultations", record_id, **{"from": start, "to": end}, **fields)


def test_consultation_period_counts_days_inclusively(data):
    _consultation(data, "ok", "2024-03-01", "2024-03-30", feedback={"date": "2024-04-10"})
    _consultation(data, "short", "2024-03-01", "2024-03-29", feedback={"date": "2024-04-10"})
    _consultation(
        data, "reason", "2024-03-01", "2024-03-10", shortened_reason="紧急情况", feedback={"date": "2024-04-10"}
    )
    problem = only(run(data), "少于《重大行政决策程序暂行条例》第十五条规定的 30 日", ERROR)
    assert problem.path.endswith("short.yaml") and "共 29 日" in problem.message


def test_consultation_end_before_start_is_error(data):
    _consultation(data, "bad", "2024-03-30", "2024-03-01", feedback={"date": "2024-04-10"})
    only(run(data), "早于开始日期", ERROR)


def test_consultation_feedback_expected_within_30_days(data):
    _consultation(data, "recent", "2024-11-01", "2024-12-01")
    _consultation(data, "overdue", "2024-10-01", "2024-11-30")
    problem = only(run(data), "仍未公布意见采纳情况", WARNING)
    assert problem.path.endswith("overdue.yaml") and "已超过反馈期限 1 日" in problem.message  # 31 days after it ended


def test_feedback_published_after_30_days_is_a_warning_saying_how_late(data):
    _consultation(data, "on-time", "2024-03-01", "2024-03-30", feedback={"date": "2024-04-29"})
    _consultation(data, "late", "2024-03-01", "2024-03-30", feedback={"date": "2024-05-01"})
    problem = only(run(data), "意见采纳情况于 2024-05-01 公布", WARNING)
    assert problem.path.endswith("late.yaml") and "最迟 2024-04-29" in problem.message and " 2 日" in problem.message


def test_feedback_date_and_counts(data):
    _consultation(data, "early", "2024-03-01", "2024-03-30", feedback={"date": "2024-03-29"})
    _consultation(
        data,
        "counts",
        "2024-03-01",
        "2024-03-30",
        feedback={"date": "2024-03-30", "comments_received": 1, "comments_adopted": 4},
    )
    problems = run(data)
    assert only(problems, "反馈日期 2024-03-29 早于征求意见截止日期", ERROR).path.endswith("early.yaml")
    assert only(problems, "采纳意见数 4 大于收到意见数 1", ERROR).path.endswith("counts.yaml")


def test_ten_thousand_records_validate_quickly(tmp_path):
    data = tmp_path / "data"
    for number in range(2000):
        write_record(
            data,
            "documents",
            f"d{number}",
            doc_number=f"豫管〔2024〕{number + 1}号",
            signed_date="2024-01-02",
            publish_date="2024-02-01",
            normative=True,
            index_no=f"11410000MB1234567X/2024-{number:05d}",
        )
        write_record(data, "interpretations", f"i{number}", interprets=f"d{number}", publish_date="2024-02-02")
    with finishes():
        problems = run(data)
    assert len(matching(problems, "仍未填写备案")) == 2000


def test_power_changes_may_predate_publication(data):
    write_record(data, "powers", "pow", changes=[{"date": "2019-12-20", "type": "新增", "reason": "列入权力清单"}])
    assert_clean(run(data))
