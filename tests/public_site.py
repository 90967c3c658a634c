"""A small public register with a record of every kind the public pages show: licences
valid, suspended (with its reason), revoked and expired; a published decision; three
published list editions (one adding a new clinic and removing a revoked one); setup
applications at every stage. Used by the public-page tests and the browser tests."""

from datetime import date

from disclosure.demo import seed_applications, seed_list_editions
from disclosure.models import ApplicationNotice, ListEdition
from licensing.choices import EventKind, Service
from licensing.demo import demo_office_phone
from licensing.models import Approval, Authority, LicenceEvent
from tests.factories import InstitutionFactory, LicenceFactory, art_clinic, authority, region

CLINIC = "示例南宁市妇幼保健院"
SUSPENSION_NOTE = "示例：检查发现婚检医师资质不符合要求，责令暂停执业整改"
REVOCATION_NOTE = "示例：超出批准范围开展技术服务"
# The editions are those due by this day: as of 2025-06-30, 2025-12-31 and 2026-06-30.
EDITIONS_TODAY = date(2026, 8, 1)


def build_public_site():
    """Create the register; returns the ids and paths the tests visit."""
    authorities = list(Authority.objects.select_related("region"))
    for item in authorities:
        item.office_phone = demo_office_phone(item.region.code)
    Authority.objects.bulk_update(authorities, ["office_phone"])

    clinic = InstitutionFactory(name=CLINIC, region=region("450103"))
    screening = LicenceFactory(institution=clinic, service=Service.PRENATAL_SCREENING,
                               authority=authority("450103"), licence_no="PS450103-2024-000777")
    premarital = LicenceFactory(institution=clinic, service=Service.PREMARITAL_EXAM,
                                authority=authority("450103"), licence_no="PM450103-2024-000778")
    LicenceEvent.objects.create(licence=premarital, kind=EventKind.SUSPENDED,
                                date=date(2026, 3, 2), document_no="示例监字〔2026〕8号",
                                note=SUSPENSION_NOTE)
    premarital.save()
    LicenceFactory(institution=clinic, service=Service.MCH_SPECIAL,
                   authority=authority("450103"), licence_no="MS450103-2020-000779",
                   decided_on=date(2020, 1, 10), valid_from=date(2020, 1, 10),
                   valid_until=date(2023, 1, 9))
    InstitutionFactory(name="示例南宁市人民医院", region=region("450103"))
    Approval.objects.create(
        institution=clinic, service=Service.PRENATAL_SCREENING, authority=authority("450103"),
        received_on=date(2023, 12, 1), decision=Approval.Decision.APPROVED,
        decided_on=date(2024, 1, 10), decision_no=screening.decision_no,
        licence_no=screening.licence_no, valid_from=screening.valid_from,
        valid_until=screening.valid_until, licence=screening, published_on=date(2024, 1, 12),
    )

    art_clinic("示例南宁生殖中心", techs=("AIH", "IVF-ET"), granted=date(2023, 3, 1),
               until=date(2028, 2, 29))
    revoked = art_clinic("示例柳州生殖中心", code="450202", granted=date(2023, 3, 1),
                         until=date(2028, 2, 29))
    LicenceEvent.objects.create(licence=revoked, kind=EventKind.REVOKED, date=date(2026, 3, 1),
                                document_no="示例撤字〔2026〕1号", note=REVOCATION_NOTE)
    revoked.save()
    art_clinic("示例桂林生殖中心", code="450305", granted=date(2026, 2, 2),
               until=date(2031, 2, 1))
    seed_list_editions(today=EDITIONS_TODAY)
    seed_applications(today=date(2026, 11, 1))

    round_ = inspection_round()
    latest = ListEdition.objects.filter(live=True).order_by("-as_of").first()
    notice = ApplicationNotice.objects.filter(live=True).order_by("pk").first()
    return {
        "clinic": clinic.pk, "revoked_clinic": revoked.institution_id,
        "edition": latest.pk, "application": notice.application_id,
        "paths": {
            "home": "/",
            "search": "/search/?q=示例",
            "directory": "/institutions/?q=妇幼",
            "directory_empty": "/institutions/?q=没有这家机构",
            "institution": f"/institutions/{clinic.pk}/",
            "decisions": "/licensing-decisions/",
            "who_approves": "/who-approves/",
            "lists": "/lists/",
            "edition": f"/lists/{latest.pk}/",
            "applications": "/applications/",
            "application": f"/applications/{notice.application_id}/",
            "not_found": "/no-such-page/",
            "inspections": "/inspections/",
            "badge": f"/institutions/{clinic.pk}/badge/",
            "inspection_plan": f"/inspections/plans/{round_.plan_id}/",
            "inspection_result": f"/inspections/results/{round_.pk}/",
            "open_data": "/data/",
            "data_dictionary": "/data/dictionary/",
        },
    }


def inspection_round():
    """The 2025 ART round of the region: drawn, every clinic inspected; the first result
    (one 不合格 item) reviewed and public. Returns that inspection."""
    from django.contrib.auth import get_user_model

    from disclosure.inspections import draws, services
    from disclosure.inspections.models import Inspector
    from disclosure.inspections.models.results import Outcome

    users = get_user_model().objects
    clerk = users.create_superuser("示例录入员", password="pw-test-123")
    reviewer = users.create_superuser("示例复核员", password="pw-test-123")
    for n in range(3):
        Inspector.objects.create(authority=authority("45"), name=f"示例执法员{n}",
                                 certificate_no=f"示例执法证{n}")
    plan = services.plan_from_template(clerk, "2025ART", authority("45"))
    draws.commit(clerk, plan, "示例：2025年4月1日福利彩票3D开奖号码", day=date(2025, 3, 20))
    draws.make_draw(clerk, plan, "527", day=date(2025, 4, 1))
    inspection = plan.inspections.order_by("pk").first()
    items = services.plan_items(inspection)
    results = {item.pk: ("pass", "") for item in items}
    results[items[-1].pk] = ("fail", "示例：伦理委员会未按要求对研究活动进行审查")
    results[items[0].pk] = ("na", "")
    services.save_results(clerk, inspection, visited_on=date(2025, 6, 3),
                          outcome=Outcome.CORRECTED, outcome_note="示例：已责令限期改正",
                          results=results)
    services.submit(clerk, inspection)
    inspection = services.approve(reviewer, inspection, day=date(2025, 6, 20))
    inspection.plan_id = plan.pk
    return inspection
