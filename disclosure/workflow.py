"""The reviews that publish what the region discloses: a second person approves."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.snippets.models import create_extra_permissions

from licensing.roles import INSPECTORS, REGION_STAFF

TASK_NAME = "自治区卫生健康委他人复核"
# model name -> (workflow name, region staff's permissions). No "publish": publishing
# happens when the review approves (publishing.py). No deleting an application:
# withdrawn and refused ones stay on record.
REVIEWED = {
    "listedition": ("半年名单复核", ("add", "change", "delete", "view", "lock", "unlock")),
    "applicationnotice": ("申请信息公开复核", ("add", "change", "delete", "view", "lock",
                                               "unlock")),
}
PLAIN = {"setupapplication": ("add", "change", "view")}


def _grant(group, content_type, codenames):
    group.permissions.add(*Permission.objects.filter(content_type=content_type,
                                                     codename__in=codenames))


def ensure_review_workflows(app_config, **kwargs):
    """Permissions for the roles and a review workflow per disclosed model (idempotent)."""
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    from .models import SecondPersonApprovalTask

    create_permissions(app_config, verbosity=0)
    create_extra_permissions(app_config)  # publish / lock / unlock, for snippets
    region_staff, _ = Group.objects.get_or_create(name=REGION_STAFF)
    inspectors, _ = Group.objects.get_or_create(name=INSPECTORS)
    task, _ = SecondPersonApprovalTask.objects.get_or_create(name=TASK_NAME)
    task.groups.add(region_staff)
    for model_name, actions in PLAIN.items():
        content_type = ContentType.objects.get(app_label="disclosure", model=model_name)
        _grant(region_staff, content_type, [f"{a}_{model_name}" for a in actions])
        _grant(inspectors, content_type, [f"view_{model_name}"])
    for model_name, (workflow_name, actions) in REVIEWED.items():
        content_type = ContentType.objects.get(app_label="disclosure", model=model_name)
        _grant(region_staff, content_type, [f"{a}_{model_name}" for a in actions])
        _grant(inspectors, content_type, [f"view_{model_name}"])
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr,
                                           defaults={"sort_order": 0})
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def submit_and_approve(obj, submitter, approver):
    """Take `obj` through its review as the admin does: `submitter` starts the workflow,
    `approver` approves each task, and the last approval publishes (for commands and tests)."""
    obj.get_workflow().start(obj, submitter)
    obj.refresh_from_db()
    while state := obj.current_workflow_task_state:
        state.task.specific.on_action(state, approver, "approve")
        obj.refresh_from_db()
    return obj
