"""Admin forms of disclosure: the same checks as notices.record_application."""

from wagtail.admin.forms import WagtailAdminModelForm

from .models import SetupApplication
from .notices import application_refusal, fill_from_institution, status_refusal


class SetupApplicationForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.for_user:
            action = "change" if self.instance.pk else "add"
            if reason := application_refusal(self.for_user, self.instance, action):
                self.add_error(None, reason)
        if self.instance.pk and cleaned.get("status"):
            stored = SetupApplication.objects.get(pk=self.instance.pk).status
            if reason := status_refusal(stored, cleaned["status"]):
                self.add_error("status", reason)
        return cleaned

    def _post_clean(self):
        # Fill the applicant's details from the register before the model validates them.
        fill_from_institution(self.instance)
        super()._post_clean()
