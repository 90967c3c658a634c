"""Admin registration of the semiannual list (半年名单)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from licensing.admin_views import GuardedSnippetViewSet
from licensing.forms import TechnologyCheckboxes

from .admin_views import PLAN_URL_NAME, EditionCreateView, list_plan
from .dashboard import DisclosureDuePanel
from .forms import SetupApplicationForm
from .models import ApplicationNotice, ListEdition, SetupApplication
from .permissions import DisclosurePermissionPolicy

for _model in (ListEdition, SetupApplication, ApplicationNotice):
    register_permission_policy(_model, DisclosurePermissionPolicy(_model))


def on_time_label(edition):
    """按时 / 逾期 once published (against 7-15 / 1-15), 未公布 before."""
    return {True: "按时", False: "逾期", None: "未公布"}[edition.published_on_time()]


class ListEditionViewSet(GuardedSnippetViewSet):
    model = ListEdition
    icon = "list-ul"
    menu_label = "半年名单"
    add_to_admin_menu = True
    menu_order = 120
    add_view_class = EditionCreateView
    list_display = [
        "__str__",  # the title column: opens the edition (a published one read-only)
        "as_of",
        "row_count",
        "published_on",
        Column("on_time", label="是否按时公布", accessor=on_time_label),
    ]
    inspect_view_fields = ["as_of", "corrects", "note", "row_count", "published_on", "sha256"]
    inspect_labels = {"row_count": "机构数"}
    edit_handler = ObjectList([FieldPanel("note")])


register_snippet(ListEditionViewSet)


class SetupApplicationViewSet(GuardedSnippetViewSet):
    model = SetupApplication
    icon = "form"
    menu_label = "设置申请"
    add_to_admin_menu = True
    menu_order = 121
    list_filter = ["status", "applies_art", "applies_sperm_bank"]
    search_fields = ["applicant_name", "uscc"]
    list_display = [
        "applicant_name",
        "services_applied",
        "received_on",
        Column("deadline", label="公开期限", accessor="deadline"),
        "disclosed_on",
        Column("status", label="办理状态", accessor="get_status_display"),
    ]
    list_export = ["applicant_name", "uscc", "services_applied", "received_on", "deadline",
                   "disclosed_on", "get_status_display", "contact_office", "office_phone"]
    export_headings = {"deadline": "公开期限", "get_status_display": "办理状态"}
    # The handling person and mobile stay in the edit form (not public, not for reading).
    inspect_view_fields = ["institution", "applicant_name", "uscc", "region", "address",
                           "services_applied", "received_on", "deadline", "disclosed_on",
                           "contact_office", "office_phone", "status", "approval",
                           "outcome_note"]
    inspect_labels = {"deadline": "公开期限", "services_applied": "申请事项"}
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("institution"), FieldPanel("applicant_name"), FieldPanel("uscc"),
                 FieldPanel("region"), FieldPanel("address")],
                heading="申请机构（已在登记册中的机构，选择后其余信息自动带出）",
            ),
            MultiFieldPanel(
                [FieldPanel("applies_art"),
                 FieldPanel("technologies", widget=TechnologyCheckboxes),
                 FieldPanel("applies_sperm_bank"), FieldPanel("received_on")],
                heading="申请事项（收到申请之日起1个月内须向社会公开）",
            ),
            MultiFieldPanel(
                [FieldPanel("contact_office"), FieldPanel("office_phone"),
                 FieldPanel("contact_person"), FieldPanel("contact_mobile")],
                heading="联系方式（经办人及其手机不对外公开）",
            ),
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("approval"), FieldPanel("outcome_note")],
                heading="办理情况",
            ),
        ],
        base_form_class=SetupApplicationForm,
    )

    def get_queryset(self, request):
        return SetupApplication.objects.prefetch_related("technologies")


class ApplicationNoticeViewSet(GuardedSnippetViewSet):
    model = ApplicationNotice
    icon = "doc-full-inverse"
    menu_label = "申请信息公开"
    add_to_admin_menu = True
    menu_order = 122
    list_display = ["__str__", "comment_until"]  # the title column opens the notice
    inspect_view_fields = ["application", "body", "comment_from", "comment_until",
                           "objection_address", "first_published_at"]
    inspect_labels = {"first_published_at": "首次发布时间"}
    edit_handler = ObjectList([
        FieldPanel("application"), FieldPanel("body"),
        MultiFieldPanel([FieldPanel("comment_from"), FieldPanel("comment_until"),
                         FieldPanel("objection_address")], heading="意见征集（可选）"),
    ])


register_snippet(SetupApplicationViewSet)
register_snippet(ApplicationNoticeViewSet)


@hooks.register("construct_homepage_panels")
def add_disclosure_due_panel(request, panels):
    if request.user.has_perm("disclosure.view_setupapplication"):
        panels.insert(0, DisclosureDuePanel(request.user))


@hooks.register("register_admin_urls")
def register_list_plan_url():
    return [path("list-plan/", list_plan, name=PLAN_URL_NAME)]


class PlanMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("disclosure.add_listedition")


@hooks.register("register_admin_menu_item")
def register_list_plan_menu_item():
    return PlanMenuItem("名单编制", reverse(PLAN_URL_NAME), icon_name="calendar", order=119)


@hooks.register("register_log_actions")
def register_edition_log_actions(actions):
    actions.register_action(
        "registry.edition_frozen", "名单已公布并冻结", "名单已公布并冻结（CSV及其SHA-256已固定）"
    )
