"""Credit records through the service layer: who may write what, licence events,
publication, early end by repair or annulment, the blacklist and the credit status."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from disclosure.credit import services
from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord, mask_name
from disclosure.credit.scheme import DISHONEST, GOOD, WARNING
from disclosure.credit.status import credit_status
from licensing import roles
from licensing.choices import EventKind, Service, Status
from licensing.territory import NotPermitted
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING, QINGXIU, CHENGZHONG = "450102", "450103", "450202"


def penalty(institution, code=XINGNING, **fields):
    values = dict(
        institution=institution, service=Service.PREMARITAL_EXAM, subject_name=institution.name,
        uscc=institution.uscc, legal_representative="示例甲", decision_no="示例卫罚〔2025〕1号",
        violation_type="超出批准范围开展婚前医学检查", facts="示例违法事实",
        basis="《中华人民共和国母婴保健法》第三十五条", kinds=["罚款"], content="罚款0.5万元",
        fine=Decimal("0.5"), decided_on=date(2025, 3, 3), authority=authority(code),
    )
    values.update(fields)
    return Penalty(**values)


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


@pytest.mark.parametrize("role,code,place,allowed", [
    (roles.COUNTY_OFFICIALS, XINGNING, XINGNING, True),
    (roles.COUNTY_OFFICIALS, QINGXIU, XINGNING, False),   # another county
    (roles.CITY_OFFICIALS, "4501", XINGNING, False),       # the city does not license it
    (roles.REGION_STAFF, "45", XINGNING, True),            # the region keeps the register
    (roles.COUNTY_OFFICIALS, XINGNING, CHENGZHONG, False),  # another city
    (roles.INSPECTORS, "45", XINGNING, False),
])
def test_who_records_a_penalty(make_user, role, code, place, allowed):
    user = make_user(role, code)
    record = penalty(InstitutionFactory(region=region(place)), code=code if code != "4501"
                     else XINGNING)
    if allowed:
        services.record_penalty(user, record)
        assert ModelLogEntry.objects.filter(action="wagtail.create", user=user).exists()
    else:
        with pytest.raises(NotPermitted):
            services.record_penalty(user, record)
    assert Penalty.objects.exists() == allowed


def test_only_the_region_penalises_an_art_clinic(make_user, county):
    clinic = InstitutionFactory(region=region(XINGNING))
    with pytest.raises(NotPermitted):
        services.record_penalty(county, penalty(clinic, service=Service.ART))
    services.record_penalty(make_user(roles.REGION_STAFF, "45"),
                            penalty(clinic, service=Service.ART, code="45"))


def test_a_revocation_writes_the_licence_history(county):
    licence = LicenceFactory(institution__region=region(XINGNING))
    record = services.record_penalty(county, penalty(
        licence.institution, kinds=["罚款", "吊销许可证件"], licence=licence,
        licence_document=f"母婴保健技术服务执业许可证 {licence.licence_no}"))
    licence.refresh_from_db()
    event = licence.events.get(kind=EventKind.REVOKED)
    assert (event.date, event.document_no) == (record.decided_on, record.decision_no)
    assert licence.status(date(2025, 3, 4)) == Status.REVOKED
    assert credit_status(licence.institution, date(2025, 3, 4)).level == DISHONEST


def test_a_penalty_cannot_name_another_institutions_licence(county):
    other = LicenceFactory(institution__region=region(XINGNING))
    with pytest.raises(ValidationError):
        services.record_penalty(county, penalty(
            InstitutionFactory(region=region(XINGNING)), kinds=["吊销许可证件"], licence=other))
    assert not other.events.filter(kind=EventKind.REVOKED).exists()


def test_public_from_publication_until_the_end_of_its_period(county):
    record = services.record_penalty(county, penalty(InstitutionFactory(region=region(XINGNING))))
    assert not record.is_public(date(2025, 3, 5))
    services.publish_penalty(county, record, date(2025, 3, 6))
    assert record.public_until == date(2028, 3, 3)
    assert record.is_public(date(2025, 3, 6)) and record.is_public(date(2028, 3, 3))
    assert not record.is_public(date(2028, 3, 4))
    assert credit_status(record.institution, date(2026, 1, 1)).level == WARNING
    assert credit_status(record.institution, date(2028, 3, 4)).level == GOOD


def test_repair_is_refused_before_the_shortest_period_then_ends_publication(county):
    record = services.record_penalty(county, penalty(InstitutionFactory(region=region(XINGNING))))
    services.publish_penalty(county, record, date(2025, 3, 6))
    with pytest.raises(NotPermitted):
        services.end_publication(county, record, "repaired", "已完成信用修复", date(2025, 6, 3))
    services.end_publication(county, record, "repaired", "已完成信用修复", date(2025, 6, 4))
    assert not record.is_public(date(2025, 6, 4)) and record.is_public(date(2025, 6, 3))
    entry = ModelLogEntry.objects.filter(object_id=str(record.pk), action="wagtail.edit").last()
    assert entry.user == county and "信用修复" in str(entry.data)


def test_an_annulled_decision_is_withdrawn_at_once_with_a_statement(county):
    record = services.record_penalty(county, penalty(InstitutionFactory(region=region(XINGNING))))
    services.publish_penalty(county, record, date(2025, 3, 6))
    with pytest.raises(NotPermitted):
        services.end_publication(county, record, "annulled", "  ", date(2025, 3, 7))
    services.end_publication(county, record, "annulled", "原处罚决定已被撤销", date(2025, 3, 7))
    assert not record.is_public(date(2025, 3, 7))
    with pytest.raises(NotPermitted):
        services.record_penalty(county, record)


def test_a_warning_alone_is_not_published_unless_marked(county):
    record = services.record_penalty(county, penalty(
        InstitutionFactory(region=region(XINGNING)), kinds=["警告"], fine=None,
        content="警告"))
    with pytest.raises(NotPermitted):
        services.publish_penalty(county, record, date(2025, 3, 6))
    record.publish_warning = True
    services.record_penalty(county, record)
    services.publish_penalty(county, record, date(2025, 3, 6))
    assert record.is_public(date(2025, 3, 6))


def test_a_county_cannot_move_another_countys_penalty_into_its_own(make_user, county):
    other = make_user(roles.COUNTY_OFFICIALS, QINGXIU)
    record = services.record_penalty(
        other, penalty(InstitutionFactory(region=region(QINGXIU)), code=QINGXIU))
    record.institution = InstitutionFactory(region=region(XINGNING))
    record.authority = authority(XINGNING)
    with pytest.raises(NotPermitted):
        services.record_penalty(county, record)
    record.refresh_from_db()
    assert record.institution.region.code == QINGXIU


def test_blacklist_in_force_until_lifted_and_masked_in_public(county):
    institution = InstitutionFactory(region=region(XINGNING))
    entry = services.save_record(county, BlacklistEntry(
        institution=institution, person_name="张三丰", person_id_number="11010519491231002X",
        service=Service.PREMARITAL_EXAM, reason="出具虚假医学证明", basis="示例依据",
        decision_no="示例黑字1号", authority=authority(XINGNING), starts_on=date(2025, 1, 2)))
    assert entry.public_person() == "张**" and mask_name("欧阳娜娜") == "欧***"
    assert "11010519491231002X" not in str(entry)
    assert credit_status(institution, date(2025, 5, 1)).level == DISHONEST
    with pytest.raises(NotPermitted):
        services.lift_blacklist(county, entry, " ")
    services.lift_blacklist(county, entry, "整改完毕，期满移出", date(2025, 6, 1))
    assert credit_status(institution, date(2025, 6, 1)).level == GOOD
    assert credit_status(institution, date(2025, 5, 31)).level == DISHONEST


def test_points_in_the_cycle_lead_to_a_warning(county):
    institution = InstitutionFactory(region=region(XINGNING))
    for behaviour, day in (("J05", date(2025, 2, 1)), ("J02", date(2025, 3, 1)),
                           ("J06", date(2024, 12, 31))):
        services.save_record(county, PointRecord(
            institution=institution, service=Service.PREMARITAL_EXAM, behaviour=behaviour,
            occurred_on=day, recorded_on=day, authority=authority(XINGNING)))
    assert credit_status(institution, date(2025, 2, 28)).level == GOOD  # 10 points this year
    status = credit_status(institution, date(2025, 3, 1))  # 12 points
    assert status.level == WARNING and "12分" in status.reasons[0]
    assert credit_status(institution, date(2024, 12, 31)).level == WARNING


def test_personnel_points_do_not_count_for_the_institution(county):
    institution = InstitutionFactory(region=region(XINGNING))
    services.save_record(county, PointRecord(
        institution=institution, service=Service.PREMARITAL_EXAM, behaviour="R04",
        person_name="示例医生", occurred_on=date(2025, 2, 1), recorded_on=date(2025, 2, 1),
        authority=authority(XINGNING)))
    assert credit_status(institution, date(2025, 3, 1)).level == GOOD
    with pytest.raises(ValidationError):
        services.save_record(county, PointRecord(
            institution=institution, service=Service.PREMARITAL_EXAM, behaviour="R04",
            occurred_on=date(2025, 2, 1), recorded_on=date(2025, 2, 1) + timedelta(days=1),
            authority=authority(XINGNING)))


def test_the_dashboard_lists_unpublished_penalties_with_working_days_left(client, county):
    from disclosure.credit.dashboard import unpublished_penalties

    record = services.record_penalty(county, penalty(InstitutionFactory(region=region(XINGNING))))
    rows = unpublished_penalties(county, today=date(2025, 3, 6))
    assert [(p.pk, deadline, left) for p, deadline, left in rows] == [
        (record.pk, date(2025, 3, 12), 4)]
    client.force_login(county)
    assert "示例卫罚〔2025〕1号" in client.get("/admin/").content.decode()
    services.publish_penalty(county, record, date(2025, 3, 6))
    assert unpublished_penalties(county) == []
