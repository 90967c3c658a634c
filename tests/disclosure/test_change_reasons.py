"""Why a row joined or left a list edition (新增 / 移出原因): pure functions, no database."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from disclosure.list_rules import (
    HistoryEvent,
    LicenceHistory,
    addition_reason,
    diff,
    explain,
    removal_reason,
)
from licensing.choices import EventKind

GRANTED = date(2023, 3, 1)
UNTIL = date(2028, 2, 29)
PREVIOUS, AS_OF = date(2025, 12, 31), date(2026, 6, 30)


def history(*events, valid_from=GRANTED, valid_until=UNTIL):
    granted = HistoryEvent(valid_from, EventKind.GRANTED, valid_until, "示例许字〔2023〕1号")
    return LicenceHistory(valid_from, valid_until, (granted, *events))


def row(licence_no, name="示例生殖中心", uscc="12450102DM0000001K"):
    return {"uscc": uscc, "service": "art", "institution": name, "licence_no": licence_no,
            "technologies": "", "group": "人类辅助生殖技术机构"}


def test_expired_licence_left_on_its_end_date():
    reason = removal_reason(history(valid_until=date(2026, 3, 31)), AS_OF)
    assert (reason.code, reason.label, reason.date) == ("expired", "有效期届满", date(2026, 3, 31))
    assert reason.date_label == "到期日"


def test_revoked_licence_says_when_why_and_by_which_document():
    revoked = HistoryEvent(date(2026, 3, 1), EventKind.REVOKED, None, "示例撤字〔2026〕1号",
                           "示例：超出批准范围开展技术服务")
    reason = removal_reason(history(revoked), AS_OF)
    assert reason.code == "revoked" and reason.label == "许可被吊销或撤销"
    assert (reason.date, reason.document_no, reason.note) == (
        date(2026, 3, 1), "示例撤字〔2026〕1号", "示例：超出批准范围开展技术服务")


def test_cancelled_and_suspended_licences():
    cancelled = HistoryEvent(date(2026, 1, 5), EventKind.CANCELLED, None, "", "示例：机构停办")
    assert removal_reason(history(cancelled), AS_OF).code == "cancelled"
    suspended = HistoryEvent(date(2026, 5, 5), EventKind.SUSPENDED, None, "示例文1号", "整改")
    reason = removal_reason(history(suspended), AS_OF)
    assert (reason.code, reason.label, reason.date) == ("suspended", "暂停执业", date(2026, 5, 5))


def test_removal_reads_the_history_as_it_stood_on_the_as_of_date():
    # Renewed after the as-of date: on that day the term had lapsed.
    renewal = HistoryEvent(date(2026, 8, 1), EventKind.VERIFIED, date(2031, 7, 31))
    reason = removal_reason(history(renewal, valid_until=date(2026, 3, 31)), AS_OF)
    assert reason.code == "expired" and reason.date == date(2026, 3, 31)
    # Revoked after the as-of date: not a reason for leaving that edition.
    later = HistoryEvent(date(2026, 9, 1), EventKind.REVOKED)
    assert removal_reason(history(later), AS_OF).code == "other"


def test_removal_without_a_record_or_an_explanation():
    assert removal_reason(None, AS_OF).code == "missing"
    assert removal_reason(history(), AS_OF).label == "其他原因，见本期名单的说明"


def test_new_grant_is_named_with_its_decision():
    reason = addition_reason(history(valid_from=date(2026, 2, 2)), PREVIOUS, AS_OF)
    assert (reason.code, reason.label, reason.date, reason.document_no) == (
        "granted", "新取得许可", date(2026, 2, 2), "示例许字〔2023〕1号")
    assert addition_reason(history(), None, AS_OF).code == "granted"  # no previous edition


def test_resumed_renewed_and_started_licences():
    suspended = HistoryEvent(date(2025, 11, 1), EventKind.SUSPENDED)
    resumed = HistoryEvent(date(2026, 2, 1), EventKind.RESUMED, None, "示例复字1号")
    reason = addition_reason(history(suspended, resumed), PREVIOUS, AS_OF)
    assert (reason.code, reason.date, reason.document_no) == ("resumed", date(2026, 2, 1),
                                                              "示例复字1号")
    renewal = HistoryEvent(date(2026, 1, 20), EventKind.VERIFIED, date(2031, 1, 19))
    renewed = addition_reason(history(renewal, valid_until=date(2025, 10, 31)), PREVIOUS, AS_OF)
    assert (renewed.code, renewed.label, renewed.date) == ("renewed", "校验后重新有效",
                                                            date(2026, 1, 20))
    pending = LicenceHistory(date(2026, 1, 1), UNTIL, (
        HistoryEvent(date(2025, 12, 20), EventKind.GRANTED, UNTIL),))
    started = addition_reason(pending, PREVIOUS, AS_OF)
    assert (started.code, started.date) == ("started", date(2026, 1, 1))


def test_explain_adds_a_reason_to_each_added_and_removed_row():
    revoked = HistoryEvent(date(2026, 3, 1), EventKind.REVOKED, None, "示例撤字1号", "示例原因")
    histories = {"ART-1": history(revoked), "ART-2": history(valid_from=date(2026, 2, 2))}
    changes = diff([row("ART-1")], [row("ART-2", "示例新中心", "12450102DM0000002F")])
    explained = explain(changes, histories, PREVIOUS, AS_OF)
    assert [r["reason"].code for r in explained["removed"]] == ["revoked"]
    assert [r["reason"].code for r in explained["added"]] == ["granted"]
    assert explained["removed"][0]["institution"] == "示例生殖中心"  # the row itself is kept
    assert explained["changed"] == []


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
def test_a_licence_that_left_always_has_a_dated_reason_once_stopped(stopped_on):
    """Whenever a licence valid on the previous as-of date is revoked by the as-of date,
    the reason is that revocation, dated; after the as-of date it is not a reason."""
    event = HistoryEvent(stopped_on, EventKind.REVOKED, None, "示例撤字1号")
    reason = removal_reason(history(event), AS_OF)
    if stopped_on <= AS_OF:
        assert reason.code == "revoked" and reason.date == stopped_on
    else:
        assert reason.code == "other" and reason.date is None
