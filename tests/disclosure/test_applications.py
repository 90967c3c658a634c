"""R3: setup applications, their notices, the one-month deadline and what the public sees."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosure.application_rules import APPROVED, DISCLOSED, REFUSED, UNDER_REVIEW, WITHDRAWN
from disclosure.models import ApplicationNotice, SetupApplication
from disclosure.notices import awaiting_disclosure, record_application
from disclosure.workflow import submit_and_approve
from licensing import roles, services
from licensing.choices import Service
from licensing.models import Approval, Technology
from licensing.territory import NotPermitted
from tests.factories import InstitutionFactory, authority, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(roles.REGION_STAFF, "45"), make_user(roles.REGION_STAFF, "45")


def new_application(user, name="示例南宁生殖医院", received=date(2026, 1, 31), art=True,
                    bank=False, code="450103", **fields):
    application = SetupApplication(
        applicant_name=name, uscc=InstitutionFactory.build().uscc, region=region(code),
        address="示例大道1号", applies_art=art, applies_sperm_bank=bank, received_on=received,
        contact_office="示例医务科", office_phone="0771-5550000", contact_person="示例王某",
        contact_mobile="13712345678", **fields,
    )
    techs = Technology.objects.filter(code__in=["AIH", "IVF-ET"]) if art else None
    return record_application(user, application, techs)


def publish_notice(application, submitter, approver, **fields):
    notice = ApplicationNotice.objects.create(application=application, live=False, **fields)
    notice.save_revision(user=submitter)
    submit_and_approve(notice, submitter, approver)
    application.refresh_from_db()
    return notice


def test_region_staff_record_an_application_with_its_deadline(staff):
    application = new_application(staff[0])
    assert application.deadline == date(2026, 2, 28)
    assert application.services_applied() == "人类辅助生殖技术（夫精人工授精、体外受精-胚胎移植）"


def test_only_the_region_receives_applications(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, "450102")
    with pytest.raises(NotPermitted):
        new_application(county)
    assert not SetupApplication.objects.exists()


def test_an_applicant_in_the_register_brings_its_details(staff):
    institution = InstitutionFactory(name="示例已登记医院", address="示例路9号")
    application = record_application(staff[0], SetupApplication(
        institution=institution, applies_sperm_bank=True, received_on=date(2026, 3, 2),
        contact_office="示例科教科", office_phone="0771-5550001",
    ))
    assert (application.applicant_name, application.uscc, application.region) == (
        "示例已登记医院", institution.uscc, institution.region)


def test_publishing_the_notice_discloses_the_application(staff):
    application = new_application(staff[0], received=timezone.localdate() - timedelta(days=3))
    publish_notice(application, *staff)
    assert application.disclosed_on == timezone.localdate()
    assert application.status == DISCLOSED and application.disclosed_on_time()


def test_lifecycle_ends_in_a_licence(staff):
    application = new_application(staff[0], received=date(2025, 6, 3))
    publish_notice(application, *staff)
    application.status = UNDER_REVIEW
    record_application(staff[0], application)
    approval = services.record_approval(staff[0], Approval(
        institution=InstitutionFactory(name=application.applicant_name, uscc=application.uscc,
                                       region=application.region),
        service=Service.ART, authority=authority("45"), received_on=date(2025, 6, 3),
        decision=Approval.Decision.APPROVED, decided_on=date(2025, 10, 9),
        decision_no="示例辅许〔2025〕3号", licence_no="ART-APP-0001",
        valid_from=date(2025, 10, 9), valid_until=date(2030, 10, 8),
    ), Technology.objects.filter(code="AIH"))
    application.status, application.approval = APPROVED, approval
    record_application(staff[0], application)
    assert application.licence.licence_no == "ART-APP-0001"


def test_status_cannot_skip_disclosure_or_review(staff):
    application = new_application(staff[0])
    application.status = APPROVED
    with pytest.raises(NotPermitted, match="不能从“已受理”改为“准予许可”"):
        record_application(staff[0], application)


def test_withdrawn_and_refused_applications_stay_on_record(client, staff):
    withdrawn = new_application(staff[0], name="示例撤回医院", received=date(2025, 3, 3))
    publish_notice(withdrawn, *staff)
    withdrawn.status = WITHDRAWN
    record_application(staff[0], withdrawn)
    refused = new_application(staff[0], name="示例未获批医院", received=date(2025, 4, 7))
    publish_notice(refused, *staff)
    refused.status = UNDER_REVIEW
    record_application(staff[0], refused)
    approval = services.record_approval(staff[0], Approval(
        institution=InstitutionFactory(), service=Service.ART, authority=authority("45"),
        received_on=date(2025, 4, 7), decision=Approval.Decision.REFUSED,
        decided_on=date(2025, 9, 1), decision_no="示例辅不许〔2025〕1号",
        reasons="示例：不符合规划布局",
    ))
    refused.status, refused.approval, refused.outcome_note = REFUSED, approval, "不符合规划布局"
    record_application(staff[0], refused)
    html = client.get(reverse("application_list")).content.decode()
    assert "示例撤回医院" in html and "申请人撤回" in html
    assert "示例未获批医院" in html and "不予许可" in html and "不符合规划布局" in html


def test_public_list_filters_and_on_time_marking(client, staff):
    late = new_application(staff[0], name="示例柳州生殖医院", code="450202",
                           received=timezone.localdate() - timedelta(days=40))
    publish_notice(late, *staff)
    bank = new_application(staff[0], name="示例精子库申请", art=False, bank=True,
                           received=timezone.localdate() - timedelta(days=2))
    publish_notice(bank, *staff)
    new_application(staff[0], name="示例未公开申请")  # no notice yet: not public
    url = reverse("application_list")

    def names(params):
        return [n.application.applicant_name
                for n in client.get(url, params).context["page"].object_list]

    assert names({}) == ["示例精子库申请", "示例柳州生殖医院"]
    assert names({"service": "sperm_bank"}) == ["示例精子库申请"]
    assert names({"city": "4502"}) == ["示例柳州生殖医院"]
    assert names({"status": "disclosed"}) == ["示例精子库申请", "示例柳州生殖医院"]
    assert names({"status": "withdrawn"}) == []
    html = client.get(url).content.decode()
    assert "逾期公开" in html and "按时公开" in html


def test_office_contact_is_public_personal_contact_is_not(client, staff):
    application = new_application(staff[0], received=timezone.localdate())
    publish_notice(application, *staff, comment_from=timezone.localdate(),
                   comment_until=timezone.localdate() + timedelta(days=10),
                   objection_address="示例异议受理邮箱")
    for url in (reverse("application_detail", args=[application.pk]),
                reverse("application_list"), reverse("application_feed")):
        html = client.get(url).content.decode()
        assert "示例王某" not in html and "13712345678" not in html, url
    detail = client.get(reverse("application_detail", args=[application.pk])).content.decode()
    assert "示例医务科" in detail and "0771-5550000" in detail and "示例异议受理邮箱" in detail


def test_comment_period_needs_an_address_for_objections(staff):
    from django.core.exceptions import ValidationError

    notice = ApplicationNotice(application=new_application(staff[0]),
                               comment_from=date(2026, 2, 1), comment_until=date(2026, 2, 10))
    with pytest.raises(ValidationError, match="异议受理地址"):
        notice.full_clean()


def test_feed_lists_disclosed_notices(client, staff):
    application = new_application(staff[0], received=timezone.localdate())
    notice = publish_notice(application, *staff)
    feed = client.get(reverse("application_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert str(notice) in feed.content.decode()


def test_dashboard_shows_overdue_first_then_due_within_7_days(client, staff):
    today = timezone.localdate()
    far = new_application(staff[0], name="示例远期", received=today)  # due in a month
    soon = new_application(staff[0], name="示例将到期", received=today - timedelta(days=27))
    late = new_application(staff[0], name="示例已超期", received=today - timedelta(days=45))
    later = new_application(staff[0], name="示例刚超期", received=today - timedelta(days=33))
    overdue, due_soon = awaiting_disclosure(today)
    assert overdue == [late, later] and due_soon == [soon] and far not in due_soon
    client.force_login(staff[0])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 项设置申请已超过公开期限" in html
    assert html.index("示例已超期") < html.index("示例刚超期") < html.index("示例将到期")
