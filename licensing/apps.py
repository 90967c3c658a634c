from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = "许可登记"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_types
        from .roles import ensure_groups

        search_types.register()
        post_migrate.connect(
            lambda sender, **kwargs: ensure_groups(self), sender=self, weak=False
        )
