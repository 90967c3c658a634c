"""Publicity deadlines count working days with Chinese holidays and make-up days."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from licensing.working_days import (
    add_working_days,
    is_working_day,
    publicity_deadline,
    working_days_between,
)


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
