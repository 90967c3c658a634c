"""Changes to the register made outside the admin forms (commands, imports, other apps).

Each function checks the territorial rule, validates, saves and writes the
audit log entry, exactly as the admin does; nothing is saved when refused.
"""

from django.db import transaction
from wagtail.log_actions import log

from .territory import (
    NotPermitted,
    check,
    decision_refusal,
    institution_refusal,
    licence_refusal,
    refusal_for,
)


def _log_action(created):
    return "wagtail.create" if created else "wagtail.edit"


@transaction.atomic
def save_institution(user, institution):
    created = institution.pk is None
    if not created:
        check(refusal_for(user, "change", type(institution).objects.get(pk=institution.pk)))
    check(institution_refusal(user, institution.region, "add" if created else "change"))
    institution.full_clean()
    institution.save()
    log(institution, _log_action(created), user=user)
    return institution


@transaction.atomic
def save_licence(user, licence):
    created = licence.pk is None
    if not created:
        check(refusal_for(user, "change", type(licence).objects.get(pk=licence.pk)))
    check(
        licence_refusal(
            user, region=licence.institution.region, service=licence.service,
            decided_on=licence.decided_on, licensing_authority=licence.authority,
            action="add" if created else "change",
        )
    )
    licence.full_clean()
    licence.save()
    log(licence, _log_action(created), user=user)
    return licence


@transaction.atomic
def delete(user, obj):
    check(refusal_for(user, "delete", obj))
    log(obj, "wagtail.delete", user=user)
    obj.delete()


@transaction.atomic
def record_event(user, licence, event):
    """Add a history entry (校验、暂停、吊销…) and update the licence's state from it."""
    check(refusal_for(user, "change", licence))
    event.licence = licence
    event.full_clean()
    event.save()
    licence.save()  # recomputes state and 有效期至 from the events
    log(licence, "wagtail.edit", user=user, data={"event": event.get_kind_display()})
    return event


@transaction.atomic
def record_approval(user, approval, technologies=None):
    """Save an application or its decision; a grant enters the register (enter_grant)."""
    from .models import Approval

    created = approval.pk is None
    previous = None
    if not created:
        stored = Approval.objects.get(pk=approval.pk)
        check(refusal_for(user, "change", stored))
        if stored.decision != Approval.Decision.PENDING:
            raise NotPermitted("已作出决定的审批记录不能修改；如需更正，请登记新的审批记录。")
        previous = stored.decision
    check(decision_refusal(
        user, model=Approval, subject=approval.service,
        decided_on=approval.decided_on or approval.received_on,
        deciding_authority=approval.authority, region=approval.institution.region,
        action="add" if created else "change",
    ))
    approval.full_clean()
    if technologies is not None:
        approval.technologies.set(technologies)
    approval.save()
    enter_grant(user, approval, previous)
    log(approval, _log_action(created), user=user)
    return approval


def grant_refusal(user, approval):
    """Why `user` may not write the licence this grant creates or renews, or None.

    A renewal (校验) rewrites an existing licence: it must be the approval's own
    institution's licence for the same service, and one the user may change.
    """
    from .models import Approval

    if approval.kind == Approval.Kind.NEW:
        return licence_refusal(
            user, region=approval.institution.region, service=approval.service,
            decided_on=approval.decided_on, licensing_authority=approval.authority,
            action="add",
        )
    licence = approval.licence
    if licence is None:
        return "准予校验的，须选择被校验的许可。"
    if licence.institution_id != approval.institution_id or licence.service != approval.service:
        return "被校验的许可须是申请机构本机构、同一许可项目的许可。"
    return refusal_for(user, "change", licence)


@transaction.atomic
def enter_grant(user, approval, previous_decision):
    """准予许可 enters the register once: the licence is created (新设) or renewed (校验)."""
    from .models import Approval

    if approval.decision != Approval.Decision.APPROVED or (
        previous_decision == Approval.Decision.APPROVED
    ):
        return None
    check(grant_refusal(user, approval))
    licence = approval.apply_to_register()
    log(licence, _log_action(approval.kind == Approval.Kind.NEW), user=user,
        data={"approval": approval.pk})
    return licence


@transaction.atomic
def publish_decision(user, approval, day):
    """公示: record the day a granted decision was disclosed to the public."""
    check(refusal_for(user, "change", approval))
    if not approval.needs_publicity:
        raise NotPermitted("只有准予许可的决定需要公示。")
    approval.published_on = day
    approval.save(update_fields=["published_on", "updated_at"])
    log(approval, "wagtail.publish", user=user)
    return approval


@transaction.atomic
def save_personnel(user, qualification):
    from .competence import PERSONNEL
    from .models import PersonnelQualification

    created = qualification.pk is None
    if not created:  # the stored record must be the user's to change, not only the new values
        check(refusal_for(user, "change", PersonnelQualification.objects.get(pk=qualification.pk)))
    check(decision_refusal(
        user, model=PersonnelQualification, subject=PERSONNEL,
        decided_on=qualification.decided_on, deciding_authority=qualification.authority,
        region=qualification.institution.region, action="add" if created else "change",
    ))
    qualification.full_clean()
    qualification.save()
    log(qualification, _log_action(created), user=user)
    return qualification
