"""The demo inspections: the three template plans, a public 2025 ART round whose draw
re-runs, a 2024 round with problems, penalties and 回头看 — fictional names only."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from disclosure.inspections import draws
from disclosure.inspections.demo import seed_inspections
from disclosure.inspections.models import (
    FollowUp,
    Inspection,
    InspectionPlan,
    Inspector,
    ItemResult,
)
from disclosure.inspections.public import published_results
from licensing.models import Institution

pytestmark = pytest.mark.django_db


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_seed_demo_shows_plans_draws_results_and_follow_ups(client):
    call_command("seed_demo", "--institutions", "150", stdout=StringIO())
    assert seed_inspections() == (0, 0)  # idempotent
    plans = {plan.template_key: plan for plan in InspectionPlan.objects.all()}
    assert sorted(plans) == ["2023MCH", "2024MCH", "2025ART"]
    assert plans["2023MCH"].is_committed and not plans["2023MCH"].is_drawn

    art = plans["2025ART"]
    assert art.authority.region.code == "45"
    assert draws.verify(art.draw) == []
    assert art.inspections.count() >= 10
    assert not art.inspections.exclude(status=Inspection.Status.PUBLISHED).exists()
    for inspection in art.inspections.all():
        assert inspection.reviewed_by_id and inspection.reviewed_by_id != (
            inspection.submitted_by_id)

    mch = plans["2024MCH"]
    assert draws.verify(mch.draw) == []
    failed = mch.inspections.filter(status=Inspection.Status.PUBLISHED,
                                    item_results__result=ItemResult.Result.FAIL,
                                    penalties__isnull=False).distinct()
    assert failed.exists()
    statuses = set(mch.follow_ups.values_list("status", flat=True))
    assert len(statuses) >= 2 and FollowUp.Status.DONE in statuses

    involved = Institution.objects.filter(
        Q(inspections__isnull=False) | Q(follow_ups__isnull=False)
        | Q(draw_entries__isnull=False) | Q(inspector_conflicts__isnull=False)).distinct()
    assert involved.exists()
    assert not involved.exclude(name__startswith="示例").exists()

    pages = [get_page(client, "/inspections/")]
    assert published_results().first().institution.name in pages[0]
    shown = failed.first()
    pages.append(get_page(client, f"/inspections/?year=2024&outcome={shown.outcome}"))
    assert shown.institution.name in pages[-1]
    pages.append(get_page(client, shown.get_absolute_url()))
    assert "不合格" in pages[-1] and shown.penalties.first().decision_no in pages[-1]
    pages += [get_page(client, plan.get_absolute_url()) for plan in plans.values()]
    people = list(Inspector.objects.values_list("name", "certificate_no"))
    assert len(people) >= 4
    for page in pages:
        for name, certificate_no in people:
            assert name not in page and certificate_no not in page
