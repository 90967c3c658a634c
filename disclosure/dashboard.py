"""Dashboard panel: setup applications whose one-month disclosure is near or past."""

from wagtail.admin.ui.components import Component

from .notices import DUE_SOON_DAYS, awaiting_disclosure


class DisclosureDuePanel(Component):
    name = "application_disclosure_due"
    order = 40
    template_name = "disclosure/dashboard/disclosure_due_panel.html"

    def get_context_data(self, parent_context):
        overdue, soon = awaiting_disclosure()
        return {"overdue": overdue, "soon": soon, "days": DUE_SOON_DAYS}
