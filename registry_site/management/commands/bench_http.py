"""manage.py bench_http: the site over HTTP, served as in production, on the register
already in the database (`make bench` runs it on the 100,000 institutions bench_search
leaves).

1. Latency table: one client on one keep-alive connection asks each public page
   (3 unmeasured, then --repeat measured requests) and prints p50 / p95 / max against
   the page's target. The search page is also asked "after a change": the register's
   index version moves before each request, so no kept answer can serve it.
2. Load test: locust, headless, --users citizens (pause 1–3 s between pages) for
   --seconds, on the mix of registry_site/locustfile.py; prints throughput, failures and
   p50 / p95 / p99 per kind of request. Fails when any request failed.

Only loopback: gunicorn listens on 127.0.0.1 and locust asks nothing else.
"""

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from licensing.models import Institution
from registry_site import http_bench
from registry_site.open_data.dumps import current_dumps
from search import result_cache

RECORD_PAGES = ("名单详情", "处罚详情", "检查结果详情")
LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"


class Command(BaseCommand):
    help = "以生产方式（gunicorn）运行本站，测量各页面延迟并进行并发压力测试"

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=40)
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--workers", type=int, default=None,
                            help="gunicorn 进程数（默认按 CPU 数，见 gunicorn.conf.py）")

    def handle(self, *args, **options):
        count = Institution.objects.count()
        if not count:
            raise CommandError("数据库中没有机构：请先运行 seed_demo 或 bench_search。")
        label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        self.stdout.write(f"== HTTP 基准：{count} 家机构，{label}，gunicorn 生产设置")
        ids = list(Institution.objects.values_list("pk", flat=True))
        # As a deployment does before opening: the open-data files exist (bench_open_data
        # or the nightly refresh_open_data wrote them), or they are written now.
        current_dumps()
        connection.close()  # gunicorn's workers take over the database
        with http_bench.served(options["workers"]) as base:
            port = int(base.rsplit(":", 1)[1])
            static = http_bench.first_link(http_bench.Client(port), "/", r"/static/[^\"']+\.css")
            sample_pages = http_bench.pages(port, random.Random(7).choice(ids), static)
            self.latency_table(port, sample_pages, options["repeat"])
            self.load_test(base, ids, sample_pages, options)

    def latency_table(self, port, pages, repeat):
        self.stdout.write(f"\n单个客户端，每页 {repeat} 次（毫秒）：")
        self.stdout.write(f"{'页面':<28}{'p50':>8}{'p95':>8}{'最大':>8}{'目标p95':>9}")
        for page in pages:
            timing = http_bench.latency(port, page, repeat,
                                        index_changed=result_cache.index_changed)
            target = f"≤{page.target_ms:g}" if page.target_ms else "—"
            missed = " 未达标" if page.target_ms and timing.p95 > page.target_ms else ""
            self.stdout.write(f"{page.label:<28}{timing.p50:8.1f}{timing.p95:8.1f}"
                              f"{timing.maximum:8.1f}{target:>9}{missed}")

    def load_test(self, base, ids, pages, options):
        picked = random.Random(11).sample(ids, min(len(ids), 2000))
        sample = {
            "institutions": picked,
            "records": [p.path for p in pages if p.label in RECORD_PAGES],
            "downloads": [p.path for p in pages if p.label.startswith("名单下载")],
        }
        with tempfile.TemporaryDirectory(prefix="bench-locust-") as scratch:
            sample_path = Path(scratch) / "sample.json"
            sample_path.write_text(json.dumps(sample), encoding="utf-8")
            users, seconds = options["users"], options["seconds"]
            self.stdout.write(f"\n压力测试：{users} 个并发用户，{seconds} 秒（locust，无界面）")
            run = subprocess.run(
                [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE),
                 "--headless", "--users", str(users), "--spawn-rate", "50",
                 "--run-time", f"{seconds}s", "--host", base, "--csv", f"{scratch}/load",
                 "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                env={**os.environ, "LOAD_SAMPLE": str(sample_path)}, capture_output=True,
                text=True, timeout=seconds + 120)
            if run.returncode:
                raise CommandError(f"locust 未能运行：\n{run.stderr[-2000:]}")
            failures = self.load_table(Path(f"{scratch}/load_stats.csv"))
        if failures:
            raise CommandError(f"压力测试中有 {failures} 个请求失败。")

    def load_table(self, stats_path):
        with stats_path.open(encoding="utf-8") as stats_file:
            rows = list(csv.DictReader(stats_file))
        self.stdout.write(f"{'请求':<24}{'次数':>7}{'失败':>6}{'每秒':>8}"
                          f"{'p50':>7}{'p95':>7}{'p99':>7}{'最大':>8}")
        for row in rows:
            name = "合计" if row["Name"] == "Aggregated" else row["Name"]
            self.stdout.write(
                f"{name:<24}{row['Request Count']:>7}{row['Failure Count']:>6}"
                f"{float(row['Requests/s']):8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
                f"{float(row['Max Response Time']):8.0f}")
        return sum(int(r["Failure Count"]) for r in rows if r["Name"] == "Aggregated")

