"""Public pages of the register: the directory and an institution's licences."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, render

from search.tokenizer import normalise

from .filters import InstitutionFilter
from .models import Institution, Licence


def exact_match_first(queryset, query):
    """Put a record whose USCC or licence number is exactly the query before the rest."""
    text = normalise(query).upper()
    licence = Licence.objects.filter(institution=OuterRef("pk"), licence_no__iexact=text)
    exact = Q(uscc=text) | Q(medical_licence_no__iexact=text) | Q(Exists(licence))
    return queryset.annotate(
        exact_rank=Case(When(exact, then=Value(0)), default=Value(1))
    ).order_by("exact_rank", "region__code", "name")


def institution_list(request):
    queryset = Institution.objects.select_related("region__parent").prefetch_related(
        Prefetch("licences", queryset=Licence.objects.order_by("service"))
    )
    filterset = InstitutionFilter(request.GET or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        results = queryset.none()
    else:
        results = filterset.qs
        if query := request.GET.get("q", "").strip():
            results = exact_match_first(results, query)
    page = Paginator(results, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "licensing/institution_list.html",
        {"filter": filterset, "page": page, "querystring": params.urlencode()},
    )


def institution_detail(request, pk):
    institution = get_object_or_404(
        Institution.objects.select_related("region__parent"), pk=pk
    )
    licences = institution.licences.select_related("authority").prefetch_related(
        "technologies", "events"
    )
    return render(
        request,
        "licensing/institution_detail.html",
        {"institution": institution, "licences": licences},
    )
