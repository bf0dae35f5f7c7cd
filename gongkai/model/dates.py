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
