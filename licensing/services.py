"""Changes to the register made outside the admin forms (commands, imports, other apps).

Each function checks the territorial rule, validates, saves and writes the
audit log entry, exactly as the admin does; nothing is saved when refused.
"""

from django.db import transaction
from wagtail.log_actions import log

from .territory import check, institution_refusal, licence_refusal, refusal_for


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
