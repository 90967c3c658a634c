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
    # Not offered in the drop-down, and refused by the territorial rule when sent anyway.
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


# -- every row opens its record; a county works in its own county by default ----------

APPROVAL = "wagtailsnippets_licensing_approval"
PERSONNEL = "wagtailsnippets_licensing_personnelqualification"


def _url(base, view, record):
    return reverse(f"{base}:{view}", args=[record.pk])


def test_county_listing_shows_its_own_county_and_links_each_row_to_its_record(
    client, xingning_county, other_county_institution
):
    own = InstitutionFactory(name="示例兴宁区某医院")
    client.force_login(xingning_county)
    html = client.get(reverse(f"{INSTITUTION}:list")).content.decode()
    assert "示例兴宁区某医院" in html and "示例青秀区某医院" not in html  # 范围: 本辖区
    assert f'href="{_url(INSTITUTION, "edit", own)}"' in html
    assert 'name="scope"' in html and "本辖区" in html
    assert f'href="{reverse(f"{INSTITUTION}:list")}?scope=all"' in html  # 全区, one click


def test_county_sees_the_whole_region_read_only_without_edit_or_delete_buttons(
    client, xingning_county, other_county_institution
):
    own = InstitutionFactory(name="示例兴宁区某医院")
    client.force_login(xingning_county)
    html = client.get(reverse(f"{INSTITUTION}:list"), {"scope": "all"}).content.decode()
    assert "示例兴宁区某医院" in html and "示例青秀区某医院" in html
    other = other_county_institution
    # Another county's record: its title opens the read-only view; no edit, no delete.
    assert f'href="{_url(INSTITUTION, "inspect", other)}"' in html
    assert _url(INSTITUTION, "edit", other) not in html
    assert _url(INSTITUTION, "delete", other) not in html
    # Its own record: edit (and delete, as it holds no licence).
    assert _url(INSTITUTION, "edit", own) in html and _url(INSTITUTION, "delete", own) in html


def test_region_staff_and_inspectors_see_the_whole_region_by_default(
    client, region_staff, inspector, other_county_institution
):
    own = InstitutionFactory(name="示例兴宁区某医院")
    for user in (region_staff, inspector):
        client.force_login(user)
        html = client.get(reverse(f"{INSTITUTION}:list")).content.decode()
        assert "示例兴宁区某医院" in html and "示例青秀区某医院" in html
        assert 'name="scope"' not in html
    # The inspector reads: every row opens the read-only view.
    assert f'href="{_url(INSTITUTION, "inspect", own)}"' in html
    assert _url(INSTITUTION, "edit", own) not in html


def test_licence_and_approval_rows_open_their_records(client, xingning_county):
    from licensing.models import Approval

    holder = InstitutionFactory(name="示例兴宁区妇幼保健院")
    own = LicenceFactory(institution=holder)
    art = LicenceFactory(institution=holder, service=Service.ART, authority=authority("45"),
                         licence_no="ART-ROW-1")
    pending = Approval.objects.create(institution=holder, service=Service.PREMARITAL_EXAM,
                                      authority=authority("450102"), received_on="2025-03-03")
    client.force_login(xingning_county)
    html = client.get(reverse(f"{LICENCE}:list")).content.decode()
    assert f'href="{_url(LICENCE, "edit", own)}"' in html
    assert f'href="{_url(LICENCE, "inspect", art)}"' in html  # the region's licence: read only
    assert _url(LICENCE, "edit", art) not in html and _url(LICENCE, "delete", art) not in html
    html = client.get(reverse(f"{APPROVAL}:list")).content.decode()
    assert f'href="{_url(APPROVAL, "edit", pending)}"' in html


def test_the_read_only_view_shows_the_record_without_an_edit_button(
    client, xingning_county, other_county_institution
):
    licence = LicenceFactory(institution=other_county_institution)
    licence.technologies.set([])
    client.force_login(xingning_county)
    response = client.get(_url(INSTITUTION, "inspect", other_county_institution))
    html = response.content.decode()
    assert response.status_code == 200
    assert "示例青秀区某医院" in html and "南宁市青秀区" in html
    assert _url(INSTITUTION, "edit", other_county_institution) not in html
    html = client.get(_url(LICENCE, "inspect", licence)).content.decode()
    assert "当前状态" in html and "许可事项记录" in html and "准予许可" in html
    assert _url(LICENCE, "edit", licence) not in html


def test_personnel_rows_stay_in_their_territory_and_never_show_id_or_phone(
    client, make_user
):
    from licensing import roles
    from licensing.models import PersonnelQualification

    def person(code, city, name):
        return PersonnelQualification.objects.create(
            institution=InstitutionFactory(region=region(code)), name=name,
            id_number="11010519491231002X", phone="13800000000",
            service=Service.PREMARITAL_EXAM, certificate_kind="mch",
            certificate_no=f"C-{code}", authority=authority(city), decided_on="2024-05-06",
        )

    nanning = person("450102", "4501", "示例南宁医生")
    liuzhou = person("450202", "4502", "示例柳州医生")
    client.force_login(make_user(roles.CITY_OFFICIALS, "4501"))
    html = client.get(reverse(f"{PERSONNEL}:list")).content.decode()
    assert "示例南宁医生" in html and "示例柳州医生" not in html
    assert f'href="{_url(PERSONNEL, "edit", nanning)}"' in html
    page = client.get(_url(PERSONNEL, "inspect", nanning)).content.decode()
    assert "示例南宁医生" in page
    assert "11010519491231002X" not in page and "13800000000" not in page
    assert client.get(_url(PERSONNEL, "inspect", liuzhou)).status_code == 403


def test_institution_chooser_lists_the_own_county_first(
    client, xingning_county, other_county_institution
):
    InstitutionFactory(name="示例兴宁区某医院")
    client.force_login(xingning_county)
    url = reverse("wagtailsnippetchoosers_licensing_institution:choose_results")
    own_only = client.get(url).content.decode()
    assert "示例兴宁区某医院" in own_only and "示例青秀区某医院" not in own_only
    everywhere = client.get(url, {"scope": "all"}).content.decode()
    assert "示例兴宁区某医院" in everywhere and "示例青秀区某医院" in everywhere
    modal = client.get(reverse("wagtailsnippetchoosers_licensing_institution:choose"))
    assert 'name="scope"' in modal.json()["html"]


# -- forms offer what the user's level decides, techniques by name -------------------


def _options(html, name="service"):
    import re

    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def test_service_drop_down_offers_what_the_level_decides(client, make_user):
    from licensing import roles

    county = make_user(roles.COUNTY_OFFICIALS, "450102")
    city = make_user(roles.CITY_OFFICIALS, "4501")
    staff = make_user(roles.REGION_STAFF, "45")
    county_services = ["prenatal_screening", "premarital_exam", "mch_special"]
    client.force_login(county)
    for base in (LICENCE, APPROVAL):
        assert _options(client.get(reverse(f"{base}:add")).content.decode()) == county_services
    client.force_login(city)
    html = client.get(reverse(f"{LICENCE}:add")).content.decode()
    assert _options(html) == [] and "本机关目前没有可登记的机构许可项目" in html
    client.force_login(staff)
    assert _options(client.get(reverse(f"{LICENCE}:add")).content.decode()) == list(
        Service.values)  # the region keeps the whole register
    assert _options(client.get(reverse(f"{APPROVAL}:add")).content.decode()) == [
        "art", "sperm_bank", "prenatal_diagnosis"]  # and decides these


def test_technologies_are_listed_by_name_for_the_chosen_service_only(client, xingning_county):
    import re

    from licensing.models import Approval

    client.force_login(xingning_county)
    html = client.get(reverse(f"{APPROVAL}:add")).content.decode()
    assert "结扎手术" in html and "血清学产前筛查" in html
    assert "（LIGATION）" not in html and "PS-SERUM" not in html  # never the raw codes
    assert "夫精人工授精" not in html  # ART is not a county's
    # A premarital examination has no techniques: every checkbox hidden, a sentence shown.
    pending = Approval.objects.create(
        institution=InstitutionFactory(), service=Service.PREMARITAL_EXAM,
        authority=authority("450102"), received_on="2025-03-03")
    html = client.get(_url(APPROVAL, "edit", pending)).content.decode()
    items = re.findall(r'<div data-service="([a-z_]+)"( hidden)?>', html)
    assert items and all(hidden for _service, hidden in items)
    assert re.search(r'data-technology-hint="none">该项目不分技术类别', html)
    # Prenatal screening shows its own two techniques.
    pending.service = Service.PRENATAL_SCREENING
    pending.save()
    html = client.get(_url(APPROVAL, "edit", pending)).content.decode()
    shown = [s for s, hidden in re.findall(r'<div data-service="([a-z_]+)"( hidden)?>', html)
             if not hidden]
    assert shown == ["prenatal_screening", "prenatal_screening"]


def test_the_server_refuses_a_technique_of_another_service(client, xingning_county):
    from licensing.models import Approval, Technology

    client.force_login(xingning_county)
    data = {"institution": InstitutionFactory().pk, "service": Service.PREMARITAL_EXAM,
            "technologies": [Technology.objects.get(code="LIGATION").pk], "kind": "new",
            "authority": authority("450102").pk, "received_on": "2025-01-02",
            "decision": "pending"}
    response = client.post(reverse(f"{APPROVAL}:add"), data)
    assert "所选技术不属于该申请项目：结扎手术" in response.content.decode()
    assert not Approval.objects.exists()


def test_the_approval_form_follows_the_procedure(client, xingning_county):
    client.force_login(xingning_county)
    html = client.get(reverse(f"{APPROVAL}:add")).content.decode()
    stages = ["第1步 受理", "第2步 材料审查", "第3步 现场评审", "第4步 决定", "第5步 公示"]
    positions = [html.index(stage) for stage in stages]
    assert positions == sorted(positions)
    assert "作出准予许可决定并保存之后再填写" in html  # 公示日期 explains its stage
    assert "决定保存后，第1至4步不能再修改" in html


def test_an_institutions_usage_follows_its_licences_when_one_moves(client, xingning_county):
    # The admin lists where an institution is used from Wagtail's reference index. A save
    # that moves nothing leaves that index alone; moving a licence updates it.
    client.force_login(xingning_county)
    licence = LicenceFactory()
    old, new = licence.institution, InstitutionFactory()

    def used_by_the_licence(institution):
        page = client.get(reverse(f"{INSTITUTION}:usage", args=[institution.pk]))
        assert page.status_code == 200
        return licence.licence_no in page.content.decode()

    assert used_by_the_licence(old) and not used_by_the_licence(new)
    licence = Licence.objects.get(pk=licence.pk)
    licence.valid_until = licence.valid_until.replace(year=2030)
    licence.save()
    assert used_by_the_licence(old) and not used_by_the_licence(new)
    licence.institution = new
    licence.save()
    assert used_by_the_licence(new) and not used_by_the_licence(old)
