"""Filters of the public directory (/institutions/)."""

import django_filters
from django import forms
from django.utils import timezone

from search.forms import SearchForm

from .choices import Level, Service, Status
from .licence_status import status_q
from .models import GUANGXI, Region


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


class InstitutionSearchForm(SearchForm):
    """The directory's form: the unified search, restricted to institutions, with the
    statuses a licence can have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, types=("institution",), **kwargs)
        del self.fields["type"]
        self.fields["status"].label = "许可状态"
        self.fields["status"].choices = [("", "全部状态"), *Status.choices]

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


class LicenceFilter(django_filters.FilterSet):
    """Filters of the API's licences: the directory's place, service and status (a status
    evaluated today, by the same rule as the directory), and one institution's."""

    city = CityFilter("institution__region")
    county = django_filters.ModelChoiceFilter(
        label="县（市、区）", field_name="institution__region", to_field_name="code",
        queryset=Region.objects.filter(level=Level.COUNTY, code__startswith=GUANGXI),
    )
    service = django_filters.ChoiceFilter(label="许可项目", choices=Service.choices)
    status = django_filters.ChoiceFilter(label="许可状态", choices=Status.choices,
                                         method="filter_status")
    institution = django_filters.NumberFilter(label="医疗机构编号", field_name="institution_id")

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value, timezone.localdate()))
