"""Credit records in the admin: the form, saving through the service, ending publication."""

from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from disclosure.credit.models import Penalty
from licensing import roles
from licensing.choices import EventKind, Service
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING, QINGXIU = "450102", "450103"
ADD = "wagtailsnippets_credit_penalty:add"


def form(institution, **changes):
    data = {
        "institution": institution.pk, "service": Service.PREMARITAL_EXAM,
        "subject_kind": "organisation", "subject_name": institution.name,
        "uscc": institution.uscc, "legal_representative": "示例甲",
        "decision_no": "示例卫罚〔2025〕9号", "violation_type": "示例", "facts": "示例事实",
        "basis": "示例依据", "kinds": ["罚款", "吊销许可证件"], "content": "示例内容",
        "fine": "0.3", "decided_on": "2025-04-01", "authority": authority(XINGNING).pk,
    }
    data.update(changes)
    return data


def test_a_county_records_a_revocation_in_the_admin_and_the_licence_shows_it(client, make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    licence = LicenceFactory(institution__region=region(XINGNING))
    client.force_login(county)
    assert "吊销许可证件" in client.get(reverse(ADD)).content.decode()
    response = client.post(reverse(ADD), form(licence.institution, licence=licence.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    penalty = Penalty.objects.get()
    assert penalty.kinds == ["罚款", "吊销许可证件"] and penalty.public_until == date(2028, 4, 1)
    assert licence.events.filter(kind=EventKind.REVOKED, document_no=penalty.decision_no).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.create", user=county,
                                        content_type__model="penalty").exists()


def test_a_county_cannot_penalise_in_another_county(client, make_user):
    client.force_login(make_user(roles.COUNTY_OFFICIALS, XINGNING))
    elsewhere = InstitutionFactory(region=region(QINGXIU))
    response = client.post(reverse(ADD), form(elsewhere, kinds=["罚款"]))
    assert response.status_code == 200 and not Penalty.objects.exists()


def test_ending_a_publication_through_the_admin(client, make_user):
    from disclosure.credit import services

    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    institution = InstitutionFactory(region=region(XINGNING))
    record = Penalty(**{k: v for k, v in form(institution, kinds=["罚款"]).items()
                        if k not in ("institution", "authority", "decided_on")},
                     institution=institution, authority=authority(XINGNING),
                     decided_on=date(2025, 4, 1))
    record.kinds = ["罚款"]
    services.record_penalty(county, record)
    services.publish_penalty(county, record, date(2025, 4, 2))
    client.force_login(county)
    edit = client.get(reverse("wagtailsnippets_credit_penalty:edit", args=[record.pk]))
    assert edit.status_code == 403  # published: frozen
    url = reverse("wagtailsnippets_credit_penalty:end_publication", args=[record.pk])
    client.post(url, {"reason": "annulled", "statement": "原处罚决定已撤销"})
    record.refresh_from_db()
    assert record.end_reason == "annulled" and record.ended_on is not None


def test_the_listing_offers_ending_a_published_penalty(client, make_user):
    from disclosure.credit import services

    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    institution = InstitutionFactory(region=region(XINGNING))
    record = Penalty(**{k: v for k, v in form(institution).items()
                        if k not in ("institution", "authority", "decided_on", "kinds")},
                     institution=institution, authority=authority(XINGNING),
                     decided_on=date(2025, 4, 1), kinds=["罚款"])
    services.record_penalty(county, record)
    services.publish_penalty(county, record, date(2025, 4, 2))
    client.force_login(county)
    listing = client.get(reverse("wagtailsnippets_credit_penalty:list")).content.decode()
    assert reverse("wagtailsnippets_credit_penalty:end_publication", args=[record.pk]) in listing
