from django.apps import AppConfig


class RegistrySiteConfig(AppConfig):
    name = "registry_site"
    verbose_name = "站点"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import lockouts
        from .open_data import tracking

        tracking.connect()
        lockouts.connect()
