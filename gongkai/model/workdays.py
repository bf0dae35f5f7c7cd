"""Working days on the Chinese holiday calendar, with its make-up working days (调休).

The maintained `chinese_calendar` package (pip `chinesecalendar`) knows the State Council's holiday
arrangements for the years it covers. For any other year we fall back to Monday–Friday and let the
caller warn (`uncovered_years`), since a deadline counted that way may be off by a holiday.

Counting is done with one prefix table per year (cached), so a count costs a few lookups whatever
the span, which keeps 10,000 records fast.
"""

from __future__ import annotations

import datetime as dt
import functools
from itertools import accumulate

import chinese_calendar

UPGRADE_HINT = "请升级 chinesecalendar 包（pip install -U chinesecalendar）以获得该年的节假日安排。"


@functools.cache
def is_covered(year: int) -> bool:
    """True if the holiday calendar knows this year's holidays and make-up working days."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    """A working day: the holiday calendar where it covers the year, else Monday–Friday."""
    if is_covered(day.year):
        # chinese_calendar.is_workday's rule on its published tables (`workdays`: make-up working
        # days, `holidays`), without its range check of every call (`is_covered` checked the year).
        return day in chinese_calendar.workdays or (day.weekday() < 5 and day not in chinese_calendar.holidays)
    return day.weekday() < 5


@functools.cache
def _year_prefix(year: int) -> tuple[int, ...]:
    """prefix[i] = working days from 1 January up to and including day-of-year i+1."""
    start = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - start).days
    flags = (is_workday(start + dt.timedelta(days=i)) for i in range(length))
    return tuple(accumulate(int(flag) for flag in flags))


def _count_through(day: dt.date) -> int:
    """Working days from 1 January of `day.year` up to and including `day`."""
    return _year_prefix(day.year)[day.timetuple().tm_yday - 1]


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is before `start`)."""
    if end < start:
        return -workdays_between(end, start)
    total = _count_through(end) - _count_through(start)
    for year in range(start.year, end.year):
        total += _year_prefix(year)[-1]
    return total


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (before it when `count` is negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_workday(day):
            remaining -= 1
    return day


def uncovered_years(start: dt.date, end: dt.date) -> list[int]:
    """Years in the span the holiday calendar does not cover (Monday–Friday was used for them)."""
    low, high = sorted((start.year, end.year))
    return [year for year in range(low, high + 1) if not is_covered(year)]


def uncovered_message(years: list[int]) -> str:
    """The Chinese warning a caller gives when `uncovered_years` is not empty."""
    named = "、".join(f"{year} 年" for year in years)
    return f"节假日日历未覆盖 {named}，工作日按周一至周五计算，结果可能不准确。{UPGRADE_HINT}"
