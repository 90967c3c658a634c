"""The Wagtail admin: territory enforced on the URLs themselves, audit log, search, export."""

import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from licensing.choices import Service
from licensing.demo import demo_uscc
from licensing.models import Institution, Licence
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

INSTITUTION = "wagtailsnippets_licensing_institution"
LICENCE = "wagtailsnippets_licensing_licence"


def institution_form(institution=None, **changes):
    data = {
        "name": "示例兴宁区新建医院", "uscc": demo_uscc(900001, "450102"), "medical_licence_no": "",
        "region": region("450102").pk, "address": "示例路2号", "category": "general",
        "ownership": "public", "contact_phone": "0771-5000000",
    }
    if institution:
        data.update(name=institution.name, uscc=institution.uscc, region=institution.region.pk)
    data.update(changes)
    return data


def licence_form(institution, **changes):
    data = {
        "institution": institution.pk, "service": Service.PREMARITAL_EXAM,
        "authority": authority("450102").pk, "decision_no": "示例许字〔2024〕9号",
        "licence_no": "PM-ADMIN-0001", "decided_on": "2024-05-06", "valid_from": "2024-05-06",
        "valid_until": "2027-05-05",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.fixture
def other_county_institution():
    return InstitutionFactory(region=region("450103"), name="示例青秀区某医院")


def test_county_official_cannot_open_another_countys_edit_url(
    client, xingning_county, other_county_institution
):
    client.force_login(xingning_county)
    url = reverse(f"{INSTITUTION}:edit", args=[other_county_institution.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "不在南宁市兴宁区卫生健康局的辖区内" in response.content.decode()


def test_county_official_cannot_post_to_another_countys_edit_url(
    client, xingning_county, other_county_institution
):
    client.force_login(xingning_county)
    url = reverse(f"{INSTITUTION}:edit", args=[other_county_institution.pk])
    client.post(url, institution_form(other_county_institution, address="改了"))
    other_county_institution.refresh_from_db()
    assert other_county_institution.address == "示例路1号"


def test_county_official_cannot_delete_another_countys_institution(
    client, xingning_county, other_county_institution
):
    client.force_login(xingning_county)
    client.post(reverse(f"{INSTITUTION}:delete", args=[other_county_institution.pk]))
    assert Institution.objects.filter(pk=other_county_institution.pk).exists()


def test_county_official_edits_own_institution_and_it_is_logged(client, xingning_county):
    institution = InstitutionFactory()
    client.force_login(xingning_county)
    url = reverse(f"{INSTITUTION}:edit", args=[institution.pk])
    response = client.post(url, institution_form(institution, address="示例新路8号"))
    assert response.status_code == 302, response.content.decode()[:2000]
    institution.refresh_from_db()
    assert institution.address == "示例新路8号"
    entry = ModelLogEntry.objects.get(object_id=str(institution.pk), action="wagtail.edit")
    assert entry.user == xingning_county and entry.timestamp
    history = client.get(reverse(f"{INSTITUTION}:history", args=[institution.pk]))
    assert xingning_county.get_username() in history.content.decode()


def test_county_official_cannot_create_an_institution_in_another_county(client, xingning_county):
    client.force_login(xingning_county)
    response = client.post(
        reverse(f"{INSTITUTION}:add"), institution_form(region=region("450103").pk)
    )
    assert response.status_code == 200
    assert "该选择不在可用的选项中" in response.content.decode()  # not one of its counties
    assert not Institution.objects.filter(name="示例兴宁区新建医院").exists()


def test_county_official_creates_an_institution_in_own_county(client, xingning_county):
    client.force_login(xingning_county)
    response = client.post(reverse(f"{INSTITUTION}:add"), institution_form())
    assert response.status_code == 302
    created = Institution.objects.get(name="示例兴宁区新建医院")
    assert ModelLogEntry.objects.filter(
        object_id=str(created.pk), action="wagtail.create", user=xingning_county
    ).exists()


def test_bad_uscc_in_the_admin_form_names_the_field(client, region_staff):
    client.force_login(region_staff)
    bad_check_character = demo_uscc(900001, "450102")[:-1] + "0"
    response = client.post(
        reverse(f"{INSTITUTION}:add"), institution_form(uscc=bad_check_character)
    )
    assert "统一社会信用代码校验位错误" in response.content.decode()
    assert not Institution.objects.exists()


def test_county_official_cannot_record_an_art_licence(client, xingning_county):
    institution = InstitutionFactory()
    client.force_login(xingning_county)
    response = client.post(
        reverse(f"{LICENCE}:add"), licence_form(institution, service=Service.ART)
    )
    assert "人类辅助生殖技术许可由省级（自治区）卫生健康行政部门审批" in response.content.decode()
    assert not Licence.objects.exists()


def test_county_official_records_a_premarital_licence(client, xingning_county):
    institution = InstitutionFactory()
    client.force_login(xingning_county)
    response = client.post(reverse(f"{LICENCE}:add"), licence_form(institution))
    assert response.status_code == 302, response.content.decode()[-3000:]
    licence = Licence.objects.get(licence_no="PM-ADMIN-0001")
    assert licence.events.get().kind == "granted"


def test_county_official_cannot_edit_a_licence_of_another_county(client, xingning_county):
    licence = LicenceFactory(institution=InstitutionFactory(region=region("450202")))
    client.force_login(xingning_county)
    response = client.get(reverse(f"{LICENCE}:edit", args=[licence.pk]), follow=True)
    assert "不在南宁市兴宁区卫生健康局的辖区内" in response.content.decode()


def test_inspector_reads_but_cannot_edit(client, inspector):
    institution = InstitutionFactory()
    client.force_login(inspector)
    assert client.get(reverse(f"{INSTITUTION}:list")).status_code == 200
    response = client.get(reverse(f"{INSTITUTION}:edit", args=[institution.pk]), follow=True)
    assert "没有修改医疗机构的权限" in response.content.decode()


def test_admin_search_finds_a_two_character_fragment(client, region_staff):
    InstitutionFactory(name="示例南宁市妇幼保健院")
    InstitutionFactory(name="示例南宁市人民医院")
    client.force_login(region_staff)
    response = client.get(reverse(f"{INSTITUTION}:list"), {"q": "妇幼"})
    content = response.content.decode()
    assert "示例南宁市妇幼保健院" in content
    assert "示例南宁市人民医院" not in content


def test_export_csv_and_xlsx_keep_chinese(client, region_staff):
    LicenceFactory(institution=InstitutionFactory(name="示例导出医院"))
    client.force_login(region_staff)
    csv_response = client.get(reverse(f"{INSTITUTION}:list"), {"export": "csv"})
    assert "示例导出医院" in b"".join(csv_response.streaming_content).decode("utf-8")
    xlsx = client.get(reverse(f"{LICENCE}:list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.values)
    assert "医疗机构" in rows[0] and "许可项目" in rows[0]
    assert rows[1][0] == "示例导出医院" and "婚前医学检查" in rows[1]


def test_institution_chooser_searches_with_the_tokeniser(client, xingning_county):
    InstitutionFactory(name="示例南宁市妇幼保健院")
    InstitutionFactory(name="示例南宁市人民医院")
    client.force_login(xingning_county)
    url = reverse("wagtailsnippetchoosers_licensing_institution:choose_results")
    content = client.get(url, {"q": "妇幼"}).content.decode()
    assert "示例南宁市妇幼保健院" in content
    assert "示例南宁市人民医院" not in content
