"""Filters of the public directory (/institutions/)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from search import database

from .choices import Level, Service, Status
from .licence_status import status_q
from .models import GUANGXI, Licence, Region, Technology


class CityFilter(django_filters.ModelChoiceFilter):
    """设区市: records whose county, at `field_name`, lies in the chosen city (the city's
    code is a prefix of its counties' codes)."""

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("label", "设区市")
        kwargs.setdefault("empty_label", "全部设区市")
        super().__init__(
            field_name=field_name, to_field_name="code",
            queryset=Region.objects.filter(level=Level.CITY, code__startswith=GUANGXI), **kwargs
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__code__startswith": value.code})


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_text")
    city = CityFilter("region")
    county = django_filters.ModelChoiceFilter(
        label="县（市、区）", field_name="region", empty_label="全部县（市、区）",
        to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI),
    )
    # The three licence filters apply to one and the same licence (see filter_queryset).
    service = django_filters.ChoiceFilter(
        label="许可项目", choices=Service.choices, empty_label="全部项目", method="keep"
    )
    technology = django_filters.ModelChoiceFilter(
        label="批准技术", queryset=Technology.objects.all(), to_field_name="code",
        empty_label="全部技术", method="keep",
    )
    status = django_filters.ChoiceFilter(
        label="许可状态", choices=Status.choices, empty_label="全部状态", method="keep"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        city_code = (self.data or {}).get("city")
        if city_code:
            county = self.filters["county"]
            self.form.fields["county"].queryset = county.queryset.filter(
                code__startswith=city_code
            )

    def filter_text(self, queryset, name, value):
        return database.search(queryset, value)

    def keep(self, queryset, name, value):
        return queryset

    def licence_condition(self):
        data = self.form.cleaned_data
        condition = Q()
        if data.get("service"):
            condition &= Q(service=data["service"])
        if data.get("technology"):
            condition &= Q(technologies=data["technology"])
        if data.get("status"):
            condition &= status_q(data["status"], timezone.localdate())
        return condition

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        condition = self.licence_condition()
        if condition:
            licences = Licence.objects.filter(condition, institution=OuterRef("pk"))
            queryset = queryset.filter(Exists(licences))
        return queryset


class DecisionFilter(django_filters.FilterSet):
    """Filters of the public list of licensing decisions (/licensing-decisions/)."""

    level = django_filters.ChoiceFilter(
        label="许可机关层级", choices=Level.choices, field_name="authority__region__level",
        empty_label="全部层级",
    )
    city = CityFilter("institution__region")
    county = django_filters.ModelChoiceFilter(
        label="县（市、区）", field_name="institution__region", empty_label="全部县（市、区）",
        to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI),
    )
    service = django_filters.ChoiceFilter(
        label="许可项目", choices=Service.choices, empty_label="全部项目"
    )
    decided_from = django_filters.DateFilter(
        label="决定日期自", field_name="decided_on", lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decided_to = django_filters.DateFilter(
        label="决定日期至", field_name="decided_on", lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
