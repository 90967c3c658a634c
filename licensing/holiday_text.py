"""Reading the State Council's holiday schedule as staff type it (pure functions).

放假日期: one period per line, "2027-01-01 至 2027-01-03 元旦" or a single day
"2027-05-01 劳动节"; 调休上班日期: one day per line, "2027-02-07". Dates may be written
2027-1-1, 2027/1/1 or 2027年1月1日. A mistake names its line, in Chinese.
"""

import re
from datetime import date, timedelta

DATE = r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?"
PERIOD = re.compile(rf"^\s*{DATE}\s*(?:(?:至|到|~|-|—|–)\s*{DATE})?\s*(.*?)\s*$")


class ScheduleError(ValueError):
    pass


def _day(year, month, day, line_no):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ScheduleError(f"第{line_no}行的日期不存在。") from None


def parse_days_off(text):
    """[(first day, last day, name)] of 放假日期, in the order written."""
    periods = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = PERIOD.match(line)
        if not match:
            raise ScheduleError(f"第{line_no}行无法识别，应写成“2027-01-01 至 2027-01-03 元旦”。")
        first = _day(*match.groups()[0:3], line_no)
        last = _day(*match.groups()[3:6], line_no) if match.group(4) else first
        if last < first:
            raise ScheduleError(f"第{line_no}行的结束日期早于开始日期。")
        if (last - first).days > 14:
            raise ScheduleError(f"第{line_no}行的假期超过15天，请核对。")
        periods.append((first, last, match.group(7)))
    return periods


def parse_workdays(text):
    """The 调休上班 days, in the order written."""
    days = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = re.fullmatch(rf"\s*{DATE}\s*(.*?)\s*", line)
        if not match:
            raise ScheduleError(f"第{line_no}行无法识别，应写成“2027-02-07”。")
        days.append(_day(*match.groups()[0:3], line_no))
    return days


def each_day(periods):
    for first, last, _name in periods:
        for offset in range((last - first).days + 1):
            yield first + timedelta(days=offset)
