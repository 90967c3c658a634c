"""Working-day deadlines (工作日), with China's public holidays and make-up working days.

`chinese_calendar` carries the State Council's holiday schedule year by year; it
is published each November for the following year. For a year it has no data
for yet, Monday to Friday count as working days, so a deadline can always be
computed and is never later than the official one would be by more than the
holidays it cannot yet know (upgrade the package when the schedule appears).
"""

from datetime import timedelta

import chinese_calendar

# “双公示”：行政许可决定自作出之日起7个工作日内公示。
PUBLICITY_WORKING_DAYS = 7


def is_working_day(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # no official schedule for that year yet
        return day.weekday() < 5


def add_working_days(start, count):
    """The `count`-th working day after `start` (start itself not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=n)))


def publicity_deadline(decision_date):
    """公示期限: the 7th working day after the decision; publishing on it is on time."""
    return add_working_days(decision_date, PUBLICITY_WORKING_DAYS)
