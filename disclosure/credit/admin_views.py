"""Admin of credit records: forms, saving through the service layer, ending and lifting."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views

from licensing.admin_guard import get_record, guard_urlpatterns
from licensing.admin_views import GuardedSnippetViewSet
from licensing.forms import own_authorities
from licensing.territory import authority_of, refusal_for

from . import services
from .models import BlacklistEntry, Penalty

FROZEN = {
    "penalty_published": "已公示的处罚不能修改或删除；处罚决定被变更、撤销的，请登记结束公示。",
    "penalty_ended": "已结束公示的处罚不能修改或删除。",
    "blacklist": "黑名单记录不能删除；请登记移出。",
    "blacklist_lifted": "已移出黑名单的记录不能修改。",
}


def frozen_refusal(action, record):
    """What no one may do to a credit record any more, whoever asks."""
    if isinstance(record, Penalty) and action in ("change", "delete"):
        if record.ended_on:
            return FROZEN["penalty_ended"]
        if record.published_on:
            return FROZEN["penalty_published"]
    if isinstance(record, BlacklistEntry):
        if action == "delete":
            return FROZEN["blacklist"]
        if action == "change" and record.lifted_on:
            return FROZEN["blacklist_lifted"]
    return None


class CreditPermissionPolicy(ModelPermissionPolicy):
    """谁审批、谁监管 per record (services.credit_refusal), and frozen records stay so."""

    def refusal(self, user, action, instance):
        if action == "view":
            if self.user_has_permission(user, "view"):
                return None
            return f"您的账号没有查看{instance._meta.verbose_name}的权限。"
        if action == "end":  # ending a publication or a listing: the one change left
            return services.credit_refusal(user, instance, "change")
        if action not in ("change", "delete"):
            return "信用记录不适用该操作。"
        if reason := frozen_refusal(action, instance):
            return reason
        return services.credit_refusal(user, instance, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete", "view"):
            return self.refusal(user, action, instance) is None
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser or not set(actions) <= {"change", "delete"}:
            return queryset
        authority = authority_of(user)
        if authority is None:
            return queryset.none()
        return queryset.filter(institution__region__code__startswith=authority.region.code)


class CreditForm(WagtailAdminModelForm):
    """The deciding authority is the user's own; the rule is checked on the values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authority" in self.fields:
            self.fields["authority"].queryset = own_authorities(self.for_user)
            self.fields["authority"].initial = self.fields["authority"].queryset.first()

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        if self.for_user and institution and cleaned.get("service"):
            probe = self._meta.model(**{
                name: cleaned.get(name) for name in (
                    "institution", "service", "authority", "decided_on", "starts_on",
                    "recorded_on") if name in cleaned
            })
            action = "change" if self.instance.pk else "add"
            if reason := services.credit_refusal(self.for_user, probe, action):
                self.add_error(None, reason)
        return cleaned


class PenaltyForm(CreditForm):
    def clean(self):
        cleaned = super().clean()
        licence = cleaned.get("licence")
        if licence and self.for_user and (reason := refusal_for(self.for_user, "change",
                                                                licence)):
            self.add_error("licence", reason)
        return cleaned


class ServiceSaveMixin:
    """Save through the credit service layer (checks, licence events, audit log)."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        save = services.record_penalty if isinstance(instance, Penalty) else (
            services.save_record)
        return save(self.request.user, instance)


class CreditCreateView(ServiceSaveMixin, snippet_views.CreateView):
    pass


class CreditEditView(ServiceSaveMixin, snippet_views.EditView):
    pass


class EndForm(forms.Form):
    reason = forms.ChoiceField(label="结束公示原因", choices=Penalty.EndReason.choices)
    statement = forms.CharField(
        label="公开说明", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将向社会公开，如：经信用修复，提前结束公示；或：原处罚决定已于某日撤销。")


class LiftForm(forms.Form):
    reason = forms.CharField(label="移出原因", widget=forms.Textarea(attrs={"rows": 3}))


def _action_view(model, form_class, title, act):
    """A small confirm-and-do page for one record (guarded like every record URL)."""

    def view(request, pk):
        record = get_record(model, pk)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                act(request.user, record, **form.cleaned_data)
            except PermissionDenied as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"{title}：{record}")
                return redirect(model.snippet_viewset.get_url_name("list"))
        return TemplateResponse(request, "credit/admin/record_action.html", {
            "title": title, "record": record, "form": form,
        })

    return view


class PenaltyViewSet(GuardedSnippetViewSet):
    def get_urlpatterns(self):
        end = _action_view(Penalty, EndForm, "结束公示", services.end_publication)
        return super().get_urlpatterns() + guard_urlpatterns(
            [path("end/<str:pk>/", end, name="end_publication")], self.model)


class BlacklistViewSet(GuardedSnippetViewSet):
    def get_urlpatterns(self):
        lift = _action_view(BlacklistEntry, LiftForm, "移出黑名单",
                            lambda user, entry, reason: services.lift_blacklist(user, entry,
                                                                               reason))
        return super().get_urlpatterns() + guard_urlpatterns(
            [path("lift/<str:pk>/", lift, name="lift")], self.model)


class EndLinkColumn(Column):
    """A link to end a record's publication or listing, where that is still possible."""

    cell_template_name = "credit/admin/end_link_cell.html"

    def __init__(self, name, label, url_name, applies):
        super().__init__(name, label=label, sort_key=None)
        self.url_name, self.applies = url_name, applies

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link"] = reverse(self.url_name, args=[instance.pk]) if self.applies(
            instance) else ""
        return context
