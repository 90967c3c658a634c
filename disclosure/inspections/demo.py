"""Demo inspections, on fictional 示例… institutions and inspectors only (never a real name).

- 2023MCH: the region's plan, its commitment published, not drawn;
- 2025ART: the region's 100% round of ART clinics and the sperm bank — committed, drawn,
  every result entered, submitted and approved by a second official: all public;
- 2024MCH: 南宁市's round, with 不合格 items, the penalties that followed, one result still
  awaiting review, and 回头看 of 2023's penalties (已整改 / 整改中 / 未整改).

Plans, draws and results go through the services, as staff make them (so every draw is a
real one that re-runs from its bundle), by demo accounts that cannot log in. Penalties are
written directly, as credit's demo writes them.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Case, Exists, OuterRef, When

from disclosure.credit.models import Penalty
from licensing import roles
from licensing.choices import Service
from licensing.models import Authority, Institution, Licence, StaffProfile

from . import draws, services
from .models import Conflict, FollowUp, InspectionPlan, Inspector, ItemResult
from .models.results import Outcome

REGION, CITY = "45", "4501"
MARK = "示例南卫罚"  # decision numbers of this demo's penalties (credit's demo: 示例卫罚)
# Services a city or county licenses (and so penalises): the demo's own penalties are on them.
LOCAL_SERVICES = (Service.PRENATAL_DIAGNOSIS, Service.PRENATAL_SCREENING,
                  Service.PREMARITAL_EXAM, Service.MCH_SPECIAL)
PASS, FAIL, NA = ItemResult.Result.PASS, ItemResult.Result.FAIL, ItemResult.Result.NOT_APPLICABLE
STAFF = {
    # code: (role, [(username, display name)]): one enters and submits, the other reviews
    REGION: (roles.REGION_STAFF, [("demo_region_entry", "示例自治区监督处经办人"),
                                  ("demo_region_review", "示例自治区监督处复核人")]),
    CITY: (roles.CITY_OFFICIALS, [("demo_nanning_entry", "示例南宁市监督科经办人"),
                                  ("demo_nanning_review", "示例南宁市监督科复核人")]),
}
# A check item is 合理缺项 where the institution holds none of these (first match decides).
NEEDS = (
    ("供精人工授精", {"AID"}),
    ("产前诊断", {"prenatal_diagnosis", "art"}),
    ("产前筛查", {"prenatal_screening", "prenatal_diagnosis"}),
    ("辅助生殖", {"art"}),
    ("精子库", {"sperm_bank"}),
)
ART_FINDINGS = {
    "2025ART-3-8": "示例：胚胎实验室监控录像仅保存15天，不足30天，已责令改正",
    "2025ART-3-5": "示例：抽查的部分病历缺少知情同意书签字页，已责令补正",
}
# The 2024 round's first three visits: (item code → finding, penalty kinds or None).
MCH_FAILURES = [
    ({"2024MCH-2-10": "示例：候诊区未设置禁止“两非”的警示标志"}, None),
    ({"2024MCH-2-4": "示例：部分终止中期以上妊娠手术未查验登记",
      "2024MCH-3-2": "示例：未建立终止中期以上妊娠查验登记制度"}, ["罚款"]),
    ({"2024MCH-1-1": "示例：一名从事产前筛查的人员未取得相应执业资格"}, ["警告", "罚款"]),
]
MCH_VISITS = 20  # results entered for the first so many drawn (the rest: 待检查)
# 回头看 of 2023's penalties: (decided on, status, checked on, note).
FOLLOW_UPS = [
    (date(2023, 3, 15), FollowUp.Status.DONE, date(2024, 5, 20),
     "示例：已补齐查验登记资料并完善制度，整改到位"),
    (date(2023, 6, 20), FollowUp.Status.ONGOING, date(2024, 6, 12),
     "示例：整改方案已提交，部分管理制度尚在修订"),
    (date(2023, 9, 12), FollowUp.Status.NOT_DONE, date(2024, 7, 3),
     "示例：复查时禁止“两非”警示标志仍未设置，已责令限期改正"),
]


def seed_inspections():
    """Add the demo plans, draws and results once (idempotent): (plans, public results)."""
    if InspectionPlan.objects.exists() or not Institution.objects.filter(
            name__startswith="示例", licences__isnull=False).exists():
        return 0, 0
    region, city = _staff(REGION), _staff(CITY)
    _roster(REGION, first=1)
    _roster(CITY, first=7)
    plan = services.plan_from_template(region[0], "2023MCH", _authority(REGION))
    draws.commit(region[0], plan, "示例：2023年3月1日中国福利彩票“3D”开奖号码",
                 day=date(2023, 2, 15))
    published = _art_round(*region) + _mch_round(*city)
    return InspectionPlan.objects.count(), published


def _authority(code):
    return Authority.objects.get(region__code=code)


def _staff(code):
    """The two demo officials of an authority (no password: they cannot log in)."""
    role, people = STAFF[code]
    users = []
    for username, display in people:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": display})
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.update_or_create(user=user,
                                              defaults={"authority": _authority(code)})
        users.append(user)
    return users


def _roster(code, first, size=6):
    """执法人员名录库: fictional inspectors 示例执法员NN (names never shown publicly)."""
    authority = _authority(code)
    for n in range(first, first + size):
        Inspector.objects.get_or_create(
            certificate_no=f"示例执法证{code}{n:03d}",
            defaults={"authority": authority, "name": f"示例执法员{n:02d}"})


def _held(institution):
    """The services and technology codes of an institution's licences."""
    licences = Licence.objects.filter(institution=institution)
    return set(licences.values_list("service", flat=True)) | {
        code for code in licences.values_list("technologies__code", flat=True) if code}


def _result(item, held, failing):
    if item.code in failing:
        return FAIL, failing[item.code]
    for words, needs in NEEDS:
        if words in item.text:
            return (PASS if held & needs else NA), ""
    return PASS, ""


def _enter(user, inspection, visited_on, failing=None, penalties=()):
    """录入 and 提交复核: every item 合格 or 合理缺项, except the `failing` ones."""
    failing = failing or {}
    held = _held(inspection.institution)
    results = {item.pk: _result(item, held, failing) for item in services.plan_items(inspection)}
    if not failing:
        outcome, note = Outcome.NO_PROBLEM, ""
    elif penalties:
        outcome, note = Outcome.PENDING, "示例：发现问题，已立案调查并作出行政处罚"
    else:
        outcome, note = Outcome.CORRECTED, "示例：发现问题，已当场责令改正"
    services.save_results(user, inspection, visited_on=visited_on, outcome=outcome,
                          outcome_note=note, results=results, penalties=penalties)
    return services.submit(user, inspection)


def _art_round(entry, review):
    """2025 ART, 100%: one declared conflict, every result public."""
    plan = services.plan_from_template(entry, "2025ART", _authority(REGION))
    clinic = Institution.objects.filter(name__startswith="示例", licences__service="art").order_by(
        "pk").first()
    inspector = Inspector.objects.get(certificate_no=f"示例执法证{REGION}002")
    Conflict.objects.create(inspector=inspector, institution=clinic,
                            reason="示例：近亲属在该机构任职", declared_on=date(2025, 1, 10))
    draws.commit(entry, plan, "示例：2025年3月1日中国福利彩票“3D”开奖号码",
                 day=date(2025, 2, 20))
    draws.make_draw(entry, plan, "527", day=date(2025, 3, 3))
    codes = list(ART_FINDINGS)
    inspections = plan.inspections.order_by("institution__region__code", "institution__name")
    for n, inspection in enumerate(inspections):
        failing = {codes[n % 2]: ART_FINDINGS[codes[n % 2]]} if n % 6 == 4 else None
        visited = date(2025, 4, 1) + timedelta(days=min(5 * n, 220))
        _enter(entry, inspection, visited, failing)
        services.approve(review, inspection, day=visited + timedelta(days=12))
    return inspections.count()


def _mch_round(entry, review):
    """2024 MCH (南宁市): three visits find problems, two end in penalties; the last one
    entered awaits review, two more (and any beyond MCH_VISITS) wait for their visit;
    回头看 of 2023's penalties."""
    plan = services.plan_from_template(entry, "2024MCH", _authority(CITY))
    draws.commit(entry, plan, "示例：2024年3月1日中国福利彩票“3D”开奖号码",
                 day=date(2024, 2, 26))
    draws.make_draw(entry, plan, "306", day=date(2024, 3, 4))
    # Problems are found at MCH hospitals that credit's demo has not penalised already.
    penalised = Exists(Penalty.objects.filter(institution=OuterRef("institution")))
    inspections = list(plan.inspections.alias(penalised=penalised).order_by(
        Case(When(institution__category="mch", penalised=False, then=0), default=1),
        "institution__region__code", "institution__name")[:MCH_VISITS])
    if len(inspections) > len(MCH_FAILURES) + 3:
        inspections = inspections[:-2]  # two visits still to make (for the demo inspector)
    published = 0
    for n, inspection in enumerate(inspections):
        visited = date(2024, 4, 8) + timedelta(days=7 * n)
        failing, kinds = MCH_FAILURES[n] if n < len(MCH_FAILURES) else (None, None)
        penalties = [_penalty(inspection.institution, n + 1, visited + timedelta(days=30),
                              kinds)] if kinds else []
        _enter(entry, inspection, visited, failing, penalties)
        if n < max(len(inspections) - 1, len(MCH_FAILURES)):  # the last one: 待复核
            services.approve(review, inspection, day=visited + timedelta(days=10))
            published += 1
    _follow_ups(entry, plan)
    return published


def _penalty(institution, n, decided, kinds):
    licence = institution.licences.order_by(
        Case(When(service__in=LOCAL_SERVICES, then=0), default=1), "pk").first()
    penalty = Penalty(
        institution=institution, service=licence.service, subject_name=institution.name,
        uscc=institution.uscc, legal_representative="示例法定代表人",
        decision_no=f"{MARK}〔{decided.year}〕{n}号",
        violation_type="示例：未按规定开展" + licence.get_service_display(),
        facts="示例：监督抽查发现该机构未按规定建立技术服务管理制度，部分登记资料缺失。",
        basis="示例：《中华人民共和国母婴保健法实施办法》有关规定", kinds=list(kinds),
        content="、".join(kinds), fine=Decimal("0.5") if "罚款" in kinds else None,
        decided_on=decided, authority=_authority(CITY),
        published_on=decided + timedelta(days=3),
    )
    penalty.full_clean()
    penalty.save()
    return penalty


def _follow_ups(user, plan):
    """2023's penalties in 南宁市, then 回头看 of each with its rectification status."""
    drawn = plan.inspections.values("institution_id")
    places = Institution.objects.filter(
        name__startswith="示例", region__code__startswith=CITY,
        licences__service__in=LOCAL_SERVICES,
    ).exclude(pk__in=drawn).exclude(penalties__isnull=False).distinct().order_by(
        "region__code", "pk")[:len(FOLLOW_UPS)]
    statuses = {}
    for n, (place, (decided, *rest)) in enumerate(zip(places, FOLLOW_UPS, strict=False)):
        statuses[_penalty(place, n + 1, decided, ["罚款"]).pk] = rest
    services.open_follow_ups(user, plan)
    for follow_up in plan.follow_ups.filter(penalty_id__in=statuses):
        follow_up.status, follow_up.checked_on, follow_up.note = statuses[follow_up.penalty_id]
        services.save_record(user, follow_up)
