"""Working-day deadlines (工作日), with China's public holidays and make-up working days.

`chinese_calendar` carries the State Council's holiday schedule year by year; it
is published each November for the following year. For a year it has no data
for yet, Monday to Friday count as working days, so a deadline can always be
computed and is never later than the official one would be by more than the
holidays it cannot yet know (upgrade the package when the schedule appears).
"""

from bisect import bisect_right
from datetime import date

import chinese_calendar

# “双公示”：行政许可决定自作出之日起7个工作日内公示。
PUBLICITY_WORKING_DAYS = 7

# The years chinese_calendar has a schedule for, read from the package the same
# way it checks its own range, so upgrading the package widens them.
FIRST_SCHEDULED_YEAR = min(chinese_calendar.holidays).year
LAST_SCHEDULED_YEAR = max(chinese_calendar.holidays).year


def is_working_day(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # no official schedule for that year yet
        return day.weekday() < 5


def _scheduled(days):
    return sorted(d for d in days if FIRST_SCHEDULED_YEAR <= d.year <= LAST_SCHEDULED_YEAR)


# How the official schedule departs from plain Monday to Friday: weekdays off
# (节假日 falling on a weekday) and weekend days worked (调休上班).  Counting
# weekdays arithmetically and correcting by these two short sorted lists gives
# the same answer as asking `is_working_day` about every day, for any date from
# year 1 to 9999, in logarithmic time.
_WEEKDAYS_OFF = _scheduled(
    d for d in chinese_calendar.holidays if d.weekday() < 5 and d not in chinese_calendar.workdays
)
_WEEKENDS_WORKED = _scheduled(d for d in chinese_calendar.workdays if d.weekday() >= 5)


def _weekdays_through(day):
    """Mondays to Fridays from 0001-01-01 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _working_days_through(day):
    """Working days from 0001-01-01 up to and including `day`."""
    return (
        _weekdays_through(day)
        - bisect_right(_WEEKDAYS_OFF, day)
        + bisect_right(_WEEKENDS_WORKED, day)
    )


def add_working_days(start, count):
    """The `count`-th working day after `start` (start itself not counted)."""
    if count <= 0:
        return start
    target = _working_days_through(start) + count
    if _working_days_through(date.max) < target:
        raise OverflowError("date value out of range")
    # The earliest day by which `target` working days have passed is that working day.
    low, high = start.toordinal() + 1, date.max.toordinal()
    while low < high:
        middle = (low + high) // 2
        if _working_days_through(date.fromordinal(middle)) < target:
            low = middle + 1
        else:
            high = middle
    return date.fromordinal(low)


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (negative if end < start)."""
    return _working_days_through(end) - _working_days_through(start)


def publicity_deadline(decision_date):
    """公示期限: the 7th working day after the decision; publishing on it is on time."""
    return add_working_days(decision_date, PUBLICITY_WORKING_DAYS)
