"""Admin flow of decisions, the publicity countdown and dashboard, and what the public sees."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing import roles, services
from licensing.choices import Service
from licensing.dashboard import publicity_due
from licensing.models import Approval, Licence, PersonnelQualification
from licensing.working_days import working_days_between
from tests.factories import InstitutionFactory, authority, region

pytestmark = pytest.mark.django_db

APPROVAL = "wagtailsnippets_licensing_approval"
PERSONNEL = "wagtailsnippets_licensing_personnelqualification"
XINGNING = "450102"


def grant(user, institution, decided_on, deciding=XINGNING, service=Service.PREMARITAL_EXAM,
          number=1, published_on=None):
    approval = Approval(
        institution=institution, service=service, authority=authority(deciding),
        received_on=decided_on - timedelta(days=20), decision=Approval.Decision.APPROVED,
        decided_on=decided_on, decision_no=f"示例许字〔{decided_on.year}〕{number}号",
        licence_no=f"PM-PUB-{number:04d}", valid_from=decided_on,
        valid_until=date(decided_on.year + 3, 1, 1),
    )
    services.record_approval(user, approval)
    if published_on:
        services.publish_decision(user, approval, published_on)
    return approval


def day_with_working_days_left(left):
    """A past decision date whose publicity deadline is `left` working days from today."""
    today = timezone.localdate()
    for back in range(60):
        day = today - timedelta(days=back)
        deadline = grant_deadline(day)
        if working_days_between(today, deadline) == left:
            return day
    raise AssertionError(left)


def grant_deadline(day):
    from licensing.working_days import publicity_deadline

    return publicity_deadline(day)


def approval_form(institution, **changes):
    data = {
        "institution": institution.pk, "service": Service.PREMARITAL_EXAM, "kind": "new",
        "authority": authority(XINGNING).pk, "received_on": "2025-03-01",
        "site_review_on": "2025-03-20", "site_review_experts": "示例专家", "decision": "approved",
        "decided_on": "2025-04-01", "decision_no": "示例许字〔2025〕8号",
        "licence_no": "PM-FORM-0001", "valid_from": "2025-04-01", "valid_until": "2028-03-31",
    }
    data.update(changes)
    return data


def test_county_official_records_a_grant_in_the_admin(client, xingning_county):
    institution = InstitutionFactory()
    client.force_login(xingning_county)
    response = client.post(reverse(f"{APPROVAL}:add"), approval_form(institution))
    assert response.status_code == 302, response.content.decode()[-2000:]
    licence = Licence.objects.get(licence_no="PM-FORM-0001")
    assert licence.institution == institution and licence.authority.region.code == XINGNING


def test_admin_refuses_an_art_decision_by_a_county(client, xingning_county):
    client.force_login(xingning_county)
    response = client.post(reverse(f"{APPROVAL}:add"),
                           approval_form(InstitutionFactory(), service=Service.ART))
    assert "人类辅助生殖技术审批由省级" in response.content.decode()
    assert not Approval.objects.exists() and not Licence.objects.exists()


def test_admin_refuses_screening_grant_with_missing_materials(client, xingning_county):
    client.force_login(xingning_county)
    response = client.post(
        reverse(f"{APPROVAL}:add"),
        approval_form(InstitutionFactory(), service=Service.PRENATAL_SCREENING,
                      has_medical_licence="on", has_staff_certificates="on"),
    )
    assert "申请材料不齐，不能准予许可" in response.content.decode()
    assert not Approval.objects.exists()


def test_decided_approval_accepts_only_its_publication_date(client, xingning_county):
    approval = grant(xingning_county, InstitutionFactory(), date(2025, 9, 30))
    client.force_login(xingning_county)
    data = approval_form(approval.institution, decision_no="示例改字〔2025〕1号",
                         published_on="2025-10-16")
    response = client.post(reverse(f"{APPROVAL}:edit", args=[approval.pk]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    approval.refresh_from_db()
    assert approval.decision_no == "示例许字〔2025〕1号"  # disabled: unchanged
    assert approval.published_on == date(2025, 10, 16)
    assert approval.published_on_time() is True


def test_publicity_countdown_labels(xingning_county):
    approval = grant(xingning_county, InstitutionFactory(), date(2025, 9, 30))
    assert approval.publicity_deadline == date(2025, 10, 16)
    assert approval.publicity_label(today=date(2025, 10, 13)) == "剩余3个工作日"
    assert approval.publicity_label(today=date(2025, 10, 16)) == "今天截止"
    assert approval.publicity_label(today=date(2025, 10, 20)) == "已超期2个工作日"
    services.publish_decision(xingning_county, approval, date(2025, 10, 17))
    assert approval.publicity_label() == "已公示（超期）"


def test_dashboard_lists_overdue_first_then_due_soon(client, xingning_county):
    institution = InstitutionFactory()
    later = grant(xingning_county, institution, day_with_working_days_left(2), number=1)
    overdue = grant(xingning_county, institution, day_with_working_days_left(-1), number=2)
    worst = grant(xingning_county, institution, day_with_working_days_left(-5), number=3)
    grant(xingning_county, institution, day_with_working_days_left(6), number=4)  # not yet
    grant(xingning_county, institution, day_with_working_days_left(-9), number=5,
          published_on=timezone.localdate())
    assert publicity_due(xingning_county) == ([worst, overdue], [later])
    client.force_login(xingning_county)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 项准予许可决定已超过公示期限" in html
    # Most urgent first: 5 days late, then 1 day late, then the one due in 2 days.
    labels = ("已超期5个工作日", "已超期1个工作日", "剩余2个工作日")
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)


def test_dashboard_shows_each_authority_its_own_decisions(make_user, xingning_county):
    grant(xingning_county, InstitutionFactory(), day_with_working_days_left(-1))
    qingxiu = make_user(roles.COUNTY_OFFICIALS, "450103")
    region_staff = make_user(roles.REGION_STAFF, "45")
    assert publicity_due(qingxiu) == ([], [])
    assert len(publicity_due(region_staff)[0]) == 1


@pytest.fixture
def published(xingning_county, make_user):
    region_staff = make_user(roles.REGION_STAFF, "45")
    liuzhou = make_user(roles.COUNTY_OFFICIALS, "450202")
    nanning = grant(xingning_county, InstitutionFactory(name="示例兴宁区妇幼保健院"),
                    date(2025, 3, 3), number=1, published_on=date(2025, 3, 5))
    art = grant(region_staff, InstitutionFactory(name="示例南宁市生殖中心"), date(2025, 6, 2),
                deciding="45", service=Service.ART, number=2, published_on=date(2025, 6, 3))
    liuzhou_grant = grant(liuzhou, InstitutionFactory(name="示例城中区妇幼保健院",
                                                     region=region("450202")),
                          date(2025, 8, 1), deciding="450202", number=3,
                          published_on=date(2025, 8, 4))
    grant(xingning_county, InstitutionFactory(name="示例未公示医院"), date(2025, 9, 1), number=4)
    return {"nanning": nanning, "art": art, "liuzhou": liuzhou_grant}


def decision_names(response):
    return [d.institution.name for d in response.context["page"].object_list]


def test_public_decision_list_shows_the_double_disclosure_fields(client, published):
    response = client.get(reverse("decision_list"))
    html = response.content.decode()
    for heading in ("行政相对人名称", "统一社会信用代码", "行政许可决定文书号", "许可类别",
                    "许可证书名称", "许可编号", "许可内容", "许可决定日期", "有效期自",
                    "有效期至", "许可机关", "当前状态"):
        assert heading in html, heading
    assert "人类辅助生殖技术批准证书" in html and "母婴保健技术服务执业许可证" in html
    assert "示例未公示医院" not in html  # not yet published
    assert reverse("institution_detail", args=[published["art"].institution_id]) in html
    assert decision_names(response) == ["示例城中区妇幼保健院", "示例南宁市生殖中心",
                                        "示例兴宁区妇幼保健院"]


def test_public_decision_list_filters(client, published):
    url = reverse("decision_list")
    assert decision_names(client.get(url, {"level": "province"})) == ["示例南宁市生殖中心"]
    assert decision_names(client.get(url, {"city": "4502"})) == ["示例城中区妇幼保健院"]
    assert decision_names(client.get(url, {"county": XINGNING, "service": "premarital_exam"})) == [
        "示例兴宁区妇幼保健院"]
    assert decision_names(client.get(url, {"decided_from": "2025-04-01",
                                           "decided_to": "2025-07-31"})) == ["示例南宁市生殖中心"]
    bad = client.get(url, {"decided_from": "not-a-date"})
    assert bad.status_code == 200 and "查询条件有误" in bad.content.decode()


def test_who_approves_page_reads_the_competence_table(client, db):
    html = client.get(reverse("who_approves")).content.decode()
    assert "人类辅助生殖技术" in html and "省级（自治区）卫生健康行政部门" in html
    assert "2021年7月1日起" in html and "母婴保健技术服务人员资格" in html


def test_personal_data_never_reaches_public_pages_or_exports(client, make_user):
    city = make_user(roles.CITY_OFFICIALS, "4501")
    institution = InstitutionFactory(name="示例人员医院")
    for n, service in enumerate([Service.PRENATAL_SCREENING, Service.PRENATAL_SCREENING,
                                 Service.PREMARITAL_EXAM]):
        services.save_personnel(city, PersonnelQualification(
            institution=institution, name=f"示例姓名{n}", id_number="11010519491231002X",
            phone="13912345678", service=service, certificate_kind="mch",
            certificate_no=f"示例证{n}", authority=authority("4501"), decided_on=date(2024, 1, 2),
        ))
    page = client.get(reverse("institution_detail", args=[institution.pk])).content.decode()
    assert "产前筛查：2 人" in page and "婚前医学检查：1 人" in page
    for secret in ("11010519491231002X", "13912345678", "示例姓名0"):
        assert secret not in page
    client.force_login(city)
    export = client.get(reverse(f"{PERSONNEL}:list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    flat = "".join("".join(row) for row in rows)
    assert "示例姓名0" in flat  # staff see names...
    assert "11010519491231002X" not in flat and "13912345678" not in flat  # ...never these


def test_approval_form_offers_the_technologies(client, region_staff):
    client.force_login(region_staff)
    html = client.get(reverse(f"{APPROVAL}:add")).content.decode()
    assert 'type="checkbox" name="technologies"' in html and "卵胞浆内单精子显微注射" in html
