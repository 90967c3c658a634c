"""Every role × territory × action, enforced in the service layer (not just the admin)."""

from datetime import date

import pytest
from wagtail.models import ModelLogEntry

from licensing import roles, services
from licensing.choices import Service
from licensing.models import Institution, Licence
from licensing.territory import NotPermitted
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING, QINGXIU, CHENGZHONG_LIUZHOU = "450102", "450103", "450202"

# role -> the divisions where it may add / change / delete institutions
INSTITUTION_TERRITORY = {
    "superuser": {XINGNING, QINGXIU, CHENGZHONG_LIUZHOU},
    "region": {XINGNING, QINGXIU, CHENGZHONG_LIUZHOU},
    "city": {XINGNING, QINGXIU},
    "county": {XINGNING},
    "inspector": set(),
    "no_authority": set(),
}


@pytest.fixture
def actor(make_user):
    def make(name):
        return {
            "superuser": lambda: make_user(superuser=True),
            "region": lambda: make_user(roles.REGION_STAFF, "45"),
            "city": lambda: make_user(roles.CITY_OFFICIALS, "4501"),
            "county": lambda: make_user(roles.COUNTY_OFFICIALS, XINGNING),
            "inspector": lambda: make_user(roles.INSPECTORS, "45"),
            "no_authority": lambda: make_user(roles.COUNTY_OFFICIALS),
        }[name]()

    return make


@pytest.mark.parametrize("role", INSTITUTION_TERRITORY)
@pytest.mark.parametrize("code", [XINGNING, QINGXIU, CHENGZHONG_LIUZHOU])
def test_add_institution(actor, role, code):
    user = actor(role)
    new = InstitutionFactory.build(region=region(code), name="示例新增医院")
    if code in INSTITUTION_TERRITORY[role]:
        services.save_institution(user, new)
        assert ModelLogEntry.objects.filter(action="wagtail.create", user=user).exists()
    else:
        with pytest.raises(NotPermitted):
            services.save_institution(user, new)
    assert Institution.objects.filter(name="示例新增医院").exists() == (
        code in INSTITUTION_TERRITORY[role]
    )


@pytest.mark.parametrize("role", INSTITUTION_TERRITORY)
@pytest.mark.parametrize("code", [XINGNING, QINGXIU, CHENGZHONG_LIUZHOU])
def test_change_institution(actor, role, code):
    user = actor(role)
    institution = InstitutionFactory(region=region(code))
    institution.address = "示例新地址"
    allowed = code in INSTITUTION_TERRITORY[role]
    if allowed:
        services.save_institution(user, institution)
    else:
        with pytest.raises(NotPermitted):
            services.save_institution(user, institution)
    institution.refresh_from_db()
    assert (institution.address == "示例新地址") == allowed


@pytest.mark.parametrize("role", INSTITUTION_TERRITORY)
@pytest.mark.parametrize("code", [XINGNING, QINGXIU, CHENGZHONG_LIUZHOU])
def test_delete_institution(actor, role, code):
    user = actor(role)
    institution = InstitutionFactory(region=region(code))
    allowed = code in INSTITUTION_TERRITORY[role]
    if allowed:
        services.delete(user, institution)
    else:
        with pytest.raises(NotPermitted):
            services.delete(user, institution)
    assert Institution.objects.filter(pk=institution.pk).exists() != allowed


def test_county_cannot_move_its_institution_to_another_county(xingning_county):
    institution = InstitutionFactory(region=region(XINGNING))
    institution.region = region(QINGXIU)
    with pytest.raises(NotPermitted, match="不在南宁市兴宁区卫生健康局的辖区内"):
        services.save_institution(xingning_county, institution)
    assert Institution.objects.get(pk=institution.pk).region.code == XINGNING


def test_institution_with_licences_cannot_be_deleted(region_staff):
    licence = LicenceFactory()
    with pytest.raises(NotPermitted, match="仍有许可记录"):
        services.delete(region_staff, licence.institution)
    assert Institution.objects.filter(pk=licence.institution.pk).exists()


# (role, service, decision date, licensing authority) -> allowed, for a Xingning institution
LICENCE_CASES = [
    ("county", Service.PREMARITAL_EXAM, date(2024, 3, 1), XINGNING, True),
    ("county", Service.PRENATAL_SCREENING, date(2021, 7, 1), XINGNING, True),
    ("county", Service.MCH_SPECIAL, date(2024, 3, 1), XINGNING, True),
    ("county", Service.PRENATAL_SCREENING, date(2021, 6, 30), XINGNING, False),  # city's then
    ("county", Service.ART, date(2024, 3, 1), XINGNING, False),
    ("county", Service.SPERM_BANK, date(2024, 3, 1), XINGNING, False),
    ("county", Service.PRENATAL_DIAGNOSIS, date(2024, 3, 1), XINGNING, False),
    ("county", Service.PREMARITAL_EXAM, date(2024, 3, 1), QINGXIU, False),  # not its name
    ("city", Service.PREMARITAL_EXAM, date(2021, 6, 30), "4501", True),
    ("city", Service.PREMARITAL_EXAM, date(2024, 3, 1), "4501", False),  # county's since reform
    ("city", Service.ART, date(2024, 3, 1), "4501", False),
    ("region", Service.ART, date(2024, 3, 1), "45", True),
    ("region", Service.PREMARITAL_EXAM, date(2024, 3, 1), XINGNING, True),
    ("superuser", Service.SPERM_BANK, date(2024, 3, 1), "45", True),
    ("inspector", Service.PREMARITAL_EXAM, date(2024, 3, 1), XINGNING, False),
    ("no_authority", Service.PREMARITAL_EXAM, date(2024, 3, 1), XINGNING, False),
]


@pytest.mark.parametrize(("role", "service", "decided", "issuer", "allowed"), LICENCE_CASES)
def test_add_licence(actor, role, service, decided, issuer, allowed):
    user = actor(role)
    institution = InstitutionFactory(region=region(XINGNING))
    licence = LicenceFactory.build(
        institution=institution, service=service, decided_on=decided, valid_from=decided,
        valid_until=date(decided.year + 3, 1, 1), authority=authority(issuer),
    )
    if allowed:
        services.save_licence(user, licence)
    else:
        with pytest.raises(NotPermitted):
            services.save_licence(user, licence)
    assert Licence.objects.filter(institution=institution).exists() == allowed


@pytest.mark.parametrize("role", ["region", "city", "county", "inspector"])
@pytest.mark.parametrize("code", [XINGNING, CHENGZHONG_LIUZHOU])
@pytest.mark.parametrize("action", ["change", "delete"])
def test_change_and_delete_existing_licence(actor, role, code, action):
    user = actor(role)
    licence = LicenceFactory(institution=InstitutionFactory(region=region(code)))
    # A 2024 premarital licence: the county's to manage, and the region's.
    allowed = role == "region" or (role == "county" and code == XINGNING)
    def attempt():
        if action == "delete":
            services.delete(user, licence)
        else:
            licence.decision_no = "示例改字〔2024〕1号"
            services.save_licence(user, licence)

    if allowed:
        attempt()
    else:
        with pytest.raises(NotPermitted):
            attempt()
    still_there = Licence.objects.filter(pk=licence.pk, decision_no__startswith="示例许字")
    assert still_there.exists() != allowed


def test_refusal_names_the_rule(xingning_county):
    licence = LicenceFactory.build(
        institution=InstitutionFactory(region=region(XINGNING)), service=Service.ART,
        authority=authority(XINGNING),
    )
    with pytest.raises(NotPermitted) as refused:
        services.save_licence(xingning_county, licence)
    message = str(refused.value)
    assert "人类辅助生殖技术" in message and "省级" in message and "R1" in message
