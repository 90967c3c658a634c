"""Admin pieces of the site itself: the 登录锁定 screen (django-axes' lockouts, which
administrators lift), and the audit-log actions for a lockout and its lifting."""

from axes.models import AccessAttempt
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class SuperusersOnly(ModelPermissionPolicy):
    """Lockouts are seen and lifted by administrators; nobody adds or edits one."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "delete")

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = "登录锁定"
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True


register_permission_policy(AccessAttempt, SuperusersOnly(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")


@hooks.register("register_log_actions")
def register_login_log_actions(actions):
    actions.register_action("registry.locked_out", "登录锁定", "连续多次密码错误，登录被锁定")
    actions.register_action("registry.unlocked", "解除登录锁定", "登录锁定已解除")
