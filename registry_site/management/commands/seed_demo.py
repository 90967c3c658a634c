"""manage.py seed_demo: the whole demo — the register (licensing's seeder), then the
published list editions of past half-years and setup applications (disclosure), the
credit records (disclosure.credit) and the inspection plans, draws and results
(disclosure.inspections). registry_site comes first in INSTALLED_APPS,
so this command is the one `seed_demo` runs."""

from django.core.management import call_command

from disclosure.credit.demo import seed_credit
from disclosure.demo import seed_applications, seed_list_editions
from disclosure.inspections.demo import seed_inspections
from licensing.management.commands.seed_demo import Command as RegisterSeedCommand


class Command(RegisterSeedCommand):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        created = seed_list_editions()
        self.stdout.write(self.style.SUCCESS(f"示例名单：新增已公布名单 {created} 期"))
        created = seed_applications()
        self.stdout.write(self.style.SUCCESS(f"示例设置申请：新增 {created} 项"))
        created = seed_credit()
        self.stdout.write(self.style.SUCCESS(f"示例信用记录：新增行政处罚 {created} 项"))
        plans, published = seed_inspections()
        self.stdout.write(self.style.SUCCESS(
            f"示例监督抽查：新增抽查计划 {plans} 项，公开检查结果 {published} 项"))
        # Bulk inserts send no signals: index everything once, at the end.
        call_command("rebuild_search_index", stdout=self.stdout)
