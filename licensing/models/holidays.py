"""节假日安排 kept by staff, for the years the chinese_calendar package does not know yet
(the State Council publishes the next year's schedule each November)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..holiday_text import ScheduleError, each_day, parse_days_off, parse_workdays


class HolidaySchedule(models.Model):
    year = models.PositiveSmallIntegerField(
        "年份", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    notice = models.CharField("通知文号", max_length=100, blank=True,
                              help_text="国务院办公厅关于该年部分节假日安排的通知，如：国办发明电〔2026〕X号")
    days_off = models.TextField(
        "放假日期", help_text="每行一段，如：2027-01-01 至 2027-01-03 元旦；只放一天的写一个日期")
    workdays = models.TextField("调休上班日期", blank=True,
                                help_text="每行一天，如：2027-02-07（周六、周日上班的日子）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.year}年节假日安排"

    def clean(self):
        errors = {}
        try:
            off = set(each_day(parse_days_off(self.days_off)))
        except ScheduleError as error:
            errors["days_off"] = str(error)
            off = set()
        try:
            worked = parse_workdays(self.workdays)
        except ScheduleError as error:
            errors["workdays"] = str(error)
            worked = []
        if self.year and (wrong := sorted(d for d in off | set(worked) if d.year != self.year)):
            errors.setdefault("days_off" if wrong[0] in off else "workdays",
                              f"{wrong[0]:%Y-%m-%d}不在{self.year}年内。")
        if weekday := next((d for d in worked if d.weekday() < 5), None):
            errors.setdefault("workdays", f"{weekday:%Y-%m-%d}是工作日，不是调休上班的周末。")
        if both := sorted(off & set(worked)):
            errors.setdefault("workdays", f"{both[0]:%Y-%m-%d}既是放假日期又是上班日期。")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def schedules(cls):
        """{year: (days off, days worked)} of every schedule entered."""
        return {schedule.year: schedule.days() for schedule in cls.objects.all()}

    def days(self):
        """(days off, make-up working days) as sets of dates."""
        return set(each_day(parse_days_off(self.days_off))), set(parse_workdays(self.workdays))
