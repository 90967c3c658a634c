"""What the public sees of inspections: committed plans, draws, reviewed results."""

from django.db.models import Prefetch

from .models import Inspection, InspectionPlan, RiskNotice


def public_plans():
    """Plans whose commitment is published (a draft plan is staff work in progress)."""
    return InspectionPlan.objects.exclude(commitment="").select_related(
        "authority", "draw").order_by("-year", "authority__region__code", "name")


def published_results():
    return Inspection.objects.filter(status=Inspection.Status.PUBLISHED).select_related(
        "institution__region__parent", "authority").prefetch_related(
        Prefetch("plans", queryset=InspectionPlan.objects.order_by("year", "pk")),
    ).order_by("-visited_on", "-pk")


def published_notices():
    return RiskNotice.objects.filter(published_on__isnull=False).select_related("authority")
