"""manage.py search_health: which backend answers, and whether each one is healthy."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "检查检索后端状态"

    def handle(self, *args, **options):
        self.stdout.write(f"数据库：{indexing.database_backend().health()}")
        elastic = indexing.elasticsearch_backend()
        if elastic is None:
            self.stdout.write("Elasticsearch：未配置（ELASTICSEARCH_URL 未设置），由数据库检索。")
            return
        try:
            self.stdout.write(self.style.SUCCESS(f"Elasticsearch：{elastic.health()}"))
        except Exception as error:  # report, don't crash: this is the tool for outages
            self.stdout.write(self.style.ERROR(
                f"Elasticsearch 不可用（{type(error).__name__}：{error}）；检索已降级为数据库。"
            ))
            raise SystemExit(1) from None
