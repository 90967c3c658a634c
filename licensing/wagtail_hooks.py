"""Admin registration of the register (Wagtail snippets), grouped under 许可登记."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import import_views
from .admin_choosers import InstitutionChooserViewSet
from .admin_scope import ScopedFilterSet
from .admin_settings import (
    AuthorityViewSet,
    HolidayScheduleViewSet,
    ReferenceDataPolicy,
    StaffProfileViewSet,
)
from .admin_views import (
    ApprovalCreateView,
    ApprovalEditView,
    ByInstitutionIndexView,
    GuardedSnippetViewSet,
    InstitutionIndexView,
    LicenceIndexView,
    PersonnelIndexView,
)
from .bulk_actions import AuditedDeleteBulkAction
from .choices import Level, Status
from .dashboard import HolidayPanel, PublicityPanel
from .filters import CityFilter
from .forms import ApprovalForm, InstitutionForm, LicenceForm, PersonnelForm
from .licence_status import status_q
from .models import (
    GUANGXI,
    Approval,
    Authority,
    Institution,
    Licence,
    PersonnelQualification,
    Region,
)
from .permissions import TerritoryPermissionPolicy

# Wagtail's login form gives the password field no label, so Django prints "Password"
# from the field's name, outside any translation catalogue; give it Wagtail's own
# translatable label (密码 in zh_Hans).
LoginForm.base_fields["password"].label = gettext_lazy("Password")

# Registered before any viewset asks for a policy (Wagtail 8 requires it).
register_permission_policy(Institution, TerritoryPermissionPolicy(Institution))
register_permission_policy(Licence, TerritoryPermissionPolicy(Licence))
register_permission_policy(Approval, TerritoryPermissionPolicy(Approval))
register_permission_policy(
    PersonnelQualification, TerritoryPermissionPolicy(PersonnelQualification)
)


def _guangxi(level):
    return Region.objects.filter(level=level, code__startswith=GUANGXI)


class InstitutionAdminFilterSet(ScopedFilterSet):
    territory_path = "region"
    city = CityFilter("region")
    region = django_filters.ModelChoiceFilter(label="县（市、区）", queryset=_guangxi(Level.COUNTY))

    class Meta:
        model = Institution
        fields = ["scope", "city", "region", "category", "ownership"]


class LicenceAdminFilterSet(ScopedFilterSet):
    territory_path = "institution__region"
    status = django_filters.ChoiceFilter(
        label="当前状态", choices=Status.choices, method="filter_status"
    )
    city = CityFilter("institution__region")
    valid_until = django_filters.DateFromToRangeFilter(label="有效期至")

    class Meta:
        model = Licence
        fields = ["scope", "service", "status", "city", "authority", "valid_until"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value, timezone.localdate()))


class InstitutionViewSet(GuardedSnippetViewSet):
    model = Institution
    icon = "home"
    menu_label = "医疗机构"
    add_to_admin_menu = False
    index_view_class = InstitutionIndexView
    chooser_viewset_class = InstitutionChooserViewSet
    filterset_class = InstitutionAdminFilterSet
    search_fields = ["name"]  # enables the search box; the tokeniser does the matching
    list_display = ["name", "uscc", Column("region", label="所在地",
                    accessor="region.full_name"), "category", UpdatedAtColumn()]
    list_per_page = 50
    list_export = ["name", "uscc", "medical_licence_no", "region.full_name", "region.code",
                   "address", "category", "ownership", "contact_phone", "updated_at"]
    export_headings = {"region.full_name": "所在地", "region.code": "区划代码"}
    export_filename = "institutions"
    inspect_view_fields = ["name", "uscc", "medical_licence_no", "region", "address", "category",
                           "ownership", "contact_phone", "updated_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("uscc"),
            FieldPanel("medical_licence_no"),
            FieldPanel("region"),
            FieldPanel("address"),
            FieldPanel("category"),
            FieldPanel("ownership"),
            FieldPanel("contact_phone"),
        ],
        base_form_class=InstitutionForm,
    )

    def get_queryset(self, request):
        return Institution.objects.select_related("region__parent")


class LicenceViewSet(GuardedSnippetViewSet):
    model = Licence
    icon = "doc-full"
    menu_label = "许可"
    index_view_class = LicenceIndexView
    filterset_class = LicenceAdminFilterSet
    search_fields = ["licence_no"]
    list_display = [
        "institution",  # the title column: opens the licence
        Column("service", label="许可项目", accessor="get_service_display"),
        "licence_no",
        Column("authority", label="许可机关", accessor="authority.name"),
        "valid_until",
        Column("status", label="当前状态", accessor="get_status_display"),
    ]
    list_per_page = 50
    list_export = ["institution.name", "institution.uscc", "get_service_display",
                   "technology_names", "authority.name", "decision_no", "licence_no",
                   "decided_on", "valid_from", "valid_until", "get_status_display"]
    export_headings = {
        "institution.name": "医疗机构", "institution.uscc": "统一社会信用代码",
        "get_service_display": "许可项目", "technology_names": "批准技术",
        "authority.name": "许可机关", "get_status_display": "当前状态",
    }
    export_filename = "licences"
    inspect_view_fields = ["institution", "service", "technologies", "authority", "decision_no",
                           "licence_no", "decided_on", "valid_from", "valid_until", "status",
                           "events"]
    inspect_labels = {"status": "当前状态", "events": "许可事项记录"}
    edit_handler = ObjectList(
        [
            FieldPanel("institution"),
            MultiFieldPanel(
                [FieldPanel("service"), FieldPanel("technologies")], heading="许可内容"
            ),
            FieldPanel("authority"),
            MultiFieldPanel(
                [FieldPanel("decision_no"), FieldPanel("licence_no"), FieldPanel("decided_on"),
                 FieldPanel("valid_from"), FieldPanel("valid_until")],
                heading="许可决定与有效期",
            ),
            InlinePanel(
                "events", heading="许可事项记录（校验、变更、暂停、吊销、注销）", label="事项"
            ),
        ],
        base_form_class=LicenceForm,
    )

    def get_queryset(self, request):
        # the institution's county and the authority's level answer the policy per row
        return Licence.objects.select_related(
            "institution__region__parent", "authority__region"
        ).prefetch_related("technologies")


class ApprovalAdminFilterSet(ScopedFilterSet):
    territory_path = "institution__region"
    publicity = django_filters.ChoiceFilter(
        label="公示情况", method="filter_publicity",
        choices=[("due", "待公示"), ("published", "已公示")],
    )

    class Meta:
        model = Approval
        fields = ["scope", "decision", "service", "kind", "publicity"]

    def filter_publicity(self, queryset, name, value):
        granted = queryset.filter(decision=Approval.Decision.APPROVED)
        return granted.filter(published_on__isnull=(value == "due"))


class ApprovalViewSet(GuardedSnippetViewSet):
    model = Approval
    icon = "tasks"
    menu_label = "审批记录"
    index_view_class = ByInstitutionIndexView
    add_view_class = ApprovalCreateView
    edit_view_class = ApprovalEditView
    filterset_class = ApprovalAdminFilterSet
    search_fields = ["decision_no"]
    list_display = [
        "institution",  # the title column: opens the record
        Column("service", label="申请项目", accessor="get_service_display"),
        Column("kind", label="申请类型", accessor="get_kind_display"),
        Column("decision", label="审批决定", accessor="get_decision_display"),
        "decided_on",
        Column("publicity", label="公示情况", accessor="publicity_label"),
    ]
    list_export = ["institution.name", "institution.uscc", "get_service_display",
                   "get_kind_display", "authority.name", "received_on", "get_decision_display",
                   "decided_on", "decision_no", "reasons", "licence_no", "valid_from",
                   "valid_until", "published_on", "publicity_label"]
    export_headings = {
        "institution.name": "申请机构", "institution.uscc": "统一社会信用代码",
        "get_service_display": "申请项目", "get_kind_display": "申请类型",
        "authority.name": "审批机关", "get_decision_display": "审批决定",
        "publicity_label": "公示情况",
    }
    export_filename = "approvals"
    inspect_view_fields = [
        "institution", "service", "technologies", "kind", "authority", "received_on",
        "materials_checked_on", "has_medical_licence", "has_staff_certificates",
        "has_application_form", "has_other_documents", "site_review_on", "site_review_experts",
        "city_experts", "decision", "decided_on", "decision_no", "reasons", "licence_no",
        "valid_from", "valid_until", "licence", "published_on", "publicity_label",
    ]
    # One record follows the procedure: 受理 → 材料审查 → 现场评审 → 决定 → 公示. Each stage
    # says when it is filled in, so a field of a later stage is never a silent puzzle.
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("institution"), FieldPanel("service"), FieldPanel("technologies"),
                 FieldPanel("kind"), FieldPanel("authority"), FieldPanel("received_on")],
                heading="第1步 受理",
                help_text="收到申请时填写。申请项目只列出本机关有权审批的项目；其后各步可在办理到该步时"
                          "再打开本记录补填。",
            ),
            MultiFieldPanel(
                [FieldPanel("materials_checked_on"), FieldPanel("has_medical_licence"),
                 FieldPanel("has_staff_certificates"), FieldPanel("has_application_form"),
                 FieldPanel("has_other_documents")],
                heading="第2步 材料审查",
                help_text="审查申请材料后填写：审查日期，并勾选已具备的材料。"
                          "产前筛查须全部具备，方可准予许可。",
            ),
            MultiFieldPanel(
                [FieldPanel("site_review_on"), FieldPanel("site_review_experts"),
                 FieldPanel("city_experts")],
                heading="第3步 现场评审",
                help_text="组织现场评审后填写。2021年7月1日至12月31日过渡期内，"
                          "须记录市级选派的评审专家。",
            ),
            MultiFieldPanel(
                [FieldPanel("decision"), FieldPanel("decided_on"), FieldPanel("decision_no"),
                 FieldPanel("reasons"), FieldPanel("licence_no"), FieldPanel("valid_from"),
                 FieldPanel("valid_until"), FieldPanel("licence")],
                heading="第4步 决定",
                help_text="作出决定时填写；审查中的申请保持“审查中”。准予新设许可的，填写许可证编号和"
                          "有效期；准予校验的，选择被校验的许可并填写新的有效期至；不予许可的，写明理由。"
                          "决定保存后，第1至4步不能再修改（如需更正，请登记新的审批记录）。",
            ),
            MultiFieldPanel(
                [FieldPanel("published_on")],
                heading="第5步 公示",
                help_text="准予许可的决定保存后，须在决定之日起7个工作日内公示（双公示），"
                          "公示后在此填写公示日期。审查中和不予许可的记录无需填写。",
            ),
        ],
        base_form_class=ApprovalForm,
    )

    def get_queryset(self, request):
        return Approval.objects.select_related("institution__region__parent", "authority__region")


class PersonnelViewSet(GuardedSnippetViewSet):
    """人员资格审批 (city). ID numbers and phones are in the form only: never listed or exported."""

    model = PersonnelQualification
    icon = "user"
    menu_label = "人员资格"
    index_view_class = PersonnelIndexView
    search_fields = ["certificate_no"]
    list_filter = ["service", "certificate_kind"]
    list_display = [
        "name",
        Column("institution", label="执业机构", accessor="institution.name"),
        Column("service", label="技术类别", accessor="get_service_display"),
        "certificate_no",
        "valid_until",
    ]
    list_export = ["name", "institution.name", "get_service_display",
                   "get_certificate_kind_display", "certificate_no", "authority.name",
                   "decided_on", "valid_until"]
    export_headings = {
        "institution.name": "执业机构", "get_service_display": "技术类别",
        "get_certificate_kind_display": "证书类型", "authority.name": "审批机关",
    }
    export_filename = "personnel"
    # Never the ID or phone number: those stay in the edit form of the deciding city.
    inspect_view_fields = ["institution", "name", "service", "certificate_kind", "certificate_no",
                           "authority", "decided_on", "valid_until"]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in (
            "institution", "name", "id_number", "phone", "service", "certificate_kind",
            "certificate_no", "authority", "decided_on", "valid_until")],
        base_form_class=PersonnelForm,
    )

    def get_queryset(self, request):
        return PersonnelQualification.objects.select_related(
            "institution__region__parent", "authority__region"
        )


class RegisterGroup(SnippetViewSetGroup):
    items = (InstitutionViewSet, LicenceViewSet, ApprovalViewSet, PersonnelViewSet)
    menu_label = "许可登记"
    menu_icon = "folder-open-inverse"
    menu_order = 100


register_snippet(RegisterGroup)


register_permission_policy(Authority, ReferenceDataPolicy(Authority))


@hooks.register("register_admin_viewset")
def register_authority_viewset():
    return AuthorityViewSet("authorities")


@hooks.register("register_admin_urls")
def register_import_urls():
    return import_views.admin_urls()


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("licensing.add_licence")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "导入登记册（XLSX）", reverse(import_views.IMPORT_URL_NAME), icon_name="upload",
        order=110,
    )


@hooks.register("construct_homepage_panels")
def add_publicity_panel(request, panels):
    panels.insert(0, PublicityPanel(request.user))


@hooks.register("register_admin_viewset")
def register_staff_profile_viewset():
    return StaffProfileViewSet("staff_profiles")


@hooks.register("register_admin_viewset")
def register_holiday_schedule_viewset():
    return HolidayScheduleViewSet("holiday_schedules")


@hooks.register("construct_homepage_panels")
def add_holiday_panel(request, panels):
    panels.insert(0, HolidayPanel(request.user))



# After Wagtail's own (order 0), so that this class is the one the registry keeps.
hooks.register("register_bulk_action", AuditedDeleteBulkAction, order=100)
