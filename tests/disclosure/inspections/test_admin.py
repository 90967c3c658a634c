"""The inspections admin as staff use it: a plan from a template, the commitment and the
draw, results entered by the assigned inspector and reviewed by another official; forms
that name another authority's records refuse."""

import pytest

from disclosure.inspections import services
from disclosure.inspections.models import (
    Conflict,
    FollowUp,
    Inspection,
    InspectionPlan,
    Inspector,
    RiskNotice,
)
from licensing import roles
from tests.factories import InstitutionFactory, authority, region

from .conftest import XINGNING

pytestmark = pytest.mark.django_db
PLANS = "/admin/snippets/inspections/inspectionplan"
VISITS = "/admin/snippets/inspections/inspection"


def test_a_county_official_plans_commits_and_draws_in_the_admin(client, county, roster,
                                                                   institutions):
    client.force_login(county)
    response = client.post(f"{PLANS}/from-template/", {
        "template": "2024MCH", "authority": authority(XINGNING).pk, "year": ""})
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    assert plan.items.count() > 20
    assert client.get(f"{PLANS}/draw/{plan.pk}/").status_code == 403  # no commitment yet
    client.post(f"{PLANS}/commit/{plan.pk}/", {"public_value_source": "示例：某日开奖号码"})
    plan.refresh_from_db()
    assert len(plan.commitment) == 64
    assert client.get(f"{PLANS}/edit/{plan.pk}/").status_code == 403  # frozen now
    response = client.post(f"{PLANS}/draw/{plan.pk}/", {"public_value": "305"})
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.draw.public_value == "305" and Inspection.objects.count() == 5
    assert client.get(f"{PLANS}/draw/{plan.pk}/").status_code == 403  # never twice


def test_the_assigned_inspector_enters_results_and_another_official_publishes(
        client, drawn_plan, roster, county2):
    person = roster[0]
    inspection = Inspection.objects.filter(inspectors=person).first()
    client.force_login(person.user)
    listing = client.get(f"{VISITS}/").content.decode()
    assert inspection.institution.name in listing
    for other in Inspection.objects.exclude(inspectors=person):
        assert other.institution.name not in listing
    page = client.get(f"{VISITS}/edit/{inspection.pk}/")
    assert page.status_code == 200 and "合理缺项" in page.content.decode()
    data = {"visited_on": "2024-05-06", "outcome": "no_problem", "outcome_note": "示例"}
    for item in services.plan_items(inspection):
        data[f"item_{item.pk}"] = "pass"
    assert client.post(f"{VISITS}/edit/{inspection.pk}/", data).status_code == 302
    client.post(f"{VISITS}/submit/{inspection.pk}/")
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.SUBMITTED
    assert client.get(f"{VISITS}/review/{inspection.pk}/").status_code == 403
    assert f"{VISITS}/review/{inspection.pk}/" not in client.get(f"{VISITS}/").content.decode()
    client.force_login(county2)
    assert f"{VISITS}/review/{inspection.pk}/" in client.get(f"{VISITS}/").content.decode()
    client.post(f"{VISITS}/review/{inspection.pk}/", {"decision": "approve"})
    inspection.refresh_from_db()
    assert inspection.is_published
    assert client.get(inspection.get_absolute_url()).status_code == 200


def test_a_missing_result_is_explained_and_nothing_is_lost(client, drawn_plan, county):
    inspection = Inspection.objects.first()
    client.force_login(county)
    data = {"visited_on": "2024-05-06", "outcome": "no_problem", "outcome_note": "示例说明"}
    response = client.post(f"{VISITS}/edit/{inspection.pk}/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写检查内容的结果" in body and "示例说明" in body
    assert Inspection.objects.get(pk=inspection.pk).status == Inspection.Status.ASSIGNED


def test_the_dashboard_shows_the_publication_deadline(client, drawn_plan, county):
    client.force_login(county)
    body = client.get("/admin/").content.decode()
    assert "随机监督抽查结果公开" in body and drawn_plan.results_due.strftime("%Y-%m-%d") in body


@pytest.fixture
def other_county_records(make_user):
    other = authority("450103")
    return {
        "inspector": Inspector.objects.create(authority=other, name="示例他县执法",
                                              certificate_no="示例他县证"),
        "institution": InstitutionFactory(region=region("450103"), name="示例他县医院"),
        "plan": services.plan_from_template(make_user(roles.COUNTY_OFFICIALS, "450103"),
                                            "2024MCH", other),
    }


def test_forms_naming_another_authoritys_records_refuse(client, county, drawn_plan,
                                                        other_county_records):
    client.force_login(county)
    records = other_county_records
    own_institution = drawn_plan.draw.entries.first().institution
    attempts = [
        (Conflict, "conflict", {"inspector": records["inspector"].pk,
                                "institution": own_institution.pk, "reason": "示例",
                                "declared_on": "2024-01-02"}),
        (FollowUp, "followup", {"plan": records["plan"].pk,
                                "institution": own_institution.pk, "status": "ongoing",
                                "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"}),
        (FollowUp, "followup", {"plan": drawn_plan.pk,
                                "institution": records["institution"].pk, "status": "ongoing",
                                "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"}),
        (RiskNotice, "risknotice", {"authority": authority("450103").pk, "title": "示例",
                                    "body": "示例"}),
        (Inspector, "inspector", {"authority": authority("450103").pk, "name": "示例",
                                  "certificate_no": "示例新证", "field": "妇幼健康",
                                  "active": "on"}),
    ]
    for model, name, data in attempts:
        before = model.objects.count()
        response = client.post(f"/admin/snippets/inspections/{name}/add/", data)
        assert response.status_code in (200, 403), name
        assert model.objects.count() == before, f"{name}: {data}"
    # the same forms naming the county's own records save
    own = {"plan": drawn_plan.pk, "institution": own_institution.pk, "status": "done",
           "checked_on": "2024-07-01", "documents-TOTAL_FORMS": "0",
           "documents-INITIAL_FORMS": "0"}
    assert client.post("/admin/snippets/inspections/followup/add/", own).status_code == 302
    assert FollowUp.objects.filter(plan=drawn_plan, status="done").exists()


def test_plan_pages_render_for_staff(client, drawn_plan, county):
    client.force_login(county)
    for url in (f"{PLANS}/", f"{PLANS}/inspect/{drawn_plan.pk}/", f"{PLANS}/risk/{drawn_plan.pk}/",
                f"{PLANS}/from-template/", f"{VISITS}/", "/admin/snippets/inspections/followup/",
                "/admin/snippets/inspections/inspector/"):
        assert client.get(url).status_code == 200, url


def test_evidence_documents_are_for_logged_in_staff_only(client, county, drawn_plan):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from disclosure.inspections.evidence import EVIDENCE_COLLECTION

    public = Document.objects.create(title="示例公开文件", file=ContentFile(
        b"%PDF-1.4 public", name="public.pdf"))
    document = Document.objects.create(title="示例整改报告", file=ContentFile(
        b"%PDF-1.4 example", name="evidence.pdf"), uploaded_by_user=county)
    client.force_login(county)
    inspection = drawn_plan.draw.entries.first()
    data = {"plan": drawn_plan.pk, "institution": inspection.institution_id,
            "status": "done", "checked_on": "2024-07-01", "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0", "documents-0-title": "示例整改报告",
            "documents-0-document": public.pk, "documents-0-ORDER": "1"}
    # a document of the public site (not uploaded by this authority) is never taken
    response = client.post("/admin/snippets/inspections/followup/add/", data)
    assert response.status_code == 200 and "只能附上本机关工作人员上传的材料" in (
        response.content.decode())
    public.refresh_from_db()
    assert public.collection.name != EVIDENCE_COLLECTION
    data["documents-0-document"] = document.pk
    assert client.post("/admin/snippets/inspections/followup/add/", data).status_code == 302
    document.refresh_from_db()
    assert document.collection.name == EVIDENCE_COLLECTION
    assert client.get(document.url).status_code == 200
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_city_kind_of_the_2024_template_samples_ten_percent(client, county):
    client.force_login(county)
    client.post(f"{PLANS}/from-template/", {"template": "2024MCH", "kind": "city",
                                           "authority": authority(XINGNING).pk, "year": ""})
    (category,) = InspectionPlan.objects.get().categories.all()
    assert (category.name, category.ratio_text(), category.minimum) == (
        "其他医疗、保健机构", "10%", 2)
    response = client.post(f"{PLANS}/from-template/", {
        "template": "2025ART", "kind": "city", "authority": authority(XINGNING).pk})
    assert "没有“市级双随机”的抽查比例" in response.content.decode()


def test_the_plan_listing_offers_each_next_step_only_where_allowed(client, county,
                                                                   drawn_plan, make_user):
    draft = services.plan_from_template(county, "2025ART", authority(XINGNING))
    client.force_login(county)
    body = client.get(f"{PLANS}/").content.decode()
    assert f"{PLANS}/commit/{draft.pk}/" in body
    assert f"{PLANS}/draw/{drawn_plan.pk}/" not in body  # drawn already: never again
    assert f"{PLANS}/summary/{drawn_plan.pk}/" in body and drawn_plan.get_absolute_url() in body
    client.force_login(make_user(roles.CITY_OFFICIALS, "4501"))
    body = client.get(f"{PLANS}/").content.decode()
    assert f"{PLANS}/commit/{draft.pk}/" not in body  # the county's plan, not the city's


def test_a_drawn_inspectors_identity_stays_and_only_inspectors_accounts_are_linked(
        client, county, drawn_plan, roster, make_user):
    client.force_login(county)
    drawn = roster[0]
    outsider = make_user(roles.CITY_OFFICIALS, "4502")
    data = {"authority": drawn.authority_id, "name": "示例改名", "certificate_no": "示例新证",
            "field": "妇幼健康", "active": "on", "user": drawn.user_id}
    response = client.post(f"/admin/snippets/inspections/inspector/edit/{drawn.pk}/", data)
    assert "不能修改姓名、执法证号" in response.content.decode()
    fresh = Inspector.objects.create(authority=authority(XINGNING), name="示例新人",
                                     certificate_no="示例新人证")
    data = {"authority": fresh.authority_id, "name": "示例新人", "certificate_no": "示例新人证",
            "field": "妇幼健康", "active": "on", "user": outsider.pk}
    client.post(f"/admin/snippets/inspections/inspector/edit/{fresh.pk}/", data)
    fresh.refresh_from_db()
    assert fresh.user is None  # a city official's account is not an inspector's
    with pytest.raises(services.NotPermitted):
        fresh.user = outsider
        services.save_record(county, fresh)


def test_an_inspector_opens_only_the_visits_assigned_to_it(client, drawn_plan, roster):
    person = roster[0]
    client.force_login(person.user)
    mine = Inspection.objects.filter(inspectors=person).first()
    other = Inspection.objects.exclude(inspectors=person).first()
    assert client.get(f"{VISITS}/inspect/{mine.pk}/").status_code == 200
    for view in ("inspect", "history"):
        assert client.get(f"{VISITS}/{view}/{other.pk}/").status_code == 403


def test_another_county_lists_no_roster_of_this_one(client, drawn_plan, roster, make_user):
    client.force_login(make_user(roles.COUNTY_OFFICIALS, "450103"))
    for name in ("inspector", "conflict"):
        body = client.get(f"/admin/snippets/inspections/{name}/").content.decode()
        assert roster[0].name not in body and roster[0].certificate_no not in body


def test_a_category_names_institution_kinds_and_services_by_their_chinese_labels(client,
                                                                                  county):
    from django.core.exceptions import ValidationError

    from disclosure.inspections.models import PlanCategory

    plan = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    client.force_login(county)
    body = client.get(f"{PLANS}/edit/{plan.pk}/").content.decode()
    assert 'type="checkbox"' in body and "综合医院" in body and "婚前医学检查" in body
    field = PlanCategory._meta.get_field("services").formfield()
    assert field.clean(["art", "sperm_bank"]) == "art,sperm_bank"
    assert field.prepare_value("art,sperm_bank") == ["art", "sperm_bank"]
    with pytest.raises(ValidationError):
        field.clean(["not-a-service"])
