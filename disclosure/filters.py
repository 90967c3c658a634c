"""Filters of the public list of application notices (/applications/)."""

import django_filters
from django.db.models import Q

from licensing.choices import Level
from licensing.models import GUANGXI, Region

from .application_rules import STATUS_LABELS


class NoticeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="办理状态", choices=list(STATUS_LABELS.items()), empty_label="全部状态",
        field_name="application__status",
    )
    service = django_filters.ChoiceFilter(
        label="申请事项", empty_label="全部事项", method="filter_service",
        choices=[("art", "人类辅助生殖技术"), ("sperm_bank", "人类精子库")],
    )
    city = django_filters.ModelChoiceFilter(
        label="设区市", method="filter_city", empty_label="全部设区市", to_field_name="code",
        queryset=Region.objects.filter(level=Level.CITY, code__startswith=GUANGXI),
    )

    def filter_service(self, queryset, name, value):
        field = "application__applies_art" if value == "art" else "application__applies_sperm_bank"
        return queryset.filter(Q(**{field: True}))

    def filter_city(self, queryset, name, value):
        return queryset.filter(application__region__code__startswith=value.code)
