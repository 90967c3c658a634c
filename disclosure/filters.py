"""Filters of the public list of application notices (/applications/)."""

import django_filters
from django.db.models import Q

from licensing.choices import Service
from licensing.filters import CityFilter

from .application_rules import STATUS_LABELS


class NoticeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="办理状态", choices=list(STATUS_LABELS.items()), empty_label="全部状态",
        field_name="application__status",
    )
    service = django_filters.ChoiceFilter(
        label="申请事项", empty_label="全部事项", method="filter_service",
        choices=[(s.value, s.label) for s in (Service.ART, Service.SPERM_BANK)],
    )
    city = CityFilter("application__region")

    def filter_service(self, queryset, name, value):
        applies = "applies_art" if value == Service.ART else "applies_sperm_bank"
        return queryset.filter(Q(**{f"application__{applies}": True}))
