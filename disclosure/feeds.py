"""Atom feed announcing each published list edition."""

from django.urls import reverse

from licensing.dated_feed import DatedFeed

from .editions import published_editions
from .notices import public_notices


class ListEditionFeed(DatedFeed):
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

    def item_day(self, item):
        return item.published_on


class ApplicationNoticeFeed(DatedFeed):
    title = "广西人类辅助生殖技术和人类精子库设置申请信息公开"
    subtitle = "自治区卫生健康委在接到新的设置申请后1个月内公开申请机构信息"

    def link(self):
        return reverse("application_list")

    def items(self):
        return public_notices().filter(application__disclosed_on__isnull=False).order_by(
            "-application__disclosed_on", "-pk")[:30]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        application = item.application
        return (f"{application.applicant_name}申请{application.services_applied()}，"
                f"{application.received_on:%Y年%m月%d日}收到申请，"
                f"{application.disclosed_on:%Y年%m月%d日}公开；办理状态：{application.get_status_display()}。")

    def item_day(self, item):
        return item.application.disclosed_on
