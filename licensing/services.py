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
    """Save an application or its decision; a grant enters the register (Approval.save)."""
    from .models import Approval

    created = approval.pk is None
    if not created:
        stored = Approval.objects.get(pk=approval.pk)
        check(refusal_for(user, "change", stored))
        if stored.decision != Approval.Decision.PENDING:
            raise NotPermitted("已作出决定的审批记录不能修改；如需更正，请登记新的审批记录。")
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
    log(approval, _log_action(created), user=user)
    return approval


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
    check(decision_refusal(
        user, model=PersonnelQualification, subject=PERSONNEL,
        decided_on=qualification.decided_on, deciding_authority=qualification.authority,
        region=qualification.institution.region, action="add" if created else "change",
    ))
    qualification.full_clean()
    qualification.save()
    log(qualification, _log_action(created), user=user)
    return qualification
