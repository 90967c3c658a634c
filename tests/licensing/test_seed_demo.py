from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from licensing.choices import Level, Service
from licensing.models import Institution, Licence, Region

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command("seed_demo", *args, stdout=StringIO())


def test_default_register_has_real_proportions_across_all_cities():
    seed()
    by_service = dict(
        Licence.objects.values_list("service").annotate(n=Count("institution", distinct=True))
    )
    assert 25 <= by_service[Service.ART] <= 60  # a few dozen ART clinics
    assert by_service[Service.SPERM_BANK] == 1
    assert 90 <= by_service[Service.PRENATAL_SCREENING] <= 150
    assert 90 <= by_service[Service.PREMARITAL_EXAM] <= 150
    cities = Region.objects.filter(level=Level.CITY, code__startswith="45")
    for city in cities:
        assert Institution.objects.filter(region__code__startswith=city.code).exists(), city
    assert Institution.objects.values("region").distinct().count() == 111


def test_names_are_fictional():
    seed("--institutions", "400")
    assert not Institution.objects.exclude(name__startswith="示例").exists()


def test_seeding_twice_adds_nothing():
    seed("--institutions", "300")
    counts = (Institution.objects.count(), Licence.objects.count())
    seed("--institutions", "300")
    assert (Institution.objects.count(), Licence.objects.count()) == counts == (300, counts[1])


def test_demo_licences_have_histories_and_are_searchable(client):
    seed()
    licence = Licence.objects.filter(events__kind="verified").first()
    assert licence.events.count() >= 2
    response = client.get("/institutions/", {"q": licence.licence_no})
    assert licence.institution in response.context["page"].object_list


def test_demo_has_published_decisions_and_qualified_staff(client):
    from stdnum.cn import ric

    from licensing.models import Approval, PersonnelQualification

    seed()
    assert Approval.objects.filter(published_on__isnull=False).count() > 50
    staff = PersonnelQualification.objects.all()
    assert staff.exists() and all(ric.is_valid(s.id_number) for s in staff)
    assert client.get("/licensing-decisions/").context["page"].paginator.count > 50


def test_demo_publishes_past_list_editions_once(client):
    from disclosure.models import ListEdition

    seed()
    seed()
    editions = ListEdition.objects.filter(published_on__isnull=False)
    assert editions.count() == 3 and all(e.rows for e in editions)
    html = client.get("/lists/").content.decode()
    assert "逾期" in html and "按时" in html


def test_demo_applications_show_every_stage(client):
    from disclosure.models import SetupApplication
    from disclosure.notices import awaiting_disclosure

    seed()
    seed()
    assert SetupApplication.objects.count() == 6
    overdue, soon = awaiting_disclosure()
    assert len(overdue) == 1 and len(soon) == 1
    html = client.get("/applications/").content.decode()
    assert "申请人撤回" in html and "逾期公开" in html and "示例经办人" not in html
