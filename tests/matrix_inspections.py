"""The inspections' part of the admin matrix (tests/test_admin_matrix.py): its records, who
may do what to each, and the views of its own (发布承诺值, 抽取, 复核 …)."""

from datetime import date

from disclosure.inspections import draws, services
from disclosure.inspections.models import (
    Conflict,
    Draw,
    FollowUp,
    Inspection,
    InspectionPlan,
    Inspector,
    ItemResult,
    RiskNotice,
)
from disclosure.inspections.models.results import Outcome
from licensing.models import Institution
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

XINGNING = "450102"
ALL_STAFF = {"inspector", "county", "other_county", "city", "other_city", "region"}
COUNTY_UP = {"county", "city", "region", "superuser"}
WATCHED = (InspectionPlan, Draw, Inspection, ItemResult, Inspector, Conflict, FollowUp,
           RiskNotice)

# record: (change, delete, view)
EXPECTED = {
    "inspectionplan/own": ({"county", "superuser"},) * 2 + ({"inspector"} | COUNTY_UP,),
    "inspectionplan/region": ({"region", "superuser"},) * 2 + (ALL_STAFF,),
    "inspectionplan/frozen": (set(), set(), {"inspector"} | COUNTY_UP),
    # the assigned inspector, or officials of the territory; nobody deletes a drawn visit
    "inspection/own": ({"inspector"} | COUNTY_UP, set(), ALL_STAFF),
    "inspection/submitted": (set(), set(), ALL_STAFF),
    "inspection/frozen": (set(), set(), ALL_STAFF),
    # a roster entry drawn for an inspection stays (the published draw names its code)
    "inspector/own": ({"county", "superuser"}, set(), COUNTY_UP),
    "conflict/own": ({"county", "superuser"},) * 2 + (COUNTY_UP,),
    "followup/own": ({"county", "superuser"},) * 2 + (ALL_STAFF,),
    "risknotice/draft": ({"county", "superuser"},) * 2 + (COUNTY_UP,),
    "risknotice/frozen": (set(), set(), COUNTY_UP),
}
# (record, url name) -> who may use the plan's and the inspection's own views
OWN_VIEWS = {
    ("inspectionplan/own", "commit"): {"county", "superuser"},
    ("inspectionplan/region", "commit"): {"region", "superuser"},
    ("inspectionplan/own", "follow_ups"): {"county", "superuser"},
    ("inspectionplan/region", "follow_ups"): {"region", "superuser"},
    ("inspectionplan/frozen", "follow_ups"): {"county", "superuser"},
    # a second official of the territory, never the submitter (county) nor an inspector
    ("inspection/submitted", "review"): {"city", "region", "superuser"},
}
# views of their own: URL name -> the column of EXPECTED that answers, or "own" (OWN_VIEWS)
VIEW_ACTION = {"commit": "own", "draw": "own", "follow_ups": "own", "review": "own",
               "summary": "view", "risk": "view", "submit": "change"}
# model: (roles that list and choose, roles that add)
STAFF_WRITERS = {"county", "other_county", "city", "other_city", "region"}
MODEL_RULES = {
    "inspectionplan": (ALL_STAFF, STAFF_WRITERS),
    "inspection": (ALL_STAFF, set()),
    "inspector": (STAFF_WRITERS, STAFF_WRITERS),
    "conflict": (STAFF_WRITERS, STAFF_WRITERS),
    "followup": (ALL_STAFF, STAFF_WRITERS),
    "risknotice": (STAFF_WRITERS, STAFF_WRITERS),
}
NOBODY = {("inspection", "add"), ("inspection", "preview_on_add")}


def _results(inspection, user, approver=None):
    items = services.plan_items(inspection)
    results = {item.pk: ("pass", "") for item in items}
    results[items[0].pk] = ("fail", "示例问题")
    services.save_results(user, inspection, visited_on=date(2024, 5, 6),
                          outcome=Outcome.CORRECTED, results=results)
    services.submit(user, inspection)
    if approver:
        services.approve(approver, inspection)
    return Inspection.objects.get(pk=inspection.pk)


def records(users):
    county, county_authority = users["county"], authority(XINGNING)
    for n in range(6):
        InstitutionFactory(region=region(XINGNING), category=Institution.Category.MCH,
                           name=f"示例矩阵妇幼{n}")
    LicenceFactory(institution__region=region(XINGNING), institution__name="示例矩阵综合")
    roster = [Inspector.objects.create(
        authority=county_authority, name=f"示例矩阵执法{n}", certificate_no=f"示例矩阵证{n}",
        user=users["inspector"] if n == 0 else None) for n in range(2)]
    # both on a roster of two go to every visit, the inspector-role user included
    drawn = services.plan_from_template(county, "2024MCH", county_authority)
    draws.commit(county, drawn, "示例来源", day=date(2024, 2, 20))
    draws.make_draw(county, drawn, "1", day=date(2024, 3, 1))
    own, submitted, frozen = Inspection.objects.filter(inspectors=roster[0])[:3]
    fresh = Inspector.objects.create(authority=county_authority, name="示例矩阵新执法",
                                     certificate_no="示例矩阵证9")
    follow_up = FollowUp.objects.create(plan=drawn, institution=own.institution)
    notice = dict(authority=county_authority, plan=drawn, title="示例风险提示", body="示例")
    return {
        "inspectionplan/own": services.plan_from_template(county, "2023MCH",
                                                          county_authority, year=2024),
        "inspectionplan/region": services.plan_from_template(users["region"], "2025ART",
                                                             authority("45")),
        "inspectionplan/frozen": InspectionPlan.objects.get(pk=drawn.pk),
        "inspection/own": own,
        "inspection/submitted": _results(submitted, county),
        "inspection/frozen": _results(frozen, county, users["city"]),
        "inspector/own": roster[0],
        "conflict/own": Conflict.objects.create(inspector=fresh, institution=own.institution,
                                                reason="示例", declared_on=date(2024, 1, 2)),
        "followup/own": follow_up,
        "risknotice/draft": RiskNotice.objects.create(**notice),
        "risknotice/frozen": RiskNotice.objects.create(**notice, published_on=date(2024, 6, 1)),
    }
