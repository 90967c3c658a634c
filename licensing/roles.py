"""The staff roles, as Wagtail groups. Territory comes from each user's authority
(StaffProfile); the group says what kind of work the account does."""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

REGION_STAFF = "自治区卫生健康委工作人员"
CITY_OFFICIALS = "设区市卫生健康委工作人员"
COUNTY_OFFICIALS = "县级卫生健康局工作人员"
INSPECTORS = "监督执法人员"

_EDIT = ["add", "change", "delete", "view"]
_READ = ["view"]
# What each role may do at all; territory and competence narrow it per record.
ROLE_PERMISSIONS = {
    REGION_STAFF: {"institution": _EDIT, "licence": _EDIT, "approval": _EDIT,
                   "personnelqualification": _READ, "holidayschedule": _EDIT},
    CITY_OFFICIALS: {"institution": _EDIT, "licence": _EDIT, "approval": _EDIT,
                     "personnelqualification": _EDIT},
    COUNTY_OFFICIALS: {"institution": _EDIT, "licence": _EDIT, "approval": _EDIT,
                       "personnelqualification": _READ},
    INSPECTORS: {"institution": _READ, "licence": _READ, "approval": _READ,
                 "personnelqualification": _READ},
}


def ensure_groups(app_config, **kwargs):
    """Create or update the role groups (runs after every migrate; idempotent)."""
    create_permissions(app_config, verbosity=0)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, models in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [access_admin] + [
            Permission.objects.get(
                content_type__app_label="licensing", codename=f"{action}_{model}"
            )
            for model, actions in models.items()
            for action in actions
        ]
        group.permissions.add(*wanted)
