"""Marks for the ledger: every write to a model of the register's apps notes which
institution it concerns, in the writer's own transaction (a rolled-back write leaves no
mark). Writes that bypass model signals (QuerySet.update, bulk_create) are found by the
daily full comparison."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Mark

APPS = ("licensing", "disclosure", "credit", "inspections")
# Records whose names many public records show.
SHARED = {("licensing", "region"), ("licensing", "authority"), ("licensing", "technology")}


def owner_of(instance):
    """The institution a record concerns (itself, its own field, or its parent's), None
    when it concerns none, Mark.EVERYTHING for a shared record."""
    meta = instance._meta
    if (meta.app_label, meta.model_name) in SHARED:
        return Mark.EVERYTHING
    if (meta.app_label, meta.model_name) == ("licensing", "institution"):
        return instance.pk
    if hasattr(instance, "institution_id"):
        return instance.institution_id
    for field in meta.concrete_fields:
        if field.many_to_one:
            try:
                parent = getattr(instance, field.name)
            except ObjectDoesNotExist:
                continue
            if getattr(parent, "institution_id", None) is not None:
                return parent.institution_id
    return None


def mark(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
        return  # loading fixtures, or before a many-to-many change
    Mark.objects.create(owner=owner_of(instance))


def connect():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            post_save.connect(mark, sender=model, dispatch_uid=f"open-data-{model._meta.label}")
            post_delete.connect(mark, sender=model,
                                dispatch_uid=f"open-data-del-{model._meta.label}")
            for field in model._meta.many_to_many:
                if field.remote_field.through._meta.app_label not in APPS:
                    continue  # a link table of Wagtail's (a review task's groups)
                m2m_changed.connect(mark, sender=field.remote_field.through,
                                    dispatch_uid=f"open-data-m2m-{field.remote_field.through}")
