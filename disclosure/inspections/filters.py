"""Filters of the public inspection results (/inspections/): the same FilterSet serves the
page and, later, the API."""

import django_filters
from django import forms
from django.db.models import Q

from licensing.choices import Level
from licensing.filters import CityFilter
from licensing.models import GUANGXI, Region

from .models import Inspection, InspectionPlan
from .models.results import Outcome


class ResultFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="机构名称或统一社会信用代码", method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": "如：妇幼（两个字即可）"}))
    year = django_filters.NumberFilter(label="年度", field_name="plans__year",
                                       min_value=2000, max_value=2100, distinct=True)
    plan = django_filters.ModelChoiceFilter(
        label="抽查计划", field_name="plans", empty_label="全部计划", distinct=True,
        queryset=InspectionPlan.objects.exclude(commitment="").order_by("-year", "name"))
    city = CityFilter("institution__region")
    county = django_filters.ModelChoiceFilter(
        label="县（市、区）", field_name="institution__region", empty_label="全部县（市、区）",
        to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI))
    outcome = django_filters.ChoiceFilter(label="检查结果", choices=Outcome.choices,
                                          empty_label="全部结果")

    class Meta:
        model = Inspection
        fields = ["q", "year", "plan", "city", "county", "outcome"]

    def filter_text(self, queryset, name, value):
        from search.backends.database import DatabaseBackend

        value = value.strip()
        ids = DatabaseBackend().object_ids("institution", value)
        return queryset.filter(Q(institution_id__in=ids) | Q(institution__uscc__iexact=value))
