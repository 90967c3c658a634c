"""The inspections' admin viewsets (registered in wagtail_hooks): forms that save through
the services, the plan's and the inspection's own views, listings scoped to the user."""

from django.urls import path, reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from licensing.admin_views import GuardedSnippetViewSet, RecordIndexView
from licensing.forms import own_authorities
from licensing.roles import INSPECTORS
from licensing.territory import authority_of

from . import admin_plans, admin_results, services
from .evidence import evidence_refusal
from .models import Conflict, FollowUp, Inspection, InspectionPlan, Inspector, RiskNotice
from .permissions import REFUSALS
from .rules_access import roster_change_refusal


class OwnAuthorityForm(WagtailAdminModelForm):
    """The authority is the user's own; after the values are in, the same rule as the
    services is asked of the record they describe (a form names no record it may not)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authority" in self.fields:
            self.fields["authority"].queryset = own_authorities(self.for_user)
            self.fields["authority"].initial = self.fields["authority"].queryset.first()
        authority = authority_of(self.for_user) if self.for_user else None
        if "inspector" in self.fields and authority:
            self.fields["inspector"].queryset = Inspector.objects.filter(authority=authority)
        if "plan" in self.fields and authority:
            self.fields["plan"].queryset = InspectionPlan.objects.filter(authority=authority)
        if "user" in self.fields:  # only inspectors' accounts may be put on a roster
            self.fields["user"].queryset = self.fields["user"].queryset.filter(
                groups__name=INSPECTORS).order_by("username")

    def _post_clean(self):
        super()._post_clean()
        if self.for_user is None:
            return
        refusal = REFUSALS[type(self.instance)]
        action = "change" if self.instance.pk else "add"
        try:
            reason = refusal(self.for_user, self.instance, action)
        except Exception:  # a required relation left empty is reported by its field
            reason = None
        if reason is None and isinstance(self.instance, Inspector):
            stored = Inspector.objects.filter(pk=self.instance.pk).first()
            reason = roster_change_refusal(stored, self.instance)
        if reason:
            self.add_error(None, reason)

    def is_valid(self):
        valid = super().is_valid()  # the child formsets are cleaned after this form
        if valid and isinstance(self.instance, FollowUp) and self.instance.plan_id:
            return self._evidence_is_own(self.instance.plan)
        return valid

    def _evidence_is_own(self, plan):
        own = True
        for form in self.formsets["documents"].forms:
            document = form.cleaned_data.get("document")
            if document is not None and (reason := evidence_refusal(document, plan)):
                form.add_error("document", reason)
                self.add_error(None, reason)
                own = False
        return own


class ServiceCreateView(snippet_views.CreateView):
    def save_instance(self):
        return services.save_record(self.request.user, self.form.save(commit=False))


class ServiceEditView(snippet_views.EditView):
    def save_instance(self):
        return services.save_record(self.request.user, self.form.save(commit=False))


class PlanActionsColumn(Column):
    """The plan's next steps, each shown only when the policy allows it on this plan."""

    cell_template_name = "inspections/admin/plan_actions_cell.html"
    STEPS = (("公布承诺值", "commit", "commit"), ("抽取", "draw", "draw"),
             ("列出回头看单位", "follow_ups", "follow_up"), ("下载汇总表", "summary", "view"),
             ("风险点分析", "risk", "view"))

    def get_cell_context_data(self, instance, parent_context):
        from wagtail.permissions import policy_registry

        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        policy = policy_registry.get_by_type(InspectionPlan)
        links = []
        for label, name, action in self.STEPS:
            if name in ("summary", "risk") and not instance.is_drawn:
                continue
            if name == "follow_ups" and not instance.follow_up_year:
                continue
            if policy.refusal(user, action, instance) is None:
                links.append((label, reverse(
                    f"wagtailsnippets_inspections_inspectionplan:{name}", args=[instance.pk])))
        if instance.is_committed:
            links.append(("公开页面", instance.get_absolute_url()))
        context["links"] = links
        return context


class ReviewColumn(Column):
    """复核 for results awaiting a second official's review, where this user may review."""

    cell_template_name = "inspections/admin/plan_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        from wagtail.permissions import policy_registry

        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        policy = policy_registry.get_by_type(Inspection)
        context["links"] = [("复核", reverse("wagtailsnippets_inspections_inspection:review",
                                             args=[instance.pk]))] if (
            instance.status == Inspection.Status.SUBMITTED
            and policy.refusal(user, "review", instance) is None) else []
        return context


class PlanIndexView(RecordIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(HeaderButton(
                "按模板创建", url=reverse("wagtailsnippets_inspections_inspectionplan:"
                                          "from_template"), icon_name="doc-full"))
        return buttons


class PlanAdmin(GuardedSnippetViewSet):
    model = InspectionPlan
    icon = "calendar-alt"
    menu_label = "抽查计划"
    index_view_class = PlanIndexView
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ["name", "year", "authority", Column("kind", label="抽查类别",
                                                        accessor="get_kind_display"),
                    Column("state", label="状态", accessor="state_label"), "results_due",
                    PlanActionsColumn("steps", label="操作", sort_key=None)]
    list_filter = ["year", "kind"]
    search_fields = ["name"]
    inspect_view_fields = ["name", "year", "authority", "kind", "source", "objects_text",
                           "starts_on", "ends_on", "results_due", "per_inspection",
                           "follow_up_year", "public_value_source", "commitment",
                           "committed_on"]
    record_actions = {"commit": "commit", "draw": "draw", "follow_ups": "follow_up",
                      "summary": "view", "risk": "view", "from_template": "add"}
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("name"), FieldPanel("year"), FieldPanel("authority"),
                         FieldPanel("kind"), FieldPanel("source"), FieldPanel("objects_text"),
                         FieldPanel("starts_on"), FieldPanel("ends_on"),
                         FieldPanel("results_due"), FieldPanel("per_inspection"),
                         FieldPanel("follow_up_year"), FieldPanel("omission_allowed"),
                         FieldPanel("omission_note")], heading="计划"),
        InlinePanel("categories", heading="抽查对象与比例", label="对象类别", panels=[
            FieldPanel("name"), FieldPanel("ratio"), FieldPanel("minimum"),
            FieldPanel("by_county"), FieldPanel("institution_categories"),
            FieldPanel("services")]),
        InlinePanel("items", heading="检查内容", label="检查内容", panels=[
            FieldPanel("code"), FieldPanel("group_number"), FieldPanel("group_name"),
            FieldPanel("group_kind"), FieldPanel("text")]),
        InlinePanel("deadlines", heading="报送时限", label="报送时限",
                    panels=[FieldPanel("label"), FieldPanel("due_on")]),
    ], base_form_class=OwnAuthorityForm)

    def get_extra_urlpatterns(self):
        return [
            path("from-template/", admin_plans.from_template_view, name="from_template"),
            path("commit/<str:pk>/", admin_plans.commit_view, name="commit"),
            path("draw/<str:pk>/", admin_plans.draw_view, name="draw"),
            path("follow-ups/<str:pk>/", admin_plans.follow_ups_view, name="follow_ups"),
            path("summary/<str:pk>/", admin_plans.summary_view, name="summary"),
            path("risk/<str:pk>/", admin_plans.risk_view, name="risk"),
        ]

    def get_queryset(self, request):
        return InspectionPlan.objects.select_related("authority")


class InspectionIndexView(RecordIndexView):
    viewable_rows_only = True  # an inspector lists only the inspections assigned to them


class InspectionAdmin(GuardedSnippetViewSet):
    model = Inspection
    icon = "tasks"
    menu_label = "检查结果"
    index_view_class = InspectionIndexView
    list_display = ["institution", "window_start", "window_end", "visited_on",
                    Column("status", label="状态", accessor="get_status_display"),
                    Column("outcome", label="检查结果", accessor="get_outcome_display"),
                    ReviewColumn("review", label="复核", sort_key=None)]
    list_filter = ["status", "outcome"]
    inspect_view_fields = ["institution", "authority", "plans", "inspectors", "window_start",
                           "window_end", "visited_on", "outcome", "outcome_note", "penalties",
                           "status", "published_on"]
    record_actions = {"submit": "change", "review": "review"}

    def get_extra_urlpatterns(self):
        return [
            path("edit/<str:pk>/", admin_results.results_view, name="edit"),
            path("submit/<str:pk>/", admin_results.submit_view, name="submit"),
            path("review/<str:pk>/", admin_results.review_view, name="review"),
        ]

    def get_queryset(self, request):
        return Inspection.objects.select_related("institution", "authority")


class OwnRosterIndexView(RecordIndexView):
    viewable_rows_only = True  # names and 回避 reasons: the authority and those above it


class InspectorAdmin(GuardedSnippetViewSet):
    model = Inspector
    index_view_class = OwnRosterIndexView
    icon = "user"
    menu_label = "执法人员名录库"
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ["name", "code", "certificate_no", "authority", "field", "active"]
    search_fields = ["name", "certificate_no", "code"]
    edit_handler = ObjectList([FieldPanel("authority"), FieldPanel("name"),
                               FieldPanel("certificate_no"), FieldPanel("field"),
                               FieldPanel("user"), FieldPanel("active")],
                              base_form_class=OwnAuthorityForm)


class ConflictAdmin(GuardedSnippetViewSet):
    model = Conflict
    index_view_class = OwnRosterIndexView
    icon = "cross"
    menu_label = "回避申报"
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ["inspector", "institution", "reason", "declared_on"]
    edit_handler = ObjectList([FieldPanel("inspector"), FieldPanel("institution"),
                               FieldPanel("reason"), FieldPanel("declared_on")],
                              base_form_class=OwnAuthorityForm)


class FollowUpAdmin(GuardedSnippetViewSet):
    model = FollowUp
    icon = "repeat"
    menu_label = "回头看"
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ["institution", "plan", Column("status", label="整改情况",
                                                  accessor="get_status_display"),
                    "checked_on"]
    list_filter = ["status"]
    inspect_view_fields = ["plan", "institution", "penalty", "status", "checked_on", "note"]
    edit_handler = ObjectList([
        FieldPanel("plan"), FieldPanel("institution"), FieldPanel("penalty"),
        FieldPanel("status"), FieldPanel("checked_on"), FieldPanel("note"),
        InlinePanel("documents", heading="整改证明材料（仅工作人员可见）", label="材料",
                    panels=[FieldPanel("title"), FieldPanel("document")]),
    ], base_form_class=OwnAuthorityForm)


class RiskNoticeAdmin(GuardedSnippetViewSet):
    model = RiskNotice
    icon = "warning"
    menu_label = "风险提示"
    add_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ["title", "authority", "plan", "published_on"]
    inspect_view_fields = ["title", "authority", "plan", "body", "published_on"]
    edit_handler = ObjectList([FieldPanel("authority"), FieldPanel("plan"), FieldPanel("title"),
                               FieldPanel("body"), FieldPanel("published_on")],
                              base_form_class=OwnAuthorityForm)
