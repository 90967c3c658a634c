"""Admin screens of reference data: under 设置 (superusers only), which authority each
staff account works for and each authority's public contact details; and 节假日安排,
kept by the commission's staff. Registered in wagtail_hooks."""

from wagtail.permission_policies import ModelPermissionPolicy

from .admin_views import GuardedModelViewSet
from .models import Authority, HolidaySchedule, StaffProfile


class StaffProfileViewSet(GuardedModelViewSet):
    """Superusers tie each staff account to its authority (its territory)."""

    model = StaffProfile
    icon = "user"
    menu_label = "工作人员所属机关"
    add_to_settings_menu = True
    form_fields = ["user", "authority"]
    list_display = ["user", "authority"]
    search_fields = ["user__username", "authority__name"]


class ReferenceDataPolicy(ModelPermissionPolicy):
    """Authorities are reference data (GB/T 2260 divisions): superusers keep their public
    contact details, and nobody adds or deletes one here."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)




class AuthorityViewSet(GuardedModelViewSet):
    """办公电话 (public, a complaint channel) and 统一社会信用代码 (双公示 data) of each
    health authority."""

    model = Authority
    icon = "site"
    menu_label = "卫生健康行政部门"
    add_to_settings_menu = True
    form_fields = ["office_phone", "uscc"]
    list_display = ["name", "office_phone", "uscc"]
    search_fields = ["name"]


class HolidayScheduleViewSet(GuardedModelViewSet):
    """节假日安排: the State Council's holidays and make-up working days of a year the
    chinese_calendar package does not know yet; every working-day deadline uses it."""

    model = HolidaySchedule
    icon = "date"
    menu_label = "节假日安排"
    menu_order = 890
    add_to_admin_menu = True
    form_fields = ["year", "notice", "days_off", "workdays"]
    list_display = ["year", "notice", "updated_at"]
