"""Wagtail permission policy backed by the territorial rule (territory.py).

Wagtail's generic edit/delete views only ask model-level questions
(wagtail/wagtail#10746); the views in admin_views.py ask this policy about the
instance as well, and so do listing buttons.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .territory import authority_of, refusal_for


class TerritoryPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete"):
            return refusal_for(user, action, instance) is None
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= {"change", "delete"} and not user.is_superuser:
            authority = authority_of(user)
            if authority is None:
                return queryset.none()
            field = "region__code" if queryset.model._meta.model_name == "institution" else (
                "institution__region__code"
            )
            queryset = queryset.filter(**{f"{field}__startswith": authority.region.code})
        return queryset
