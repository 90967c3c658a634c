"""Wagtail permission policy backed by the territorial rule (territory.py).

Wagtail's generic views only ask model-level questions (wagtail/wagtail#10746);
admin_guard.py puts every admin URL of the register behind this policy's answer
about the record itself, and listing buttons ask it too.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .territory import authority_of, refusal_for, view_refusal


class TerritoryPermissionPolicy(ModelPermissionPolicy):
    def refusal(self, user, action, instance):
        """Why `user` may not perform `action` on `instance` (a sentence), or None."""
        if action in ("change", "delete"):
            return refusal_for(user, action, instance)
        if action == "view":
            return view_refusal(user, instance)
        return "登记册中的记录不适用该操作。"

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete", "view"):
            return self.refusal(user, action, instance) is None
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser:
            return queryset
        personal = queryset.model._meta.model_name == "personnelqualification"
        if set(actions) <= {"change", "delete"} or (personal and "view" in actions):
            authority = authority_of(user)
            if authority is None:
                return queryset.none()
            field = "region__code" if queryset.model._meta.model_name == "institution" else (
                "institution__region__code"
            )
            queryset = queryset.filter(**{f"{field}__startswith": authority.region.code})
        return queryset
