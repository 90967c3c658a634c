"""Public credit pages: penalties under 双公示, the blacklist, the methodology, downloads."""

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from licensing.views import latest_day, paginate

from . import exports, periods, scheme
from .filters import BlacklistFilter, PenaltyFilter
from .public import public_blacklist, public_penalties

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def _updated(*querysets):
    return latest_day([qs.aggregate(day=Max("updated_at"))["day"] for qs in querysets])


def credit_index(request):
    """/credit/: penalties currently public, and the blacklist in force, searchable."""
    today = timezone.localdate()
    penalties = public_penalties(today)
    filtered = PenaltyFilter(request.GET or None, queryset=penalties)
    shown = filtered.qs if filtered.is_bound and filtered.is_valid() else (
        penalties if not filtered.is_bound else penalties.none())
    page, querystring = paginate(request, shown)
    return render(request, "credit/index.html", {
        "form": filtered.form, "page": page, "querystring": querystring,
        "blacklist": BlacklistFilter(request.GET, queryset=public_blacklist(today)).qs,
        "formats": list(CONTENT_TYPES),
        "download_query": request.GET.urlencode(),
        "data_updated": _updated(penalties, public_blacklist(today)),
    })


def penalty_detail(request, pk):
    penalty = get_object_or_404(public_penalties(), pk=pk)
    return render(request, "credit/penalty_detail.html", {
        "penalty": penalty, "data_updated": latest_day([penalty.updated_at]),
    })


def methodology(request):
    return render(request, "credit/methodology.html", {
        "regimes": periods.REGIMES, "serious": sorted(periods.SERIOUS_KINDS),
        "kinds": periods.KINDS, "levels": [
            (scheme.LEVEL_LABELS[level], scheme.LEVEL_MEANINGS[level])
            for level in (scheme.GOOD, scheme.WARNING, scheme.DISHONEST)],
        "warning_points": scheme.WARNING_POINTS, "bands": scheme.BANDS,
        "institution_behaviours": scheme.INSTITUTION_BEHAVIOURS,
        "personnel_behaviours": scheme.PERSONNEL_BEHAVIOURS,
    })


def penalty_download(request, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    filtered = PenaltyFilter(request.GET or None, queryset=public_penalties())
    penalties = filtered.qs if not filtered.is_bound or filtered.is_valid() else (
        public_penalties().none())
    body = {"csv": exports.as_csv, "xlsx": exports.as_xlsx, "json": exports.as_json}[fmt](
        list(penalties))
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"行政处罚公示-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
