"""Atom feed of newly published penalties (only those public today)."""

from django.urls import reverse

from licensing.dated_feed import DatedFeed

from .public import public_penalties


class PenaltyFeed(DatedFeed):
    title = "广西妇幼健康领域行政处罚公示"
    subtitle = "卫生健康行政部门公示中的行政处罚决定（公示期满或依法撤回的不再列出）"

    def link(self):
        return reverse("credit:index")

    def items(self):
        return public_penalties().order_by("-published_on", "-pk")[:50]

    def item_title(self, item):
        return f"{item.public_subject_name()}：{'、'.join(item.kinds)}"

    def item_description(self, item):
        return f"{item.decision_no}；{item.violation_type}；{item.content}"

    def item_day(self, item):
        return item.published_on

    def item_link(self, item):
        return item.get_absolute_url()


def institution_entries(institutions, today, limit):
    """Penalties public today, for the feeds per institution and per place."""
    from licensing.institution_feeds import Entry

    penalties = public_penalties(today).filter(institution__in=institutions).order_by(
        "-published_on", "-pk")[:limit]
    return [Entry(f"penalty-{p.pk}", f"{p.public_subject_name()}：行政处罚（{p.kinds_display()}）",
                  f"{p.decision_no}；{p.violation_type}", p.published_on, p.get_absolute_url())
            for p in penalties]
