from django.core.management.base import BaseCommand
from django.db import transaction

from search.registry import registered_models

BATCH = 2000


class Command(BaseCommand):
    help = "重新生成所有已登记模型的检索词（分词规则变化后运行）"

    def handle(self, *args, **options):
        for model in registered_models():
            total = model.objects.count()
            done = 0
            queryset = model.objects.order_by("pk")
            for start in range(0, total, BATCH):
                batch = list(queryset[start : start + BATCH])
                for obj in batch:
                    obj.refresh_search_text()
                with transaction.atomic():
                    model.objects.bulk_update(batch, ["search_text"])
                done += len(batch)
                self.stdout.write(f"{model._meta.verbose_name}: {done}/{total}")
        self.stdout.write(self.style.SUCCESS("检索词已重建"))
