"""录入、提交、复核 inspection results in the admin (guarded like every record URL)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from disclosure.credit.models import Penalty
from licensing.admin_guard import get_record
from licensing.date_bounds import past_date_error

from . import services
from .models import Inspection, ItemResult
from .models.results import Outcome

LIST = "wagtailsnippets_inspections_inspection:list"


def _item_field(item):
    return f"item_{item.pk}"


def _finding_field(item):
    return f"finding_{item.pk}"


class ResultsForm(forms.Form):
    """One row per check item of every plan the visit serves (综合查一次)."""

    visited_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label="检查结果", choices=[("", "请选择")] + Outcome.choices)
    outcome_note = forms.CharField(
        label="检查情况说明（公开）", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="将向社会公开；请勿填写个人姓名、身份证号码、电话")
    penalties = forms.ModelMultipleChoiceField(
        label="后续行政处罚", required=False, queryset=Penalty.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text="检查后对该单位作出的处罚决定")

    def __init__(self, *args, inspection, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["penalties"].queryset = Penalty.objects.filter(
            institution=inspection.institution)
        for item in items:
            choices = list(ItemResult.Result.choices)
            if not item.plan.omission_allowed:
                choices = [c for c in choices if c[0] != ItemResult.Result.NOT_APPLICABLE]
            self.fields[_item_field(item)] = forms.ChoiceField(
                label=item.text, choices=choices, required=False, widget=forms.RadioSelect)
            self.fields[_finding_field(item)] = forms.CharField(
                label="发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if message := past_date_error("检查日期", day, timezone.localdate()):
            raise ValidationError(message)
        return day

    def rows(self):
        """(group heading or None, result field, finding field) for the template."""
        heading = None
        for item in self.items:
            group = f"{item.plan.year}年 · {item.group_name}"
            yield (group if group != heading else None, self[_item_field(item)],
                   self[_finding_field(item)])
            heading = group

    def results(self):
        return {item.pk: (self.cleaned_data.get(_item_field(item)) or "",
                          self.cleaned_data.get(_finding_field(item)) or "")
                for item in self.items}


def _initial(inspection, items):
    initial = {"visited_on": inspection.visited_on, "outcome": inspection.outcome,
               "outcome_note": inspection.outcome_note,
               "penalties": list(inspection.penalties.all())}
    stored = {r.item_id: r for r in inspection.item_results.all()}
    for item in items:
        if item.pk in stored:
            initial[_item_field(item)] = stored[item.pk].result
            initial[_finding_field(item)] = stored[item.pk].finding
    return initial


def results_view(request, pk):
    """录入检查结果 (the inspection's edit view)."""
    inspection = get_record(Inspection, pk)
    items = services.plan_items(inspection)
    form = ResultsForm(request.POST or None, inspection=inspection, items=items,
                       initial=_initial(inspection, items))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_results(
                request.user, inspection, visited_on=form.cleaned_data["visited_on"],
                outcome=form.cleaned_data["outcome"],
                outcome_note=form.cleaned_data["outcome_note"], results=form.results(),
                penalties=list(form.cleaned_data["penalties"]))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已保存检查结果：{inspection.institution.name}。"
                                      "确认无误后请提交复核。")
            return redirect(reverse("wagtailsnippets_inspections_inspection:edit",
                                    args=[inspection.pk]))
    return TemplateResponse(request, "inspections/admin/results.html", {
        "inspection": inspection, "form": form, "plans": inspection.plan_list(),
        "inspectors": inspection.inspectors.all(),
        "submit_url": reverse("wagtailsnippets_inspections_inspection:submit",
                              args=[inspection.pk]),
        "can_submit": inspection.status == Inspection.Status.ENTERED,
    })


def submit_view(request, pk):
    inspection = get_record(Inspection, pk)
    if request.method == "POST":
        try:
            services.submit(request.user, inspection)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "已提交复核：须由另一名工作人员复核通过后公开。")
        return redirect(LIST)
    return TemplateResponse(request, "inspections/admin/confirm.html", {
        "title": "提交复核", "record": inspection, "form": None})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="复核意见", widget=forms.RadioSelect, choices=[
        ("approve", "复核通过，向社会公开"), ("send_back", "退回修改")])
    reason = forms.CharField(label="退回原因", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


def review_view(request, pk):
    """复核: a second official of the territory publishes the result or sends it back."""
    inspection = get_record(Inspection, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve(request.user, inspection)
                messages.success(request, f"已复核通过并公开：{inspection.institution.name}。")
            else:
                services.send_back(request.user, inspection, form.cleaned_data["reason"])
                messages.success(request, "已退回修改。")
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
        else:
            return redirect(LIST)
    return TemplateResponse(request, "inspections/admin/confirm.html", {
        "title": "复核检查结果", "record": inspection, "form": form,
        "results": inspection.item_results.select_related("item"),
    })
