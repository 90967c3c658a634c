"""Bulk delete of snippets, held to the rules of the single delete.

Wagtail's bulk delete asks the permission policy about each record (so the
territorial rule and frozen records answer, see permissions.py) but deletes
with one queryset call and writes nothing to the audit log. This one writes a
"wagtail.delete" entry per record, as the single delete view does, and answers
404 instead of 500 for an id that cannot exist.
"""

from django.shortcuts import get_list_or_404
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from .admin_guard import parse_pk


class AuditedDeleteBulkAction(DeleteBulkAction):
    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for value in object_ids if (pk := parse_pk(model, value)) is not None]
        return get_list_or_404(model, pk__in=ids)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        action = kwargs["self"]
        for obj in objects:  # in form_valid's transaction: no entry without its deletion
            log(obj, "wagtail.delete", user=action.request.user)
        return super().execute_action(objects, user=user, **kwargs)
