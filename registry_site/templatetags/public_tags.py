"""Template helpers of the public site."""

from urllib.parse import urlsplit

from django import template
from django.db.models import Prefetch
from django.urls import Resolver404, resolve

from disclosure.models import ListEdition, SetupApplication
from licensing.models import Institution, Licence
from licensing.views import latest_day
from search import registry

register = template.Library()

# The record behind a search result's page: (url name → search type, record kind).
PAGES = {
    "institution_detail": "institution",
    "application_detail": "application",
    "list_edition_detail": "list_edition",
}


def hit_record(hit):
    """(kind, pk) of the record a search result shows — "institution", "licence" (its
    section on the institution page), "application", "list_edition" — or None."""
    path, _, fragment = hit["url"].partition("#")
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    kind = PAGES.get(match.url_name)
    if kind is None:
        return None
    if kind == "institution" and fragment.startswith("licence-"):
        return "licence", int(fragment.removeprefix("licence-"))
    return kind, match.kwargs["pk"]


@register.simple_tag
def search_details(hits):
    """The search results with what the summary lacks, read in a few queries for the page:
    each result of an institution or a licence with its licences (status, end date, and
    for a stopped one when and why), and the day the shown records last changed.

    Returns {"rows": [(hit, licences)], "updated": date or None}."""
    institution_label = registry.get("institution").label
    refs = [hit_record(hit) for hit in hits]
    wanted = {}
    for ref in refs:
        if ref:
            wanted.setdefault(ref[0], set()).add(ref[1])
    licences = Licence.objects.order_by("service").prefetch_related("events")
    loaded = {
        "institution": Institution.objects.prefetch_related(
            Prefetch("licences", queryset=licences)).in_bulk(wanted.get("institution", ())),
        "licence": licences.in_bulk(wanted.get("licence", ())),
        "application": SetupApplication.objects.select_related("notice").in_bulk(
            wanted.get("application", ())),
        "list_edition": ListEdition.objects.in_bulk(wanted.get("list_edition", ())),
    }
    rows, changed = [], []
    for hit, ref in zip(hits, refs, strict=True):
        record = loaded[ref[0]].get(ref[1]) if ref else None
        shown = []
        if isinstance(record, Institution):
            changed += [record.updated_at, *(lic.updated_at for lic in record.licences.all())]
            if hit["type"] == institution_label:  # not a decision, which links here too
                shown = list(record.licences.all())
        elif isinstance(record, Licence):
            changed.append(record.updated_at)
            shown = [record]
        elif isinstance(record, SetupApplication):
            changed += [record.updated_at, record.notice.last_published_at]
        elif isinstance(record, ListEdition):
            changed.append(record.published_on)
        rows.append((hit, shown))
    return {"rows": rows, "updated": latest_day(changed)}
