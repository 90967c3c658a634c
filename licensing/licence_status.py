"""A licence's status on a day, from its dates and its events (pure functions).

Nobody edits a status: a licence past its 有效期至 is 已过期 the next day, a
吊销 (revocation) ends it for good, a 暂停执业 lasts until 恢复执业. Tested in
tests/licensing/test_licence_status.py; `status_q` is the same rule as a query.
"""

from django.db.models import Q

from .choices import EventKind, State, Status

_STATE_AFTER = {
    EventKind.SUSPENDED: State.SUSPENDED,
    EventKind.RESUMED: State.ACTIVE,
    EventKind.REVOKED: State.REVOKED,
    EventKind.CANCELLED: State.CANCELLED,
}
_FINAL = {State.REVOKED, State.CANCELLED}


def state_after(events, on=None):
    """The state left by `events` — (date, kind) pairs — counting those dated up to `on`."""
    state = State.ACTIVE
    for day, kind in sorted(events, key=lambda e: e[0]):
        if on is not None and day > on:
            break
        if state not in _FINAL:
            state = _STATE_AFTER.get(kind, state)
    return state


def status_on(valid_from, valid_until, state, on):
    """The public status on day `on`. `valid_until` is the last valid day (None: 长期)."""
    if state in _FINAL:
        return Status(state)
    if on < valid_from:
        return Status.PENDING
    if valid_until is not None and on > valid_until:
        return Status.EXPIRED
    if state == State.SUSPENDED:
        return Status.SUSPENDED
    return Status.VALID


def status_q(status, on, prefix=""):
    """A filter on Licence rows (or related rows through `prefix`) equal to `status_on`."""

    def q(**kwargs):
        return Q(**{prefix + key: value for key, value in kwargs.items()})

    live = q(state__in=[State.ACTIVE, State.SUSPENDED])
    started = q(valid_from__lte=on)
    not_over = q(valid_until__isnull=True) | q(valid_until__gte=on)
    if status in (Status.REVOKED, Status.CANCELLED):
        return q(state=status)
    if status == Status.PENDING:
        return live & q(valid_from__gt=on)
    if status == Status.EXPIRED:
        return live & started & q(valid_until__lt=on)
    if status == Status.SUSPENDED:
        return q(state=State.SUSPENDED) & started & not_over
    return q(state=State.ACTIVE) & started & not_over
