"""Bring the change ledger and the /data/ dumps up to date (run it daily after midnight,
so the first reader of the day does not wait for the full comparison)."""

import time

from django.core.management.base import BaseCommand

from registry_site.open_data.dumps import current_dumps
from registry_site.open_data.ledger import compare_everything, counter


class Command(BaseCommand):
    help = "比对公开数据并生成全量下载文件（每天凌晨运行一次）"

    def handle(self, *args, **options):
        started = time.perf_counter()
        changes = compare_everything()
        dumps = current_dumps(refresh=True)
        files = sum(len(by_format) for by_format in dumps.values())
        self.stdout.write(f"新增变更 {changes} 条，变更序号 {counter(lock=False).last_seq}；"
                          f"{files} 个下载文件已是最新"
                          f"（{time.perf_counter() - started:.1f} 秒）")
