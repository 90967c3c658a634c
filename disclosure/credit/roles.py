"""What each staff role may do with credit records; territory narrows it per record."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from licensing.roles import CITY_OFFICIALS, COUNTY_OFFICIALS, INSPECTORS, REGION_STAFF

MODELS = ("penalty", "blacklistentry", "pointrecord")
_EDIT = ("add", "change", "delete", "view")
ROLE_ACTIONS = {REGION_STAFF: _EDIT, CITY_OFFICIALS: _EDIT, COUNTY_OFFICIALS: _EDIT,
                INSPECTORS: ("view",)}


def ensure_credit_permissions(app_config, **kwargs):
    """Grant the roles their credit permissions (runs after every migrate; idempotent)."""
    create_permissions(app_config, verbosity=0)
    for name, actions in ROLE_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="credit",
            codename__in=[f"{a}_{m}" for a in actions for m in MODELS],
        ))
