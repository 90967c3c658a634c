"""The change feed (/api/v1/changes/): numbered without gaps, each change once, tombstones
for every way a record leaves public view, and a replay that rebuilds the API's lists."""

from datetime import date, timedelta
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from disclosure.credit import services
from disclosure.credit.models import BlacklistEntry, PointRecord
from disclosure.models import ApplicationNotice
from licensing import roles
from licensing.choices import Service
from licensing.models import Institution, Licence
from registry_site.open_data import collections
from registry_site.open_data.due import owners_due
from registry_site.open_data.ledger import ensure_current
from registry_site.open_data.models import Change
from tests.disclosure.credit.test_public import XINGNING, published
from tests.factories import InstitutionFactory, authority, region
from tests.public_site import build_public_site
from tests.registry_site.test_api import api_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


@pytest.fixture
def site():
    return build_public_site()


def feed(client, since="0", page_size=None):
    """Every change after `since`, following `next`; and the last cursor."""
    url = f"/api/v1/changes/?since={quote(str(since))}"
    url += f"&page_size={page_size}" if page_size else ""
    changes, cursor = [], since
    while url:
        body = client.get(url).json()
        changes += body["results"]
        cursor, url = body["cursor"], body["next"]
    return changes, cursor


def replay(changes, copy=None):
    """Apply changes to a copy of the register: {collection: {id: record}}."""
    copy = copy if copy is not None else {}
    for change in changes:
        records = copy.setdefault(change["collection"], {})
        if change["action"] == "upsert":
            records[change["id"]] = change["record"]
        else:
            records.pop(change["id"])
    return {name: records for name, records in copy.items() if records}


def api_lists(client):
    """What the API's list endpoints show now, collection by collection."""
    lists = {}
    for collection in collections.collections():
        records = api_all(client, f"/api/v1/{collection.name}/")
        if records:
            lists[collection.name] = {r["id"]: r for r in records}
    return lists


def test_replaying_the_feed_into_an_empty_copy_gives_every_list(client, site, county):
    published(county, "示例处罚医院", timezone.localdate() - timedelta(days=10))
    changes, cursor = feed(client, page_size=7)
    assert [c["seq"] for c in changes] == list(range(1, len(changes) + 1))  # no gap
    assert cursor == len(changes)
    assert replay(changes) == api_lists(client)
    assert {"institutions", "licences", "penalties", "credit-status", "list-editions",
            "application-notices", "inspection-plans", "inspection-results"} <= set(
        replay(changes))


def test_a_consumer_keeping_its_cursor_sees_each_change_once(client, site, county):
    first, cursor = feed(client)
    assert feed(client, cursor) == ([], cursor)  # nothing new: nothing repeated
    clinic = Institution.objects.get(pk=site["clinic"])
    clinic.address = "示例南宁市青秀区新地址1号"
    clinic.save()
    later, cursor2 = feed(client, cursor)
    assert {(c["collection"], c["id"]) for c in later} == {("institutions", clinic.pk)}
    assert later[0]["seq"] == cursor + 1 and later[0]["record"]["address"].endswith("新地址1号")
    assert replay(first + later) == api_lists(client)
    # by time: what changed after a moment already passed is the latest change alone
    moment = Change.objects.get(seq=later[0]["seq"]).at - timedelta(microseconds=1)
    assert [c["seq"] for c in feed(client, moment.isoformat())[0]] == [later[0]["seq"]]


def test_every_way_of_leaving_public_view_is_a_tombstone(client, site, county, monkeypatch):
    today = timezone.localdate()
    ended = published(county, "示例撤销医院", today - timedelta(days=3))
    expiring = published(county, "示例期满医院", date(2024, 1, 5), kinds=("警告",),
                         publish_warning=True)
    entry = services.save_record(county, BlacklistEntry(
        institution=ended.institution, service=Service.PREMARITAL_EXAM, reason="示例原因",
        basis="示例依据", decision_no="示例黑〔2026〕1号", authority=authority(XINGNING),
        starts_on=today - timedelta(days=1)))
    doomed = InstitutionFactory(name="示例将删除医院", region=region(XINGNING))
    notice = ApplicationNotice.objects.filter(live=True).first()
    _, cursor = feed(client)

    services.end_publication(county, ended, "annulled", "示例：处罚决定已被依法撤销")
    services.lift_blacklist(county, entry, "示例：整改到位")
    notice.unpublish()
    doomed_id = doomed.pk
    doomed.delete()
    changes, cursor = feed(client, cursor)
    gone = {(c["collection"], c["id"]): c["reason"] for c in changes if c["action"] == "delete"}
    assert gone[("penalties", ended.pk)] == "withdrawn"
    assert gone[("blacklist", entry.pk)] == "lifted"
    assert gone[("application-notices", notice.pk)] == "unpublished"
    assert gone[("institutions", doomed_id)] == gone[("credit-status", doomed_id)] == "deleted"
    assert all(c["record"] is None for c in changes if c["action"] == "delete")

    # A day later than its 公示截止期, with no write at all, the warning leaves public view.
    later = expiring.public_until + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    changes, _ = feed(client, cursor)
    assert ("penalties", expiring.pk, "expired") in {
        (c["collection"], c["id"], c["reason"]) for c in changes}


def test_a_rolled_back_reading_gives_its_numbers_back(client, site):
    _, cursor = feed(client)
    clinic = Institution.objects.get(pk=site["clinic"])
    with pytest.raises(RuntimeError), transaction.atomic():
        clinic.name = "示例改名医院"
        clinic.save()
        ensure_current()
        raise RuntimeError
    assert feed(client, cursor)[0] == []
    clinic.refresh_from_db()
    clinic.save()  # touched again, unchanged: no change to tell
    assert feed(client, cursor)[0] == []
    clinic.name = "示例改名医院"
    clinic.save()
    changes, _ = feed(client, cursor)
    assert changes[0]["seq"] == cursor + 1 and changes[0]["record"]["name"] == "示例改名医院"


def test_a_bad_since_is_explained(client):
    response = client.get("/api/v1/changes/?since=yesterday")
    assert response.status_code == 400 and "since" in response.json()


def test_a_licence_expiring_overnight_is_a_change_without_any_write(client, site, monkeypatch):
    licence = Licence.objects.filter(valid_until__isnull=False,
                                     valid_until__gte=timezone.localdate()).first()
    _, cursor = feed(client)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: licence.valid_until)
    assert feed(client, cursor)[0] == []  # its last day: still valid
    monkeypatch.setattr(timezone, "localdate",
                        lambda *a, **k: licence.valid_until + timedelta(days=1))
    changes, _ = feed(client, cursor)
    mine = {c["collection"]: c["record"] for c in changes if c["id"] in (
        licence.pk, licence.institution_id)}
    assert mine["licences"]["status"] == "expired"
    assert {lic["status"] for lic in mine["institutions"]["licences"]
            if lic["id"] == licence.pk} == {"expired"}


def test_the_day_boundaries_are_read_from_the_records(site, county):
    licence = Licence.objects.filter(valid_until__isnull=False).first()
    last = licence.valid_until
    assert licence.institution_id in owners_due(last, last + timedelta(days=1))
    assert licence.institution_id not in owners_due(last - timedelta(days=1), last)
    assert owners_due(last, last) == set()
    # a new points cycle on 1 January: every institution with points is read again
    institution = InstitutionFactory(name="示例记分医院", region=region(XINGNING))
    services.save_record(county, PointRecord(
        institution=institution, service=Service.PREMARITAL_EXAM, behaviour="J01",
        occurred_on=date(2026, 3, 1), recorded_on=date(2026, 3, 2),
        authority=authority(XINGNING)))
    assert institution.pk in owners_due(date(2026, 12, 31), date(2027, 1, 1))
    assert institution.pk not in owners_due(date(2027, 1, 1), date(2027, 1, 2))


def test_the_nightly_refresh_finds_writes_that_left_no_mark(client, site):
    _, cursor = feed(client)
    Institution.objects.filter(pk=site["clinic"]).update(address="示例：批量改过的地址")
    assert feed(client, cursor)[0] == []  # a QuerySet.update sends no signal
    out = StringIO()
    call_command("refresh_open_data", stdout=out)
    assert "新增变更" in out.getvalue()
    (change,) = [c for c in feed(client, cursor)[0] if c["collection"] == "institutions"]
    assert change["record"]["address"] == "示例：批量改过的地址"
