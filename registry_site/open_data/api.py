"""GET /api/v1/changes/: every public record created, changed or withdrawn since a
change number (or a time), in number order, withdrawn ones as tombstones."""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .collections import REASONS
from .ledger import ensure_current
from .models import Change

PAGE, MAX_PAGE = 500, 5000


class ChangeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="record_id", help_text="记录编号（在该数据集中）")
    collection = serializers.CharField(help_text="数据集，即 /api/v1/ 下的路径，如 penalties")
    action = serializers.CharField(help_text="upsert：新增或更新；delete：撤下（墓碑记录）")
    reason = serializers.CharField(help_text="撤下原因代码：" + "；".join(
        f"{code}＝{text}" for code, text in REASONS.items()))
    record = serializers.JSONField(help_text="upsert 时为记录的全部字段（与列表接口相同）；"
                                             "delete 时为空")

    class Meta:
        model = Change
        fields = ["seq", "collection", "id", "action", "reason", "at", "record"]


class ChangesPage(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="本页最后一条变更的序号；下次用 since=cursor 续读")
    latest = serializers.IntegerField(help_text="目前最新的变更序号")
    next = serializers.CharField(allow_null=True, help_text="下一页的地址（已读完时为空）")
    results = ChangeSerializer(many=True)


def since_number(value):
    """The change number after which to read: a number, or the last change recorded
    before a time (ISO 8601 date or date-time)."""
    if value in (None, ""):
        return 0
    if value.isdigit():
        return int(value)
    moment = parse_datetime(value) or (
        datetime.combine(day, time.min) if (day := parse_date(value)) else None)
    if moment is None:
        raise ValidationError({"since": "since 应为变更序号（整数）或时间（如 2026-11-01 或 "
                                        "2026-11-01T08:00:00+08:00）。since must be a change "
                                        "number or an ISO 8601 date or date-time."})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    last = Change.objects.filter(at__lt=moment).order_by("-seq").values_list("seq", flat=True)
    return last.first() or 0


class ChangesView(APIView):
    """变更: everything that changed since a change number; replaying them from 0 gives the
    full dumps at /data/."""

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="上次读到的变更序号，或时间（ISO 8601）；"
                                                       "省略则从头读起"),
            OpenApiParameter("page_size", int,
                             description=f"每页条数（默认 {PAGE}，最多 {MAX_PAGE}）"),
        ],
        responses=ChangesPage,
    )
    def get(self, request):
        counter = ensure_current()
        since = since_number(request.query_params.get("since"))
        size = page_size(request.query_params.get("page_size"))
        rows = list(Change.objects.filter(seq__gt=since).order_by("seq")[:size])
        cursor = rows[-1].seq if rows else since
        params = request.query_params.copy()
        params["since"] = cursor
        more = cursor < counter.last_seq
        return Response({
            "cursor": cursor, "latest": counter.last_seq,
            "next": request.build_absolute_uri(request.path) + "?" + params.urlencode()
            if more else None,
            "results": ChangeSerializer(rows, many=True).data,
        })


def page_size(value):
    if value in (None, ""):
        return PAGE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise ValidationError({"page_size": f"page_size 应为 1 到 {MAX_PAGE} 的整数。"})
    return int(value)
