"""Permission policy of what the region discloses: published records stay published.

A published list edition is frozen (no change, no delete, no unpublish: a
correction edition amends it); a published application notice may be revised
through the same review, but never taken down or deleted; an application that
has been disclosed is never deleted. These refusals hold for every user,
superusers included, on every admin URL (licensing/admin_guard.py) and in bulk
actions, which ask this policy about each record.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import ApplicationNotice, FrozenEditionError, ListEdition, SetupApplication

NOTICE_STAYS = "已发布的申请信息公开不能撤回或删除；如有错误，请修改后重新提交复核发布。"
APPLICATION_STAYS = "已登记的设置申请不删除；申请人撤回的，请将办理状态改为“已撤回”。"


def frozen_refusal(action, instance):
    """Why nobody may perform `action` on `instance` because it is published, or None."""
    if isinstance(instance, ListEdition) and instance.frozen and action != "view":
        return str(FrozenEditionError().args[0])
    if isinstance(instance, ApplicationNotice) and instance.first_published_at and (
        action in ("delete", "unpublish")
    ):
        return NOTICE_STAYS
    if isinstance(instance, SetupApplication) and action == "delete" and (
        instance.disclosed_on or ApplicationNotice.objects.filter(application=instance).exists()
    ):
        return APPLICATION_STAYS
    return None


class DisclosurePermissionPolicy(ModelPermissionPolicy):
    def refusal(self, user, action, instance):
        if reason := frozen_refusal(action, instance):
            return reason
        # Unpublishing needs the publish permission, which staff are never given:
        # publication happens only when a second person's review approves.
        permission = "publish" if action == "unpublish" else action
        if not self.user_has_permission(user, permission):
            return f"您的账号没有该项{instance._meta.verbose_name}操作的权限。"
        return None

    def user_has_permission_for_instance(self, user, action, instance):
        if frozen_refusal(action, instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)
