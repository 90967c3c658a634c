from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "信息公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import published

        from . import search_types
        from .editions import freeze_on_publish
        from .notices import record_disclosure_on_publish
        from .workflow import ensure_review_workflows

        search_types.register()
        published.connect(freeze_on_publish, dispatch_uid="freeze_list_edition_on_publish")
        published.connect(record_disclosure_on_publish, dispatch_uid="record_disclosure")
        post_migrate.connect(
            lambda sender, **kwargs: ensure_review_workflows(self), sender=self, weak=False
        )
