"""Penalties now public (双公示) in the API: the same records and filters as /credit/ and
the same national fields (CF_*) as its downloads — never an ID number or a person's full
name (exports.COLUMNS decides what leaves)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from licensing.api_base import cursor_pages

from .exports import COLUMNS
from .filters import PenaltyFilter
from .public import public_penalties


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


ROUTES = [("penalties", PenaltyViewSet, "penalty")]
