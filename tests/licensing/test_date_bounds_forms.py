"""The models refuse implausible dates in clean(), so every admin form does too."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from disclosure.models import ApplicationNotice, SetupApplication
from licensing.choices import EventKind
from licensing.models import LicenceEvent
from tests.factories import InstitutionFactory, LicenceFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = date(9999, 12, 31)
BEFORE_1949 = date(1900, 1, 1)


def errors_of(instance, method="full_clean"):
    with pytest.raises(ValidationError) as caught:
        getattr(instance, method)()
    return caught.value.message_dict


def test_licence_decided_in_9999_is_refused_on_decided_on():
    licence = LicenceFactory.build(institution=InstitutionFactory(), decided_on=FAR_FUTURE)
    errors = errors_of(licence)
    assert errors["decided_on"] == ["许可决定日期不能晚于今天。"]
    # The check that already existed still reports its own problem.
    assert errors["valid_from"] == ["有效期自不能早于许可决定日期。"]


def test_licence_term_beyond_the_horizon_or_before_1949_is_refused():
    licence = LicenceFactory.build(
        institution=InstitutionFactory(), decided_on=date(1949, 10, 1),
        valid_from=BEFORE_1949, valid_until=FAR_FUTURE,
    )
    errors = errors_of(licence)
    assert errors["valid_until"][0].startswith("有效期至不能晚于")
    # valid_from is also before decided_on: the existing order check keeps its message.
    assert errors["valid_from"] == ["有效期自不能早于许可决定日期。"]


def test_a_plausible_licence_passes():
    LicenceFactory.build(institution=InstitutionFactory()).full_clean()


def test_licence_event_dates_are_bounded():
    event = LicenceEvent(kind=EventKind.GRANTED, date=BEFORE_1949, new_valid_until=FAR_FUTURE)
    errors = errors_of(event, "clean")
    assert errors["date"] == ["日期不能早于1949年10月1日。"]
    assert errors["new_valid_until"][0].startswith("新的有效期至不能晚于")


def test_licence_event_in_the_future_keeps_its_own_message():
    event = LicenceEvent(kind=EventKind.GRANTED, date=FAR_FUTURE)
    assert errors_of(event, "clean") == {"date": ["事项日期不能晚于今天。"]}


def test_setup_application_received_before_1949_is_refused():
    application = SetupApplication(applies_art=True, received_on=BEFORE_1949)
    assert errors_of(application, "clean") == {
        "received_on": ["申请接收日期不能早于1949年10月1日。"]
    }


def test_application_notice_comment_period_is_bounded():
    notice = ApplicationNotice(
        comment_from=date(2025, 1, 1), comment_until=FAR_FUTURE, objection_address="示例邮箱",
    )
    [message] = errors_of(notice, "clean")["comment_until"]
    assert message.startswith("意见征集截止日不能晚于")
