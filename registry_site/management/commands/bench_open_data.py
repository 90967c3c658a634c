"""manage.py bench_open_data: the API's list latency and the open-data ledger and dumps,
on the register already in the database (`make bench` runs it after bench_search has
seeded 100k institutions).

Requests go through Django's test client in this process (no network, no server):
what is measured is the view, its queries and the JSON, p50 / p95 / max per kind.
The ledger is compared in full once (what the first reader of a day triggers, or the
nightly refresh_open_data), then each dump format of the institutions is written.
"""

import gc
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from licensing.models import Institution
from registry_site.open_data import collections, dumps, ledger
from registry_site.open_data.models import Change, Dump, LedgerCounter, RecordState

KINDS = {
    "机构列表首页": ["/api/v1/institutions/?page_size=50"],
    "机构列表翻页": "walk:/api/v1/institutions/?page_size=50",
    "机构检索": ["/api/v1/institutions/?q=妇幼", "/api/v1/institutions/?q=生殖&city=4501",
             "/api/v1/institutions/?service=art&status=valid"],
    "许可按状态": ["/api/v1/licences/?status=valid&page_size=50",
              "/api/v1/licences/?city=4503&page_size=50"],
    "行政处罚": ["/api/v1/penalties/?page_size=50", "/api/v1/penalties/?city=4501"],
    "变更": ["/api/v1/changes/?since=0&page_size=500"],
}


class Command(BaseCommand):
    help = "数据接口延迟与开放数据全量文件基准（使用现有数据）"

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, **options):
        settings.API_RATE = "100000000/min"  # measure the views, not the throttle
        client = Client(SERVER_NAME="localhost")
        n = Institution.objects.count()
        vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        self.stdout.write(f"== 开放数据基准：{n} 家机构，{vendor}")
        self.ledger_and_dumps()
        rows = [(kind, *self.latency(client, urls, options["repeat"]))
                for kind, urls in KINDS.items()]
        self.stdout.write(f"{'接口':<12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'次数':>7}")
        for kind, p50, p95, worst, count in rows:
            self.stdout.write(f"{kind:<12}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{count:>7}")

    def ledger_and_dumps(self):
        for model in (Change, RecordState, Dump, LedgerCounter):
            model.objects.all().delete()
        started = time.perf_counter()
        ledger.ensure_current()
        self.stdout.write(f"全量比对（首次，{Change.objects.count()} 条变更）："
                          f"{time.perf_counter() - started:.1f} 秒")
        started = time.perf_counter()
        ledger.ensure_current()
        self.stdout.write(f"再次读取（无变更）：{time.perf_counter() - started:.2f} 秒")
        institutions = collections.get("institutions")
        seq = LedgerCounter.objects.get().last_seq
        for fmt in dumps.FORMATS:
            started = time.perf_counter()
            dump = dumps.build(institutions, fmt, seq)
            self.stdout.write(f"机构全量文件 {fmt}：{dump.count} 条，"
                              f"{dumps.file_size(dump.size)}，"
                              f"{time.perf_counter() - started:.1f} 秒")

    def latency(self, client, urls, repeat):
        if isinstance(urls, str):  # follow `next` from the first page
            url, urls = urls.removeprefix("walk:"), []
            for _ in range(repeat):
                urls.append(url)
                url = client.get(url).json()["next"]
        times = []
        gc.collect()
        gc.disable()
        try:
            for url in urls:
                client.get(url)  # warm
                for _ in range(repeat if len(urls) < repeat else 1):
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
        finally:
            gc.enable()
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        return statistics.median(times), p95, times[-1], len(times)
