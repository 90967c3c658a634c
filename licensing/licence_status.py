"""A licence's status on a day, from its dates and its events (pure functions).

Nobody edits a status: a licence past its 有效期至 is 已过期 the next day, a
吊销 (revocation) ends it for good, a 暂停执业 lasts until 恢复执业. Tested in
tests/licensing/test_licence_status.py; `status_q` is the same rule as a query.
"""

from search.conditions import to_q

from .choices import EventKind, State, Status

_STATE_AFTER = {
    EventKind.SUSPENDED: State.SUSPENDED,
    EventKind.RESUMED: State.ACTIVE,
    EventKind.REVOKED: State.REVOKED,
    EventKind.CANCELLED: State.CANCELLED,
}
_FINAL = {State.REVOKED, State.CANCELLED}


def state_after(events, on=None):
    """The state left by `events` — (date, kind, …) tuples — counting those dated up to `on`."""
    state = State.ACTIVE
    for event in sorted(events, key=lambda e: e[0]):
        if on is not None and event[0] > on:
            break
        if state not in _FINAL:
            state = _STATE_AFTER.get(event[1], state)
    return state


def term_until(events, on=None, default=None):
    """有效期至 in force on `on`: the term set by the latest event (准予许可, 校验, 变更)
    dated up to `on`; events are (date, kind, new_valid_until) tuples."""
    until = default
    for day, _kind, new_until in sorted(events, key=lambda e: e[0]):
        if on is not None and day > on:
            break
        if new_until:
            until = new_until
    return until


def status_as_of(valid_from, events, on, default_until=None):
    """The status on a past (or future) day, from the history alone — what the
    semiannual list uses, so that later renewals or revocations don't rewrite it."""
    until = term_until(events, on, default_until)
    return status_on(valid_from, until, state_after(events, on), on)


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


def status_conditions(status, on):
    """`status_on` as conditions on stored fields (search/conditions.py), so the ORM,
    the database search and Elasticsearch evaluate a licence's status alike."""
    live = [("state", "in", [State.ACTIVE, State.SUSPENDED])]
    started = [("valid_from", "lte", on)]
    not_over = [("valid_until", "isnull", True), ("valid_until", "gte", on)]
    if status in (Status.REVOKED, Status.CANCELLED):
        return [[("state", "in", [status])]]
    if status == Status.PENDING:
        return [live, [("valid_from", "gt", on)]]
    if status == Status.EXPIRED:
        return [live, started, [("valid_until", "lt", on)]]
    if status == Status.SUSPENDED:
        return [[("state", "in", [State.SUSPENDED])], started, not_over]
    return [[("state", "in", [State.ACTIVE])], started, not_over]


def status_q(status, on, prefix=""):
    """A filter on Licence rows (or related rows through `prefix`) equal to `status_on`."""
    return to_q(status_conditions(status, on), prefix)
