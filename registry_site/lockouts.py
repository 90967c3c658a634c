"""A login lockout (django-axes) and its lifting, in Wagtail's audit log of the account."""

from django.contrib.auth import get_user_model
from wagtail.log_actions import log


def _user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


def record_lockout(sender, request, username, ip_address, **kwargs):
    if user := _user(username):
        log(user, "registry.locked_out", data={"ip_address": ip_address})


def record_unlock(sender, instance, **kwargs):
    if user := _user(instance.username):
        log(user, "registry.unlocked", data={"ip_address": instance.ip_address})


def connect():
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out
    from django.db.models.signals import post_delete

    user_locked_out.connect(record_lockout, dispatch_uid="registry-locked-out")
    post_delete.connect(record_unlock, sender=AccessAttempt, dispatch_uid="registry-unlocked")
