"""Dashboard panel: penalty decisions not yet published (7 working days from the decision)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from licensing.choices import Level
from licensing.dashboard import unscheduled_years
from licensing.territory import authority_of
from licensing.working_days import publicity_deadline, working_days_between

from .models import Penalty


def unpublished_penalties(user, today=None):
    """[(penalty, deadline, working days left)] of the user's authority, most urgent first."""
    today = today or timezone.localdate()
    penalties = Penalty.objects.filter(published_on__isnull=True, ended_on__isnull=True)
    authority = authority_of(user)
    if authority and authority.level != Level.PROVINCE:
        penalties = penalties.filter(authority=authority)
    rows = []
    for penalty in penalties.select_related("institution"):
        if not penalty.to_be_published:
            continue
        deadline = publicity_deadline(penalty.decided_on)
        rows.append((penalty, deadline, working_days_between(today, deadline)))
    return sorted(rows, key=lambda row: (row[2], row[0].pk))


class PenaltyPublicityPanel(Component):
    name = "penalty_publicity_due"
    order = 60
    template_name = "credit/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = unpublished_penalties(self.user)
        return {"rows": rows, "unscheduled": unscheduled_years(row[1] for row in rows)}
