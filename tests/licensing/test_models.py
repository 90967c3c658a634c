from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from licensing import services
from licensing.choices import EventKind, Level, State, Status
from licensing.licence_status import status_q
from licensing.models import Authority, Licence, LicenceEvent, Region
from tests.factories import InstitutionFactory, LicenceFactory

pytestmark = pytest.mark.django_db


def test_guangxi_has_14_cities_111_counties_and_their_authorities():
    assert Region.objects.filter(level=Level.CITY, code__startswith="45").count() == 14
    assert Region.objects.filter(level=Level.COUNTY, code__startswith="45").count() == 111
    assert Authority.objects.count() == 1 + 14 + 111
    assert Authority.objects.get(region__code="45").name == "广西壮族自治区卫生健康委员会"
    assert Authority.objects.get(region__code="450102").name == "南宁市兴宁区卫生健康局"
    assert Region.objects.filter(level=Level.PROVINCE).count() == 31


def test_bad_uscc_checksum_is_an_error_on_that_field():
    institution = InstitutionFactory.build(uscc="12450102DM0000053A")
    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert "统一社会信用代码校验位错误" in error.value.message_dict["uscc"][0]


def test_short_uscc_is_an_error_on_that_field():
    with pytest.raises(ValidationError) as error:
        InstitutionFactory.build(uscc="1245010").full_clean()
    assert "18位" in error.value.message_dict["uscc"][0]


def test_valid_uscc_passes_and_is_normalised():
    institution = InstitutionFactory.build(uscc="12450102dm0000053p")
    institution.full_clean()
    assert institution.uscc == "12450102DM0000053P"


def test_licence_past_its_term_shows_expired_without_any_edit():
    licence = LicenceFactory(valid_until=timezone.localdate() - timedelta(days=1))
    assert licence.status() == Status.EXPIRED
    assert Licence.objects.filter(status_q(Status.EXPIRED, timezone.localdate())).get() == licence
    assert licence.history()[-1].label == "有效期届满，许可失效"


def test_a_new_licence_records_its_grant(region_staff):
    licence = LicenceFactory()
    assert [(e.kind, e.date) for e in licence.events.all()] == [
        (EventKind.GRANTED, licence.decided_on)
    ]


def test_events_drive_state_and_renewal(xingning_county):
    licence = LicenceFactory()
    services.record_event(xingning_county, licence, LicenceEvent(
        kind=EventKind.VERIFIED, date=date(2026, 1, 5), new_valid_until=date(2030, 1, 9)))
    services.record_event(xingning_county, licence, LicenceEvent(
        kind=EventKind.SUSPENDED, date=date(2026, 2, 1)))
    licence.refresh_from_db()
    assert licence.valid_until == date(2030, 1, 9)
    assert licence.state == State.SUSPENDED
    assert licence.status(date(2026, 3, 1)) == Status.SUSPENDED


def test_event_in_the_future_is_refused(xingning_county):
    licence = LicenceFactory()
    with pytest.raises(ValidationError):
        services.record_event(xingning_county, licence, LicenceEvent(
            kind=EventKind.REVOKED, date=timezone.localdate() + timedelta(days=1)))
    licence.refresh_from_db()
    assert licence.state == State.ACTIVE


def test_term_must_not_end_before_it_starts():
    licence = LicenceFactory.build(valid_from=date(2024, 1, 10), valid_until=date(2024, 1, 9))
    with pytest.raises(ValidationError) as error:
        licence.clean()
    assert "valid_until" in error.value.message_dict


@pytest.mark.parametrize("offset", [-400, -1, 0, 1, 400])
def test_database_status_filter_agrees_with_the_python_rule(offset):
    today = timezone.localdate()
    base = today + timedelta(days=offset)
    made = [
        LicenceFactory(valid_from=base - timedelta(days=30), valid_until=base),
        LicenceFactory(valid_from=base, valid_until=None),
        LicenceFactory(valid_from=base - timedelta(days=5), valid_until=base + timedelta(days=5),
                       state=State.SUSPENDED),
        LicenceFactory(valid_from=base - timedelta(days=9), valid_until=base - timedelta(days=1),
                       state=State.REVOKED),
    ]
    for licence in made:
        Licence.objects.filter(pk=licence.pk).update(state=licence.state)
    for status in Status:
        from_db = set(Licence.objects.filter(status_q(status, today)).values_list("pk", flat=True))
        by_rule = {lic.pk for lic in made if lic.status(today) == status}
        assert from_db == by_rule, status


def test_institution_is_found_by_its_licence_number_until_the_licence_is_deleted(
    region_staff,
):
    from search.documents import SearchQuery
    from search.indexing import search

    licence = LicenceFactory(licence_no="PMTEST-FIND-0001")
    query = SearchQuery(text="PMTEST-FIND-0001", types=("institution",))
    assert search(query).hits == [("institution", licence.institution.pk)]
    services.delete(region_staff, licence)
    assert search(query).hits == []
