"""manage.py bench_search --reset: search latency and recall at 1k, 10k and 100k institutions.

For each scale it seeds the demo register up to that many institutions, indexes it
(database, and Elasticsearch when ELASTICSEARCH_URL is set), runs a fixed list of
realistic queries and prints p50 / p95 / max per backend. It also measures recall of
the 2-character fragment queries: for this search, and for stock tokenisation
(SQLite FTS5 unicode61, the tokenizer Wagtail's database backend creates), which
keeps a run of Chinese characters as one token. Wipes the register first: only for a
scratch database.

Timings are taken as timeit takes them: garbage collection runs before each query's
repetitions and is off while they run, so a collection of the whole process does not
land on one query.
"""

import gc
import sqlite3
import statistics
import time
from dataclasses import replace
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from licensing.choices import Service, Status
from licensing.models import Institution, Licence
from registry_site.benchmarks import wipe_register
from search import indexing
from search.documents import SearchQuery

FRAGMENTS = ["妇幼", "生殖", "人民", "保健", "南宁", "卫生", "桂林", "专科"]
ON = date(2026, 11, 22)


class Command(BaseCommand):
    help = "检索性能与召回率基准（会清空登记数据，仅用于临时数据库）"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="清空现有登记数据后再生成")
        parser.add_argument("--scales", default="1000,10000,100000")
        parser.add_argument("--repeat", type=int, default=15)

    def handle(self, *args, **options):
        if not options["reset"]:
            raise CommandError("基准会清空登记数据：请在临时数据库上加 --reset 运行。")
        wipe_register()
        rows = []
        for scale in (int(s) for s in options["scales"].split(",")):
            started = time.monotonic()
            call_command("seed_demo", "--institutions", str(scale), stdout=_Quiet())
            self.stdout.write(f"{scale} 家机构：生成并索引用时 {time.monotonic() - started:.0f} 秒")
            for backend in self.backends():
                rows += self.measure(scale, backend, options["repeat"])
            self.recall(scale)
        self.table(rows)

    def backends(self):
        label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        yield label, indexing.database_backend()
        if (elastic := indexing.elasticsearch_backend()) is not None:
            yield "Elasticsearch", elastic

    def queries(self):
        institutions = list(Institution.objects.order_by("pk")[:200:40])
        licences = list(Licence.objects.order_by("pk").values_list("licence_no", flat=True)[:3])
        # As the directory asks (no facets); the last kind is the search page, with facets.
        base = SearchQuery(on=ON, types=("institution",), facets=False)
        return {
            "2字片段": [replace(base, text=t) for t in FRAGMENTS],
            "全称": [replace(base, text=i.name) for i in institutions],
            "统一社会信用代码": [replace(base, text=i.uscc) for i in institutions],
            "许可证编号": [replace(base, text=n, types=()) for n in licences],
            "仅筛选": [replace(base, city="4501"),
                     replace(base, service=Service.ART, status=Status.VALID),
                     replace(base, county="450103", status=Status.EXPIRED)],
            "筛选+文字": [replace(base, text="妇幼", city="4503"),
                       replace(base, text="卫生", service=Service.MCH_SPECIAL,
                               status=Status.VALID)],
            "检索页(含分面)": [SearchQuery(on=ON, text="妇幼"), SearchQuery(on=ON, text="生殖")],
        }

    def measure(self, scale, named_backend, repeat):
        name, backend = named_backend
        rows = []
        for kind, queries in self.queries().items():
            timings = []
            for query in queries:
                backend.search(query)  # warm
                gc.collect()
                gc.disable()
                try:
                    for _ in range(repeat):
                        started = time.perf_counter()
                        backend.search(query)
                        timings.append((time.perf_counter() - started) * 1000)
                finally:
                    gc.enable()
            timings.sort()
            rows.append((scale, name, kind, statistics.median(timings),
                         timings[int(len(timings) * 0.95) - 1], timings[-1]))
        return rows

    def recall(self, scale):
        names = list(Institution.objects.values_list("pk", "name"))
        stock = sqlite3.connect(":memory:")
        stock.execute("CREATE VIRTUAL TABLE t USING fts5(name, tokenize='unicode61')")
        stock.executemany("INSERT INTO t(rowid, name) VALUES (?, ?)", names)
        ours_found = stock_found = expected_total = 0
        database = indexing.database_backend()
        for fragment in FRAGMENTS:
            expected = {pk for pk, name in names if fragment in name}
            # Every match, not a page: pages stop at TOTAL_LIMIT.
            ours = set(database.object_ids("institution", fragment).values_list(
                "object_id", flat=True))
            stocks = {row[0] for row in stock.execute("SELECT rowid FROM t WHERE t MATCH ?",
                                                      [f'"{fragment}"'])}
            expected_total += len(expected)
            ours_found += len(ours & expected)
            stock_found += len(stocks & expected)
        self.stdout.write(
            f"  召回率（2字片段，{scale}家）：本系统 {ours_found / expected_total:.1%}，"
            f"默认分词 {stock_found / expected_total:.1%}（{expected_total} 个应命中）"
        )

    def table(self, rows):
        self.stdout.write("\n规模      后端           查询类型          p50(ms)  p95(ms)  max(ms)")
        for scale, backend, kind, p50, p95, worst in rows:
            self.stdout.write(
                f"{scale:<9} {backend:<14} {kind:<12} {p50:8.1f} {p95:8.1f} {worst:8.1f}"
            )


class _Quiet:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
