"""`make run`'s accounts: the demo inspector can open the inspections assigned to it."""

from io import StringIO

import pytest
from django.core.management import call_command

from disclosure.inspections.models import Inspection, Inspector

pytestmark = pytest.mark.django_db


def test_the_demo_inspector_enters_the_results_of_its_own_visits(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--institutions", "150", stdout=StringIO())
    call_command("ensure_dev_users", stdout=StringIO())
    call_command("ensure_dev_users", stdout=StringIO())  # idempotent
    person = Inspector.objects.get(user__username="inspector")
    mine = Inspection.objects.filter(inspectors=person, status=Inspection.Status.ASSIGNED)
    assert mine.exists()
    assert client.login(username="inspector", password="demo-pass-2026")
    url = f"/admin/snippets/inspections/inspection/edit/{mine.first().pk}/"
    assert client.get(url).status_code == 200
    other = Inspection.objects.exclude(inspectors=person).first()  # e.g. the ART round's
    for view in ("edit", "inspect"):
        assert client.get(f"/admin/snippets/inspections/inspection/{view}/{other.pk}/"
                          ).status_code == 403
