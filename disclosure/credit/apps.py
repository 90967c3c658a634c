from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CreditConfig(AppConfig):
    """信用监管: penalties under 双公示, blacklist, bad-practice points, credit status."""

    name = "disclosure.credit"
    label = "credit"
    verbose_name = "信用监管"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from licensing import institution_feeds, sections

        from . import feeds, search_types
        from .roles import ensure_credit_permissions
        from .section import SECTION

        search_types.register()
        institution_feeds.register(feeds.institution_entries)
        sections.register(SECTION)
        post_migrate.connect(
            lambda sender, **kwargs: ensure_credit_permissions(self), sender=self, weak=False
        )
