"""Dates for generated records: offsets, whole years, and random days weighted to later years."""

from __future__ import annotations

import datetime as dt
import random

from .vocabulary import FIRST_YEAR, LAST_YEAR


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + days(rng.randint(0, max(0, (end - start).days)))


def random_year(rng: random.Random, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    """Later years a little more likely: an agency publishes more each year."""
    years = list(range(first, last + 1))
    return rng.choices(years, weights=[1 + 0.08 * (y - first) for y in years])[0]


def random_publish_date(rng: random.Random, first: int = FIRST_YEAR) -> dt.date:
    year = random_year(rng, first)
    return random_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
