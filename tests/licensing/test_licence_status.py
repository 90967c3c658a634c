"""A licence's status follows its dates and events (pure functions, edge dates)."""

from datetime import date

import pytest

from licensing.choices import EventKind, State, Status
from licensing.licence_status import state_after, status_on

FROM, UNTIL = date(2024, 2, 29), date(2027, 2, 28)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 28), Status.PENDING),  # the day before it takes effect
        (FROM, Status.VALID),  # leap day: first valid day
        (UNTIL, Status.VALID),  # the last day of the term is still valid
        (date(2027, 3, 1), Status.EXPIRED),  # the day after: expired, nobody edited it
    ],
)
def test_status_follows_the_term(day, expected):
    assert status_on(FROM, UNTIL, State.ACTIVE, day) == expected


def test_open_ended_licence_never_expires():
    assert status_on(FROM, None, State.ACTIVE, date(2099, 12, 31)) == Status.VALID


def test_suspension_lasts_until_resumed():
    events = [(FROM, EventKind.GRANTED), (date(2025, 1, 31), EventKind.SUSPENDED),
              (date(2025, 3, 31), EventKind.RESUMED)]
    assert state_after(events, on=date(2025, 1, 30)) == State.ACTIVE
    assert state_after(events, on=date(2025, 1, 31)) == State.SUSPENDED
    assert state_after(events, on=date(2025, 3, 31)) == State.ACTIVE


def test_revocation_is_final_even_if_resumed_later():
    events = [(FROM, EventKind.GRANTED), (date(2025, 12, 31), EventKind.REVOKED),
              (date(2026, 1, 1), EventKind.RESUMED)]
    assert state_after(events) == State.REVOKED
    assert status_on(FROM, UNTIL, State.REVOKED, date(2026, 1, 1)) == Status.REVOKED


def test_expiry_outranks_suspension_but_not_revocation():
    after = date(2027, 3, 1)
    assert status_on(FROM, UNTIL, State.SUSPENDED, after) == Status.EXPIRED
    assert status_on(FROM, UNTIL, State.CANCELLED, after) == Status.CANCELLED


def test_events_are_read_in_date_order_whatever_order_they_come_in():
    events = [(date(2025, 5, 1), EventKind.RESUMED), (date(2025, 4, 1), EventKind.SUSPENDED)]
    assert state_after(events) == State.ACTIVE


def test_term_in_force_on_a_day_follows_the_renewals():
    from licensing.licence_status import term_until

    events = [(date(2020, 3, 1), EventKind.GRANTED, date(2023, 2, 28)),
              (date(2023, 2, 10), EventKind.VERIFIED, date(2026, 2, 28))]
    assert term_until(events, on=date(2023, 2, 9)) == date(2023, 2, 28)
    assert term_until(events, on=date(2023, 2, 10)) == date(2026, 2, 28)
    assert term_until(events) == date(2026, 2, 28)


def test_status_as_of_a_past_day_ignores_later_events():
    from licensing.licence_status import status_as_of

    events = [(date(2020, 2, 29), EventKind.GRANTED, date(2024, 2, 28)),
              (date(2024, 6, 30), EventKind.REVOKED, None)]
    assert status_as_of(date(2020, 2, 29), events, date(2023, 12, 31)) == Status.VALID
    assert status_as_of(date(2020, 2, 29), events, date(2024, 2, 29)) == Status.EXPIRED
    assert status_as_of(date(2020, 2, 29), events, date(2024, 6, 30)) == Status.REVOKED
