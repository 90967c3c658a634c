"""Plan actions in the admin: create from a seed template, publish the commitment, draw,
open the 回头看 list, download the summary table, read the risk points."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from licensing.admin_guard import get_record
from licensing.forms import own_authorities
from licensing.territory import authority_of

from . import draws, plan_templates, services
from .models import InspectionPlan
from .models.plans import Kind
from .risk import plan_risk_points
from .risk_rules import percent
from .summary_data import plan_summary
from .summary_xlsx import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edit_url(plan):
    return reverse("wagtailsnippets_inspections_inspectionplan:edit", args=[plan.pk])


def _inspect_url(plan):
    return reverse("wagtailsnippets_inspections_inspectionplan:inspect", args=[plan.pk])


class TemplateForm(forms.Form):
    template = forms.ChoiceField(label="计划模板", choices=[
        (t.key, f"{t.name}（{t.source}）") for t in plan_templates.TEMPLATES])
    authority = forms.ModelChoiceField(label="检查机关", queryset=None)
    kind = forms.ChoiceField(
        label="抽查类别", required=False, choices=[("", "按模板（第一种抽查比例）")] + [
            (kind.value, kind.label) for kind in Kind if kind != Kind.COUNTY],
        help_text="2024年计划的“其他医疗、保健机构”另有市级双随机10%（每个区县抽2家）：选“市级双随机”即按该比例抽取")
    year = forms.IntegerField(label="年度", min_value=2021, max_value=2100,
                              help_text="留空为模板年度；换年度时各报送时限按月日顺延")
    year.required = False

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = own_authorities(user)
        self.fields["authority"].initial = self.fields["authority"].queryset.first()


def from_template_view(request):
    form = TemplateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_from_template(
                request.user, form.cleaned_data["template"], form.cleaned_data["authority"],
                form.cleaned_data["year"], form.cleaned_data["kind"] or None)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"已按模板创建计划草稿：{plan}。请核对抽查对象和检查内容。")
            return redirect(_edit_url(plan))
    return TemplateResponse(request, "inspections/admin/plan_action.html", {
        "title": "按模板创建抽查计划", "form": form, "button": "创建计划草稿"})


class CommitForm(forms.Form):
    public_value_source = forms.CharField(
        label="公开随机数来源", max_length=200,
        help_text="写明抽取时将使用的、此刻尚未产生的公开数字，"
                  "如：2025年11月3日中国福利彩票“3D”开奖号码")


def commit_view(request, pk):
    plan = get_record(InspectionPlan, pk)
    form = CommitForm(request.POST or None, initial={
        "public_value_source": plan.public_value_source})
    if request.method == "POST" and form.is_valid():
        try:
            plan = draws.commit(request.user, plan, form.cleaned_data["public_value_source"])
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"已公布承诺值：{plan.commitment}")
            return redirect(_inspect_url(plan))
    return TemplateResponse(request, "inspections/admin/plan_action.html", {
        "title": "公布承诺值", "plan": plan, "form": form, "button": "生成密钥并公布承诺值",
        "explain": "系统生成只有服务器知道的抽查密钥，公布其 SHA-256 承诺值。公布后计划不能再修改；"
                   "抽取时以“密钥 + 公开随机数”的 SHA-256 为随机种子，"
                   "任何人（包括工作人员）都无法事先选定结果。"})


class DrawForm(forms.Form):
    public_value = forms.CharField(label="公开随机数", max_length=200,
                                   help_text="按公布的来源如实填写，如开奖号码“418”")


def draw_view(request, pk):
    plan = get_record(InspectionPlan, pk)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = draws.make_draw(request.user, plan, form.cleaned_data["public_value"])
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"抽取完成：抽中 {draw.entries.count()} 家，名单已公开并冻结。")
            return redirect(plan.get_absolute_url())
    return TemplateResponse(request, "inspections/admin/plan_action.html", {
        "title": "抽取检查对象和执法人员", "plan": plan, "form": form, "button": "抽取",
        "explain": f"公开随机数来源：{plan.public_value_source}。承诺值：{plan.commitment}"})


def follow_ups_view(request, pk):
    plan = get_record(InspectionPlan, pk)
    if request.method == "POST":
        try:
            made = services.open_follow_ups(request.user, plan)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已列出{len(made)}家需回头看的单位。")
        return redirect(reverse("wagtailsnippets_inspections_followup:list"))
    return TemplateResponse(request, "inspections/admin/plan_action.html", {
        "title": "列出回头看单位", "plan": plan, "form": forms.Form(), "button": "列出",
        "explain": f"列出{plan.follow_up_year or '上一'}年度在本辖区受到行政处罚的单位，"
                   "逐一登记整改情况。"})


def _territory(user):
    authority = authority_of(user)
    return authority.region.code if authority else "45"


def summary_view(request, pk):
    """The plan's official summary table (附件2 / 附表2) for the user's territory, as XLSX."""
    plan = get_record(InspectionPlan, pk)
    layout, rows = plan_summary(plan, _territory(request.user))
    if layout is None or not rows:
        messages.error(request, "该计划没有对应的汇总表，或尚未抽取。")
        return redirect(_inspect_url(plan))
    body = write_xlsx(layout, rows, title=layout.title.replace(
        layout.title[:4], str(plan.year)) if layout.title[:4].isdigit() else layout.title)
    response = HttpResponse(body, content_type=XLSX)
    name = f"{plan.year}年{layout.annex}汇总表-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def risk_view(request, pk):
    plan = get_record(InspectionPlan, pk)
    points, previous = plan_risk_points(plan, _territory(request.user))
    return TemplateResponse(request, "inspections/admin/risk.html", {
        "plan": plan, "previous": previous,
        "rows": [(p, city, percent(p.rate), percent(p.previous_rate)) for p, city in points],
        "notice_url": reverse("wagtailsnippets_inspections_risknotice:add"),
    })


