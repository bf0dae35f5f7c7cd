"""Time limits and date order: rules 2 (publication), 6 (interpretation timing), 7 (filing) and 8
(validity dates), plus change notes dated before publication.

Working days follow the Chinese holiday calendar (gongkai.model.workdays). Where a span touches a year the
calendar does not cover, Monday–Friday is used and a warning says so, but only when the result is
close enough to the limit that holidays could change the verdict (a document from 2001 should not
warn forever about a calendar that will never cover 2001).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.load.data import value_at
from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.model.gate import PROACTIVE
from gongkai.model.workdays import uncovered_message, uncovered_years, workdays_between
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context

# Holidays can move a count of working days by about a week (a 7-day holiday less make-up days).
CALENDAR_MARGIN = 8
PROVISIONAL_WORDS = ("暂行", "试行")


def check(context: Context) -> Iterator[Problem]:
    settings = context.settings
    for record in context.records:
        key = record.type.key
        if key == "documents":
            yield from _publication_limit(record, "signed_date", "成文日期", settings.publish_within_workdays)
            yield from _date_order(record)
            yield from _validity(record, settings.validity_years, settings.provisional_validity_years)
            yield from _filing(record, context.today, settings.filing_within_days)
        elif key == "decisions":
            yield from _publication_limit(record, "decided_date", "决策日期", settings.publish_within_workdays)
        elif key == "interpretations":
            yield from _interpretation(record, context)
        if key != "powers":  # a power's changes are its history in the list, older than the site
            yield from _changes(record)


def _date(record: SourceRecord, *path: str) -> dt.date | None:
    return parse_date(value_at(record.data, path))


def _calendar_warning(record: SourceRecord, start: dt.date, end: dt.date, count: int, limit: int) -> Iterator[Problem]:
    years = uncovered_years(start, end)
    if years and abs(count - limit) <= CALENDAR_MARGIN:
        yield record.problem(("publish_date",), WARNING, uncovered_message(years))


def _publication_limit(record: SourceRecord, field: str, label: str, limit: int) -> Iterator[Problem]:
    """Rule 2 (条例 art. 26): proactive disclosure within `limit` working days of being formed."""
    formed, published = _date(record, field), _date(record, "publish_date")
    if record.data.get("disclosure") != PROACTIVE or record.data.get("draft") is True:
        return
    if formed is None or published is None or published <= formed:
        return
    count = workdays_between(formed, published)
    yield from _calendar_warning(record, formed, published, count, limit)
    if count > limit:
        yield record.problem(
            ("publish_date",),
            WARNING,
            f"发布日期 {published.isoformat()} 距{label} {formed.isoformat()} 已 {count} 个工作日，超过"
            f"《政府信息公开条例》第二十六条规定的 {limit} 个工作日。请核对两个日期；如确属逾期，请在正文或变更记录中说明原因。",
        )


def _interpretation(record: SourceRecord, context: Context) -> Iterator[Problem]:
    """Rule 6: released with its document. Existence and publicity are checked in references.py."""
    target_id = record.data.get("interprets")
    document = context.get("documents", target_id) if isinstance(target_id, str) else None
    published = _date(record, "publish_date")
    document_published = _date(document, "publish_date") if document else None
    if published is None or document_published is None:
        return
    if published < document_published:
        yield record.problem(
            ("publish_date",),
            ERROR,
            f"解读的发布日期 {published.isoformat()} 早于所解读文件“{target_id}”的发布日期 {document_published.isoformat()}。"
            "解读不能先于文件发布：请核对两者的发布日期。",
        )
        return
    limit = context.settings.interpretation_within_workdays
    count = workdays_between(document_published, published)
    yield from _calendar_warning(record, document_published, published, count, limit)
    if count > limit:
        yield record.problem(
            ("publish_date",),
            WARNING,
            f"解读发布日期 {published.isoformat()} 比所解读文件“{target_id}”（{document_published.isoformat()} 发布）晚 {count} 个工作日，"
            f"超过 {limit} 个工作日。政策解读应与文件同步发布（国办发〔2016〕80号）：请核对日期。",
        )


def _filing(record: SourceRecord, today: dt.date, limit: int) -> Iterator[Problem]:
    """Rule 7: a normative document is filed for review within `limit` days of publication."""
    published = _date(record, "publish_date")
    if record.data.get("normative") is not True or published is None:
        return
    filing = record.data.get("filing")
    filed = _date(record, "filing", "filed_date")
    if isinstance(filing, dict) and filed is not None:
        days = (filed - published).days
        if days > limit:
            yield record.problem(
                ("filing", "filed_date"),
                WARNING,
                f"报送备案日期 {filed.isoformat()} 距发布日期 {published.isoformat()} 已 {days} 日，超过规定的 {limit} 日。请核对备案日期。",
            )
        return
    age = (today - published).days
    if age > limit:
        yield record.problem(
            ("normative",),
            WARNING,
            f"行政规范性文件发布已 {age} 日（发布日期 {published.isoformat()}），仍未填写备案情况。应自公布之日起 {limit} 日内报送备案："
            "请补充 filing（filed_with 备案机关、filed_date 报送备案日期）。",
        )


def _date_order(record: SourceRecord) -> Iterator[Problem]:
    """Rule 8: signed ≤ effective < expiry, signed ≤ published, effective ≤ repealed."""
    signed, published = _date(record, "signed_date"), _date(record, "publish_date")
    effective = _date(record, "effective_date")
    expiry, repealed = _date(record, "expiry_date"), _date(record, "repealed", "date")
    if signed and effective and effective < signed:
        yield record.problem(
            ("effective_date",),
            ERROR,
            f"施行日期 {effective.isoformat()} 早于成文日期 {signed.isoformat()}。文件不能在成文前施行：请核对这两个日期。",
        )
    if signed and published and published < signed:
        yield record.problem(
            ("publish_date",),
            ERROR,
            f"发布日期 {published.isoformat()} 早于成文日期 {signed.isoformat()}。文件不能在成文前发布：请核对这两个日期。",
        )
    start = effective or published
    start_label = "施行日期" if effective else "发布日期（未填施行日期）"
    if start and expiry and expiry <= start:
        yield record.problem(
            ("expiry_date",),
            ERROR,
            f"有效期截止日期 {expiry.isoformat()} 不晚于{start_label} {start.isoformat()}。截止日期必须在施行之后：请核对日期。",
        )
    if start and repealed and repealed < start:
        yield record.problem(
            ("repealed", "date"),
            WARNING,
            f"废止日期 {repealed.isoformat()} 早于{start_label} {start.isoformat()}，即文件未施行就被废止。请核对废止日期。",
        )


def _validity(record: SourceRecord, years: int, provisional_years: int) -> Iterator[Problem]:
    """Rule 8: validity at most `years` (`provisional_years` for 暂行/试行 documents)."""
    start = _date(record, "effective_date") or _date(record, "publish_date")
    expiry = _date(record, "expiry_date")
    if start is None or expiry is None or expiry <= start:
        return
    title = str(record.data.get("title", ""))
    provisional = any(word in title for word in PROVISIONAL_WORDS)
    allowed = provisional_years if provisional else years
    if expiry > add_years(start, allowed):
        kind = "标题含“暂行”或“试行”的文件" if provisional else "文件"
        yield record.problem(
            ("expiry_date",),
            WARNING,
            f"有效期自 {start.isoformat()} 至 {expiry.isoformat()}，超过 {allowed} 年。{kind}有效期一般不超过 {allowed} 年："
            f"请核对有效期截止日期（不晚于 {add_years(start, allowed).isoformat()}）。",
        )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _changes(record: SourceRecord) -> Iterator[Problem]:
    published = _date(record, "publish_date")
    changes = record.data.get("changes")
    if published is None or not isinstance(changes, list):
        return
    for index, change in enumerate(changes):
        changed = parse_date(change.get("date")) if isinstance(change, dict) else None
        if changed is not None and changed < published:
            yield record.problem(
                ("changes", index, "date"),
                WARNING,
                f"变更日期 {changed.isoformat()} 早于发布日期 {published.isoformat()}。变更记录只记发布之后的修改：请核对日期，"
                "或把发布前的修改删去。",
            )
