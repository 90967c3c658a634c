"""Writing credit records: every change checked, validated, saved and logged here.

谁审批、谁监管 (R8): a penalty, a blacklist entry or a points record is made by the
authority that licenses the service concerned, in its own territory — the same
rule as licences (licensing.territory.licence_refusal). A penalty that suspends or
revokes a licence writes that event into the licence's history through the
register's own service, so the register and the penalty never disagree.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from licensing import services as register
from licensing.choices import EventKind
from licensing.models import LicenceEvent
from licensing.territory import NotPermitted, check, licence_refusal

from .models import BlacklistEntry, Penalty

# 行政处罚法 art. 48: a changed, revoked or annulled decision is withdrawn within 3 days.
WITHDRAWAL_REASONS = (Penalty.EndReason.CHANGED, Penalty.EndReason.REVOKED,
                      Penalty.EndReason.ANNULLED)
STOPPING_KINDS = {"吊销许可证件": EventKind.REVOKED, "暂扣许可证件": EventKind.SUSPENDED}


def credit_refusal(user, record, action="change"):
    """Why `user` may not add/change/delete this credit record, or None."""
    return licence_refusal(
        user, region=record.institution.region, service=record.service,
        decided_on=_decision_day(record),
        licensing_authority=record.authority if record.authority_id else None,
        action=action, model=type(record),
    )


def _decision_day(record):
    return getattr(record, "decided_on", None) or getattr(record, "starts_on", None) or (
        getattr(record, "recorded_on", None))


def _check_stored(user, record):
    if record.pk:
        check(credit_refusal(user, type(record).objects.get(pk=record.pk), "change"))


@transaction.atomic
def record_penalty(user, penalty):
    """Save a penalty decision; one that suspends or revokes a licence also records that
    event in the licence's history (暂停执业 / 吊销), checked on the licence itself."""
    created = penalty.pk is None
    _check_stored(user, penalty)
    check(credit_refusal(user, penalty, "add" if created else "change"))
    if not created and Penalty.objects.filter(pk=penalty.pk, ended_on__isnull=False).exists():
        raise NotPermitted("已结束公示的处罚记录不能修改。")
    penalty.full_clean()
    penalty.save()
    log(penalty, "wagtail.create" if created else "wagtail.edit", user=user)
    _stop_licence(user, penalty)
    return penalty


def _stop_licence(user, penalty):
    if penalty.licence_id is None:
        return
    kinds = [STOPPING_KINDS[k] for k in STOPPING_KINDS if k in penalty.kinds]
    for kind in kinds:
        if penalty.licence.events.filter(kind=kind, document_no=penalty.decision_no).exists():
            continue
        register.record_event(user, penalty.licence, LicenceEvent(
            kind=kind, date=penalty.decided_on, document_no=penalty.decision_no,
            note=f"行政处罚：{penalty.violation_type}"[:200],
        ))


@transaction.atomic
def publish_penalty(user, penalty, day=None):
    """公示: the day the decision was disclosed (within 7 working days of the decision)."""
    check(credit_refusal(user, penalty, "change"))
    day = day or timezone.localdate()
    if not penalty.to_be_published:
        raise NotPermitted("仅处以警告的决定默认不公示；如需公示，请先勾选“公示仅有警告的处罚”。")
    if day < penalty.decided_on or day > timezone.localdate():
        raise NotPermitted("公示日期应在处罚决定日期和今天之间。")
    penalty.published_on = day
    penalty.full_clean()
    penalty.save(update_fields=["published_on", "public_until", "updated_at"])
    log(penalty, "wagtail.publish", user=user)
    return penalty


@transaction.atomic
def end_publication(user, penalty, reason, statement, day=None):
    """End publication early: 信用修复 only after the shortest period; a changed, revoked or
    annulled decision at once, with a public statement of the reason (行政处罚法 art. 48).
    The record stays for staff, with who ended it and why (in the audit log)."""
    check(credit_refusal(user, penalty, "change"))
    day = day or timezone.localdate()
    if penalty.ended_on:
        raise NotPermitted("该处罚已结束公示。")
    if reason not in Penalty.EndReason.values:
        raise NotPermitted("请选择结束公示的原因。")
    if not statement.strip():
        raise NotPermitted("请填写结束公示的说明（将向社会公开）。")
    if reason == Penalty.EndReason.REPAIRED and day < penalty.repair_allowed_from:
        raise NotPermitted(
            f"信用修复须在最短公示期满后申请：该处罚最早可于"
            f"{penalty.repair_allowed_from:%Y年%m月%d日}起修复。")
    penalty.ended_on, penalty.end_reason, penalty.end_statement = day, reason, statement.strip()
    penalty.save(update_fields=["ended_on", "end_reason", "end_statement", "updated_at"])
    log(penalty, "wagtail.edit", user=user,
        data={"ended": Penalty.EndReason(reason).label, "statement": penalty.end_statement})
    return penalty


@transaction.atomic
def save_record(user, record):
    """Add or change a blacklist entry or a points record."""
    created = record.pk is None
    _check_stored(user, record)
    check(credit_refusal(user, record, "add" if created else "change"))
    if isinstance(record, BlacklistEntry) and not created and record.lifted_on:
        raise NotPermitted("已移出黑名单的记录不能修改。")
    record.full_clean()
    record.save()
    log(record, "wagtail.create" if created else "wagtail.edit", user=user)
    return record


@transaction.atomic
def lift_blacklist(user, entry, reason, day=None):
    """移出黑名单, with the reason; the entry stays on record."""
    check(credit_refusal(user, entry, "change"))
    if entry.lifted_on:
        raise NotPermitted("该记录已移出黑名单。")
    if not reason.strip():
        raise NotPermitted("请填写移出原因。")
    entry.lifted_on = day or timezone.localdate()
    entry.lift_reason = reason.strip()
    entry.save(update_fields=["lifted_on", "lift_reason", "updated_at"])
    log(entry, "wagtail.edit", user=user, data={"lifted": entry.lift_reason})
    return entry


@transaction.atomic
def delete_record(user, record):
    """Only an unpublished penalty, or a points record, may be deleted (logged)."""
    check(credit_refusal(user, record, "delete"))
    if isinstance(record, Penalty) and record.published_on:
        raise NotPermitted("已公示的处罚不能删除；决定被撤销的，请登记结束公示。")
    if isinstance(record, BlacklistEntry):
        raise NotPermitted("黑名单记录不能删除；请登记移出。")
    log(record, "wagtail.delete", user=user)
    record.delete()

