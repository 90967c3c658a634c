"""Setup applications and their public notices: recording, deadlines, what the public sees."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from licensing.choices import Level
from licensing.territory import NotPermitted, authority_of

from .application_rules import STATUS_LABELS, WITHDRAWN, may_move
from .models import ApplicationNotice, SetupApplication

DUE_SOON_DAYS = 7


def application_refusal(user, application, action):
    """Only the region commission receives ART and sperm-bank applications (R1, R3)."""
    if user.is_superuser:
        return None
    if not user.has_perm(f"disclosure.{action}_setupapplication"):
        return "您的账号没有登记设置申请的权限。"
    authority = authority_of(user)
    if authority is None or authority.level != Level.PROVINCE:
        return "人类辅助生殖技术、人类精子库设置申请由自治区卫生健康委受理。"
    return None


def status_refusal(stored_status, new_status):
    if not may_move(stored_status, new_status):
        return f"办理状态不能从“{STATUS_LABELS[stored_status]}”改为“{STATUS_LABELS[new_status]}”。"
    return None


def fill_from_institution(application):
    """An applicant already in the register brings its name, USCC, place and address."""
    institution = application.institution
    if institution is None:
        return
    application.applicant_name = application.applicant_name or institution.name
    application.uscc = application.uscc or institution.uscc
    application.region_id = application.region_id or institution.region_id
    application.address = application.address or institution.address


@transaction.atomic
def record_application(user, application, technologies=None):
    created = application.pk is None
    reason = application_refusal(user, application, "add" if created else "change")
    if reason is None and not created:
        stored = SetupApplication.objects.get(pk=application.pk).status
        reason = status_refusal(stored, application.status)
    if reason:
        raise NotPermitted(reason)
    fill_from_institution(application)
    application.full_clean()
    application.save()
    if technologies is not None:
        application.technologies.set(technologies)
    log(application, "wagtail.create" if created else "wagtail.edit", user=user)
    return application


def record_disclosure_on_publish(sender, instance, **kwargs):
    """Wagtail's `published` signal: the first publication of a notice discloses it."""
    if isinstance(instance, ApplicationNotice):
        instance.record_disclosure()


def awaiting_disclosure(today=None):
    """(overdue, due within 7 days): applications not yet disclosed, most urgent first."""
    today = today or timezone.localdate()
    pending = sorted(
        SetupApplication.objects.filter(disclosed_on__isnull=True).exclude(status=WITHDRAWN),
        key=lambda a: (a.deadline, a.pk),
    )
    overdue = [a for a in pending if a.days_left(today) < 0]
    soon = [a for a in pending if 0 <= a.days_left(today) <= DUE_SOON_DAYS]
    return overdue, soon


def public_notices():
    """Published notices with their applications, newest receipt first."""
    return ApplicationNotice.objects.filter(live=True).select_related(
        "application__region__parent", "application__approval__licence"
    ).prefetch_related("application__technologies").order_by(
        "-application__received_on", "-pk"
    )
