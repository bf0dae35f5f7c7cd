"""The publish gate (docs/rules.md, 不得公开的内容): which records, and which parts of them, may
appear anywhere on the site as of the build date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.model.dates import parse_date

PROACTIVE = "主动公开"


def is_publishable(data: dict[str, Any], today: dt.date) -> bool:
    """The publish gate: 主动公开, not a draft, publish_date not after the build date."""
    if data.get("disclosure") != PROACTIVE or data.get("draft") is True:
        return False
    published = parse_date(data.get("publish_date"))
    return published is not None and published <= today


def without_scheduled_parts(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A record's data without the parts dated after the build date: a consultation's feedback
    prepared in advance is published on its date, like a record on its publish_date, and so is
    a change note (`changes`, every record type) dated after the build date."""
    feedback = data.get("feedback")
    given = parse_date(feedback.get("date")) if isinstance(feedback, dict) else None
    if given is not None and given > today:
        data = {key: value for key, value in data.items() if key != "feedback"}
    changes = data.get("changes")
    if isinstance(changes, list):
        current = [change for change in changes if not _after(change, today)]
        if len(current) != len(changes):
            data = {**data, "changes": current}
    return data


def _after(entry: Any, today: dt.date) -> bool:
    day = parse_date(entry.get("date")) if isinstance(entry, dict) else None
    return day is not None and day > today
