"""Rule 3 and feedback: a public consultation runs long enough and its results are reported.

Counting the period: 重大行政决策程序暂行条例 art. 15 says "一般不少于30日". We count calendar days
inclusively, both the first and the last day being days on which comments can be sent: from
2024-03-01 to 2024-03-30 is 30 days (`to - from + 1`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context


def period_days(start: dt.date, end: dt.date) -> int:
    """Calendar days of a comment period, counting both the first and the last day."""
    return (end - start).days + 1


def period_problems(
    record: SourceRecord, path: tuple[str, ...], start: dt.date, end: dt.date, min_days: int, explained: bool
) -> Iterator[Problem]:
    """Shared by consultations and decisions' public participation: order and length of a period."""
    if end < start:
        yield record.problem(
            path + ("to",),
            ERROR,
            f"截止日期 {end.isoformat()} 早于开始日期 {start.isoformat()}。请核对征求意见的起止日期（from、to）。",
        )
        return
    days = period_days(start, end)
    if days < min_days and not explained:
        yield record.problem(
            path + ("to",),
            ERROR,
            f"征求意见期限 {start.isoformat()} 至 {end.isoformat()} 共 {days} 日，少于《重大行政决策程序暂行条例》第十五条规定的 {min_days} 日。"
            "请延长截止日期，或在 shortened_reason（缩短期限理由）中说明理由。",
        )


def counts_problems(record: SourceRecord, path: tuple[str, ...], data: object) -> Iterator[Problem]:
    """Adopted comments cannot outnumber received ones."""
    if not isinstance(data, dict):
        return
    received, adopted = data.get("comments_received"), data.get("comments_adopted")
    if isinstance(received, int) and isinstance(adopted, int) and adopted > received:
        yield record.problem(
            path + ("comments_adopted",),
            ERROR,
            f"采纳意见数 {adopted} 大于收到意见数 {received}。请核对这两个数字。",
        )


def check(context: Context) -> Iterator[Problem]:
    settings = context.settings
    for record in context.of_type("consultations"):
        start, end = parse_date(record.data.get("from")), parse_date(record.data.get("to"))
        if start is None or end is None:
            continue
        explained = bool(record.data.get("shortened_reason"))
        yield from period_problems(record, (), start, end, settings.consultation_min_days, explained)
        yield from _feedback(record, end, context.today, settings.feedback_within_days)
        yield from counts_problems(record, ("feedback",), record.data.get("feedback"))


def _feedback(record: SourceRecord, end: dt.date, today: dt.date, within_days: int) -> Iterator[Problem]:
    feedback = record.data.get("feedback")
    if not isinstance(feedback, dict):
        overdue = (today - end).days - within_days
        if overdue > 0:
            deadline = end + dt.timedelta(days=within_days)
            yield record.problem(
                ("to",),
                WARNING,
                f"征求意见已于 {end.isoformat()} 结束，仍未公布意见采纳情况：应在结束后 {within_days} 日内（最迟 {deadline.isoformat()}）公布，"
                f"现已超过反馈期限 {overdue} 日。请补充 feedback"
                "（date 反馈日期、comments_received 收到意见数、comments_adopted 采纳意见数、summary 采纳情况说明）。",
            )
        return
    given = parse_date(feedback.get("date"))
    if given is not None and given < end:
        yield record.problem(
            ("feedback", "date"),
            ERROR,
            f"反馈日期 {given.isoformat()} 早于征求意见截止日期 {end.isoformat()}。采纳情况应在征求意见结束后公布：请核对反馈日期。",
        )
    elif given is not None and (late := (given - end).days - within_days) > 0:
        deadline = end + dt.timedelta(days=within_days)
        yield record.problem(
            ("feedback", "date"),
            WARNING,
            f"意见采纳情况于 {given.isoformat()} 公布，晚于征求意见结束后 {within_days} 日的期限（最迟 {deadline.isoformat()}）"
            f" {late} 日。请核对反馈日期；日期无误的，今后请在期限内公布。",
        )
