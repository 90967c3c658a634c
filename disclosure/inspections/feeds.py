"""Atom feed of published inspection results."""

from django.urls import reverse

from licensing.dated_feed import DatedFeed

from .public import published_results


class ResultFeed(DatedFeed):
    title = "广西妇幼健康领域随机监督抽查结果"
    subtitle = "卫生健康行政部门“双随机、一公开”抽查的检查结果（经复核后公开）"

    def link(self):
        return reverse("inspections:index")

    def items(self):
        return published_results().order_by("-published_on", "-pk")[:50]

    def item_title(self, item):
        return f"{item.institution.name}：{item.get_outcome_display()}"

    def item_description(self, item):
        plans = "；".join(str(plan) for plan in item.plans.all())
        return f"{plans}；检查日期 {item.visited_on:%Y-%m-%d}"

    def item_day(self, item):
        return item.published_on

    def item_link(self, item):
        return item.get_absolute_url()


def institution_entries(institutions, today, limit):
    """Reviewed inspection results, for the feeds per institution and per place."""
    from licensing.institution_feeds import Entry

    results = published_results().filter(institution__in=institutions,
                                          published_on__lte=today)[:limit]
    return [Entry(f"inspection-{i.pk}",
                  f"{i.institution.name}：监督抽查结果（{i.get_outcome_display()}）",
                  "；".join(str(plan) for plan in i.plans.all()), i.published_on,
                  i.get_absolute_url()) for i in results]
