"""Plausible date bounds (licensing.date_bounds): pure functions, no database."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from licensing.date_bounds import (
    EARLIEST,
    TERM_HORIZON_YEARS,
    date_errors,
    past_date_error,
    term_date_error,
    term_horizon,
)

TODAY = date(2025, 6, 15)


def test_earliest_is_founding_of_the_prc():
    assert EARLIEST == date(1949, 10, 1)
    assert TERM_HORIZON_YEARS == 10


@pytest.mark.parametrize("day", [date(1949, 10, 1), date(2000, 1, 1), TODAY])
def test_past_date_accepts_the_bounds_and_between(day):
    assert past_date_error("许可决定日期", day, TODAY) is None


def test_past_date_refuses_the_day_before_the_founding():
    assert past_date_error("许可决定日期", date(1949, 9, 30), TODAY) == (
        "许可决定日期不能早于1949年10月1日。"
    )


def test_past_date_refuses_tomorrow():
    tomorrow = TODAY + timedelta(days=1)
    assert past_date_error("许可决定日期", tomorrow, TODAY) == "许可决定日期不能晚于今天。"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_past_date_refuses_the_extremes(day):
    assert past_date_error("日期", day, TODAY) is not None


@pytest.mark.parametrize("day", [date(1949, 10, 1), TODAY, date(2035, 6, 15)])
def test_term_date_accepts_up_to_the_horizon(day):
    assert term_date_error("有效期至", day, TODAY) is None


def test_term_date_refuses_the_day_after_the_horizon():
    assert term_date_error("有效期至", date(2035, 6, 16), TODAY) == (
        "有效期至不能晚于2035年6月15日。"
    )


def test_term_date_refuses_before_the_founding():
    assert term_date_error("有效期自", date(1949, 9, 30), TODAY) == (
        "有效期自不能早于1949年10月1日。"
    )


def test_term_horizon_from_a_leap_day_falls_back_to_28_february():
    assert term_horizon(date(2024, 2, 29)) == date(2034, 2, 28)
    assert term_date_error("有效期至", date(2034, 2, 28), date(2024, 2, 29)) is None
    assert term_date_error("有效期至", date(2034, 3, 1), date(2024, 2, 29)) is not None


def test_term_horizon_near_the_end_of_the_calendar_does_not_overflow():
    assert term_horizon(date(9995, 1, 1)) == date(9999, 1, 1)


class _Field:
    def __init__(self, verbose_name):
        self.verbose_name = verbose_name


class _Meta:
    labels = {"decided_on": "许可决定日期", "valid_from": "有效期自", "valid_until": "有效期至"}

    def get_field(self, name):
        return _Field(self.labels[name])


def _instance(**values):
    instance = SimpleNamespace(**values)
    instance._meta = _Meta()
    return instance


def test_date_errors_labels_each_field_by_verbose_name():
    instance = _instance(
        decided_on=date(9999, 12, 31), valid_from=date(1900, 1, 1), valid_until=None
    )
    errors = date_errors(
        instance, past=("decided_on",), term=("valid_from", "valid_until"), today=TODAY
    )
    assert errors == {
        "decided_on": "许可决定日期不能晚于今天。",
        "valid_from": "有效期自不能早于1949年10月1日。",
    }


def test_date_errors_skips_empty_and_unparsed_values():
    instance = _instance(decided_on="2024-13-45", valid_from=None, valid_until=TODAY)
    errors = date_errors(
        instance, past=("decided_on",), term=("valid_from", "valid_until"), today=TODAY
    )
    assert errors == {}


def test_date_errors_defaults_today_to_the_local_date():
    instance = _instance(decided_on=date(9999, 12, 31))
    assert "decided_on" in date_errors(instance, past=("decided_on",))
