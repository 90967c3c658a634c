"""Filters of the public list of application notices (/applications/)."""

import django_filters
from django.db.models import Q

from licensing.filters import CityFilter

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
    city = CityFilter("application__region")

    def filter_service(self, queryset, name, value):
        field = "application__applies_art" if value == "art" else "application__applies_sperm_bank"
        return queryset.filter(Q(**{field: True}))
