"""Public inspection pages: plans (抽查计划), draws (抽查名单, with the bundle and the recipe
to re-run it), results (抽查结果) by institution, risk warnings (风险提示)."""

from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from disclosure.credit.public import public_penalty_q
from licensing.views import latest_day, paginate

from . import recipe
from .filters import ResultFilter
from .models import DrawEntry, Inspection, ItemResult
from .public import public_plans, published_notices, published_results


def index(request):
    """/inspections/: published results, filterable; plans and risk warnings."""
    results = published_results()
    filtered = ResultFilter(request.GET or None, queryset=results)
    shown = filtered.qs if filtered.is_bound and filtered.is_valid() else (
        results if not filtered.is_bound else results.none())
    page, querystring = paginate(request, shown)
    plans = public_plans()
    return render(request, "inspections/index.html", {
        "form": filtered.form, "page": page, "querystring": querystring, "plans": plans,
        "notices": published_notices()[:5],
        "data_updated": latest_day([
            results.aggregate(day=Max("updated_at"))["day"],
            plans.aggregate(day=Max("updated_at"))["day"],
            published_notices().aggregate(day=Max("updated_at"))["day"]]),
    })


def plan_detail(request, pk):
    plan = get_object_or_404(public_plans(), pk=pk)
    draw = getattr(plan, "draw", None)
    entries, page, querystring = [], None, ""
    if draw is not None:
        page, querystring = paginate(request, DrawEntry.objects.filter(draw=draw).select_related(
            "institution__region", "inspection").prefetch_related(
            "inspection__plans").order_by("stratum", "rank"))
        entries = [(entry, entry.inspection.status == Inspection.Status.PUBLISHED)
                   for entry in page.object_list]
    groups = []
    for item in plan.items.order_by("sort_order", "pk"):
        if not groups or groups[-1][0] != item.group_name:
            groups.append((item.group_name, []))
        groups[-1][1].append(item)
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "draw": draw, "entries": entries, "groups": groups, "page": page,
        "querystring": querystring,
        "categories": plan.categories.order_by("sort_order", "pk"),
        "deadlines": plan.deadlines.order_by("due_on", "sort_order"),
        "recipe": recipe.RECIPE, "notices": published_notices().filter(plan=plan),
        "data_updated": latest_day([plan.updated_at, draw.drawn_at if draw else None]),
    })


def bundle(request, pk):
    """抽查数据包: exactly the stored text, so its SHA-256 is the published one."""
    plan = get_object_or_404(public_plans().filter(draw__isnull=False), pk=pk)
    response = HttpResponse(plan.draw.bundle.encode("utf-8"),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"draw-{plan.draw.pk}-bundle.json")
    return response


def recipe_file(request):
    response = HttpResponse(recipe.RECIPE, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "verify_draw.py")
    return response


def result_detail(request, pk):
    inspection = get_object_or_404(published_results(), pk=pk)
    results = ItemResult.objects.filter(inspection=inspection).select_related(
        "item__plan").order_by("item__plan__year", "item__plan_id", "item__sort_order")
    groups = []
    for result in results:
        heading = f"{result.item.plan.year}年 · {result.item.group_name}"
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(result)
    return render(request, "inspections/result_detail.html", {
        "inspection": inspection, "groups": groups,
        "failed": sum(1 for r in results if r.result == ItemResult.Result.FAIL),
        "penalties": inspection.penalties.filter(public_penalty_q(timezone.localdate())),
        "data_updated": latest_day([inspection.updated_at]),
    })

