"""The public collections, each read through its API view: the change feed and the dumps
hold exactly what the API lists (the same queryset, the same serializer), never more."""

import json
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from licensing.models import Institution

# How a record left public view, when it still exists (a deleted record: "deleted").
REASONS = {
    "deleted": "记录已删除",
    "withdrawn": "不再公开（撤回、撤销或更正）",
    "expired": "公示期满",
    "lifted": "移出黑名单",
    "unpublished": "撤下公示",
}


@dataclass(frozen=True)
class Collection:
    name: str  # the API's path, e.g. "penalties"
    viewset: type
    title: str

    @cached_property
    def model(self):
        return self.queryset().model

    @cached_property
    def scope(self):
        """How a record is tied to an institution ("pk" for the institution itself, the
        field holding it, or None: a small collection, always read whole)."""
        if self.model is Institution:
            return "pk"
        names = {f.name for f in self.model._meta.get_fields()}
        return "institution_id" if "institution" in names else None

    def queryset(self):
        return self.viewset().get_queryset()

    def fields(self):
        return self.viewset.serializer_class().fields

    def read(self, institution_ids=None):
        """The public records (of these institutions), a chunk at a time: lists of
        (record id, institution id or None, JSON-ready record), in id order."""
        queryset = self.queryset()
        if institution_ids is not None:
            queryset = queryset.filter(**{f"{self.scope}__in": institution_ids})
        serializer = self.viewset.serializer_class
        for chunk in chunks(queryset):
            # One serializer per chunk: DRF builds a serializer's fields once per instance.
            data = as_json(serializer(chunk, many=True).data)
            yield [(obj.pk, getattr(obj, self.scope) if self.scope else None, record)
                   for obj, record in zip(chunk, data, strict=True)]

    def reason(self, record_id):
        """Why a record is no longer public (a key of REASONS)."""
        obj = self.model._default_manager.filter(pk=record_id).first()
        if obj is None:
            return "deleted"
        today = timezone.localdate()
        if getattr(obj, "live", True) is False:
            return "unpublished"
        if getattr(obj, "lifted_on", None) and obj.lifted_on <= today:
            return "lifted"
        if getattr(obj, "ended_on", None) and obj.ended_on <= today:
            return "withdrawn"
        until = getattr(obj, "public_until", None) or getattr(obj, "ends_on", None)
        if until and until < today:
            return "expired"
        return "withdrawn"


def as_json(data):
    """A serializer's output as plain JSON values (dates as text, as the API sends them)."""
    return json.loads(json.dumps(data, cls=JSONEncoder, ensure_ascii=False))


def chunks(queryset, size=2000):
    """The queryset's records with its prefetches, in lists of `size` (bounded memory)."""
    last = None
    queryset = queryset.order_by("pk")
    while True:
        page = list((queryset.filter(pk__gt=last) if last is not None else queryset)[:size])
        if page:
            yield page
        if len(page) < size:
            return
        last = page[-1].pk


def collections():
    """Every API collection, in the API's order (registry_site.api knows them all)."""
    from registry_site.routes import routes

    return [Collection(prefix, viewset, (viewset.__doc__ or prefix).split(":")[0])
            for prefix, viewset, _basename in routes()]


def get(name):
    return next(c for c in collections() if c.name == name)
