"""Wagtail's reference index for a licence, brought up to date only when it can change.

The reference index is what lets the admin refuse to delete an institution or an
authority a licence still names, and list where one is used. Wagtail updates it after
every save by reading the record back with its events and its stored references: five
queries on each renewal, suspension or change of technologies, where nothing it records
has moved. A licence's references are its foreign keys, so the index is updated when one
of them differs from what was loaded, and on creation."""

from contextlib import contextmanager
from functools import cache

from django.db import models

UNKNOWN = object()  # a foreign key not loaded (deferred): count it as changed


@cache  # read for every record loaded: a page of the API loads a thousand
def _referencing_fields(model):
    """The foreign keys Wagtail records (the same test as ReferenceIndex's)."""
    return tuple(
        field.attname for field in model._meta.concrete_fields
        if field.many_to_one
        and not getattr(field, "wagtail_reference_index_ignore", False)
        and not getattr(field.related_model, "wagtail_reference_index_ignore", False)
    )


def reference_values(obj):
    values = obj.__dict__
    return tuple(values.get(name, UNKNOWN) for name in _referencing_fields(type(obj)))


class ReferencesIndexedOnChange(models.Model):
    """Remembers the foreign keys a record was loaded with (see `references_kept`)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_references = reference_values(obj)
        return obj


@contextmanager
def references_kept(obj):
    """Save `obj` (and its child records) inside the block with Wagtail's automatic
    update switched off; at its end, update the index if a reference may have changed."""
    # Imported here: Wagtail's signal handlers load the page model, not ready with ours.
    from wagtail.signal_handlers import (
        disable_reference_index_auto_update,
        reference_index_auto_update_disabled,
    )
    from wagtail.tasks import update_reference_index_task

    if getattr(reference_index_auto_update_disabled, "value", False):
        yield  # the caller switched it off for a reason of its own (Wagtail's is not nestable)
        return
    with disable_reference_index_auto_update():
        yield
    now = reference_values(obj)
    before = getattr(obj, "_loaded_references", None)
    if before is None or before != now or UNKNOWN in now:
        update_reference_index_task.enqueue(
            obj._meta.app_label, obj._meta.model_name, str(obj.pk))
    obj._loaded_references = now
