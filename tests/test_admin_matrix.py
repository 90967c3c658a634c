"""Every admin URL of every registered model, for every role and kind of record.

The URLs come from the URL resolver, not from a hand-made list: a view that a
later issue (or a later Wagtail) adds is in the matrix the day it appears, and
an unclassified view fails here until `EXPECTED` says who may use it.

For each role × record × view × method the test asserts that the admin allows
or refuses as the rule says (a refusal is the admin's 403 page, or the login
page for an anonymous visitor), that nothing answers 500, and that the
database is unchanged after every refused request. Each request runs in a
savepoint that is rolled back, so the cases never see each other's writes.
"""

import hashlib
from datetime import date

import pytest
from django.apps import apps
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from disclosure.credit import services as credit
from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord
from disclosure.models import ApplicationNotice, ListEdition, SetupApplication
from disclosure.workflow import submit_and_approve
from licensing import roles, services
from licensing.admin_guard import REFUSED_TEMPLATE
from licensing.choices import Service
from licensing.models import (
    Approval,
    Authority,
    HolidaySchedule,
    Institution,
    Licence,
    LicenceEvent,
    PersonnelQualification,
    StaffProfile,
)
from tests import matrix_inspections as inspections
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING, QINGXIU, CHENGZHONG = "450102", "450103", "450202"  # 南宁 ×2, 柳州
ROLES = ("anonymous", "inspector", "county", "other_county", "city", "other_city",
         "region", "superuser")
APPS = ("licensing", "disclosure", "credit", "inspections")
TAMPERED = "示例已篡改"

# Who may write each record (change = edit, revert, lock …; delete = delete, bulk delete).
ALL_STAFF = {"inspector", "county", "other_county", "city", "other_city", "region"}
REGION = {"region", "superuser"}
EXPECTED = {
    # record: (change, delete, view)
    "institution/own": ({"county", "city", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "institution/other_county": ({"other_county", "city", "region", "superuser"},) * 2
    + (ALL_STAFF,),
    "institution/other_city": ({"other_city", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "licence/own": ({"county", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "licence/other_county": ({"other_county", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "licence/other_city": (REGION,) * 2 + (ALL_STAFF,),
    "licence/region_issued": (REGION,) * 2 + (ALL_STAFF,),
    # Only the deciding authority decides, in its own name: not even the region.
    "approval/own": ({"county", "superuser"},) * 2 + (ALL_STAFF,),
    "approval/other_county": ({"other_county", "superuser"},) * 2 + (ALL_STAFF,),
    "approval/other_city": ({"superuser"},) * 2 + (ALL_STAFF,),
    "approval/region_issued": (REGION,) * 2 + (ALL_STAFF,),
    # Decided: only the 公示日期 may still be entered; never deleted.
    "approval/frozen": ({"county", "superuser"}, set(), ALL_STAFF),
    # Personnel: the city decides; only authorities of the person's territory read them.
    "personnelqualification/own": ({"city", "superuser"},) * 2
    + ({"inspector", "county", "city", "region", "superuser"},),
    "personnelqualification/other_city": ({"other_city", "superuser"},) * 2
    + ({"inspector", "other_city", "region", "superuser"},),
    "listedition/draft": (REGION,) * 2 + ({"inspector", "region", "superuser"},),
    "listedition/frozen": (set(), set(), {"inspector", "region", "superuser"}),
    "setupapplication/received": (REGION, {"superuser"}, {"inspector", "region", "superuser"}),
    "setupapplication/frozen": (REGION, set(), {"inspector", "region", "superuser"}),
    "applicationnotice/draft": (REGION,) * 2 + ({"inspector", "region", "superuser"},),
    "applicationnotice/frozen": (REGION, set(), {"inspector", "region", "superuser"}),
    # Credit records follow the licence rule (谁审批、谁监管); published or lifted ones are
    # frozen, and only their end (信用修复, 撤回, 移出) remains, for the same authorities.
    "penalty/own": ({"county", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "penalty/other_county": ({"other_county", "region", "superuser"},) * 2 + (ALL_STAFF,),
    "penalty/other_city": (REGION,) * 2 + (ALL_STAFF,),
    "penalty/region_issued": (REGION,) * 2 + (ALL_STAFF,),
    "penalty/frozen": (set(), set(), ALL_STAFF),
    "blacklistentry/own": ({"county", "region", "superuser"}, set(), ALL_STAFF),
    "blacklistentry/frozen": (set(), set(), ALL_STAFF),
    "pointrecord/own": ({"county", "region", "superuser"},) * 2 + (ALL_STAFF,),
    # Reference data: superusers keep an authority's public phone and USCC; nobody deletes.
    "authority/one": ({"superuser"}, set(), {"superuser"}),
    # The holiday calendar is the commission's: every deadline in the region uses it.
    "holidayschedule/one": ({"region", "superuser"},) * 3,
    **inspections.EXPECTED,
}
# Who may end a record's publication or listing (the "end" views).
END = {
    "penalty/own": {"county", "region", "superuser"},
    "penalty/other_county": {"other_county", "region", "superuser"},
    "penalty/other_city": REGION,
    "penalty/region_issued": REGION,
    "penalty/frozen": {"county", "region", "superuser"},
    "blacklistentry/own": {"county", "region", "superuser"},
    "blacklistentry/frozen": {"county", "region", "superuser"},
}
# URL name -> which column of EXPECTED answers it; "closed" views answer no one.
VIEW_ACTION = {
    "edit": "change", "revisions_revert": "change", "revisions_unschedule": "change",
    "preview_on_edit": "change", "lock": "change", "unlock": "change",
    "workflow_action": "change", "collect_workflow_action_data": "change",
    "confirm_workflow_cancellation": "change", "delete": "delete",
    "history": "view", "history_results": "view", "usage": "view", "inspect": "view",
    "revisions_view": "view", "revisions_compare": "view", "workflow_history": "view",
    "workflow_history_detail": "view", "workflow_preview": "view", "chosen": "view",
    "unpublish": "unpublish", "end_publication": "end", "lift": "end",
    **inspections.VIEW_ACTION,
}
COLUMN = {"change": 0, "delete": 1, "view": 2}


# -- the world the attacks run against ------------------------------------------------


def _users(make_user):
    return {
        "anonymous": None,
        "inspector": make_user(roles.INSPECTORS, "45"),
        "county": make_user(roles.COUNTY_OFFICIALS, XINGNING),
        "other_county": make_user(roles.COUNTY_OFFICIALS, QINGXIU),
        "city": make_user(roles.CITY_OFFICIALS, "4501"),
        "other_city": make_user(roles.CITY_OFFICIALS, "4502"),
        "region": make_user(roles.REGION_STAFF, "45"),
        "region2": make_user(roles.REGION_STAFF, "45"),
        "superuser": make_user(superuser=True),
    }


def _pending(code, service=Service.PREMARITAL_EXAM, authority_code=None):
    holder = InstitutionFactory(region=region(code), name=f"示例{code}申请医院")
    return Approval.objects.create(
        institution=holder, service=service, authority=authority(authority_code or code),
        received_on=date(2025, 3, 3),
    )


def _personnel(code, city):
    return PersonnelQualification.objects.create(
        institution=InstitutionFactory(region=region(code), name=f"示例{code}妇幼保健院"),
        name="示例医生", id_number="11010519491231002X", phone="13800000000",
        service=Service.PREMARITAL_EXAM, certificate_kind="mch", certificate_no=f"C-{code}",
        authority=authority(city), decided_on=date(2024, 5, 6),
    )


def _licensing_records(users):
    records = {}
    for key, code in (("own", XINGNING), ("other_county", QINGXIU), ("other_city", CHENGZHONG)):
        records[f"institution/{key}"] = InstitutionFactory(region=region(code))
        records[f"licence/{key}"] = LicenceFactory(institution__region=region(code))
        records[f"approval/{key}"] = _pending(code)
    records["licence/region_issued"] = LicenceFactory(
        institution=InstitutionFactory(region=region(XINGNING)), service=Service.ART,
        authority=authority("45"), licence_no="ART-MATRIX-1",
    )
    records["approval/region_issued"] = _pending(XINGNING, Service.ART, "45")
    frozen = _pending(XINGNING)
    frozen.decision, frozen.decided_on, frozen.decision_no = "approved", date(2025, 4, 1), "示例1号"
    frozen.licence_no, frozen.valid_from, frozen.valid_until = (
        "PM-MATRIX-1", date(2025, 4, 1), date(2028, 3, 31))
    records["approval/frozen"] = services.record_approval(users["county"], frozen)
    records["personnelqualification/own"] = _personnel(XINGNING, "4501")
    records["personnelqualification/other_city"] = _personnel(CHENGZHONG, "4502")
    return records


def _disclosure_records(users):
    from disclosure.editions import generate_draft

    staff, reviewer = users["region"], users["region2"]
    frozen_edition = generate_draft(staff, date(2025, 6, 30))
    submit_and_approve(frozen_edition, staff, reviewer)
    received = SetupApplication.objects.create(
        applicant_name="示例待公开医院", uscc=InstitutionFactory.build().uscc,
        region=region(QINGXIU), address="示例路", applies_art=True,
        received_on=date(2025, 9, 1), contact_office="示例科", office_phone="0771-1",
    )
    disclosed = SetupApplication.objects.create(
        applicant_name="示例已公开医院", uscc=InstitutionFactory.build().uscc,
        region=region(QINGXIU), address="示例路", applies_art=True,
        received_on=date(2025, 9, 2), contact_office="示例科", office_phone="0771-1",
    )
    published = ApplicationNotice.objects.create(application=disclosed, live=False)
    published.save_revision(user=staff)
    submit_and_approve(published, staff, reviewer)
    other = SetupApplication.objects.create(
        applicant_name="示例草稿医院", uscc=InstitutionFactory.build().uscc,
        region=region(QINGXIU), address="示例路", applies_sperm_bank=True,
        received_on=date(2025, 9, 3), contact_office="示例科", office_phone="0771-1",
    )
    draft_notice = ApplicationNotice.objects.create(application=other, live=False)
    draft_notice.save_revision(user=staff)
    return {
        "listedition/draft": generate_draft(staff, date(2025, 12, 31)),
        "listedition/frozen": ListEdition.objects.get(pk=frozen_edition.pk),
        "setupapplication/received": received,
        "setupapplication/frozen": SetupApplication.objects.get(pk=disclosed.pk),
        "applicationnotice/draft": draft_notice,
        "applicationnotice/frozen": ApplicationNotice.objects.get(pk=published.pk),
    }


def _penalty(user, code, number, service=Service.PREMARITAL_EXAM, authority_code=None):
    institution = InstitutionFactory(region=region(code))
    return credit.record_penalty(user, Penalty(
        institution=institution, service=service, subject_name=institution.name,
        uscc=institution.uscc, decision_no=f"示例卫罚〔2025〕{number}号", violation_type="示例",
        facts="示例", basis="示例", kinds=["罚款"], content="罚款", fine="0.1",
        decided_on=date(2025, 3, 3), authority=authority(authority_code or code)))


def _credit_records(users):
    county, region_staff = users["county"], users["region"]
    frozen = _penalty(county, XINGNING, 5)
    credit.publish_penalty(county, frozen, date(2025, 3, 4))
    listed, lifted = (credit.save_record(county, BlacklistEntry(
        institution=InstitutionFactory(region=region(XINGNING)), service=Service.PREMARITAL_EXAM,
        reason="示例", basis="示例", decision_no=f"示例黑字{n}号", authority=authority(XINGNING),
        starts_on=date(2025, 1, 2))) for n in (1, 2))
    credit.lift_blacklist(county, lifted, "示例移出")
    return {
        "penalty/own": _penalty(county, XINGNING, 1),
        "penalty/other_county": _penalty(users["other_county"], QINGXIU, 2),
        "penalty/other_city": _penalty(region_staff, CHENGZHONG, 3),
        "penalty/region_issued": _penalty(region_staff, XINGNING, 4, Service.ART, "45"),
        "penalty/frozen": frozen,
        "blacklistentry/own": listed,
        "blacklistentry/frozen": lifted,
        "pointrecord/own": credit.save_record(county, PointRecord(
            institution=InstitutionFactory(region=region(XINGNING)),
            service=Service.PREMARITAL_EXAM, behaviour="J01", occurred_on=date(2025, 2, 1),
            recorded_on=date(2025, 2, 2), authority=authority(XINGNING))),
    }


@pytest.fixture
def world(make_user):
    users = _users(make_user)
    records = {**_licensing_records(users), **_disclosure_records(users),
               **_credit_records(users), **inspections.records(users)}
    records["staffprofile/one"] = StaffProfile.objects.get(user=users["county"])
    records["authority/one"] = authority(XINGNING)
    records["holidayschedule/one"] = HolidaySchedule.objects.create(
        year=2027, days_off="2027-01-01 至 2027-01-03 示例", workdays="")
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user:
            clients[role].force_login(user)
    return users, records, clients


# -- the URLs, from the resolver ---------------------------------------------------------


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


def admin_views():
    """{(model name, url name): the pattern} for every admin URL of our models."""
    found = {}
    for full_name, pattern in _walk(get_resolver().url_patterns):
        namespace, _, name = full_name.rpartition(":")
        for app in APPS:
            for kind in ("wagtailsnippets", "wagtailsnippetchoosers"):
                prefix = f"{kind}_{app}_"
                if namespace.startswith(prefix):
                    found[(namespace[len(prefix):], name)] = pattern
        if namespace in OWN_VIEWSETS:
            found[(OWN_VIEWSETS[namespace], name)] = pattern
    return found


# Model viewsets of the registry's own, outside the snippets: namespace -> model name.
OWN_VIEWSETS = {"staff_profiles": "staffprofile", "authorities": "authority",
                "holiday_schedules": "holidayschedule"}


EXTRA_KWARGS = {
    "revision_id": 1, "revision_id_a": "earliest", "revision_id_b": "latest",
    "action_name": "approve", "task_state_id": 1, "workflow_state_id": 1, "task_id": 1,
}


def _url(namespace_name, pattern, pk):
    from django.urls import reverse

    wanted = set(pattern.pattern.regex.groupindex)
    kwargs = {key: value for key, value in EXTRA_KWARGS.items() if key in wanted}
    if "pk" in wanted:
        kwargs["pk"] = pk
    return reverse(namespace_name, kwargs=kwargs)


def _namespace(model_name, name):
    for namespace, own_model in OWN_VIEWSETS.items():
        if model_name == own_model:
            return f"{namespace}:{name}"
    app = next(a for a in APPS if _has_model(a, model_name))
    kind = "wagtailsnippetchoosers" if name.startswith("choose") or name in (
        "chosen", "chosen_multiple", "create") else "wagtailsnippets"
    return f"{kind}_{app}_{model_name}:{name}"


def _has_model(app_label, model_name):
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


# -- the database, before and after ------------------------------------------------------

WATCHED = (Authority, HolidaySchedule, Institution, Licence, LicenceEvent, Approval,
           PersonnelQualification, ListEdition, SetupApplication, ApplicationNotice,
           StaffProfile, Penalty, BlacklistEntry, PointRecord, *inspections.WATCHED)


def fingerprint():
    digest = hashlib.sha256()
    for model in WATCHED:
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _payload(record):
    """The record's own values with one text changed: a form that would save if allowed."""
    data = {}
    for key, value in model_to_dict(record).items():
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif value is None:
            data[key] = ""
        elif isinstance(value, date):
            data[key] = value.isoformat()
        else:
            data[key] = value
    for field in ("name", "address", "note", "body", "reasons", "outcome_note"):
        if field in data:
            data[field] = TAMPERED
    for prefix in ("events",):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data["action-publish"] = "action-publish"
    return data


# -- the matrix --------------------------------------------------------------------------


def _expected_allowed(record_key, name, role):
    if name in ("copy", "create"):
        return False
    action = VIEW_ACTION[name]  # KeyError: a new view nobody has classified yet
    if action == "own":
        return role in inspections.OWN_VIEWS.get((record_key, name), set())
    if action == "end":
        return role in END[record_key]
    if action == "unpublish":  # needs the publish permission, which no staff role has
        return role == "superuser" and not record_key.endswith("/frozen")
    if role == "superuser":
        column = EXPECTED.get(record_key)
        return column is None or action == "view" or role in column[COLUMN[action]]
    if record_key == "staffprofile/one":
        return role == "superuser"
    return role in EXPECTED[record_key][COLUMN[action]]


def _refused(response):
    if response.status_code == 302 and "/login/" in response.get("Location", ""):
        return True
    names = [t.name for t in getattr(response, "templates", []) or []]
    return response.status_code == 403 and REFUSED_TEMPLATE in names


def _attempt(client, method, url, data):
    """One request in a savepoint rolled back afterwards; whether it changed the database
    (asked of POSTs only: a GET never writes in this admin, and hashing is what costs)."""
    with transaction.atomic():
        before = fingerprint() if method == "POST" else None
        response = client.post(url, data) if method == "POST" else client.get(url)
        changed = method == "POST" and fingerprint() != before
        transaction.set_rollback(True)
    return response, changed


# Read-only views refuse POST exactly as GET (the gate runs before the method is looked
# at), so their POSTs are tried for two roles only, to keep the matrix under two minutes.
POST_SAMPLE_ROLES = ("anonymous", "other_city")


def methods(name, role):
    if VIEW_ACTION.get(name) == "view" and role not in POST_SAMPLE_ROLES:
        return ("GET",)
    return ("GET", "POST")


def test_every_admin_url_answers_the_territorial_and_frozen_rules(world, capsys):
    users, records, clients = world
    views = admin_views()
    assert len(views) > 80  # the resolver really was read
    counts = {"cases": 0, "allowed": 0, "refused": 0}
    for (model_name, name), pattern in sorted(views.items()):
        if "pk" not in pattern.pattern.regex.groupindex:
            continue  # listings, add forms and bulk actions: see the tests below
        for record_key, record in records.items():
            if not record_key.startswith(f"{model_name}/"):
                continue
            url = _url(_namespace(model_name, name), pattern, record.pk)
            for role in ROLES:
                allowed = _expected_allowed(record_key, name, role)
                for method in methods(name, role):
                    response, changed = _attempt(clients[role], method, url, _payload(record))
                    case = f"{role} {method} {url} ({record_key})"
                    assert response.status_code != 500, case
                    assert _refused(response) != allowed, (
                        f"{case}: expected {'allowed' if allowed else 'refused'}, "
                        f"got {response.status_code}"
                    )
                    assert allowed or not changed, f"{case}: refused but the database changed"
                    counts["cases"] += 1
                    counts["allowed" if allowed else "refused"] += 1
    with capsys.disabled():
        print(f"\nadmin matrix: {counts['cases']} cases / {counts['allowed']} allowed / "
              f"{counts['refused']} refused")
    assert counts["cases"] > 1000


def test_every_bulk_action_answers_the_same_rules(world):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.models import ModelLogEntry

    users, records, clients = world
    for record_key, record in records.items():
        model = type(record)
        actions = bulk_action_registry.get_bulk_actions_for_model(
            model._meta.app_label, model._meta.model_name)
        for action in actions:
            url = (f"/admin/bulk/{model._meta.app_label}/{model._meta.model_name}/"
                   f"{action.action_type}/?id={record.pk}")
            for role in ROLES:
                column = EXPECTED.get(record_key, (set(), {"superuser"}, set()))
                allowed = role in column[COLUMN[action.action_type]]
                with transaction.atomic():
                    response = clients[role].post(url, {})
                    assert response.status_code != 500
                    gone = not model.objects.filter(pk=record.pk).exists()
                    logged = ModelLogEntry.objects.filter(
                        action="wagtail.delete", object_id=str(record.pk),
                        content_type__model=model._meta.model_name).exists()
                    transaction.set_rollback(True)
                case = f"{role} bulk {action.action_type} {record_key}"
                deletable = not (model is Institution and record.licences.exists())
                assert gone == (allowed and deletable), case
                assert logged == gone, f"{case}: a deletion without its audit entry"


# -- views that name no record: listings (and their exports), add forms, choosers -------

STAFF_WRITERS = {"county", "other_county", "city", "other_city", "region"}
# model: (roles that list and choose, roles that add)
MODEL_RULES = {
    "institution": (ALL_STAFF, STAFF_WRITERS),
    "licence": (ALL_STAFF, STAFF_WRITERS),
    "approval": (ALL_STAFF, STAFF_WRITERS),
    "personnelqualification": (ALL_STAFF, {"city", "other_city"}),
    "listedition": ({"inspector", "region"}, {"region"}),
    "setupapplication": ({"inspector", "region"}, {"region"}),
    "applicationnotice": ({"inspector", "region"}, {"region"}),
    "staffprofile": (set(), set()),
    "authority": (set(), set()),
    "holidayschedule": ({"region"}, {"region"}),
    "penalty": (ALL_STAFF, STAFF_WRITERS),
    "blacklistentry": (ALL_STAFF, STAFF_WRITERS),
    "pointrecord": (ALL_STAFF, STAFF_WRITERS),
    **inspections.MODEL_RULES,
}
# Views without a record that nobody may use: authorities are reference data.
NOBODY = {("authority", "add"), *inspections.NOBODY}
MODEL_VIEW_RULE = {"list": 0, "list_results": 0, "index": 0, "index_results": 0,
                   "choose": 0, "choose_results": 0, "chosen_multiple": 0,
                   "add": 1, "preview_on_add": 1, "from_template": 1}


def test_listings_exports_add_forms_and_choosers_answer_the_role(world, capsys):
    users, records, clients = world
    cases = 0
    for (model_name, name), pattern in sorted(admin_views().items()):
        if "pk" in pattern.pattern.regex.groupindex:
            continue
        url = _url(_namespace(model_name, name), pattern, None)
        suffixes = ["?export=csv"] if name in ("list", "index") else [""]
        for role in ROLES:
            if name == "create":
                allowed = False
            else:
                rule = MODEL_RULES[model_name][MODEL_VIEW_RULE[name]]
                allowed = (role == "superuser" and (model_name, name) not in NOBODY) or (
                    role in rule)
            for suffix in ["", *suffixes]:
                for method in ("GET", "POST") if name in ("add", "preview_on_add") or (
                        role in POST_SAMPLE_ROLES) else ("GET",):
                    response, changed = _attempt(clients[role], method, url + suffix, {})
                    case = f"{role} {method} {url}{suffix}"
                    assert response.status_code != 500, case
                    refused = _refused(response) or response.status_code == 404
                    assert refused != allowed, f"{case}: got {response.status_code}"
                    assert not changed, case
                    cases += 1
    with capsys.disabled():
        print(f"\nadmin matrix, views without a record: {cases} cases")


# -- forms that name other records ----------------------------------------------------

TERRITORIES = {"own": XINGNING, "other_county": QINGXIU, "other_city": CHENGZHONG}
# (form, territory of the record it names) -> who may save it
REFERENCE_RULES = {
    ("institution", "own"): {"county", "city", "region", "superuser"},
    ("institution", "other_county"): {"other_county", "city", "region", "superuser"},
    ("institution", "other_city"): {"other_city", "region", "superuser"},
    # a premarital licence / approval in 兴宁's name, for an institution in each territory
    # (region staff keep the whole register, so they may enter a county's licence)
    ("licence", "own"): {"county", "region", "superuser"},
    ("licence", "other_county"): {"region", "superuser"},
    ("licence", "other_city"): {"region", "superuser"},
    ("approval", "own"): {"county", "superuser"},
    # 兴宁 decides nothing outside 兴宁, whoever types it in
    ("approval", "other_county"): set(),
    ("approval", "other_city"): set(),
    # a renewal by 兴宁 of the licence held in each territory
    ("renewal", "own"): {"county", "superuser"},
    ("renewal", "other_county"): set(),
    ("renewal", "other_city"): set(),
    # personnel approved by 南宁市, working in each territory
    ("personnel", "own"): {"city", "superuser"},
    ("personnel", "other_county"): {"city", "superuser"},
    ("personnel", "other_city"): set(),
}
EMPTY_EVENTS = {"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
                "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000"}


def _reference_form(form, territory, holders, records):
    code = TERRITORIES[territory]
    holder = holders[territory]
    if form == "institution":
        return "institution", Institution, {
            "name": "示例新机构", "uscc": InstitutionFactory.build().uscc,
            "region": region(code).pk, "category": "general", "ownership": "public",
        }
    if form == "licence":
        return "licence", Licence, {
            "institution": holder.pk, "service": Service.PREMARITAL_EXAM,
            "authority": authority(XINGNING).pk, "decision_no": "示例许字7号",
            "licence_no": f"PM-REF-{territory}", "decided_on": "2025-05-06",
            "valid_from": "2025-05-06", "valid_until": "2028-05-05", **EMPTY_EVENTS,
        }
    if form in ("approval", "renewal"):
        data = {"institution": holder.pk, "service": Service.PREMARITAL_EXAM, "kind": "new",
                "authority": authority(XINGNING).pk, "received_on": "2025-01-02",
                "decision": "pending"}
        if form == "renewal":
            licence = records[f"licence/{territory}"]
            data.update(institution=licence.institution.pk, kind="renewal",
                        decision="approved", decided_on="2025-02-03",
                        decision_no="示例校字5号", valid_until="2030-01-01",
                        licence=licence.pk)
        return "approval", Approval, data
    return "personnelqualification", PersonnelQualification, {
        "institution": holder.pk, "name": "示例新医生", "id_number": "11010519491231002X",
        "service": Service.PREMARITAL_EXAM, "certificate_kind": "mch",
        "certificate_no": f"C-REF-{territory}", "authority": authority("4501").pk,
        "decided_on": "2024-05-06",
    }


def test_add_forms_answer_for_every_record_they_name(world, capsys):
    users, records, clients = world
    holders = {key: records[f"institution/{key}"] for key in TERRITORIES}
    cases = 0
    for (form, territory), allowed_roles in REFERENCE_RULES.items():
        for role in ROLES:
            model_name, model, data = _reference_form(form, territory, holders, records)
            url = _url(_namespace(model_name, "add"), admin_views()[(model_name, "add")], None)
            with transaction.atomic():
                before = model.objects.count()
                renewed = records[f"licence/{territory}"].events.count()
                response = clients[role].post(url, data)
                created = model.objects.count() > before
                wrote_licence = records[f"licence/{territory}"].events.count() > renewed
                transaction.set_rollback(True)
            case = f"{role} adds a {form} naming the {territory} record"
            assert response.status_code != 500, case
            assert created == (role in allowed_roles), case
            if form == "renewal":
                assert wrote_licence == (role in allowed_roles), case
            cases += 1
    with capsys.disabled():
        print(f"\nadmin matrix, forms naming other records: {cases} cases")


# -- the registry's own admin pages -----------------------------------------------------

OWN_PAGES = {  # url name: who may use it
    "disclosure_list_plan": {"region", "superuser"},
    "licensing_register_import": STAFF_WRITERS | {"superuser"},
}


def test_the_registrys_own_admin_pages_answer_the_role(world):
    from django.urls import reverse

    users, records, clients = world
    for name, allowed_roles in OWN_PAGES.items():
        for role in ROLES:
            for method in ("GET", "POST"):
                response, changed = _attempt(clients[role], method, reverse(name), {})
                case = f"{role} {method} {name}"
                assert response.status_code != 500, case
                # Wagtail answers a PermissionDenied in its admin with a message and
                # a redirect to the admin's home page.
                refused = response.status_code == 403 or (
                    response.status_code == 302 and (
                        "/login/" in response["Location"] or response["Location"] == "/admin/"))
                assert refused == (role not in allowed_roles), case
                assert not changed, case
