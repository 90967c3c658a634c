"""Delegated approvals: who may decide what, and what a decision does to the register."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from licensing import roles, services
from licensing.choices import EventKind, Service
from licensing.models import Approval, Licence, PersonnelQualification, Technology
from licensing.territory import NotPermitted
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING = "450102"
DAY = date(2024, 3, 1)
SCREENING_MATERIALS = dict(has_medical_licence=True, has_staff_certificates=True,
                           has_application_form=True, has_other_documents=True)


def application(institution, service, deciding, day=DAY, **fields):
    """A complete granted application decided on `day`; `fields` override any value."""
    values = dict(
        institution=institution, service=service, authority=authority(deciding),
        received_on=day - timedelta(days=30), decision=Approval.Decision.APPROVED,
        decided_on=day, decision_no="示例许字〔2024〕5号", licence_no=f"T-{service}-1",
        valid_from=day, valid_until=date(day.year + 3, 1, 1),
        site_review_on=day - timedelta(days=5), city_experts="示例市级专家甲",
        **SCREENING_MATERIALS,
    )
    values.update(fields)
    return Approval(**values)


ACTORS = {
    "region": (roles.REGION_STAFF, "45"),
    "city": (roles.CITY_OFFICIALS, "4501"),
    "county": (roles.COUNTY_OFFICIALS, XINGNING),
    "other_county": (roles.COUNTY_OFFICIALS, "450103"),
}
ALLOWED = {
    "region": {Service.ART, Service.SPERM_BANK, Service.PRENATAL_DIAGNOSIS},
    "city": set(),
    "county": {Service.PREMARITAL_EXAM, Service.PRENATAL_SCREENING, Service.MCH_SPECIAL},
    "other_county": set(),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("service", Service.values)
def test_role_level_service_matrix(make_user, actor, service):
    role, code = ACTORS[actor]
    user = make_user(role, code)
    institution = InstitutionFactory(region=region(XINGNING))
    approval = application(institution, service, deciding=code)
    techs = Technology.objects.filter(code="AIH") if service == Service.ART else None
    if service in ALLOWED[actor]:
        services.record_approval(user, approval, techs)
        assert Licence.objects.filter(institution=institution, service=service).exists()
    else:
        with pytest.raises(NotPermitted):
            services.record_approval(user, approval, techs)
        assert not Approval.objects.exists() and not Licence.objects.exists()


def test_refusal_names_the_rule(make_user):
    user = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.ART, deciding=XINGNING)
    with pytest.raises(NotPermitted, match="人类辅助生殖技术审批由省级.*R1"):
        services.record_approval(user, approval)


def test_city_decided_premarital_approvals_before_the_reform(make_user):
    user = make_user(roles.CITY_OFFICIALS, "4501")
    approval = application(InstitutionFactory(), Service.PREMARITAL_EXAM, deciding="4501",
                           day=date(2021, 6, 30))
    services.record_approval(user, approval)
    assert approval.licence.authority.name == "南宁市卫生健康委员会"


def test_a_county_cannot_decide_in_the_name_of_another_authority(make_user):
    user = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.PREMARITAL_EXAM, deciding="450103")
    with pytest.raises(NotPermitted, match="只能以本机关"):
        services.record_approval(user, approval)


def test_lifecycle_from_receipt_to_licence(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    institution = InstitutionFactory()
    approval = application(institution, Service.PREMARITAL_EXAM, deciding=XINGNING,
                           decision=Approval.Decision.PENDING, decided_on=None, decision_no="")
    services.record_approval(county, approval)
    assert not Licence.objects.exists() and approval.working_days_left() is None
    approval.decision, approval.decided_on = Approval.Decision.APPROVED, DAY
    approval.decision_no = "示例许字〔2024〕5号"
    services.record_approval(county, approval)
    licence = Licence.objects.get(institution=institution)
    assert (licence.licence_no, licence.decided_on) == ("T-premarital_exam-1", DAY)
    assert [e.kind for e in licence.events.all()] == [EventKind.GRANTED]
    assert approval.publicity_deadline == date(2024, 3, 12)
    with pytest.raises(NotPermitted, match="已作出决定"):
        services.record_approval(county, approval)


def test_refusal_is_kept_and_changes_nothing_in_the_register(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.PREMARITAL_EXAM, deciding=XINGNING,
                           decision=Approval.Decision.REFUSED)
    with pytest.raises(ValidationError, match="须说明理由"):
        services.record_approval(county, approval)
    approval.reasons = "示例：现场评审不合格"
    services.record_approval(county, approval)
    assert Approval.objects.get().decision == Approval.Decision.REFUSED
    assert not Licence.objects.exists()
    assert approval.publicity_deadline is None


def test_screening_cannot_be_granted_while_a_material_is_missing(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.PRENATAL_SCREENING, deciding=XINGNING,
                           has_application_form=False)
    with pytest.raises(ValidationError, match="申请材料不齐.*申请登记书"):
        services.record_approval(county, approval)
    assert not Approval.objects.exists() and not Licence.objects.exists()


def test_transition_decision_records_the_citys_experts(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.PRENATAL_SCREENING, deciding=XINGNING,
                           day=date(2021, 9, 1), city_experts="")
    with pytest.raises(ValidationError, match="市级选派"):
        services.record_approval(county, approval)
    approval.city_experts = "示例南宁市专家乙、丙"
    services.record_approval(county, approval)
    assert Licence.objects.count() == 1


def test_dates_must_follow_the_procedure(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = application(InstitutionFactory(), Service.PREMARITAL_EXAM, deciding=XINGNING,
                           site_review_on=DAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="日期顺序有误"):
        services.record_approval(county, approval)


def test_renewal_extends_the_licence(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    licence = LicenceFactory(valid_until=date(2027, 1, 9))
    approval = application(licence.institution, Service.PREMARITAL_EXAM, deciding=XINGNING,
                           kind=Approval.Kind.RENEWAL, licence=licence, licence_no="",
                           day=date(2026, 11, 2), valid_until=date(2030, 1, 9))
    services.record_approval(county, approval)
    licence.refresh_from_db()
    assert licence.valid_until == date(2030, 1, 9)
    assert licence.events.last().kind == EventKind.VERIFIED


def test_art_grant_carries_its_technologies_into_the_licence(make_user):
    staff = make_user(roles.REGION_STAFF, "45")
    approval = application(InstitutionFactory(), Service.ART, deciding="45")
    services.record_approval(staff, approval, Technology.objects.filter(code__in=["AIH", "ICSI"]))
    assert {t.code for t in approval.licence.technologies.all()} == {"AIH", "ICSI"}


def qualification(institution, deciding="4501", **fields):
    values = dict(institution=institution, name="示例张某", id_number="11010519491231002X",
                  phone="13800000000", service=Service.PRENATAL_SCREENING,
                  certificate_kind="mch", certificate_no="示例证字001",
                  authority=authority(deciding), decided_on=DAY)
    values.update(fields)
    return PersonnelQualification(**values)


def test_personnel_are_approved_by_the_city_only(make_user):
    city = make_user(roles.CITY_OFFICIALS, "4501")
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    institution = InstitutionFactory()
    with pytest.raises(NotPermitted):
        services.save_personnel(county, qualification(institution, deciding=XINGNING))
    liuzhou = InstitutionFactory(region=region("450202"))
    with pytest.raises(NotPermitted, match="不在南宁市卫生健康委员会的辖区内"):
        services.save_personnel(city, qualification(liuzhou))
    services.save_personnel(city, qualification(institution))
    assert PersonnelQualification.objects.count() == 1


def test_personnel_id_number_is_checked(make_user):
    city = make_user(roles.CITY_OFFICIALS, "4501")
    with pytest.raises(ValidationError, match="居民身份证号码校验不通过"):
        services.save_personnel(city, qualification(InstitutionFactory(),
                                                    id_number="110105194912310021"))
