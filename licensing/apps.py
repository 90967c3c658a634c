from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = "许可登记"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_types
        from .models import HolidaySchedule
        from .roles import ensure_groups
        from .working_days import forget_calendar, read_schedules_from

        search_types.register()
        read_schedules_from(HolidaySchedule.schedules)
        for signal in (post_save, post_delete):
            signal.connect(forget_calendar, sender=HolidaySchedule,
                           dispatch_uid=f"forget-calendar-{signal}")
        post_migrate.connect(
            lambda sender, **kwargs: ensure_groups(self), sender=self, weak=False
        )
