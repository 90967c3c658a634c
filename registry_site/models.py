"""The home page: a Wagtail page so staff can edit its text; the figures come from the register."""

from django.db.models import Count
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from licensing.choices import Service, Status
from licensing.licence_status import status_q
from licensing.models import Institution, Licence
from licensing.views import register_updated
from search import result_cache

from .open_data.models import Change, Dump, LedgerCounter, Mark, RecordState  # noqa: F401


class HomePage(Page):
    intro = RichTextField("简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        # Counted once per change of the register (and per day), for every visitor.
        context.update(result_cache.remember(("home-figures", today), lambda: figures(today)))
        return context


def figures(day):
    """The home page's figures: institutions holding each valid licence on `day`."""
    counts = dict(
        Licence.objects.filter(status_q(Status.VALID, day))
        .values_list("service")
        .annotate(n=Count("institution", distinct=True))
        .values_list("service", "n")
    )
    return {
        "service_counts": [(value, label, counts.get(value, 0))
                           for value, label in Service.choices],
        "institution_count": Institution.objects.count(),
        "data_updated": register_updated(),
    }

