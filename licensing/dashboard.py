"""Dashboard panels: every granted decision still to be published (双公示), most urgent
first; and a warning while a year's holiday schedule is missing."""

from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from .choices import Level
from .models import Approval, HolidaySchedule
from .territory import authority_of
from .working_days import is_scheduled

DUE_SOON_WORKING_DAYS = 3


def unpublished_grants(user):
    """Granted, not yet published decisions the user's authority made (all for the region)."""
    grants = Approval.objects.filter(
        decision=Approval.Decision.APPROVED, decided_on__isnull=False,
        published_on__isnull=True,
    ).select_related("institution__region", "authority__region")
    authority = authority_of(user)
    if authority and authority.level != Level.PROVINCE:
        grants = grants.filter(authority=authority)
    return grants


def publicity_due(user, today=None):
    """(overdue, due within 3 working days), each most urgent first."""
    rows = publicity_rows(user, today)
    return ([row.grant for row in rows if row.overdue],
            [row.grant for row in rows if row.due_soon])


@dataclass(frozen=True)
class PublicityRow:
    grant: object  # Approval
    left: int  # working days to the deadline; negative when overdue

    @property
    def overdue(self):
        return self.left < 0

    @property
    def days_late(self):
        return -self.left

    @property
    def due_soon(self):
        return 0 <= self.left <= DUE_SOON_WORKING_DAYS


def publicity_rows(user, today=None):
    """Every granted, unpublished decision of the user's authority (all for the region) with
    its working days left, most urgent first — not only those near their deadline, so a
    grant decided today is on the dashboard from today."""
    today = today or timezone.localdate()
    rows = [PublicityRow(grant, grant.working_days_left(today))
            for grant in unpublished_grants(user)]
    return sorted(rows, key=lambda row: (row.left, row.grant.pk))


def record_url(user, record):
    """Where a dashboard row opens its record: the edit form when the user may change it
    (the 公示日期 is entered there), else the read-only view."""
    viewset = type(record).snippet_viewset
    policy = policy_registry.get_by_type(type(record))
    name = "edit" if policy.user_has_permission_for_instance(user, "change", record) else "inspect"
    return reverse(viewset.get_url_name(name), args=[quote(record.pk)])


class PublicityPanel(Component):
    name = "publicity_due"
    order = 50
    template_name = "licensing/dashboard/publicity_panel.html"
    shown = 100  # rows on the dashboard; the rest are one click away in 审批记录

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = publicity_rows(self.user)
        authority = authority_of(self.user)
        listing = reverse("wagtailsnippets_licensing_approval:list")
        return {
            "rows": [(row, record_url(self.user, row.grant)) for row in rows[: self.shown]],
            "total": len(rows),
            "more": max(len(rows) - self.shown, 0),
            "overdue": sum(row.overdue for row in rows),
            "soon": sum(row.due_soon for row in rows),
            "days": DUE_SOON_WORKING_DAYS,
            "show_authority": authority is None or authority.level == Level.PROVINCE,
            "listing_url": f"{listing}?publicity=due",
            "unscheduled": unscheduled_years(row.grant.publicity_deadline for row in rows),
        }


def unscheduled_years(deadlines):
    """The years among `deadlines` whose holidays are not known (counted Monday to Friday)."""
    return sorted({day.year for day in deadlines if day and not is_scheduled(day.year)})


def missing_schedules(today):
    """The years whose holidays are not known and matter now: this year always, and
    next year from 1 November (the State Council publishes it in November)."""
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [year for year in years if not is_scheduled(year)]


class HolidayPanel(Component):
    """A warning while a year's 节假日安排 is missing: deadlines then count Monday to
    Friday only."""

    name = "holiday_schedule"
    order = 40
    template_name = "licensing/dashboard/holiday_panel.html"

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.missing() else ""

    def missing(self):
        return missing_schedules(timezone.localdate())

    def get_context_data(self, parent_context):
        policy = policy_registry.get_by_type(HolidaySchedule)
        return {
            "years": self.missing(),
            "add_url": reverse("holiday_schedules:add")
            if policy.user_has_permission(self.user, "add") else None,
        }
