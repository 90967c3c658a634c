"""Dashboard panel: setup applications whose one-month disclosure is near or past."""

from wagtail.admin.ui.components import Component

from licensing.dashboard import record_url

from .notices import DUE_SOON_DAYS, awaiting_disclosure


class DisclosureDuePanel(Component):
    name = "application_disclosure_due"
    order = 40
    template_name = "disclosure/dashboard/disclosure_due_panel.html"

    def __init__(self, user=None):
        self.user = user

    def get_context_data(self, parent_context):
        overdue, soon = awaiting_disclosure()
        user = self.user or parent_context["request"].user
        return {
            "overdue": [(a, record_url(user, a)) for a in overdue],
            "soon": [(a, record_url(user, a)) for a in soon],
            "days": DUE_SOON_DAYS,
        }
