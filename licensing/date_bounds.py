"""Plausible bounds for the dates staff type into the registry.

A mistyped year (0024 for 2024, 9999 as a placeholder) passes `DateField`'s own
validation but breaks everything downstream: working-day deadlines, the public
register's ordering, statistics by year. These pure functions say whether a date
is plausible and, if not, return the Chinese message to show; the models call
them from `clean()` (not as field validators, so no migration is needed) and the
XLSX import applies the same rules to a county's paper register.
"""

from datetime import date

from django.utils import timezone

# 中华人民共和国成立之日: no licence, application or event in this registry predates it.
EARLIEST = date(1949, 10, 1)

# Term ends such as 有效期至 or a notice's 意见反馈截止日期 legitimately lie in the
# future, but not absurdly far: licences run for at most a few years, so ten years
# ahead of today leaves ample room while still catching 9999-12-31 placeholders.
TERM_HORIZON_YEARS = 10


def _chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _years_after(day, years):
    """`day` moved `years` ahead; 29 February falls back to the 28th in a common year."""
    year = min(day.year + years, date.max.year)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return day.replace(year=year, day=28)


def term_horizon(today):
    """The latest acceptable term end: `today` plus TERM_HORIZON_YEARS years."""
    return _years_after(today, TERM_HORIZON_YEARS)


def _too_early(label, day):
    if day < EARLIEST:
        return f"{label}不能早于{_chinese(EARLIEST)}。"
    return None


def past_date_error(label, day, today):
    """A date that has already happened (a decision, receipt, event): 1949-10-01 to today."""
    if day > today:
        return f"{label}不能晚于今天。"
    return _too_early(label, day)


def term_date_error(label, day, today):
    """A term start or end: 1949-10-01 to TERM_HORIZON_YEARS years after today."""
    horizon = term_horizon(today)
    if day > horizon:
        return f"{label}不能晚于{_chinese(horizon)}。"
    return _too_early(label, day)


def date_errors(instance, past=(), term=(), today=None):
    """{field name: message} for the fields of a model instance whose dates are implausible.

    Fields are labelled by their verbose_name. Empty values are skipped (required
    fields report themselves), and so are values that are not dates: a value that
    failed the field's own parsing is already reported by `clean_fields()`.
    """
    today = today or timezone.localdate()
    checks = [(name, past_date_error) for name in past] + [(name, term_date_error) for name in term]
    errors = {}
    for name, check in checks:
        day = getattr(instance, name)
        if not isinstance(day, date):
            continue
        label = str(instance._meta.get_field(name).verbose_name)
        message = check(label, day, today)
        if message:
            errors[name] = message
    return errors
