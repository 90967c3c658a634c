"""R3: disclosure within one calendar month of receipt, and the application lifecycle."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.application_rules import (
    APPROVED,
    DISCLOSED,
    RECEIVED,
    REFUSED,
    UNDER_REVIEW,
    WITHDRAWN,
    disclosed_on_time,
    disclosure_deadline,
    may_move,
)


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # across the year
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2021, 7, 1), date(2021, 8, 1)),  # the reform's first day
        (date(2024, 2, 29), date(2024, 3, 29)),
    ],
)
def test_deadline_edge_cases(received, deadline):
    assert disclosure_deadline(received) == deadline


def test_disclosure_on_the_deadline_is_on_time():
    assert disclosed_on_time(date(2026, 1, 31), date(2026, 2, 28))
    assert not disclosed_on_time(date(2026, 1, 31), date(2026, 3, 1))


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 11, 30))


@given(days)
def test_deadline_is_after_receipt_and_at_most_31_days_later(received):
    deadline = disclosure_deadline(received)
    assert received < deadline <= received + timedelta(days=31)


@given(days, days)
def test_deadline_is_monotonic_in_the_received_date(a, b):
    if a <= b:
        assert disclosure_deadline(a) <= disclosure_deadline(b)


def test_lifecycle():
    assert may_move(RECEIVED, DISCLOSED) and may_move(DISCLOSED, UNDER_REVIEW)
    assert may_move(UNDER_REVIEW, APPROVED) and may_move(UNDER_REVIEW, REFUSED)
    assert may_move(RECEIVED, WITHDRAWN) and may_move(UNDER_REVIEW, WITHDRAWN)
    assert not may_move(RECEIVED, APPROVED)  # not before disclosure and review
    assert not may_move(REFUSED, UNDER_REVIEW) and not may_move(WITHDRAWN, RECEIVED)
