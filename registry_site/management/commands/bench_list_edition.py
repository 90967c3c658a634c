"""manage.py bench_list_edition: time generating and publishing a list edition.

Creates N licensed ART institutions inside a transaction, generates a draft from
the register, takes it through the two-person review to publication (which
freezes the CSV and its hash), repeats for several half-years, prints the
timings, and rolls everything back.
"""

import statistics
import time
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from disclosure.editions import generate_draft
from disclosure.list_rules import list_edition_for, previous_edition_period
from disclosure.workflow import submit_and_approve
from licensing.choices import EventKind, Level, Service
from licensing.demo import demo_uscc
from licensing.models import (
    GUANGXI,
    Authority,
    Institution,
    Licence,
    LicenceEvent,
    Region,
    Technology,
)
from licensing.roles import REGION_STAFF
from registry_site.benchmarks import wipe_register


class Command(BaseCommand):
    help = "计时：生成并经复核发布一期覆盖 N 家机构的名单（事务内进行，结束后回滚）"

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--reset", action="store_true",
                            help="先清空登记数据（仅用于临时数据库）")

    def handle(self, *args, **options):
        if options["reset"]:
            wipe_register()
        with transaction.atomic():
            self.make_register(options["institutions"])
            submitter, approver = self.make_staff()
            period = list_edition_for(date(2026, 6, 30))
            generate, publish = [], []
            for _ in range(options["repeat"]):
                started = time.perf_counter()
                edition = generate_draft(submitter, period.as_of)
                generated = time.perf_counter()
                submit_and_approve(edition, submitter, approver)
                assert edition.frozen and len(edition.rows) == options["institutions"]
                generate.append(generated - started)
                publish.append(time.perf_counter() - generated)
                period = previous_edition_period(period)
            transaction.set_rollback(True)
        self.report(options["institutions"], generate, publish)

    def report(self, count, generate, publish):
        total = [g + p for g, p in zip(generate, publish, strict=True)]
        self.stdout.write(f"名单机构数 {count}，重复 {len(total)} 次（秒）：")
        for label, values in (("生成草稿", generate), ("复核并发布", publish), ("合计", total)):
            self.stdout.write(
                f"  {label:<6} 中位数 {statistics.median(values):.3f}  最大 {max(values):.3f}"
            )

    def make_register(self, count):
        counties = list(Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI))
        region_authority = Authority.objects.get(region__code=GUANGXI)
        institutions = Institution.objects.bulk_create(
            Institution(name=f"示例基准生殖中心{n}", uscc=demo_uscc(800000 + n, region.code),
                        region=region, category=Institution.Category.SPECIALIST)
            for n, region in ((n, counties[n % len(counties)]) for n in range(count))
        )
        licences = Licence.objects.bulk_create(
            Licence(institution=i, service=Service.ART, authority=region_authority,
                    decision_no=f"示例基准〔2020〕{n}号", licence_no=f"BENCH-{n:06d}",
                    decided_on=date(2020, 1, 2), valid_from=date(2020, 1, 2),
                    valid_until=date(2030, 1, 1))
            for n, i in enumerate(institutions)
        )
        LicenceEvent.objects.bulk_create(
            LicenceEvent(licence=licence, kind=EventKind.GRANTED, date=date(2020, 1, 2),
                         new_valid_until=date(2030, 1, 1))
            for licence in licences
        )
        techs = list(Technology.objects.filter(service=Service.ART))
        through = Licence.technologies.through
        through.objects.bulk_create(
            through(licence_id=licence.pk, technology_id=tech.pk)
            for licence in licences for tech in techs[: 1 + licence.pk % len(techs)]
        )

    def make_staff(self):
        group = Group.objects.get(name=REGION_STAFF)
        users = []
        for name in ("bench_submitter", "bench_approver"):
            user = get_user_model().objects.create_user(username=name)
            user.groups.add(group)
            users.append(user)
        return users
