"""What each staff role may do with inspections; territory and assignment narrow it per
record (permissions.py)."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from licensing.roles import CITY_OFFICIALS, COUNTY_OFFICIALS, INSPECTORS, REGION_STAFF

_EDIT = ("add", "change", "delete", "view")
_STAFF = {
    "inspectionplan": _EDIT, "inspector": _EDIT, "conflict": _EDIT, "followup": _EDIT,
    "risknotice": _EDIT, "inspection": ("change", "view"),
}
ROLE_ACTIONS = {
    REGION_STAFF: _STAFF, CITY_OFFICIALS: _STAFF, COUNTY_OFFICIALS: _STAFF,
    # 监督执法人员 enter the results of the inspections assigned to them, and read plans.
    INSPECTORS: {"inspection": ("change", "view"), "inspectionplan": ("view",),
                 "followup": ("view",)},
}


def ensure_inspection_permissions(app_config, **kwargs):
    """Grant the roles their inspection permissions (after every migrate; idempotent)."""
    create_permissions(app_config, verbosity=0)
    for name, models in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="inspections",
            codename__in=[f"{a}_{m}" for m, actions in models.items() for a in actions],
        ))
