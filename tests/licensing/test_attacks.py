"""The defects found by trying the admin as an attacker would, each kept as a test.

D1 renewal of another territory's licence, D2/D3 copy views, D4 frozen records
taken down, D5 bulk deletes without audit, D6 unbounded working-day counts,
D7 future decisions, D8 choosers, and ids or paths that answered 500.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.snippets.models import get_snippet_models

from licensing import roles, services
from licensing.choices import EventKind, Service
from licensing.dashboard import publicity_due
from licensing.models import Approval, Institution, Licence, PersonnelQualification
from licensing.territory import NotPermitted
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING, QINGXIU, CHENGZHONG = "450102", "450103", "450202"
APPROVAL = "wagtailsnippets_licensing_approval"
LICENCE = "wagtailsnippets_licensing_licence"


@pytest.fixture
def liuzhou_art():
    """柳州's region-issued ART licence: what D1 rewrote."""
    return LicenceFactory(
        institution=InstitutionFactory(region=region(CHENGZHONG), name="示例柳州生殖中心"),
        service=Service.ART, authority=authority("45"), licence_no="ART-LZ-1",
        valid_until=date(2029, 1, 1),
    )


def renewal_form(institution, licence, **changes):
    data = {
        "institution": institution.pk, "service": Service.ART, "kind": "renewal",
        "authority": authority(XINGNING).pk, "received_on": "2025-01-02",
        "decision": "approved", "decided_on": "2025-02-03", "decision_no": "示例校字1号",
        "valid_until": "2020-01-01", "licence": licence.pk,
    }
    data.update(changes)
    return data


def test_d1_a_county_cannot_renew_another_territorys_licence_in_the_admin(
    client, xingning_county, liuzhou_art
):
    own = InstitutionFactory(region=region(XINGNING))
    client.force_login(xingning_county)
    for service in (Service.ART, Service.PREMARITAL_EXAM):
        response = client.post(reverse(f"{APPROVAL}:add"),
                               renewal_form(own, liuzhou_art, service=service))
        assert response.status_code == 200  # the form again, with its errors
    liuzhou_art.refresh_from_db()
    assert liuzhou_art.valid_until == date(2029, 1, 1)
    assert not liuzhou_art.events.filter(kind=EventKind.VERIFIED).exists()
    assert not Approval.objects.exists()


def test_d1_the_service_layer_refuses_a_renewal_of_another_institutions_licence(
    make_user, liuzhou_art
):
    staff = make_user(roles.REGION_STAFF, "45")
    other = InstitutionFactory(region=region(XINGNING))
    approval = Approval(
        institution=other, service=Service.ART, kind="renewal", authority=authority("45"),
        received_on=date(2025, 1, 2), decision="approved", decided_on=date(2025, 2, 3),
        decision_no="示例校字2号", valid_until=date(2030, 1, 1), licence=liuzhou_art,
    )
    with pytest.raises((ValidationError, NotPermitted)):
        services.record_approval(staff, approval)
    assert services.grant_refusal(staff, approval)  # even with the model's checks skipped
    liuzhou_art.refresh_from_db()
    assert liuzhou_art.valid_until == date(2029, 1, 1)


def test_d1_enter_grant_checks_the_user_on_the_licence_it_renews(make_user, liuzhou_art):
    """A renewal decided by the region of 柳州's own licence is fine; the same record
    entered by a county official is refused in the service layer itself."""
    approval = Approval.objects.create(
        institution=liuzhou_art.institution, service=Service.ART, kind="renewal",
        authority=authority("45"), received_on=date(2025, 1, 2), decision="approved",
        decided_on=date(2025, 2, 3), decision_no="示例校字3号", valid_until=date(2031, 1, 1),
        licence=liuzhou_art,
    )
    with pytest.raises(NotPermitted):
        services.enter_grant(make_user(roles.COUNTY_OFFICIALS, CHENGZHONG), approval, "pending")
    liuzhou_art.refresh_from_db()
    assert liuzhou_art.valid_until == date(2029, 1, 1)
    services.enter_grant(make_user(roles.REGION_STAFF, "45"), approval, "pending")
    liuzhou_art.refresh_from_db()
    assert liuzhou_art.valid_until == date(2031, 1, 1)


def test_a_region_renewal_in_the_admin_updates_the_licence(client, make_user, liuzhou_art):
    client.force_login(make_user(roles.REGION_STAFF, "45"))
    response = client.post(reverse(f"{APPROVAL}:add"), renewal_form(
        liuzhou_art.institution, liuzhou_art, authority=authority("45").pk,
        valid_until="2031-06-30"))
    assert response.status_code == 302
    liuzhou_art.refresh_from_db()
    assert liuzhou_art.valid_until == date(2031, 6, 30)
    assert ModelLogEntry.objects.filter(object_id=str(liuzhou_art.pk),
                                        content_type__model="licence").exists()


@pytest.mark.parametrize("model", get_snippet_models(), ids=lambda m: m._meta.model_name)
def test_d2_d3_no_snippet_has_a_copy_url(client, make_user, model):
    client.force_login(make_user(superuser=True))
    url = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/copy/1/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "示例"}).status_code == 404


def test_d3_a_city_cannot_read_another_citys_personnel_record(client, make_user):
    record = PersonnelQualification.objects.create(
        institution=InstitutionFactory(region=region(XINGNING)), name="示例医生",
        id_number="11010519491231002X", phone="13800000000", service=Service.PREMARITAL_EXAM,
        certificate_kind="mch", certificate_no="C-1", authority=authority("4501"),
        decided_on=date(2024, 5, 6),
    )
    client.force_login(make_user(roles.CITY_OFFICIALS, "4502"))
    for view in ("edit", "history", "usage"):
        url = reverse(f"wagtailsnippets_licensing_personnelqualification:{view}",
                      args=[record.pk])
        response = client.get(url)
        assert response.status_code == 403
        assert "11010519491231002X" not in response.content.decode()
    chooser = client.get(
        reverse("wagtailsnippetchoosers_licensing_personnelqualification:choose"))
    assert "示例医生" not in chooser.content.decode()


def test_a_city_cannot_move_another_citys_personnel_record_through_the_service(make_user):
    record = PersonnelQualification.objects.create(
        institution=InstitutionFactory(region=region(CHENGZHONG)), name="示例医生",
        id_number="11010519491231002X", service=Service.PREMARITAL_EXAM,
        certificate_kind="mch", certificate_no="C-2", authority=authority("4502"),
        decided_on=date(2024, 5, 6),
    )
    record.institution = InstitutionFactory(region=region(XINGNING))
    record.authority = authority("4501")
    with pytest.raises(NotPermitted):
        services.save_personnel(make_user(roles.CITY_OFFICIALS, "4501"), record)
    record.refresh_from_db()
    assert record.institution.region.code == CHENGZHONG


def test_d4_nobody_takes_down_or_deletes_a_published_edition(client, make_user):
    from disclosure.editions import generate_draft
    from disclosure.models import ListEdition
    from disclosure.workflow import submit_and_approve

    staff, reviewer = make_user(roles.REGION_STAFF, "45"), make_user(roles.REGION_STAFF, "45")
    edition = submit_and_approve(generate_draft(staff, date(2025, 6, 30)), staff, reviewer)
    client.force_login(make_user(superuser=True))
    base = "/admin/snippets/disclosure/listedition"
    for url in (f"{base}/unpublish/{edition.pk}/", f"{base}/delete/{edition.pk}/",
                f"{base}/edit/{edition.pk}/"):
        assert client.post(url, {"note": "示例"}).status_code == 403
    client.post(f"/admin/bulk/disclosure/listedition/delete/?id={edition.pk}", {})
    edition = ListEdition.objects.get(pk=edition.pk)
    assert edition.live and edition.frozen
    edition.live = False
    with pytest.raises(PermissionDenied):
        edition.save()
    assert client.get(reverse("list_edition_detail", args=[edition.pk])).status_code == 200


def test_d5_a_bulk_delete_is_in_the_audit_log(client, region_staff):
    doomed = [InstitutionFactory(region=region(QINGXIU)) for _ in range(2)]
    client.force_login(region_staff)
    ids = "&".join(f"id={i.pk}" for i in doomed)
    client.post(f"/admin/bulk/licensing/institution/delete/?{ids}", {})
    assert not Institution.objects.filter(pk__in=[i.pk for i in doomed]).exists()
    logged = ModelLogEntry.objects.filter(action="wagtail.delete", user=region_staff)
    assert sorted(int(e.object_id) for e in logged) == sorted(i.pk for i in doomed)


def test_d6_a_stored_ancient_decision_does_not_stall_the_dashboard(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    approval = Approval.objects.create(
        institution=InstitutionFactory(region=region(XINGNING)), service=Service.PREMARITAL_EXAM,
        authority=authority(XINGNING), received_on=date(2024, 1, 1), decision="approved",
        decision_no="示例1号",
    )
    Approval.objects.filter(pk=approval.pk).update(decided_on=date(1, 1, 2))
    overdue, soon = publicity_due(county, today=date(2026, 11, 23))
    assert [a.pk for a in overdue] == [approval.pk] and not soon


def test_d7_a_future_decision_is_refused_by_the_admin_form(client, xingning_county):
    client.force_login(xingning_county)
    institution = InstitutionFactory(region=region(XINGNING))
    response = client.post(reverse(f"{LICENCE}:add"), {
        "institution": institution.pk, "service": Service.PREMARITAL_EXAM,
        "authority": authority(XINGNING).pk, "decision_no": "示例许字9号",
        "licence_no": "PM-FUTURE-1", "decided_on": "9999-12-31", "valid_from": "9999-12-31",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 200
    assert "许可决定日期不能晚于今天" in response.content.decode()
    assert not Licence.objects.filter(licence_no="PM-FUTURE-1").exists()


def test_d8_a_county_cannot_read_an_undisclosed_application_through_the_chooser(
    client, xingning_county
):
    from disclosure.models import SetupApplication

    application = SetupApplication.objects.create(
        applicant_name="示例未公开医院", uscc=InstitutionFactory.build().uscc,
        region=region(QINGXIU), address="示例路", applies_art=True,
        received_on=date(2025, 9, 1), contact_office="示例科", office_phone="0771-1",
    )
    client.force_login(xingning_county)
    base = "/admin/snippets/choose/disclosure/setupapplication"
    for url in (f"{base}/", f"{base}/chosen/{application.pk}/",
                f"{base}/chosen-multiple/?id={application.pk}"):
        response = client.get(url)
        assert response.status_code == 403
        assert "示例未公开医院" not in response.content.decode()


@pytest.mark.parametrize("method,url", [
    ("GET", "/admin/snippets/choose/licensing/institution/chosen/abc/"),
    ("GET", "/admin/snippets/choose/licensing/institution/chosen/9223372036854775808/"),
    ("GET", "/admin/snippets/licensing/institution/edit/9223372036854775808/"),
    ("GET", "/admin/bulk/licensing/institution/delete/?id=abc"),
    ("POST", "/admin/bulk/licensing/institution/delete/?id=99999999999999999999"),
    ("POST", "/admin/snippets/choose/licensing/institution/create/"),
    ("GET", "/admin/snippets/licensing/licence/history/abc/revisions/compare/earliest...latest/"),
    ("GET", "/admin/snippets/licensing/licence/history/1/revisions/99999999999999999999/revert/"),
])
def test_malformed_admin_ids_answer_404(client, region_staff, method, url):
    client.force_login(region_staff)
    response = client.post(url, {"name": "示例"}) if method == "POST" else client.get(url)
    assert response.status_code == 404


def test_forms_refuse_references_outside_the_territory(client, make_user):
    """An add form whose chosen institution lies in another county saves nothing."""
    county = make_user(roles.COUNTY_OFFICIALS, XINGNING)
    city = make_user(roles.CITY_OFFICIALS, "4501")
    elsewhere = InstitutionFactory(region=region(QINGXIU))
    far = InstitutionFactory(region=region(CHENGZHONG))
    client.force_login(county)
    client.post(reverse(f"{LICENCE}:add"), {
        "institution": elsewhere.pk, "service": Service.PREMARITAL_EXAM,
        "authority": authority(XINGNING).pk, "decision_no": "示例许字8号",
        "licence_no": "PM-ELSEWHERE-1", "decided_on": "2025-05-06", "valid_from": "2025-05-06",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000",
    })
    client.post(reverse(f"{APPROVAL}:add"), {
        "institution": elsewhere.pk, "service": Service.PREMARITAL_EXAM, "kind": "new",
        "authority": authority(XINGNING).pk, "received_on": "2025-01-02", "decision": "pending",
    })
    client.force_login(city)
    client.post(reverse("wagtailsnippets_licensing_personnelqualification:add"), {
        "institution": far.pk, "name": "示例医生", "id_number": "11010519491231002X",
        "service": Service.PREMARITAL_EXAM, "certificate_kind": "mch",
        "certificate_no": "C-FAR", "authority": authority("4501").pk,
        "decided_on": "2024-05-06",
    })
    assert not Licence.objects.exists()
    assert not Approval.objects.exists()
    assert not PersonnelQualification.objects.exists()


def test_an_inline_event_row_cannot_reach_another_licence(client, xingning_county):
    own = LicenceFactory(institution__region=region(XINGNING))
    other = LicenceFactory(institution__region=region(QINGXIU))
    victim = other.events.get()
    client.force_login(xingning_county)
    client.post(reverse(f"{LICENCE}:edit", args=[own.pk]), {
        "institution": own.institution.pk, "service": own.service,
        "authority": own.authority.pk, "decision_no": own.decision_no,
        "licence_no": own.licence_no, "decided_on": "2024-01-10", "valid_from": "2024-01-10",
        "events-TOTAL_FORMS": "1", "events-INITIAL_FORMS": "1",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000",
        "events-0-id": victim.pk, "events-0-kind": "revoked", "events-0-date": "2025-01-01",
        "events-0-DELETE": "",
    })
    victim.refresh_from_db()
    assert (victim.licence_id, victim.kind) == (other.pk, EventKind.GRANTED)
    other.refresh_from_db()
    assert other.status() != "revoked"


def test_only_region_staff_compile_a_list_edition_even_through_the_service(make_user):
    from disclosure.editions import generate_draft
    from disclosure.models import ListEdition

    for user in (make_user(roles.COUNTY_OFFICIALS, XINGNING), make_user(roles.INSPECTORS, "45")):
        with pytest.raises(PermissionDenied):
            generate_draft(user, date(2025, 6, 30))
    assert not ListEdition.objects.exists()


def test_no_service_moves_another_countys_record_into_ones_own(xingning_county):
    """Each save checks the stored record as well as the new values."""
    institution = InstitutionFactory(region=region(QINGXIU))
    institution.region = region(XINGNING)
    with pytest.raises(NotPermitted):
        services.save_institution(xingning_county, institution)
    licence = LicenceFactory(institution__region=region(QINGXIU))
    licence.institution = InstitutionFactory(region=region(XINGNING))
    licence.authority = authority(XINGNING)
    with pytest.raises(NotPermitted):
        services.save_licence(xingning_county, licence)
    approval = Approval.objects.create(
        institution=InstitutionFactory(region=region(QINGXIU)), service=Service.PREMARITAL_EXAM,
        authority=authority(QINGXIU), received_on=date(2025, 1, 2))
    approval.institution = InstitutionFactory(region=region(XINGNING))
    approval.authority = authority(XINGNING)
    with pytest.raises(NotPermitted):
        services.record_approval(xingning_county, approval)
    assert Institution.objects.get(pk=institution.pk).region.code == QINGXIU
    assert Licence.objects.get(pk=licence.pk).institution.region.code == QINGXIU
    assert Approval.objects.get(pk=approval.pk).authority == authority(QINGXIU)
