"""Working-day deadlines (工作日), with China's public holidays and make-up working days.

A WorkCalendar is data: the weekdays off (节假日 on a weekday) and the weekend days
worked (调休上班), and the years they cover. `chinese_calendar` carries the State
Council's schedule year by year; staff enter a year it does not know yet (or correct
one) in the admin (HolidaySchedule), and their schedule replaces the package's for
that year. For a year neither knows, Monday to Friday count as working days, so a
deadline can always be computed — and the dashboards say when one was computed so.
"""

import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import chinese_calendar

# “双公示”：行政许可决定自作出之日起7个工作日内公示。
PUBLICITY_WORKING_DAYS = 7

# The years chinese_calendar has a schedule for, read from the package the same
# way it checks its own range, so upgrading the package widens them.
FIRST_SCHEDULED_YEAR = min(chinese_calendar.holidays).year
LAST_SCHEDULED_YEAR = max(chinese_calendar.holidays).year

# How long another process may keep a calendar after staff changed a schedule (the
# process that saved it forgets its copy at once).
RELOAD_SECONDS = 60


def _weekdays_through(day):
    """Mondays to Fridays from 0001-01-01 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _contains(days, day):
    index = bisect_right(days, day)
    return index > 0 and days[index - 1] == day


@dataclass(frozen=True)
class WorkCalendar:
    """How the official schedule departs from plain Monday to Friday. Counting weekdays
    arithmetically and correcting by two short sorted lists gives the same answer as
    asking about every day, for any date from year 1 to 9999, in logarithmic time."""

    weekdays_off: tuple = ()
    weekends_worked: tuple = ()
    years: frozenset = frozenset()

    @classmethod
    def from_days(cls, off, worked, years):
        years = frozenset(years)
        return cls(
            weekdays_off=tuple(sorted(d for d in off if d.weekday() < 5 and d.year in years)),
            weekends_worked=tuple(sorted(d for d in worked
                                         if d.weekday() >= 5 and d.year in years)),
            years=years)

    def with_schedules(self, schedules):
        """This calendar with staff schedules {year: (days off, days worked)} in place
        of its own for those years."""
        keep = self.years - set(schedules)
        off = [d for d in self.weekdays_off if d.year in keep]
        worked = [d for d in self.weekends_worked if d.year in keep]
        for days_off, days_worked in schedules.values():
            off += days_off
            worked += days_worked
        return WorkCalendar.from_days(off, worked, keep | set(schedules))

    def knows(self, year):
        return year in self.years

    def is_working_day(self, day):
        if day.weekday() < 5:
            return not _contains(self.weekdays_off, day)
        return _contains(self.weekends_worked, day)

    def working_days_through(self, day):
        """Working days from 0001-01-01 up to and including `day`."""
        return (_weekdays_through(day) - bisect_right(self.weekdays_off, day)
                + bisect_right(self.weekends_worked, day))


def package_calendar():
    years = range(FIRST_SCHEDULED_YEAR, LAST_SCHEDULED_YEAR + 1)
    off = [d for d in chinese_calendar.holidays if d not in chinese_calendar.workdays]
    return WorkCalendar.from_days(off, chinese_calendar.workdays, years)


PACKAGE = package_calendar()
_loaded = {"calendar": None, "at": 0.0, "source": dict}


def read_schedules_from(source):
    """Where staff schedules come from: a function returning {year: (days off, days
    worked)} (the app passes one reading HolidaySchedule when it is ready)."""
    _loaded.update(source=source, calendar=None)


def current_calendar():
    """The package's calendar with the staff's schedules (read again after a change in
    this process, or after RELOAD_SECONDS)."""
    if _loaded["calendar"] is None or time.monotonic() - _loaded["at"] > RELOAD_SECONDS:
        schedules = _loaded["source"]()
        _loaded.update(calendar=PACKAGE.with_schedules(schedules), at=time.monotonic())
    return _loaded["calendar"]


def forget_calendar(**kwargs):
    """Signal receiver: a schedule changed."""
    _loaded["calendar"] = None


def is_working_day(day, calendar=None):
    return (calendar or current_calendar()).is_working_day(day)


def is_scheduled(year, calendar=None):
    """Whether the official holidays of `year` are known (package or staff)."""
    return (calendar or current_calendar()).knows(year)


def add_working_days(start, count, calendar=None):
    """The `count`-th working day after `start` (start itself not counted)."""
    calendar = calendar or current_calendar()
    if count <= 0:
        return start
    through = calendar.working_days_through
    target = through(start) + count
    if through(date.max) < target:
        raise OverflowError("date value out of range")
    # The earliest day by which `target` working days have passed is that working day.
    low, high = start.toordinal() + 1, date.max.toordinal()
    while low < high:
        middle = (low + high) // 2
        if through(date.fromordinal(middle)) < target:
            low = middle + 1
        else:
            high = middle
    return date.fromordinal(low)


def working_days_between(start, end, calendar=None):
    """Working days after `start` up to and including `end` (negative if end < start)."""
    calendar = calendar or current_calendar()
    return calendar.working_days_through(end) - calendar.working_days_through(start)


def publicity_deadline(decision_date, calendar=None):
    """公示期限: the 7th working day after the decision; publishing on it is on time."""
    return add_working_days(decision_date, PUBLICITY_WORKING_DAYS, calendar)
