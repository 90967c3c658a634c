"""节假日安排 kept by staff: the year the chinese_calendar package does not know (2027)
is entered in the admin, and every working-day deadline follows it at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from licensing import working_days
from licensing.holiday_text import ScheduleError, parse_days_off, parse_workdays
from licensing.models import HolidaySchedule
from licensing.working_days import PACKAGE, publicity_deadline

# Fictional, for the tests: not the State Council's schedule for 2027.
DAYS_OFF = "2027-01-01 至 2027-01-03 元旦\n2027年2月6日 至 2027年2月12日 春节\n2027/5/3 示例"
WORKDAYS = "2027-02-13\n2027-02-14"


def test_the_notice_is_read_as_staff_type_it():
    assert parse_days_off(DAYS_OFF) == [
        (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
        (date(2027, 2, 6), date(2027, 2, 12), "春节"),
        (date(2027, 5, 3), date(2027, 5, 3), "示例"),
    ]
    assert parse_workdays(WORKDAYS) == [date(2027, 2, 13), date(2027, 2, 14)]
    with pytest.raises(ScheduleError, match="第2行"):
        parse_days_off("2027-01-01 元旦\n元旦放三天")
    with pytest.raises(ScheduleError, match="第1行的日期不存在"):
        parse_days_off("2027-02-29 至 2027-03-01")
    with pytest.raises(ScheduleError, match="结束日期早于开始日期"):
        parse_days_off("2027-01-03 至 2027-01-01")


def test_a_staff_schedule_replaces_the_package_for_its_year_only():
    calendar = PACKAGE.with_schedules({2027: ({date(2027, 1, 1)}, {date(2027, 1, 9)})})
    assert calendar.knows(2027) and not PACKAGE.knows(2027)
    assert not calendar.is_working_day(date(2027, 1, 1))  # a Friday off
    assert calendar.is_working_day(date(2027, 1, 9))  # a Saturday worked
    assert calendar.is_working_day(date(2027, 1, 8))
    assert not calendar.is_working_day(date(2026, 10, 1))  # the package's 国庆 stays
    # Its own schedule for a year the package knows replaces the package's.
    replaced = PACKAGE.with_schedules({2026: (set(), set())})
    assert replaced.is_working_day(date(2026, 10, 1))


@pytest.mark.django_db
def test_the_schedule_is_checked_before_it_is_saved():
    wrong = HolidaySchedule(year=2027, days_off="2026-12-31 至 2027-01-02 元旦",
                            workdays="2027-01-04")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "不在2027年内" in str(error.value) and "不是调休上班的周末" in str(error.value)
    clash = HolidaySchedule(year=2027, days_off="2027-01-02", workdays="2027-01-02")
    with pytest.raises(ValidationError, match="既是放假日期又是上班日期"):
        clash.full_clean()


@pytest.mark.django_db
def test_entered_in_the_admin_the_2027_schedule_moves_the_deadlines(client, region_staff,
                                                                   xingning_county,
                                                                   monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 23))
    # Without it, 2027 counts Monday to Friday: New Year's Day would be a working day.
    assert publicity_deadline(date(2026, 12, 31)) == date(2027, 1, 11)
    client.force_login(region_staff)
    dashboard = client.get("/admin/").content.decode()
    assert "系统还没有2027年的节假日安排" in dashboard and "/admin/holiday_schedules/new/" in (
        dashboard)

    client.force_login(xingning_county)  # counties read deadlines, do not keep the calendar
    assert client.get("/admin/holiday_schedules/new/").status_code == 403
    assert "请联系自治区卫生健康委工作人员录入" in client.get("/admin/").content.decode()

    client.force_login(region_staff)
    response = client.post("/admin/holiday_schedules/new/", {
        "year": "2027", "notice": "示例通知", "days_off": DAYS_OFF, "workdays": WORKDAYS})
    assert response.status_code == 302, response.content.decode()[:500]
    # 1 January off: the seventh working day moves from the 11th to the 12th.
    assert publicity_deadline(date(2026, 12, 31)) == date(2027, 1, 12)
    # Before the 2027 Spring Festival: a week off, then a make-up weekend worked.
    assert working_days.working_days_between(date(2027, 2, 5), date(2027, 2, 15)) == 3
    assert "系统还没有" not in client.get("/admin/").content.decode()
    assert HolidaySchedule.objects.get().notice == "示例通知"
