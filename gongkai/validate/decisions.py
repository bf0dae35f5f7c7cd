"""Major administrative decisions: rules 3–5 and the five statutory procedures.

重大行政决策程序暂行条例 (2019): public participation (comment period at least 30 days, art. 15),
expert review, risk assessment, legality review before collective discussion (art. 25–28), and the
decision on or after the collective discussion. Once decided (已决策, 执行中, 已评估), all five
procedures are recorded; expert review, risk assessment, public participation and the hearing may
instead state why they do not apply (`not_applicable`); legality review and collective discussion
may not (the schema gives them no such field).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.consultations import counts_problems, period_problems
from gongkai.validate.context import Context

DECIDED_STAGES = ("已决策", "执行中", "已评估")
UNLAWFUL = "不合法"
# (field under procedures, Chinese name, may be marked not applicable)
PROCEDURES: tuple[tuple[str, str, bool], ...] = (
    ("public_participation", "公众参与", True),
    ("expert_review", "专家论证", True),
    ("risk_assessment", "风险评估", True),
    ("legality_review", "合法性审查", False),
    ("collective_discussion", "集体讨论决定", False),
)


def check(context: Context) -> Iterator[Problem]:
    for record in context.of_type("decisions"):
        procedures = record.data.get("procedures")
        procedures = procedures if isinstance(procedures, dict) else {}
        yield from _review_before_discussion(record, procedures)
        yield from _decided_after_discussion(record, procedures)
        yield from _stage(record, procedures)
        yield from _participation(record, procedures, context)


def _section(procedures: dict[str, Any], name: str) -> dict[str, Any]:
    value = procedures.get(name)
    return value if isinstance(value, dict) else {}


def _review_before_discussion(record: SourceRecord, procedures: dict[str, Any]) -> Iterator[Problem]:
    """Rule 4: reviewed on or before the discussion, and not found unlawful."""
    review = _section(procedures, "legality_review")
    discussion = _section(procedures, "collective_discussion")
    reviewed, discussed = parse_date(review.get("date")), parse_date(discussion.get("date"))
    if reviewed and discussed and reviewed > discussed:
        yield record.problem(
            ("procedures", "legality_review", "date"),
            ERROR,
            f"合法性审查日期 {reviewed.isoformat()} 晚于集体讨论日期 {discussed.isoformat()}。决策草案须先经合法性审查才能提交集体讨论"
            "（《重大行政决策程序暂行条例》第二十八条）：请核对这两个日期。",
        )
    went_on = bool(discussion) or record.data.get("stage") in DECIDED_STAGES
    if review.get("conclusion") == UNLAWFUL and went_on:
        yield record.problem(
            ("procedures", "legality_review", "conclusion"),
            ERROR,
            "合法性审查结论为“不合法”，但决策已提交集体讨论或已作出。经审查不合法的决策草案不得提交讨论："
            "请在修改后重新审查并填写新的审查日期和结论，或核对决策阶段（stage）。",
        )


def _decided_after_discussion(record: SourceRecord, procedures: dict[str, Any]) -> Iterator[Problem]:
    """Rule 5: the decision is made on or after the collective discussion."""
    decided = parse_date(record.data.get("decided_date"))
    discussed = parse_date(_section(procedures, "collective_discussion").get("date"))
    if decided and discussed and decided < discussed:
        yield record.problem(
            ("decided_date",),
            ERROR,
            f"决策日期 {decided.isoformat()} 早于集体讨论日期 {discussed.isoformat()}。决策应经集体讨论后作出：请核对这两个日期。",
        )


def _stage(record: SourceRecord, procedures: dict[str, Any]) -> Iterator[Problem]:
    stage = record.data.get("stage")
    if stage not in DECIDED_STAGES:
        if record.data.get("decided_date") is not None:
            yield record.problem(
                ("stage",),
                WARNING,
                f"已填写决策日期（decided_date），但决策阶段仍为“{stage}”。请把阶段改为“已决策”（或执行中、已评估），或删除决策日期。",
            )
        return
    if record.data.get("decided_date") is None:
        yield record.problem(
            ("stage",), ERROR, f"决策阶段为“{stage}”，但没有填写决策日期（decided_date）。请补上作出决策的日期。"
        )
    yield from _procedures_complete(record, procedures, stage)
    hearing = record.data.get("hearing")
    if not (isinstance(hearing, dict) and hearing) and not record.rejected_at(("hearing",)):
        yield record.problem(
            ("stage",),
            ERROR,
            f"决策阶段为“{stage}”，但没有填写听证（hearing）。举行了听证的请填写 date、summary；"
            "不需要听证的请填写 not_applicable（不适用理由）。",
        )
    if (
        stage == "已评估"
        and not isinstance(record.data.get("evaluation"), dict)
        and not record.rejected_at(("evaluation",))
    ):
        yield record.problem(
            ("stage",),
            ERROR,
            "决策阶段为“已评估”，但没有填写决策后评估（evaluation）。请补充 date（评估日期）和 conclusion（评估结论），或改正决策阶段。",
        )


def _procedures_complete(record: SourceRecord, procedures: dict[str, Any], stage: str) -> Iterator[Problem]:
    at = ("procedures",) if "procedures" in record.data else ("stage",)
    for name, label, may_skip in PROCEDURES:
        section = _section(procedures, name)
        if _filled(section) or record.rejected_at(("procedures", name)):
            continue
        if may_skip:
            fix = f"请填写{label}的履行情况，或填写 not_applicable 说明不适用的理由。"
        else:
            fix = f"{label}是必经程序，不能标为不适用：请填写其日期等履行情况。"
        yield record.problem(
            ("procedures", name) if name in procedures else at,
            ERROR,
            f"决策阶段为“{stage}”，但法定程序“{label}”（procedures.{name}）没有填写。{fix}",
        )


def _filled(section: dict[str, Any]) -> bool:
    return any(value not in (None, "", [], {}) for value in section.values())


def _participation(record: SourceRecord, procedures: dict[str, Any], context: Context) -> Iterator[Problem]:
    """Rule 3 for the decision's own comment period, unless a shortened reason explains it."""
    path = ("procedures", "public_participation")
    section = _section(procedures, "public_participation")
    yield from counts_problems(record, path, section)
    start, end = parse_date(section.get("from")), parse_date(section.get("to"))
    if section.get("not_applicable") or start is None or end is None:
        return
    yield from period_problems(
        record, path, start, end, context.settings.consultation_min_days, _explained(record, section, context)
    )


def _explained(record: SourceRecord, section: dict[str, Any], context: Context) -> bool:
    """A shortened period is explained here or in the decision's consultation record."""
    if section.get("shortened_reason"):
        return True
    consultation_id = record.data.get("consultation")
    consultation = context.get("consultations", consultation_id) if isinstance(consultation_id, str) else None
    return consultation is not None and bool(consultation.data.get("shortened_reason"))
