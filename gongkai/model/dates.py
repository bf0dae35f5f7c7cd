"""Dates as records write them: `YYYY-MM-DD` strings in loaded data, `datetime.date` in the model."""

from __future__ import annotations

import datetime as dt
from typing import Any


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
