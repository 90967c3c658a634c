"""The inspections' permission policies: Wagtail asks them, admin_guard asks them per
record, and they answer with rules_access (the same functions the services call)."""

from wagtail.permission_policies import ModelPermissionPolicy

from licensing.territory import authority_of

from . import rules_access
from .models import Conflict, FollowUp, Inspection, InspectionPlan, Inspector, RiskNotice

REFUSALS = {
    InspectionPlan: rules_access.plan_refusal,
    Inspection: rules_access.inspection_refusal,
    Inspector: rules_access.roster_refusal,
    Conflict: rules_access.roster_refusal,
    FollowUp: rules_access.follow_up_refusal,
    RiskNotice: rules_access.risk_notice_refusal,
}


class InspectionPermissionPolicy(ModelPermissionPolicy):
    """Per record: the authority's own staff, the assigned inspectors, the territory; frozen
    records (committed plans, public results, published notices) refuse everyone."""

    def refusal(self, user, action, instance):
        if not user.is_authenticated:
            return "请先登录。"
        if action in ("commit", "draw"):
            return rules_access.draw_refusal(user, instance, action)
        if action == "follow_up":
            return rules_access.follow_up_refusal(user, FollowUp(plan=instance), "add")
        if action not in ("view", "change", "delete", "review"):
            return "该记录不适用此操作。"
        return REFUSALS[self.model](user, instance, action)

    def user_has_permission(self, user, action):
        if self.model is Inspection and action in ("add", "delete"):
            return False  # inspections come from draws and stay on record
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.refusal(user, action, instance) is None

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser or not user.is_authenticated:
            return queryset
        if self.model is Inspection and not rules_access.is_staff_official(user):
            record = getattr(user, "inspector_record", None)
            return queryset.filter(inspectors=record) if record else queryset.none()
        if self.model in (Inspector, Conflict):
            authority = authority_of(user)
            if authority is None:
                return queryset.none()
            path = "authority" if self.model is Inspector else "inspector__authority"
            return queryset.filter(**{f"{path}__region__code__startswith":
                                      authority.region.code})
        return queryset
