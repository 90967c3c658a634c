"""Dashboard panel: per plan, the results not yet public and the plan's publication
deadline (结果公开截止日期); an inspector sees the inspections assigned to them."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from licensing.territory import authority_of

from .models import Inspection, InspectionPlan
from .rules_access import is_staff_official


def pending_plans(user, today=None):
    """[(plan, to inspect, to review, public, days left)] with results still unpublished."""
    today = today or timezone.localdate()
    inspections = Inspection.objects.all()
    authority = authority_of(user)
    if not is_staff_official(user):
        record = getattr(user, "inspector_record", None)
        inspections = inspections.filter(inspectors=record) if record else inspections.none()
    elif authority is not None:
        inspections = inspections.filter(
            institution__region__code__startswith=authority.region.code)
    Status = Inspection.Status
    plans = InspectionPlan.objects.filter(inspections__in=inspections).annotate(
        open=Count("inspections", filter=Q(inspections__in=inspections) & ~Q(
            inspections__status=Status.PUBLISHED), distinct=True),
        review=Count("inspections", filter=Q(inspections__in=inspections,
                                             inspections__status=Status.SUBMITTED),
                     distinct=True),
        public=Count("inspections", filter=Q(inspections__in=inspections,
                                             inspections__status=Status.PUBLISHED),
                     distinct=True),
    ).filter(open__gt=0).order_by("results_due", "pk")
    return [(plan, plan.open - plan.review, plan.review, plan.public,
             (plan.results_due - today).days) for plan in plans]


class ResultsDuePanel(Component):
    name = "inspection_results_due"
    order = 70
    template_name = "inspections/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"rows": pending_plans(self.user)}
