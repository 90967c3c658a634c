"""manage.py rebuild_search_index: re-index every public record, on every configured backend.

The database index is replaced in one pass. With ELASTICSEARCH_URL set, a new
Elasticsearch index is built beside the live one and the alias is switched to it
at the end, so search never goes empty during a rebuild.
"""

import time

from django.core.management.base import BaseCommand

from search import indexing, result_cache


class Command(BaseCommand):
    help = "重建检索索引（数据库；设置了 ELASTICSEARCH_URL 时也重建 Elasticsearch，完成后切换别名）"

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["all", "database", "elasticsearch"],
                            default="all")

    def handle(self, *args, **options):
        backends = []
        if options["backend"] in ("all", "database"):
            backends.append(indexing.database_backend())
        if options["backend"] in ("all", "elasticsearch"):
            elastic = indexing.elasticsearch_backend()
            if elastic is not None:
                backends.append(elastic)
            elif options["backend"] == "elasticsearch":
                self.stderr.write("未设置 ELASTICSEARCH_URL。")
                return
        for backend in backends:
            started = time.monotonic()
            self.stdout.write(f"重建 {backend.name} 索引…")
            backend.rebuild(indexing.all_documents(), progress=self.progress)
            result_cache.index_changed()
            self.stdout.write(self.style.SUCCESS(
                f"{backend.name} 索引已重建，用时 {time.monotonic() - started:.1f} 秒"
            ))

    def progress(self, type_name, done, total=None):
        self.stdout.write(f"  {type_name}: {done}" + (f"/{total}" if total else ""))
