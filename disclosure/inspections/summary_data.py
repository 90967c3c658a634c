"""The summary tables' facts (R13) read from a plan's draw and results, for one territory.

辖区内单位总数 is the draw's population snapshot; 检查单位数 the visits made; the item
columns count units with a 不合格 on any item the column reports; the penalty columns
come from the penalties linked to the inspections (查处案件数 = decisions, 罚没款 = fines
plus confiscations in 万元; a revoked licence counts the unit under 吊销执业机构许可证,
a person's revoked certificate under 吊销人员资格证)."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count

from . import plan_templates, summary
from .models import DrawEntry, ItemResult, PopulationEntry

REVOKED = "吊销许可证件"
LAYOUT_FOR_TEMPLATE = {"2023MCH": summary.MCH_2023_SUMMARY, "2024MCH": summary.MCH_2023_SUMMARY,
                       "2025ART": summary.ART_2025_SUMMARY}


def layout_for(plan):
    """The official table a plan reports in, or None for a plan made without a template."""
    return LAYOUT_FOR_TEMPLATE.get(plan.template_key)


def _visited(plan, territory):
    """The plan's drawn units of `territory` already visited (a subquery, never a list of
    ids: a province's hundred thousand would pass a database's variable limit)."""
    return DrawEntry.objects.filter(
        draw__plan=plan, institution__region__code__startswith=territory,
        inspection__visited_on__isnull=False)


def plan_facts(plan, territory):
    """{category name: summary.CategoryFacts} for the plan's draw within `territory`."""
    layout = layout_for(plan)
    template = plan_templates.get_template(plan.template_key)
    population = dict(PopulationEntry.objects.filter(
        draw__plan=plan, region_code__startswith=territory,
    ).values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    visited = _visited(plan, territory)
    category_of = dict(visited.values_list("inspection_id", "category"))
    failed = defaultdict(set)
    for inspection_id, code in ItemResult.objects.filter(
            inspection_id__in=visited.values("inspection_id"), result=ItemResult.Result.FAIL,
            item__plan=plan).values_list("inspection_id", "item__code").iterator(
            chunk_size=5000):
        failed[inspection_id].add(code)
    inspected = Counter(category_of.values())
    failing_units = defaultdict(list)  # units with no 不合格 add nothing to an item column
    for inspection_id, codes in failed.items():
        failing_units[category_of[inspection_id]].append(codes)
    penalties = _penalty_facts(visited, category_of)
    facts = {}
    for category in set(population) | set(inspected):
        cases, fines, licence, certificate = penalties.get(category, (0, Decimal(0), 0, 0))
        facts[category] = summary.CategoryFacts(
            population=population.get(category, 0), inspected=inspected[category],
            noncompliant=summary.count_noncompliant(layout, template,
                                                    failing_units.get(category, [])),
            cases=cases, fines=fines, licence_revocations=licence,
            certificate_revocations=certificate)
    return facts


def _penalty_facts(visited, category_of):
    from disclosure.credit.models import Penalty

    rows = Penalty.objects.filter(
        inspections__in=visited.values("inspection_id")).values_list(
        "inspections", "fine", "confiscated", "kinds", "subject_kind")
    cases = defaultdict(int)
    fines = defaultdict(lambda: Decimal(0))
    licence, certificate = defaultdict(set), defaultdict(set)
    for inspection_id, fine, confiscated, kinds, subject_kind in rows:
        if inspection_id not in category_of:
            continue
        category = category_of[inspection_id]
        cases[category] += 1
        fines[category] += (fine or 0) + (confiscated or 0)
        if REVOKED in (kinds or ""):
            (certificate if subject_kind == Penalty.SubjectKind.PERSON else licence)[
                category].add(inspection_id)
    return {c: (cases[c], fines[c], len(licence[c]), len(certificate[c]))
            for c in set(cases) | set(licence) | set(certificate)}


def plan_summary(plan, territory):
    """(layout, rows) of the plan's official table for `territory` (a region code prefix):
    one row per object category of the plan, then 合计."""
    layout = layout_for(plan)
    if layout is None or not hasattr(plan, "draw"):
        return layout, []
    facts = plan_facts(plan, territory)
    categories = [c.name for c in plan.categories.order_by("sort_order", "pk")]
    categories += sorted(set(facts) - set(categories))
    return layout, summary.summary_rows(layout, categories, facts)
