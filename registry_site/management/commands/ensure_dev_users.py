"""manage.py ensure_dev_users: licensing's development accounts, and the demo `inspector`
account put on a roster (执法人员名录库), so that logging in as it shows the inspections
assigned to it. Lives here because only registry_site knows both apps."""

from django.db.models import Count, Q

from disclosure.inspections.models import Inspection, Inspector
from licensing.management.commands import ensure_dev_users


class Command(ensure_dev_users.Command):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="inspector")
        if Inspector.objects.filter(user=user).exists():
            return
        open_visits = Q(inspections__status=Inspection.Status.ASSIGNED)
        person = Inspector.objects.filter(user__isnull=True, name__startswith="示例").annotate(
            open=Count("inspections", filter=open_visits)).order_by("-open", "pk").first()
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            self.stdout.write(f"示例账号 inspector 已关联执法人员 {person.name}（{person.code}），"
                              f"可录入分派给他的{person.open}项检查。")
