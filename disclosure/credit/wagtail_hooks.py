"""Admin registration of credit records (信用监管): registration only, views in admin_views."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from licensing.admin_views import GuardedSnippetViewSet

from .admin_views import (
    BlacklistViewSet,
    CreditCreateView,
    CreditEditView,
    CreditForm,
    CreditPermissionPolicy,
    EndLinkColumn,
    PenaltyForm,
    PenaltyViewSet,
)
from .dashboard import PenaltyPublicityPanel
from .models import BlacklistEntry, Penalty, PointRecord

for _model in (Penalty, BlacklistEntry, PointRecord):
    register_permission_policy(_model, CreditPermissionPolicy(_model))


def _publicity(penalty):
    if penalty.ended_on:
        return f"已结束公示（{penalty.get_end_reason_display()}）"
    if not penalty.to_be_published:
        return "不公示（仅警告）"
    if not penalty.published_on:
        return "待公示"
    return "公示中" if penalty.is_public() else "公示期满"


class PenaltyAdmin(PenaltyViewSet):
    model = Penalty
    icon = "warning"
    menu_label = "行政处罚"
    add_view_class = CreditCreateView
    edit_view_class = CreditEditView
    list_filter = ["service", "subject_kind"]
    search_fields = ["decision_no", "subject_name"]
    list_display = [
        "subject_name", "decision_no", Column("kinds", label="处罚类别", accessor="kinds_display"),
        "decided_on", "published_on", "public_until",
        Column("publicity", label="公示情况", accessor=_publicity),
        EndLinkColumn("end", "结束公示", "wagtailsnippets_credit_penalty:end_publication",
                      lambda p: bool(p.published_on) and not p.ended_on),
    ]
    list_export = ["subject_name", "decision_no", "kinds_display", "decided_on",
                   "published_on", "public_until", "authority.name"]
    inspect_view_fields = ["institution", "subject_name", "subject_kind", "uscc",
                           "legal_representative", "decision_no", "violation_type", "facts",
                           "basis", "content", "fine", "confiscated", "licence_document",
                           "decided_on", "effective_until", "authority", "published_on",
                           "public_until", "ended_on", "end_reason", "end_statement", "remarks"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("institution"), FieldPanel("service"),
                         FieldPanel("subject_kind"), FieldPanel("subject_name"),
                         FieldPanel("uscc"), FieldPanel("legal_representative"),
                         FieldPanel("legal_representative_id"),
                         FieldPanel("subject_id_number")], heading="行政相对人"),
        MultiFieldPanel([FieldPanel("decision_no"), FieldPanel("violation_type"),
                         FieldPanel("facts"), FieldPanel("basis"), FieldPanel("kinds"),
                         FieldPanel("content"), FieldPanel("fine"), FieldPanel("confiscated"),
                         FieldPanel("licence"), FieldPanel("licence_document"),
                         FieldPanel("decided_on"), FieldPanel("effective_until"),
                         FieldPanel("authority")], heading="处罚决定"),
        MultiFieldPanel([FieldPanel("publish_warning"), FieldPanel("published_on"),
                         FieldPanel("remarks")],
                        heading="公示（决定之日起7个工作日内；公示截止期由系统按规定计算）"),
    ], base_form_class=PenaltyForm)

    def get_queryset(self, request):
        return Penalty.objects.select_related("institution", "authority")


class BlacklistAdmin(BlacklistViewSet):
    model = BlacklistEntry
    icon = "cross"
    menu_label = "黑名单"
    add_view_class = CreditCreateView
    edit_view_class = CreditEditView
    list_display = ["institution", "decision_no", "starts_on", "ends_on", "lifted_on",
                    EndLinkColumn("lift", "移出", "wagtailsnippets_credit_blacklistentry:lift",
                                  lambda e: not e.lifted_on)]
    inspect_view_fields = ["institution", "service", "reason", "basis", "decision_no",
                           "authority", "starts_on", "ends_on", "lifted_on", "lift_reason"]
    edit_handler = ObjectList([
        FieldPanel("institution"), FieldPanel("person_name"), FieldPanel("person_id_number"),
        FieldPanel("service"), FieldPanel("reason"), FieldPanel("basis"),
        FieldPanel("decision_no"), FieldPanel("authority"), FieldPanel("starts_on"),
        FieldPanel("ends_on"),
    ], base_form_class=CreditForm)


class PointAdmin(GuardedSnippetViewSet):
    model = PointRecord
    icon = "list-ol"
    menu_label = "不良执业行为记分"
    add_view_class = CreditCreateView
    edit_view_class = CreditEditView
    list_display = ["institution", "person_name", Column("behaviour", label="不良执业行为",
                                          accessor="get_behaviour_display"),
                    "points", "recorded_on"]
    inspect_view_fields = ["institution", "service", "behaviour", "points", "occurred_on",
                           "recorded_on", "authority", "note"]
    edit_handler = ObjectList([
        FieldPanel("institution"), FieldPanel("service"), FieldPanel("person_name"),
        FieldPanel("person_id_number"), FieldPanel("behaviour"), FieldPanel("occurred_on"),
        FieldPanel("recorded_on"), FieldPanel("authority"), FieldPanel("note"),
    ], base_form_class=CreditForm)


class CreditGroup(SnippetViewSetGroup):
    items = (PenaltyAdmin, BlacklistAdmin, PointAdmin)
    menu_label = "信用监管"
    menu_icon = "warning"
    menu_order = 130


register_snippet(CreditGroup)


@hooks.register("construct_homepage_panels")
def add_penalty_publicity_panel(request, panels):
    if request.user.has_perm("credit.change_penalty"):
        panels.append(PenaltyPublicityPanel(request.user))
