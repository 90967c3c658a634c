"""范围: a county or city official works in its own territory by default — the listing
filters, the territory lookups and the tokenised matching the admin's views share."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permissions import policy_registry

from search.backends.database import DatabaseBackend

from .choices import Level
from .territory import authority_of

# -- 范围: a county or city official works in its own territory by default ----------------

SCOPE_OWN, SCOPE_ALL = "own", "all"
SCOPE_CHOICES = [(SCOPE_OWN, "本辖区"), (SCOPE_ALL, "全区（其他辖区的记录只能查看）")]
CHOOSER_SCOPE_CHOICES = [(SCOPE_OWN, "本辖区"), (SCOPE_ALL, "全区")]
# model name -> the lookup from the record to the county (Region) it lies in
TERRITORY_PATHS = {
    "institution": "region",
    "licence": "institution__region",
    "approval": "institution__region",
}


def lower_territory(user):
    """The authority of a county or city official (its territory is part of the region),
    or None for region staff, inspectors and superusers, who work on the whole region."""
    authority = authority_of(user) if user is not None else None
    if authority is None or authority.level == Level.PROVINCE:
        return None
    return authority


def in_territory(queryset, path, authority):
    return queryset.filter(**{f"{path}__code__startswith": authority.region.code})


def may(user, action, instance):
    """The permission policy's answer about this record (what admin_guard asks too)."""
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, action, instance)


class ScopedFilterSet(WagtailFilterSet):
    """Listing filters with 范围 (本辖区 by default for county and city officials, 全区 one
    click away); region staff and inspectors see no 范围: their territory is the region.
    County and city choices follow the scope."""

    territory_path = None  # set by subclasses: lookup to the record's county
    scope = django_filters.ChoiceFilter(
        label="范围", choices=SCOPE_CHOICES, method="filter_scope", empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        self.territory = lower_territory(request.user) if request is not None else None
        if self.territory is not None:
            data = data.copy() if data is not None else QueryDict(mutable=True)
            if data.get("scope") not in (SCOPE_OWN, SCOPE_ALL):
                data["scope"] = SCOPE_OWN
        super().__init__(data, *args, request=request, **kwargs)
        if self.territory is None:
            del self.filters["scope"]
            return
        self.filters["scope"].extra["initial"] = SCOPE_OWN
        self.filters["scope"].label = f"范围（本辖区：{self.territory.region.full_name}）"
        if data.get("scope") == SCOPE_OWN:
            self.narrow_choices(self.territory.region.code)

    @property
    def current_scope(self):
        if self.territory is None:
            return SCOPE_ALL
        return self.data.get("scope", SCOPE_OWN)

    def narrow_choices(self, code):
        """Only the divisions and authorities that concern the territory in the drop-downs:
        its own and those inside it, and the city and region above it."""
        above = [code[:2], code[:4]]
        for flt in self.filters.values():
            queryset = getattr(flt, "queryset", None)
            if not isinstance(queryset, QuerySet):
                continue
            path = {"region": "code", "authority": "region__code"}.get(
                queryset.model._meta.model_name)
            if path:
                flt.queryset = queryset.filter(
                    Q(**{f"{path}__startswith": code}) | Q(**{f"{path}__in": above}))

    def filter_scope(self, queryset, name, value):
        if self.territory is None or value != SCOPE_OWN:
            return queryset
        return in_territory(queryset, self.territory_path, self.territory)


def matching(queryset, text, search_type="institution", path="pk"):
    """`queryset` narrowed to records whose `path` is the id of a `search_type` record
    matching `text` in the registry's database index (Chinese fragments, pinyin, ids)."""
    ids = DatabaseBackend().object_ids(search_type, text)
    return queryset.filter(**{f"{path}__in": ids})
