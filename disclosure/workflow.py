"""The review every edition goes through before publication (a second person approves)."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.snippets.models import create_extra_permissions

from licensing.roles import INSPECTORS, REGION_STAFF

WORKFLOW_NAME = "半年名单复核"
TASK_NAME = "自治区卫生健康委他人复核"


def ensure_list_workflow(app_config, **kwargs):
    """Permissions for the roles and the review workflow of ListEdition (idempotent)."""
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    from .models import ListEdition, SecondPersonApprovalTask

    create_permissions(app_config, verbosity=0)
    create_extra_permissions(app_config)  # publish / lock / unlock, for snippets
    region_staff, _ = Group.objects.get_or_create(name=REGION_STAFF)
    inspectors, _ = Group.objects.get_or_create(name=INSPECTORS)
    edition_type = ContentType.objects.get_for_model(ListEdition)
    # Staff prepare and submit; publishing happens only when the workflow approves.
    for action in ("add", "change", "delete", "view", "lock", "unlock"):  # not "publish"
        region_staff.permissions.add(
            Permission.objects.get(content_type=edition_type, codename=f"{action}_listedition")
        )
    inspectors.permissions.add(
        Permission.objects.get(content_type=edition_type, codename="view_listedition")
    )
    task, _ = SecondPersonApprovalTask.objects.get_or_create(name=TASK_NAME)
    task.groups.add(region_staff)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr,
                                       defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=edition_type, defaults={"workflow": workflow}
    )

