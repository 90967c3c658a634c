"""manage.py ensure_dev_users: the development admin and one demo account per role.

For local development only (`make run`); refuses to run when DEBUG is off.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from licensing import roles
from licensing.models import GUANGXI, Authority, StaffProfile

ADMIN = ("admin", "admin-dev-2026")
DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = [
    # username, role group, authority's division code, display name
    ("region_staff", roles.REGION_STAFF, GUANGXI, "示例自治区工作人员"),
    ("nanning_city", roles.CITY_OFFICIALS, "4501", "示例南宁市工作人员"),
    ("xingning_county", roles.COUNTY_OFFICIALS, "450102", "示例兴宁区工作人员"),
    ("inspector", roles.INSPECTORS, GUANGXI, "示例监督员"),
]


class Command(BaseCommand):
    help = "创建开发环境管理员和各角色示例账号（仅限 DEBUG 开发环境）"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "仅用于开发环境（DEBUG=True），生产环境请用 createsuperuser 创建账号。"
            )
        User = get_user_model()
        username, password = ADMIN
        admin, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(password)
            admin.save()
        for username, group, code, first_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first_name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group))
            StaffProfile.objects.update_or_create(
                user=user, defaults={"authority": Authority.objects.get(region__code=code)}
            )
        self.stdout.write(self.style.SUCCESS(
            f"管理员 {ADMIN[0]} / {ADMIN[1]}；示例账号 "
            + "、".join(u[0] for u in DEMO_USERS) + f" 密码均为 {DEMO_PASSWORD}"
        ))
