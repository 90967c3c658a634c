"""复核 published draws: re-run each bundle and compare it with the published result."""

import sys

from django.core.management.base import BaseCommand, CommandError

from disclosure.inspections.draws import verify
from disclosure.inspections.models import Draw


class Command(BaseCommand):
    help = "重新运行抽查名单的数据包并与公布结果比对（--all 比对全部，有不符时以非零状态退出）"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="抽查名单编号")
        parser.add_argument("--all", action="store_true", help="比对全部已公布的抽查名单")

    def handle(self, *args, ids, all, **options):
        if not ids and not all:
            raise CommandError("请给出抽查名单编号，或使用 --all。")
        draws = Draw.objects.select_related("plan").order_by("pk")
        if not all:
            draws = draws.filter(pk__in=ids)
            missing = set(ids) - set(draws.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"没有这些抽查名单：{sorted(missing)}")
        failures = 0
        for draw in draws:
            differences = verify(draw)
            if differences:
                failures += 1
                self.stdout.write(f"抽查名单 {draw.pk}（{draw.plan}）：不一致")
                for line in differences:
                    self.stdout.write(f"  - {line}")
            else:
                self.stdout.write(f"抽查名单 {draw.pk}（{draw.plan}）：一致")
        if failures:
            self.stderr.write(f"{failures} 份抽查名单与重新运行的结果不一致。")
            sys.exit(1)
