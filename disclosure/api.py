"""The disclosures in the API: published list editions with their frozen rows (R2), and
application notices (R3) filtered by the same FilterSet as /applications/ — only what
those pages show (an applicant's contact mobile stays out)."""

from django.db.models import F
from django.urls import reverse
from rest_framework import serializers, viewsets

from licensing.api_base import cursor_pages

from .editions import published_editions
from .filters import NoticeFilter
from .models import ApplicationNotice, ListEdition
from .notices import public_notices


class EditionSerializer(serializers.ModelSerializer):
    csv = serializers.SerializerMethodField(help_text="公布的CSV（其校验码见 sha256）")
    page = serializers.SerializerMethodField(help_text="该名单的网页")
    rows = serializers.JSONField(help_text="名单内容：公布时冻结的各行")

    class Meta:
        model = ListEdition
        fields = ["id", "as_of", "published_on", "corrects", "note", "sha256", "csv", "page",
                  "rows"]
        extra_kwargs = {"sha256": {"help_text": "公布的CSV文件的校验码（SHA-256）"}}

    def get_csv(self, edition) -> str:
        return reverse("list_download", args=[edition.pk, "csv"])

    def get_page(self, edition) -> str:
        return reverse("list_edition_detail", args=[edition.pk])


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """辅助生殖机构和人类精子库名单: every published edition (corrections included)."""

    serializer_class = EditionSerializer
    pagination_class = cursor_pages("-as_of", "-pk")

    def get_queryset(self):
        return published_editions().order_by("-as_of", "-pk")


class NoticeSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", help_text="申请编号")
    applicant_name = serializers.CharField(source="application.applicant_name",
                                           help_text="申请机构名称")
    uscc = serializers.CharField(source="application.uscc", help_text="统一社会信用代码")
    region = serializers.CharField(source="application.region.full_name", help_text="所在地")
    address = serializers.CharField(source="application.address", help_text="地址")
    services = serializers.CharField(source="application.services_applied",
                                     help_text="申请事项")
    received_on = serializers.DateField(source="application.received_on",
                                        help_text="受理日期")
    deadline = serializers.DateField(source="application.deadline", help_text="公开期限")
    disclosed_on = serializers.DateField(source="application.disclosed_on",
                                         help_text="公开日期")
    status = serializers.CharField(source="application.get_status_display",
                                   help_text="办理状态")
    outcome_note = serializers.CharField(source="application.outcome_note",
                                         help_text="办理结果说明")
    contact_office = serializers.CharField(source="application.contact_office",
                                           help_text="联系科室")
    office_phone = serializers.CharField(source="application.office_phone",
                                         help_text="办公电话")
    page = serializers.SerializerMethodField(help_text="该申请的公开网页")

    class Meta:
        model = ApplicationNotice
        fields = ["id", "application", "applicant_name", "uscc", "region", "address",
                  "services", "received_on", "deadline", "disclosed_on", "status",
                  "outcome_note", "contact_office", "office_phone", "body", "comment_from",
                  "comment_until", "objection_address", "page"]

    def get_page(self, notice) -> str:
        return reverse("application_detail", args=[notice.application_id])


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """设置申请信息公开: published notices, newest receipt first."""

    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    # a cursor reads its position from the record: the receipt day as an attribute of it
    pagination_class = cursor_pages("-received", "-pk")

    def get_queryset(self):
        return public_notices().annotate(received=F("application__received_on")).order_by(
            "-received", "-pk")


ROUTES = [("list-editions", EditionViewSet, "list-edition"),
          ("application-notices", NoticeViewSet, "application-notice")]
