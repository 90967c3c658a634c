"""The rates risk_rules reads, from the database: per object category, city and check item
text, the units found 不合格 over the units examined (合理缺项 excluded), for a plan and
for the same authority's plans of the year before."""

from collections import defaultdict

from licensing.models import Region

from . import risk_rules
from .models import DrawEntry, InspectionPlan, ItemResult


def _rates(plans, territory):
    entries = DrawEntry.objects.filter(draw__plan__in=plans, inspection__visited_on__isnull=False,
                                       institution__region__code__startswith=territory)
    where = {i: (c, code[:4]) for i, c, code in entries.values_list(
        "inspection_id", "category", "institution__region__code")}
    counts = defaultdict(lambda: [0, 0])
    rows = ItemResult.objects.filter(inspection_id__in=entries.values("inspection_id"),
                                     item__plan__in=plans).exclude(
        result=ItemResult.Result.NOT_APPLICABLE).values_list("inspection_id", "item__text",
                                                            "result")
    for inspection_id, text, result in rows.iterator(chunk_size=5000):
        category, city = where[inspection_id]
        for territory in (city, "合计"):
            cell = counts[(category, territory, text)]
            cell[1] += 1
            cell[0] += result == ItemResult.Result.FAIL
    return {key: tuple(value) for key, value in counts.items()}


def plan_risk_points(plan, territory="45"):
    """(risk points, the previous year's plans compared) for a drawn plan, within
    `territory` (a region code prefix: a city or county sees its own places only)."""
    previous_plans = list(InspectionPlan.objects.filter(
        authority=plan.authority, year=plan.year - 1, draw__isnull=False))
    points = risk_rules.risk_points(
        _rates([plan], territory), _rates(previous_plans, territory) if previous_plans else {})
    names = dict(Region.objects.filter(code__in={p.key[1] for p in points}).values_list(
        "code", "name"))
    return [(point, names.get(point.key[1], point.key[1])) for point in points], previous_plans
