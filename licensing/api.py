"""The register's public API: licensing decisions (行政许可决定, 双公示), filtered by the same
FilterSet as /licensing-decisions/. Only what that page shows (experts' names, materials
and contact details of applicants stay out)."""

from rest_framework import serializers, viewsets

from .api_base import cursor_pages
from .filters import DecisionFilter
from .models import Approval
from .views import published_decisions


class DecisionSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name",
                                             help_text="行政相对人名称")
    uscc = serializers.CharField(source="institution.uscc", help_text="统一社会信用代码")
    county = serializers.CharField(source="institution.region.code", help_text="所在县级区划代码")
    service_label = serializers.CharField(source="get_service_display", help_text="许可项目")
    licence_no = serializers.SerializerMethodField(help_text="许可编号")
    certificate_name = serializers.CharField(help_text="许可证书名称")
    content = serializers.CharField(help_text="许可内容")
    authority = serializers.CharField(source="authority.name", help_text="许可机关")
    licence_status = serializers.SerializerMethodField(help_text="许可当前状态")
    page = serializers.SerializerMethodField(help_text="该机构的网页")

    class Meta:
        model = Approval
        fields = ["id", "institution", "institution_name", "uscc", "county", "service",
                  "service_label", "decision_no", "certificate_name", "licence_no", "content",
                  "decided_on", "valid_from", "valid_until", "authority", "licence_status",
                  "published_on", "page"]

    def get_licence_no(self, decision) -> str:
        return decision.licence.licence_no if decision.licence else decision.licence_no

    def get_licence_status(self, decision) -> str | None:
        return decision.licence.status() if decision.licence else None

    def get_page(self, decision) -> str:
        return decision.institution.get_absolute_url()


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政许可决定: granted decisions once disclosed, newest first."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return published_decisions().select_related("institution__region")

    pagination_class = cursor_pages("-decided_on", "-pk")


ROUTES = [("licensing-decisions", DecisionViewSet, "decision")]
