"""Inspections in the API: published plans with their draws, and reviewed results with
their item results — the same records and filters as /inspections/. Inspectors appear
only as the draw's opaque codes (in the bundle), never by name."""

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers, viewsets

from disclosure.credit.models import Penalty
from disclosure.credit.public import public_penalty_q
from licensing.api_base import cursor_pages

from .filters import ResultFilter
from .models import Inspection, InspectionPlan, ItemResult, PlanCategory, PlanItem
from .public import public_plans, published_results


class CategorySerializer(serializers.ModelSerializer):
    ratio = serializers.CharField(source="ratio_text", help_text="抽查比例")
    scope = serializers.CharField(source="scope_text", help_text="范围")

    class Meta:
        model = PlanCategory
        fields = ["name", "ratio", "minimum", "by_county", "scope"]


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "code", "group_name", "text"]


class DrawSerializer(serializers.Serializer):
    drawn_on = serializers.DateField(help_text="抽取日期")
    public_value = serializers.CharField(help_text="公开随机数")
    seed = serializers.CharField(help_text="随机种子")
    algorithm = serializers.CharField(help_text="抽取算法版本")
    bundle_sha256 = serializers.CharField(help_text="抽查数据包的校验码（SHA-256）")
    bundle = serializers.SerializerMethodField(help_text="抽查数据包的下载地址")
    drawn = serializers.SerializerMethodField(help_text="抽中单位的统一社会信用代码，按分组和序号")

    def get_bundle(self, draw) -> str:
        from django.urls import reverse

        return reverse("inspections:bundle", args=[draw.plan_id])

    def get_drawn(self, draw) -> list[str]:
        return list(draw.entries.order_by("stratum", "rank").values_list("uscc", flat=True))


class PlanSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name", help_text="检查机关")
    kind_label = serializers.CharField(source="get_kind_display", help_text="抽查类别")
    categories = CategorySerializer(many=True, read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    draw = serializers.SerializerMethodField(help_text="抽查名单（尚未抽取时为空）")

    class Meta:
        model = InspectionPlan
        fields = ["id", "name", "year", "authority", "kind", "kind_label", "source",
                  "starts_on", "ends_on", "results_due", "commitment", "committed_on",
                  "public_value_source", "categories", "items", "draw"]

    def get_draw(self, plan) -> dict | None:
        draw = getattr(plan, "draw", None)
        return DrawSerializer(draw).data if draw is not None else None


class ItemResultSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", help_text="检查内容编号")
    text = serializers.CharField(source="item.text", help_text="检查内容")

    class Meta:
        model = ItemResult
        fields = ["item", "text", "result", "finding"]


class ResultSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", help_text="检查对象")
    uscc = serializers.CharField(source="institution.uscc", help_text="统一社会信用代码")
    county = serializers.CharField(source="institution.region.code",
                                   help_text="所在县级区划代码")
    authority = serializers.CharField(source="authority.name", help_text="检查机关")
    outcome_label = serializers.CharField(source="get_outcome_display", help_text="检查结果")
    plans = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                               help_text="抽查计划（多个即合并检查）")
    item_results = ItemResultSerializer(many=True, read_only=True)
    penalties = serializers.SerializerMethodField(help_text="检查后作出、公示中的行政处罚")

    class Meta:
        model = Inspection
        fields = ["id", "institution", "institution_name", "uscc", "county", "authority",
                  "plans", "visited_on", "outcome", "outcome_label", "outcome_note",
                  "published_on", "item_results", "penalties"]

    def get_penalties(self, inspection) -> list[int]:
        return [penalty.pk for penalty in inspection.public_penalties]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """抽查计划: plans whose commitment is published, with their draw once made."""

    serializer_class = PlanSerializer
    pagination_class = cursor_pages("-year", "-pk")
    filterset_fields = ["year"]

    def get_queryset(self):
        return public_plans().prefetch_related("categories", "items").order_by("-year", "-pk")


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """抽查结果: results reviewed and public, newest visit first."""

    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    pagination_class = cursor_pages("-published_on", "-pk")

    def get_queryset(self):
        public = Penalty.objects.filter(public_penalty_q(timezone.localdate()))
        return published_results().prefetch_related(
            "item_results__item",
            Prefetch("penalties", queryset=public.order_by("pk"), to_attr="public_penalties"),
        ).order_by("-published_on", "-pk")


ROUTES = [("inspection-plans", PlanViewSet, "inspection-plan"),
          ("inspection-results", ResultViewSet, "inspection-result")]
