"""Admin pages of the semiannual list: what is due, generating drafts and corrections."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.snippets.views import snippets as snippet_views

from .editions import (
    as_of_refusal,
    generatable_periods,
    generate_draft,
    next_due,
    published_editions,
)
from .models import ListEdition

PLAN_URL_NAME = "disclosure_list_plan"
EDIT_URL_NAME = "wagtailsnippets_disclosure_listedition:edit"


def _recent_periods(today, count=4):
    """The half-years whose list can be generated today, newest first: never one whose
    as-of date has not passed yet."""
    return generatable_periods(today, count)


class CorrectionForm(forms.Form):
    corrects = forms.ModelChoiceField(
        label="更正的名单", queryset=ListEdition.objects.none(), empty_label=None
    )
    note = forms.CharField(label="更正说明", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = published_editions()


def list_plan(request):
    """名单编制: the next edition due, days left, and the editions so far."""
    if not request.user.has_perm("disclosure.add_listedition"):
        raise PermissionDenied
    today = timezone.localdate()
    if request.method == "POST":
        return _generate(request, today)
    due = next_due(today)
    return TemplateResponse(request, "disclosure/admin/list_plan.html", {
        "due": due,
        "not_yet": as_of_refusal(due.as_of, today),
        "days_left": (due.due - today).days,
        "days_overdue": (today - due.due).days,
        "periods": _recent_periods(today),
        "editions": ListEdition.objects.select_related("corrects")[:50],
        "correction_form": CorrectionForm(),
    })


def _generate(request, today):
    try:
        if request.POST.get("corrects"):
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, "请选择要更正的已公布名单并填写更正说明。")
                return redirect(PLAN_URL_NAME)
            edition = generate_draft(request.user, None, form.cleaned_data["corrects"],
                                     form.cleaned_data["note"])
        else:
            wanted = request.POST.get("as_of", "")
            as_of = {p.as_of.isoformat(): p.as_of for p in _recent_periods(today)}.get(wanted)
            if as_of is None:
                messages.error(request, _not_offered(wanted, today))
                return redirect(PLAN_URL_NAME)
            edition = generate_draft(request.user, as_of)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
        return redirect(PLAN_URL_NAME)
    except ValidationError as refusal:
        messages.error(request, "；".join(refusal.messages))
        return redirect(PLAN_URL_NAME)
    messages.success(request, f"已生成草稿：{edition}，共 {len(edition.rows)} 家机构。"
                              "请核对后提交复核。")
    return redirect(EDIT_URL_NAME, edition.pk)


def _not_offered(wanted, today):
    """Why an as-of date sent to the page is not one it offers."""
    try:
        day = date.fromisoformat(wanted)
    except ValueError:
        day = None
    return (day and as_of_refusal(day, today)) or "请选择名单截止日期。"


class EditionCreateView(snippet_views.CreateView):
    """Editions are generated from the register, never typed in."""

    def dispatch(self, request, *args, **kwargs):
        return redirect(reverse(PLAN_URL_NAME))
