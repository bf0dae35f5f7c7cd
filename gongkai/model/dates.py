"""Dates as records write them: `YYYY-MM-DD` strings in loaded data, `datetime.date` in the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

# The dates a record may hold (docs/rules.md, “日期的范围”): from the founding of the People's
# Republic to the end of the years the working-day calendar and the annual reports can count in.
# A date outside (9999-12-31, a slip for 2099, or 0001-01-01) is a validation error at the value,
# before any rule computes with it (`date(year + 1, 1, 1)` fails for 9999).
EARLIEST_DATE = dt.date(1949, 10, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def in_range(day: dt.date) -> bool:
    """Whether a date lies in the range records may use."""
    return EARLIEST_DATE <= day <= LATEST_DATE


def parse_date(value: Any) -> dt.date | None:
    """A `YYYY-MM-DD` string as a date; None for anything else (the schema reports it)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def required_date(value: Any) -> dt.date:
    """A date the schema requires, read from a validated record (salvage leaves out an invalid one)."""
    day = parse_date(value)
    if day is None:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return day
