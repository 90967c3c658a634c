"""Credit in the API: penalties now public (双公示) with the same records and filters as
/credit/ and the same national fields (CF_*) as its downloads — never an ID number or a
person's full name (exports.COLUMNS decides what leaves); the blacklist in force, a
person shown by surname only as on the page; and each institution's 信用状况 today."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from licensing.api_base import cursor_pages
from licensing.models import Institution

from .exports import COLUMNS
from .filters import BlacklistFilter, CreditStatusFilter, PenaltyFilter
from .models import BlacklistEntry
from .public import public_blacklist, public_penalties
from .status import credit_status


@extend_schema_field(OpenApiTypes.STR)
class ColumnField(serializers.Field):
    """One national 双公示 field, as the downloads write it."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, penalty):
        return self.value(penalty)


class PenaltySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    institution = serializers.IntegerField(source="institution_id", read_only=True,
                                           help_text="所涉医疗机构的编号")
    page = serializers.CharField(source="get_absolute_url", read_only=True,
                                 help_text="该处罚的公示网页")
    published_on = serializers.DateField(read_only=True, help_text="公示日期")

    def get_fields(self):
        fields = super().get_fields()
        for code, heading, value in COLUMNS:
            fields[code] = ColumnField(value, help_text=heading)
        return fields


class PenaltyViewSet(viewsets.ReadOnlyModelViewSet):
    """行政处罚: decisions public today (公示期满或依法撤回的不再列出), newest first."""

    serializer_class = PenaltySerializer
    filterset_class = PenaltyFilter
    pagination_class = cursor_pages("-decided_on", "-pk")

    def get_queryset(self):
        return public_penalties().order_by("-decided_on", "-pk")


class BlacklistSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", help_text="机构名称")
    uscc = serializers.CharField(source="institution.uscc", help_text="统一社会信用代码")
    county = serializers.CharField(source="institution.region.code",
                                   help_text="所在县级区划代码")
    person = serializers.CharField(source="public_person",
                                   help_text="列入的人员（只显示姓氏，列入机构的为空）")
    service_label = serializers.CharField(source="get_service_display", help_text="所涉许可项目")
    authority = serializers.CharField(source="authority.name", help_text="决定机关")
    page = serializers.CharField(source="get_absolute_url", help_text="该机构的网页")

    class Meta:
        model = BlacklistEntry
        fields = ["id", "institution", "institution_name", "uscc", "county", "person",
                  "service", "service_label", "reason", "basis", "decision_no", "authority",
                  "starts_on", "ends_on", "page"]


class BlacklistViewSet(viewsets.ReadOnlyModelViewSet):
    """黑名单: entries in force today (期满或移出的不再列出), newest first."""

    serializer_class = BlacklistSerializer
    filterset_class = BlacklistFilter
    pagination_class = cursor_pages("-starts_on", "-pk")

    def get_queryset(self):
        return public_blacklist().order_by("-starts_on", "-pk")


class CreditStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="医疗机构的编号（同 institution）")
    institution = serializers.IntegerField(source="pk", help_text="医疗机构的编号")
    institution_name = serializers.CharField(source="name", help_text="机构名称")
    uscc = serializers.CharField(help_text="统一社会信用代码")
    level = serializers.SerializerMethodField(help_text="信用状况（代码）")
    label = serializers.SerializerMethodField(help_text="信用状况")
    reasons = serializers.SerializerMethodField(help_text="得出该信用状况的原因")
    computed_on = serializers.SerializerMethodField(help_text="按哪一天的记录计算")

    def status(self, institution):
        if getattr(institution, "_credit", None) is None:
            institution._credit = credit_status(institution)
        return institution._credit

    def get_level(self, institution) -> str:
        return self.status(institution).level

    def get_label(self, institution) -> str:
        return self.status(institution).label

    def get_reasons(self, institution) -> list[str]:
        return self.status(institution).reasons

    def get_computed_on(self, institution) -> str:
        return self.status(institution).computed_on.isoformat()


class CreditStatusViewSet(viewsets.ReadOnlyModelViewSet):
    """信用状况: every institution's credit status today, from its penalties, blacklist
    entries, revoked licences and points (the method is on /credit/methodology/)."""

    serializer_class = CreditStatusSerializer
    pagination_class = cursor_pages("pk")
    filterset_class = CreditStatusFilter

    def get_queryset(self):
        return Institution.objects.prefetch_related(
            "penalties", "blacklist_entries", "licences__events", "point_records")


ROUTES = [("penalties", PenaltyViewSet, "penalty"),
          ("blacklist", BlacklistViewSet, "blacklist"),
          ("credit-status", CreditStatusViewSet, "credit-status")]
