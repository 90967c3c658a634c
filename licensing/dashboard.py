"""Dashboard panel: granted decisions whose 双公示 deadline is near or past."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .choices import Level
from .models import Approval
from .territory import authority_of

DUE_SOON_WORKING_DAYS = 3


def unpublished_grants(user):
    """Granted, not yet published decisions the user's authority made (all for the region)."""
    grants = Approval.objects.filter(
        decision=Approval.Decision.APPROVED, decided_on__isnull=False,
        published_on__isnull=True,
    ).select_related("institution", "authority")
    authority = authority_of(user)
    if authority and authority.level != Level.PROVINCE:
        grants = grants.filter(authority=authority)
    return grants


def publicity_due(user, today=None):
    """(overdue, due within 3 working days), each most urgent first."""
    today = today or timezone.localdate()
    rows = sorted(
        ((grant.working_days_left(today), grant) for grant in unpublished_grants(user)),
        key=lambda row: (row[0], row[1].pk),
    )
    overdue = [grant for left, grant in rows if left < 0]
    soon = [grant for left, grant in rows if 0 <= left <= DUE_SOON_WORKING_DAYS]
    return overdue, soon


class PublicityPanel(Component):
    name = "publicity_due"
    order = 50
    template_name = "licensing/dashboard/publicity_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        overdue, soon = publicity_due(self.user)
        return {"overdue": overdue, "soon": soon, "days": DUE_SOON_WORKING_DAYS}
