"""Working days on the Chinese holiday calendar, and the Monday–Friday fallback."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.model import workdays
from gongkai.model.workdays import add_workdays, is_workday, uncovered_message, uncovered_years, workdays_between

D = dt.date


def test_national_day_2024_is_not_working_and_makeup_sunday_is():
    assert is_workday(D(2024, 9, 29))  # Sunday, make-up working day
    assert not any(is_workday(D(2024, 10, day)) for day in range(1, 8))
    assert is_workday(D(2024, 10, 12))  # Saturday, make-up working day
    assert is_workday(D(2024, 10, 8))


def test_workdays_between_counts_after_start_through_end():
    # 27 Sep (Fri) → 8 Oct: 29 Sep (make-up Sunday), 30 Sep, then 8 Oct.
    assert workdays_between(D(2024, 9, 27), D(2024, 10, 8)) == 3
    assert workdays_between(D(2024, 9, 30), D(2024, 10, 7)) == 0
    assert workdays_between(D(2024, 3, 4), D(2024, 3, 4)) == 0
    assert workdays_between(D(2024, 3, 4), D(2024, 3, 11)) == 5


def test_workdays_between_is_antisymmetric_and_spans_years():
    assert workdays_between(D(2024, 10, 8), D(2024, 9, 27)) == -3
    brute = sum(
        is_workday(D(2023, 12, 1) + dt.timedelta(days=i)) for i in range(1, (D(2025, 2, 1) - D(2023, 12, 1)).days + 1)
    )
    assert workdays_between(D(2023, 12, 1), D(2025, 2, 1)) == brute


def test_add_workdays_skips_holidays_and_counts_makeup_days():
    assert add_workdays(D(2024, 9, 27), 1) == D(2024, 9, 29)
    assert add_workdays(D(2024, 9, 27), 3) == D(2024, 10, 8)
    assert add_workdays(D(2024, 10, 8), -3) == D(2024, 9, 27)
    assert add_workdays(D(2024, 3, 4), 0) == D(2024, 3, 4)


@pytest.mark.parametrize("start,count", [(D(2024, 1, 1), 20), (D(2024, 9, 20), 7), (D(2025, 1, 20), 15)])
def test_add_and_between_agree(start, count):
    assert workdays_between(start, add_workdays(start, count)) == count


def test_year_beyond_calendar_falls_back_to_monday_to_friday():
    year = 2099
    assert not workdays.is_covered(year)
    assert workdays.is_covered(2024)
    monday = D(year, 1, 5)  # 2099-01-05 is a Monday
    assert monday.weekday() == 0
    assert is_workday(monday) and not is_workday(D(year, 1, 10))  # Saturday
    assert workdays_between(monday, D(year, 1, 12)) == 5
    spanning = uncovered_years(D(2024, 5, 1), D(year, 1, 1))
    assert year in spanning and 2024 not in spanning
    assert uncovered_years(D(2024, 1, 1), D(2024, 12, 31)) == []
    message = uncovered_message([year])
    assert "2099 年" in message and "周一至周五" in message and "chinesecalendar" in message


def test_every_day_of_every_covered_year_is_as_the_calendar_says():
    import chinese_calendar

    years = [year for year in range(1990, 2100) if workdays.is_covered(year)]
    assert len(years) > 10
    for year in years:
        day = D(year, 1, 1)
        while day.year == year:
            assert is_workday(day) == chinese_calendar.is_workday(day), day
            day += dt.timedelta(days=1)
