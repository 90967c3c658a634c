"""Atom feeds per institution and per city or county: licence events and decisions, and
what other apps add (penalties, inspection results) through `register` — licensing
imports no app above it (DESIGN.md), as with licensing.sections."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from .dated_feed import DatedFeed
from .models import Approval, Institution, LicenceEvent, Region

LIMIT = 50
_sources = []


@dataclass(frozen=True)
class Entry:
    key: str  # unique across sources, e.g. "penalty-12"
    title: str
    description: str
    day: date
    link: str


def register(source):
    """`source(institutions, today, limit)` -> the latest Entries about those institutions
    (a queryset), public on `today`."""
    if source not in _sources:
        _sources.append(source)


def entries(institutions: QuerySet, today=None, limit=LIMIT):
    today = today or timezone.localdate()
    found = [entry for source in _sources for entry in source(institutions, today, limit)]
    return sorted(found, key=lambda e: (e.day, e.key), reverse=True)[:limit]


def licensing_entries(institutions, today, limit):
    """Licence events (准予、校验、变更、暂停、吊销、注销) and published decisions."""
    events = LicenceEvent.objects.filter(
        licence__institution__in=institutions, date__lte=today,
    ).select_related("licence__institution").order_by("-date", "-pk")[:limit]
    found = [Entry(
        f"licence-event-{e.pk}",
        f"{e.licence.institution.name}：{e.licence.get_service_display()}{e.get_kind_display()}",
        "；".join(v for v in (e.document_no, e.note) if v) or e.get_kind_display(), e.date,
        reverse("institution_detail", args=[e.licence.institution_id])
        + f"#licence-{e.licence_id}") for e in events]
    decisions = Approval.objects.filter(
        institution__in=institutions, decision=Approval.Decision.APPROVED,
        published_on__lte=today,
    ).select_related("institution").order_by("-published_on", "-pk")[:limit]
    found += [Entry(
        f"decision-{d.pk}", f"{d.institution.name}：行政许可决定（{d.get_service_display()}）",
        d.decision_no, d.published_on, reverse("institution_detail", args=[d.institution_id]))
        for d in decisions]
    return found


register(licensing_entries)


class EntryFeed(DatedFeed):
    def items(self, obj):
        return entries(obj["institutions"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_day(self, item):
        return item.day

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False


class InstitutionFeed(EntryFeed):
    """/institutions/<id>/feed/: what changed about one institution."""

    def get_object(self, request, pk):
        institution = get_object_or_404(Institution, pk=pk)
        return {"name": institution.name, "link": institution.get_absolute_url(),
                "institutions": Institution.objects.filter(pk=pk)}

    def title(self, obj):
        return f"{obj['name']}：许可、处罚和监督抽查动态"

    def link(self, obj):
        return obj["link"]

    def subtitle(self, obj):
        return "许可的准予、校验、变更、暂停、吊销、注销，公示中的行政处罚和公开的监督抽查结果"


class RegionFeed(EntryFeed):
    """/regions/<code>/feed/: the same for every institution of a city or county."""

    def get_object(self, request, code):
        region = Region.objects.filter(code=code).exclude(level="province").first()
        if region is None:
            raise Http404("没有这个市或县（市、区）。")
        return {"name": region.full_name,
                "link": reverse("institution_list") + (
                    f"?city={code}" if len(code) == 4 else f"?county={code}"),
                "institutions": Institution.objects.filter(region__code__startswith=code)}

    def title(self, obj):
        return f"{obj['name']}妇幼健康机构许可、处罚和监督抽查动态"

    def link(self, obj):
        return obj["link"]

    def subtitle(self, obj):
        return f"{obj['name']}各机构的许可变动、公示中的行政处罚和公开的监督抽查结果"
