"""Published inspection results in search, on the database and (when ELASTICSEARCH_URL is
set) on Elasticsearch: found by two characters of the institution or its USCC once
reviewed and public; never while being entered or reviewed; never by an inspector's name."""

from datetime import date

import pytest

from disclosure.inspections import services
from disclosure.inspections.models import Inspection
from disclosure.inspections.models.results import Outcome
from tests.disclosure.credit.test_search import backend, commit, found  # noqa: F401

pytestmark = pytest.mark.django_db


def _enter_and_submit(user, inspection):
    items = services.plan_items(inspection)
    services.save_results(user, inspection, visited_on=date(2024, 5, 6),
                          outcome=Outcome.NO_PROBLEM,
                          results={item.pk: ("pass", "") for item in items})
    services.submit(user, inspection)


def test_found_once_reviewed_and_public(backend, commit, drawn_plan, county, county2,  # noqa: F811
                                        roster):
    inspection = Inspection.objects.order_by("pk").first()
    key = ("inspection", inspection.pk)
    with commit():
        _enter_and_submit(county, inspection)
    assert key not in found("妇幼") and key not in found(inspection.institution.uscc)
    with commit():
        services.approve(county2, inspection)
    name = inspection.institution.name
    for text in (name[-3:], inspection.institution.uscc):
        assert key in found(text), text
    assert key in found("妇幼", types=("inspection",))
    assert key not in found(roster[0].name)
