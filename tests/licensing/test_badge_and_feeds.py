"""The licence badge (许可证明) and the feeds per institution and per city or county."""

from datetime import date

import pytest

from disclosure.credit import services as credit
from disclosure.credit.models import Penalty
from licensing import roles
from licensing.badge import qr_svg
from licensing.choices import EventKind
from licensing.models import LicenceEvent
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db
XINGNING = "450102"


@pytest.fixture
def clinic():
    licence = LicenceFactory(institution=InstitutionFactory(name="示例徽章医院",
                                                            region=region(XINGNING)),
                             licence_no="PM-BADGE-1")
    LicenceEvent.objects.create(licence=licence, kind=EventKind.SUSPENDED,
                                date=date(2025, 5, 6), document_no="示例监字〔2025〕3号",
                                note="示例：暂停整改")
    licence.save()
    return licence.institution


def test_the_badge_shows_todays_status_and_a_qr_code_to_the_live_record(client, clinic):
    response = client.get(f"/institutions/{clinic.pk}/badge/")
    body = response.content.decode()
    live = f"http://testserver/institutions/{clinic.pk}/"
    assert response.status_code == 200
    assert "示例徽章医院" in body and "PM-BADGE-1" in body and "暂停执业" in body
    assert live in body and qr_svg(live) in body
    assert "X-Frame-Options" not in response  # made to be embedded on the clinic's site
    assert "X-Frame-Options" in client.get(f"/institutions/{clinic.pk}/")
    assert client.get("/institutions/99999999/badge/").status_code == 404


def test_the_institution_feed_has_its_licence_events_and_public_penalties(client, clinic,
                                                                         make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    decisions = [credit.record_penalty(county, Penalty(
        institution=clinic, service="premarital_exam", subject_name=clinic.name,
        uscc=clinic.uscc, decision_no=f"示例卫罚〔2025〕{n}号", violation_type="示例违法",
        facts="示例", basis="示例", kinds=["罚款"], content="罚款", fine="0.1",
        decided_on=date(2025, 6, 2), authority=authority(XINGNING))) for n in (71, 72)]
    credit.publish_penalty(county, decisions[0], date(2025, 6, 3))
    other = InstitutionFactory(name="示例别家医院", region=region("450103"))
    LicenceFactory(institution=other)
    feed = client.get(f"/institutions/{clinic.pk}/feed/").content.decode()
    assert "暂停执业" in feed and "示例监字〔2025〕3号" in feed
    assert "示例卫罚〔2025〕71号" in feed
    assert "示例卫罚〔2025〕72号" not in feed  # recorded, never published
    assert "示例别家医院" not in feed
    county_feed = client.get(f"/regions/{XINGNING}/feed/").content.decode()
    city_feed = client.get("/regions/4501/feed/").content.decode()
    assert "示例卫罚〔2025〕71号" in county_feed and "示例卫罚〔2025〕71号" in city_feed
    assert "示例徽章医院" not in client.get("/regions/450103/feed/").content.decode()
    for code in ("45", "999999", "abc"):
        assert client.get(f"/regions/{code}/feed/").status_code == 404


def test_the_institution_feed_has_its_reviewed_inspection_results(client):
    from tests.factories import art_clinic
    from tests.public_site import inspection_round

    art_clinic("示例徽章生殖中心", granted=date(2023, 3, 1), until=date(2028, 2, 29))
    inspection = inspection_round()
    feed = client.get(f"/institutions/{inspection.institution_id}/feed/").content.decode()
    assert "监督抽查结果" in feed and "发现问题已责令改正" in feed
    assert "示例执法员" not in feed
