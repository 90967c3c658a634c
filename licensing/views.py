"""Public pages of the register: the directory and an institution's licences."""

from dataclasses import replace

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from search import results as search_results
from search.documents import SearchQuery

from .choices import Service
from .competence import COMPETENCE, subject_label
from .filters import DecisionFilter, InstitutionSearchForm
from .models import Approval, Institution, Licence


def paginate(request, queryset):
    """A page of `queryset` (bad or out-of-range page numbers clamp) and the query string
    without its page, for the page links."""
    page = Paginator(queryset, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def institution_list(request):
    """The directory: the unified search (search/), restricted to institutions."""
    form = InstitutionSearchForm(request.GET or None)
    result = None
    if form.is_bound and not form.is_valid():
        page = Paginator([], settings.REGISTRY_PAGE_SIZE).get_page(1)
    else:
        query = form.query(settings.REGISTRY_PAGE_SIZE) if form.is_bound else SearchQuery(
            types=("institution",), per_page=settings.REGISTRY_PAGE_SIZE)
        page, result = search_results.run(replace(query, facets=False))
    ids = [pk for _type, pk in page.object_list]
    institutions = Institution.objects.select_related("region__parent").prefetch_related(
        Prefetch("licences", queryset=Licence.objects.order_by("service"))
    ).in_bulk(ids)
    page.object_list = [institutions[pk] for pk in ids if pk in institutions]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "licensing/institution_list.html", {
        "form": form, "page": page, "querystring": params.urlencode(), "result": result,
    })


def institution_detail(request, pk):
    institution = get_object_or_404(
        Institution.objects.select_related("region__parent"), pk=pk
    )
    licences = institution.licences.select_related("authority").prefetch_related(
        "technologies", "events"
    )
    today = timezone.localdate()
    staff_counts = (
        institution.qualified_staff.filter(decided_on__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("service").annotate(n=Count("pk")).order_by("service")
    )
    decisions = institution.approvals.filter(
        decision=Approval.Decision.APPROVED, published_on__lte=today
    ).select_related("authority")
    return render(
        request,
        "licensing/institution_detail.html",
        {"institution": institution, "licences": licences, "decisions": decisions,
         "staff_counts": [(Service(s).label, n) for s, n in staff_counts]},
    )


def published_decisions():
    """Granted decisions disclosed to the public (双公示), newest first."""
    return Approval.objects.filter(
        decision=Approval.Decision.APPROVED, published_on__lte=timezone.localdate()
    ).select_related("institution__region__parent", "authority", "licence").prefetch_related(
        "technologies"
    ).order_by("-decided_on", "-pk")


def decision_list(request):
    filterset = DecisionFilter(request.GET or None, queryset=published_decisions())
    if filterset.is_bound and not filterset.is_valid():
        results = Approval.objects.none()
    else:
        results = filterset.qs
    page, querystring = paginate(request, results)
    return render(
        request,
        "licensing/decision_list.html",
        {"form": filterset.form, "page": page, "querystring": querystring},
    )


def who_approves(request):
    """The competence table (competence.py) as the public reads it."""
    rules = [
        (subject_label(rule.service), rule.get_level_display(), rule, rule.basis)
        for rule in COMPETENCE
    ]
    return render(request, "licensing/who_approves.html", {"rules": rules})
