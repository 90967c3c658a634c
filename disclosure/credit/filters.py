"""Filters of the public credit pages (/credit/): the same FilterSet serves the pages,
the downloads and, later, the API."""

import django_filters
from django import forms
from django.db.models import Q

from licensing.choices import Level
from licensing.filters import CityFilter
from licensing.models import GUANGXI, Authority, Institution, Region

from .models import KIND_CHOICES, BlacklistEntry, Penalty


class PenaltyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="机构名称、统一社会信用代码或处罚决定书文号", method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": "如：妇幼（两个字即可）"}))
    city = CityFilter("institution__region")
    county = django_filters.ModelChoiceFilter(
        label="县（市、区）", field_name="institution__region", empty_label="全部县（市、区）",
        to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI))
    year = django_filters.NumberFilter(label="处罚年份", field_name="decided_on__year",
                                       min_value=1949, max_value=2100)
    kind = django_filters.ChoiceFilter(label="处罚类别", choices=KIND_CHOICES,
                                       empty_label="全部类别", method="filter_kind")
    authority = django_filters.ModelChoiceFilter(
        label="处罚机关", empty_label="全部机关",
        queryset=Authority.objects.filter(region__code__startswith=GUANGXI))

    class Meta:
        model = Penalty
        fields = ["q", "city", "county", "year", "kind", "authority"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kinds__contains=value)

    def filter_text(self, queryset, name, value):
        """Two characters of a name are enough (the registry's tokenised index finds the
        institutions); a USCC or a decision number matches as typed."""
        from search.backends.database import DatabaseBackend

        value = value.strip()
        ids = DatabaseBackend().object_ids("institution", value)
        return queryset.filter(
            Q(institution_id__in=ids) | Q(uscc__iexact=value) | Q(decision_no__icontains=value)
            | Q(subject_name__icontains=value, subject_kind=Penalty.SubjectKind.ORGANISATION))


class BlacklistFilter(django_filters.FilterSet):
    """The blacklist on /credit/, narrowed by the same words and places as the penalties."""

    q = django_filters.CharFilter(method="filter_text")
    city = CityFilter("institution__region")
    county = django_filters.ModelChoiceFilter(
        field_name="institution__region", to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI))

    class Meta:
        model = BlacklistEntry
        fields = ["q", "city", "county"]

    def filter_text(self, queryset, name, value):
        from search.backends.database import DatabaseBackend

        value = value.strip()
        ids = DatabaseBackend().object_ids("institution", value)
        return queryset.filter(Q(institution_id__in=ids) | Q(institution__uscc__iexact=value)
                               | Q(decision_no__icontains=value))


class CreditStatusFilter(django_filters.FilterSet):
    """The API's credit statuses: by place, as the other credit lists."""

    city = CityFilter("region")
    county = django_filters.ModelChoiceFilter(
        field_name="region", to_field_name="code", label="县（市、区）",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI))

    class Meta:
        model = Institution
        fields = ["city", "county"]
