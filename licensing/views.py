"""Public pages of the register: the directory and an institution's licences."""

import re
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from search import results as search_results
from search.documents import SearchQuery

from .choices import Service, Status
from .competence import COMPETENCE, subject_label
from .filters import DecisionFilter, InstitutionSearchForm
from .models import Approval, Authority, Institution, Licence
from .sections import render_sections

# 12320: the national health hotline (卫生健康热线), for complaints about any institution.
HEALTH_HOTLINE = "12320"

# The six statuses in plain words (the legend on the directory and institution pages).
STATUS_LEGEND = (
    (Status.VALID, "在有效期内，可以开展这项服务。"),
    (Status.PENDING, "已经批准，但有效期还没有开始，暂时不能开展。"),
    (Status.SUSPENDED, "因检查发现问题等原因被责令暂停，暂停期间不能开展；"
                       "整改合格、恢复执业后重新有效。"),
    (Status.EXPIRED, "有效期已满，没有按时办理校验，不能再开展这项服务。"),
    (Status.REVOKED, "因违法违规被卫生健康部门收回许可，不能再开展这项服务。"),
    (Status.CANCELLED, "机构不再开展或已停办，许可已注销，不能再开展这项服务。"),
)


def latest_day(values):
    """The latest of some dates and datetimes (a datetime counts as its local day);
    None when there is none. What a page's 数据更新于 says: taken from the records it
    shows, never from the clock."""
    days = [timezone.localdate(v) if isinstance(v, datetime) else v for v in values if v]
    return max(days, default=None)


def register_updated():
    """The day the register (any institution or licence) last changed."""
    return latest_day([
        Institution.objects.aggregate(day=Max("updated_at"))["day"],
        Licence.objects.aggregate(day=Max("updated_at"))["day"],
    ])


def directory_context(institutions):
    """What the directory adds for its rows: their licences' events loaded in one query
    (a stopped licence shows when and why), and the day its data last changed — the
    rows' own, or the whole register's when no row is shown."""
    prefetch_related_objects(institutions, "licences__events")
    values = [i.updated_at for i in institutions]
    values += [licence.updated_at for i in institutions for licence in i.licences.all()]
    return {"data_updated": latest_day(values) or register_updated(),
            "status_legend": STATUS_LEGEND}


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
        "notice": search_results.notice(result, "机构"),
        **directory_context(page.object_list),
    })


def institution_detail(request, pk):
    institution = get_object_or_404(
        Institution.objects.select_related("region__parent"), pk=pk
    )
    licences = list(institution.licences.select_related("authority").prefetch_related(
        "technologies", "events"
    ))
    today = timezone.localdate()
    staff_counts = (
        institution.qualified_staff.filter(decided_on__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("service").annotate(n=Count("pk")).order_by("service")
    )
    decisions = list(institution.approvals.filter(
        decision=Approval.Decision.APPROVED, published_on__lte=today
    ).select_related("authority"))
    sections, section_days = render_sections(request, institution, today)
    updated = latest_day([institution.updated_at, *(licence.updated_at for licence in licences),
                          *(d.updated_at for d in decisions), *section_days])
    return render(
        request,
        "licensing/institution_detail.html",
        {"institution": institution, "licences": licences, "decisions": decisions,
         "staff_counts": [(Service(s).label, n) for s, n in staff_counts],
         "complaint_channels": complaint_channels(institution, licences),
         "hotline": HEALTH_HOTLINE, "status_legend": STATUS_LEGEND, "data_updated": updated,
         "sections": sections},
    )


def complaint_channels(institution, licences):
    """Where a citizen can complain about `institution` besides 12320: the health authority
    of its own county, then the authority that issued each of its licences, each once,
    with its office phone and what it is to the institution."""
    services = {}
    county = Authority.objects.filter(region_id=institution.region_id).first()
    if county:
        services[county] = []
    for licence in licences:
        services.setdefault(licence.authority, []).append(licence.get_service_display())
    channels = []
    for authority, names in services.items():
        roles = ["机构所在地的卫生健康行政部门"] if authority == county else []
        if names:
            roles.append("、".join(dict.fromkeys(names)) + "的许可机关")
        channels.append({"authority": authority, "roles": "；".join(roles)})
    return channels


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
    shown = page.object_list
    updated = latest_day([value for d in shown for value in (
        d.updated_at, d.published_on, d.licence.updated_at if d.licence else None)])
    if updated is None:
        updated = latest_day([published_decisions().aggregate(day=Max("published_on"))["day"]])
    return render(
        request,
        "licensing/decision_list.html",
        {"form": filterset.form, "page": page, "querystring": querystring,
         "data_updated": updated},
    )


def who_approves(request):
    """The competence table (competence.py) as the public reads it."""
    rules = [
        (subject_label(rule.service), rule.get_level_display(), rule, plain_words(rule.basis))
        for rule in COMPETENCE
    ]
    # The table changed last when its latest rule took or ended effect.
    changes = [rule.since for rule in COMPETENCE]
    changes += [rule.until + timedelta(days=1) for rule in COMPETENCE if rule.until]
    return render(request, "licensing/who_approves.html",
                  {"rules": rules, "data_updated": latest_day(changes)})


RULE_CODE = re.compile(
    r"[（(]\s*R\d+(?:\s*[、,，]\s*R\d+)*\s*[）)]|(?<![A-Za-z0-9])R\d+(?![0-9])")


def plain_words(text):
    """Text for the public without the register's internal rule codes (（R1）…)."""
    return RULE_CODE.sub("", text).strip()
