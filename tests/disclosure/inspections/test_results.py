"""Entering results per check item, the second person's review, and what the public sees."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from disclosure.inspections import services
from disclosure.inspections.models import Inspection, ItemResult
from disclosure.inspections.models.results import Outcome
from licensing import roles
from licensing.territory import NotPermitted

pytestmark = pytest.mark.django_db

FAIL, PASS, NA = ItemResult.Result.FAIL, ItemResult.Result.PASS, ItemResult.Result.NOT_APPLICABLE


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _all(inspection, result=PASS, finding=""):
    return {item.pk: (result, finding) for item in services.plan_items(inspection)}


def _assigned_to(person):
    return Inspection.objects.filter(inspectors=person).first()


def _enter(user, inspection, failing=1):
    results = _all(inspection)
    for item in services.plan_items(inspection)[:failing]:
        results[item.pk] = (FAIL, "示例：未按要求设置禁止“两非”警示标志")
    return services.save_results(
        user, inspection, visited_on=date(2024, 5, 6),
        outcome=Outcome.CORRECTED if failing else Outcome.NO_PROBLEM,
        outcome_note="示例：已当场责令改正", results=results)


def test_every_item_needs_a_result_and_every_fail_a_finding(drawn_plan, county):
    inspection = Inspection.objects.first()
    results = _all(inspection)
    first = services.plan_items(inspection)[0]
    del results[first.pk]
    with pytest.raises(ValidationError):
        services.save_results(county, inspection, visited_on=date(2024, 5, 6),
                              outcome=Outcome.NO_PROBLEM, results=results)
    results[first.pk] = (FAIL, "")
    with pytest.raises(ValidationError):
        services.save_results(county, inspection, visited_on=date(2024, 5, 6),
                              outcome=Outcome.CORRECTED, results=results)
    results[first.pk] = (FAIL, "示例问题")
    with pytest.raises(ValidationError):  # a 不合格 item cannot end in 未发现问题
        services.save_results(county, inspection, visited_on=date(2024, 5, 6),
                              outcome=Outcome.NO_PROBLEM, results=results)
    results[first.pk] = (NA, "")  # 检查内容可合理缺项
    services.save_results(county, inspection, visited_on=date(2024, 5, 6),
                          outcome=Outcome.NO_PROBLEM, results=results)
    assert inspection.item_results.get(item=first).result == NA


def test_a_closed_unit_needs_no_item_results(drawn_plan, county):
    inspection = Inspection.objects.first()
    services.save_results(county, inspection, visited_on=date(2024, 5, 6),
                          outcome=Outcome.CLOSED, results={})
    assert inspection.item_results.count() == 0


def test_inspectors_write_only_their_own_inspections(drawn_plan, roster):
    person = roster[0]
    mine = _assigned_to(person)
    other = Inspection.objects.exclude(inspectors=person).first()
    _enter(person.user, mine)
    with pytest.raises(NotPermitted):
        _enter(person.user, other)


def test_another_countys_official_cannot_write_or_review(drawn_plan, county, make_user):
    outsider = make_user(roles.COUNTY_OFFICIALS, "450103")
    inspection = Inspection.objects.first()
    with pytest.raises(NotPermitted):
        _enter(outsider, inspection)
    _enter(county, inspection)
    services.submit(county, inspection)
    with pytest.raises(NotPermitted):
        services.approve(outsider, inspection)


def test_a_second_person_publishes_and_then_it_is_frozen(drawn_plan, county, county2, roster):
    inspection = _assigned_to(roster[0])
    _enter(roster[0].user, inspection)
    services.submit(roster[0].user, inspection)
    with pytest.raises(NotPermitted):  # the submitter never reviews
        services.approve(roster[0].user, inspection)
    with pytest.raises(NotPermitted):  # an inspector does not review
        services.approve(roster[1].user, inspection)
    with pytest.raises(NotPermitted):  # nothing changes while under review
        _enter(county, inspection)
    services.send_back(county, inspection, "示例：请补充检查情况说明")
    _enter(roster[0].user, inspection)
    services.submit(roster[0].user, inspection)
    services.approve(county2, inspection, day=date(2024, 5, 20))
    inspection.refresh_from_db()
    assert inspection.is_published and inspection.published_on == date(2024, 5, 20)
    for user in (county, roster[0].user):
        with pytest.raises(NotPermitted):
            _enter(user, inspection)


def _published(drawn_plan, county, county2):
    inspection = Inspection.objects.first()
    _enter(county, inspection)
    services.submit(county, inspection)
    return services.approve(county2, inspection)


def test_the_public_sees_reviewed_results_only_and_never_an_inspectors_name(
        drawn_plan, county, county2, client, roster):
    published = _published(drawn_plan, county, county2)
    draft = Inspection.objects.exclude(pk=published.pk).first()
    _enter(county, draft)
    page = get_page(client, "/inspections/")
    assert published.institution.name in page
    assert draft.institution.name not in page.split("抽查计划")[0]
    detail = get_page(client, published.get_absolute_url())
    assert "发现问题已责令改正" in detail and "未按要求设置禁止" in detail
    assert client.get(draft.get_absolute_url()).status_code == 404
    plan_page = get_page(client, drawn_plan.get_absolute_url())
    for page_text in (page, detail, plan_page):
        for person in roster:
            assert person.name not in page_text and person.certificate_no not in page_text
    assert drawn_plan.draw.seed in plan_page and "verify_draw.py" in plan_page
    institution_page = get_page(client, published.institution.get_absolute_url())
    assert "监督抽查" in institution_page and "发现问题已责令改正" in institution_page
    feed = client.get("/inspections/feed/").content.decode()
    assert published.institution.name in feed and draft.institution.name not in feed


def test_the_bundle_download_is_the_stored_text(drawn_plan, client):
    import hashlib

    body = client.get(f"/inspections/plans/{drawn_plan.pk}/bundle.json").content
    assert hashlib.sha256(body).hexdigest() == drawn_plan.draw.bundle_sha256


def test_results_filter_by_outcome_and_county(drawn_plan, county, county2, client):
    published = _published(drawn_plan, county, county2)
    name = published.institution.name
    assert name in get_page(client, "/inspections/?outcome=corrected&county=450102")
    assert name not in get_page(client, "/inspections/?outcome=no_problem")
    assert name not in get_page(client, "/inspections/?county=450103")


def test_a_result_is_published_between_its_visit_and_today(drawn_plan, county, county2):
    inspection = Inspection.objects.first()
    _enter(county, inspection)  # visited 2024-05-06
    services.submit(county, inspection)
    with pytest.raises(NotPermitted):
        services.approve(county2, inspection, day=date(2024, 5, 5))
    assert services.approve(county2, inspection, day=date(2024, 5, 6)).is_published


def test_follow_ups_list_last_years_penalties_but_not_revoked_decisions(county, roster):
    from disclosure.credit import services as credit
    from disclosure.credit.models import Penalty
    from tests.factories import InstitutionFactory, authority, region

    plan = services.plan_from_template(county, "2024MCH", authority("450102"))
    decisions = []
    for n in range(2):
        institution = InstitutionFactory(region=region("450102"), name=f"示例受罚{n}")
        decisions.append(credit.record_penalty(county, Penalty(
            institution=institution, service="premarital_exam", subject_name=institution.name,
            uscc=institution.uscc, decision_no=f"示例卫罚〔2023〕{n}号", violation_type="示例",
            facts="示例", basis="示例", kinds=["罚款"], content="罚款", fine="0.1",
            decided_on=date(2023, 5, 5), authority=authority("450102"))))
    credit.publish_penalty(county, decisions[1], date(2023, 5, 8))
    credit.end_publication(county, decisions[1], Penalty.EndReason.REVOKED, "示例：已撤销")
    made = services.open_follow_ups(county, plan)
    assert [f.penalty for f in made] == [decisions[0]]
    assert services.open_follow_ups(county, plan) == []  # listed once


def test_whoever_entered_the_results_never_reviews_them(drawn_plan, county, county2, make_user):
    inspection = Inspection.objects.first()
    _enter(county, inspection)
    services.submit(county2, inspection)  # another official submits what county entered
    with pytest.raises(NotPermitted):
        services.approve(county, inspection)
    third = make_user(roles.CITY_OFFICIALS, "4501")
    assert services.approve(third, inspection).is_published
