from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    """双随机、一公开: inspection plans, verifiable draws, results, follow-up, summaries."""

    name = "disclosure.inspections"
    label = "inspections"
    verbose_name = "随机监督抽查"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from licensing import institution_feeds, sections

        from . import feeds, search_types
        from .roles import ensure_inspection_permissions
        from .section import SECTION

        search_types.register()
        institution_feeds.register(feeds.institution_entries)
        sections.register(SECTION)
        post_migrate.connect(
            lambda sender, **kwargs: ensure_inspection_permissions(self), sender=self,
            weak=False,
        )
