"""Publicity deadlines count working days with Chinese holidays and make-up days."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensing import working_days
from licensing.working_days import (
    FIRST_SCHEDULED_YEAR,
    LAST_SCHEDULED_YEAR,
    PACKAGE,
    add_working_days,
    is_working_day,
    publicity_deadline,
    working_days_between,
)


@pytest.fixture(autouse=True, scope="module")
def package_schedule_only():
    """The package's schedule alone (staff schedules: test_holiday_schedules.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(working_days, "current_calendar", lambda: PACKAGE)
        yield


def test_decision_before_national_day_skips_the_golden_week():
    # 2025-10-01..08 are holidays; Saturday 2025-10-11 is a make-up working day.
    assert publicity_deadline(date(2025, 9, 30)) == date(2025, 10, 16)


def test_make_up_saturday_counts_and_ordinary_weekend_does_not():
    assert is_working_day(date(2025, 9, 28))  # Sunday, make-up day for National Day
    assert not is_working_day(date(2025, 9, 27))


def test_spring_festival_2026():
    # 2026-02-15..23 is the Spring Festival holiday; Saturdays 02-14 and 02-28 are
    # make-up working days: 14, 24, 25, 26, 27, 28 February, then 2 March.
    assert publicity_deadline(date(2026, 2, 13)) == date(2026, 3, 2)


def test_leap_day_and_month_end():
    assert publicity_deadline(date(2024, 2, 29)) == date(2024, 3, 11)
    # Sunday 2024-02-04 was a make-up working day before the Spring Festival.
    assert publicity_deadline(date(2024, 1, 31)) == date(2024, 2, 8)


def test_first_day_of_the_reform():
    assert publicity_deadline(date(2021, 7, 1)) == date(2021, 7, 12)


def test_year_without_official_schedule_falls_back_to_weekdays():
    # chinese_calendar has no 2027 schedule: Monday to Friday count.
    assert publicity_deadline(date(2026, 12, 31)) == date(2027, 1, 11)


def test_counting_between_dates():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 16)) == 7
    assert working_days_between(date(2025, 10, 16), date(2025, 9, 30)) == -7
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 1)) == 0


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2027, 12, 1)),
       st.integers(min_value=1, max_value=30))
def test_deadline_is_a_working_day_exactly_n_working_days_later(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    assert working_days_between(start, end) == n


# --- Bounded arithmetic: same answers as asking about every day, for any year. ---

def naive_working_days_between(start, end):
    """Reference: ask `is_working_day` about each day, as the code once did."""
    if end < start:
        return -naive_working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=n)))


def naive_add_working_days(start, count):
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


# 1990-2035 covers years before, inside and after chinese_calendar's schedule.
around_the_schedule = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=60, deadline=None)
@given(around_the_schedule, around_the_schedule)
def test_counting_matches_the_day_by_day_reference(start, end):
    assert working_days_between(start, end) == naive_working_days_between(start, end)


@given(around_the_schedule, st.integers(min_value=0, max_value=400))
def test_adding_matches_the_day_by_day_reference(start, count):
    assert add_working_days(start, count) == naive_add_working_days(start, count)


def test_schedule_range_comes_from_the_package():
    assert FIRST_SCHEDULED_YEAR <= 2021 <= LAST_SCHEDULED_YEAR
    assert not is_working_day(date(2025, 10, 1))  # 国庆节 within the schedule


def test_year_one_counts_weekdays():
    # 0001-01-02 is a Tuesday; to Tuesday 01-09 are Wed-Fri, Mon, Tue: 5 weekdays.
    assert working_days_between(date(1, 1, 2), date(1, 1, 9)) == 5
    assert add_working_days(date(1, 1, 2), 5) == date(1, 1, 9)


def test_year_one_to_today_is_computed_in_one_step():
    # About 2,025 years of Mondays to Fridays; what the dashboard met with 0001-01-02.
    days = working_days_between(date(1, 1, 2), date(2025, 6, 16))
    assert days == -working_days_between(date(2025, 6, 16), date(1, 1, 2))
    assert 2024 * 52 * 5 < days < 2025 * 53 * 5


def test_year_9999_deadline():
    # Friday 9999-12-10 is the 7th weekday after Wednesday 9999-12-01.
    assert publicity_deadline(date(9999, 12, 1)) == date(9999, 12, 10)
    # 2 Dec (Thursday) to 31 Dec (Friday): four whole weeks and two days.
    assert working_days_between(date(9999, 12, 1), date(9999, 12, 31)) == 22


def test_deadline_past_the_end_of_the_calendar_overflows_as_before():
    with pytest.raises(OverflowError):
        publicity_deadline(date(9999, 12, 30))
