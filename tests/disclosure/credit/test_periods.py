"""How long a penalty stays public: the 2023-05-01 transition, month ends, leap days,
the longest-kind rule, repair after the shortest period, and 警告 alone."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.credit.periods import (
    add_months,
    is_public_on,
    is_published,
    penalty_public_until,
    period_for,
    repair_allowed_from,
)


@pytest.mark.parametrize("day,months,expected", [
    (date(2024, 3, 1), 36, date(2027, 3, 1)),
    (date(2024, 2, 29), 36, date(2027, 2, 28)),  # no 29 February in 2027: month end
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2023, 1, 31), 3, date(2023, 4, 30)),
    (date(2023, 11, 30), 3, date(2024, 2, 29)),
    (date(2023, 12, 31), 12, date(2024, 12, 31)),
])
def test_months_are_counted_as_the_civil_code_counts_them(day, months, expected):
    assert add_months(day, months) == expected


def test_from_2023_05_01_every_decision_is_public_three_years():
    assert penalty_public_until(date(2023, 5, 1), ["罚款"]) == date(2026, 5, 1)
    assert penalty_public_until(date(2023, 5, 1), ["警告", "吊销许可证件"]) == date(2026, 5, 1)


def test_before_2023_05_01_general_one_year_serious_three():
    assert penalty_public_until(date(2023, 4, 30), ["罚款"]) == date(2024, 4, 30)
    assert penalty_public_until(date(2023, 4, 30), ["吊销许可证件"]) == date(2026, 4, 30)


def test_several_kinds_take_the_longest_period():
    assert period_for(date(2022, 6, 1), ["罚款", "责令停产停业"]).longest_months == 36
    assert period_for(date(2022, 6, 1), ["罚款", "责令停产停业"]).shortest_months == 6
    assert penalty_public_until(date(2022, 6, 1), ["罚款", "没收违法所得"]) == date(2023, 6, 1)


def test_repair_only_after_the_shortest_period():
    assert repair_allowed_from(date(2024, 1, 31), ["罚款"]) == date(2024, 5, 1)
    assert repair_allowed_from(date(2022, 1, 31), ["吊销许可证件"]) == date(2022, 8, 1)


def test_a_decision_needs_a_kind():
    with pytest.raises(ValueError):
        period_for(date(2024, 1, 1), [])


def test_a_warning_alone_is_published_only_when_marked():
    assert not is_published(["警告"])
    assert is_published(["警告"], marked_for_publication=True)
    assert is_published(["警告", "罚款"])


def test_public_from_publication_to_the_last_day_unless_ended():
    until = date(2027, 3, 1)
    assert not is_public_on(date(2024, 3, 4), date(2024, 3, 5), until)
    assert is_public_on(date(2024, 3, 5), date(2024, 3, 5), until)
    assert is_public_on(until, date(2024, 3, 5), until)
    assert not is_public_on(until + timedelta(days=1), date(2024, 3, 5), until)
    assert not is_public_on(date(2025, 1, 1), date(2024, 3, 5), until, ended_on=date(2025, 1, 1))
    assert not is_public_on(date(2024, 3, 5), None, until)


@given(st.dates(date(2015, 1, 1), date(2035, 12, 31)),
       st.lists(st.sampled_from(["警告", "罚款", "吊销许可证件", "责令关闭", "其他"]),
                min_size=1, max_size=3))
def test_the_period_is_between_three_months_and_three_years(day, kinds):
    until = penalty_public_until(day, kinds)
    assert add_months(day, 3) <= until <= add_months(day, 36)
    assert day < repair_allowed_from(day, kinds) <= until + timedelta(days=1)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(0, 120))
def test_adding_months_keeps_the_day_or_ends_the_month(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)
