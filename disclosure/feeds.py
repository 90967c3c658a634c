"""Atom feed announcing each published list edition."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .editions import published_editions


class ListEditionFeed(Feed):
    feed_type = Atom1Feed
    title = "广西辅助生殖机构和人类精子库名单"
    subtitle = "自治区卫生健康委每半年公布的已取得人类辅助生殖技术和人类精子库许可的医疗机构名单"

    def link(self):
        return reverse("list_index")

    def items(self):
        return published_editions().order_by("-published_on", "-pk")[:30]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        counts = "，".join(f"{group}{n}家" for group, n in item.group_counts().items())
        text = f"截至{item.as_of:%Y年%m月%d日}：{counts or '无机构'}。CSV的SHA-256：{item.sha256}"
        return f"{text}。更正说明：{item.note}" if item.note else text

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

    def item_updateddate(self, item):
        return self.item_pubdate(item)
