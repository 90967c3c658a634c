"""Admin registration of the register (Wagtail snippets), grouped under 许可登记."""

import django_filters
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    InstitutionChooserViewSet,
    InstitutionIndexView,
    LicenceIndexView,
    ScopedDeleteView,
    ScopedEditView,
)
from .choices import Level, Status
from .forms import InstitutionForm, LicenceForm
from .licence_status import status_q
from .models import GUANGXI, Institution, Licence, Region, StaffProfile
from .permissions import TerritoryPermissionPolicy

# Registered before any viewset asks for a policy (Wagtail 8 requires it).
register_permission_policy(Institution, TerritoryPermissionPolicy(Institution))
register_permission_policy(Licence, TerritoryPermissionPolicy(Licence))


def _guangxi(level):
    return Region.objects.filter(level=level, code__startswith=GUANGXI)


class InstitutionAdminFilterSet(WagtailFilterSet):
    city = django_filters.ModelChoiceFilter(
        label="设区市", queryset=_guangxi(Level.CITY), method="filter_city"
    )
    region = django_filters.ModelChoiceFilter(label="县（市、区）", queryset=_guangxi(Level.COUNTY))

    class Meta:
        model = Institution
        fields = ["city", "region", "category", "ownership"]

    def filter_city(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.code)


class LicenceAdminFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="当前状态", choices=Status.choices, method="filter_status"
    )
    city = django_filters.ModelChoiceFilter(
        label="设区市", queryset=_guangxi(Level.CITY), method="filter_city"
    )
    valid_until = django_filters.DateFromToRangeFilter(label="有效期至")

    class Meta:
        model = Licence
        fields = ["service", "status", "city", "authority", "valid_until"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_q(value, timezone.localdate()))

    def filter_city(self, queryset, name, value):
        return queryset.filter(institution__region__code__startswith=value.code)


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    menu_label = "医疗机构"
    add_to_admin_menu = False
    index_view_class = InstitutionIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
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


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    menu_label = "许可"
    index_view_class = LicenceIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    filterset_class = LicenceAdminFilterSet
    search_fields = ["licence_no"]
    list_display = [
        Column("institution", label="医疗机构", accessor="institution.name"),
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
        return Licence.objects.select_related("institution", "authority").prefetch_related(
            "technologies"
        )


class RegisterGroup(SnippetViewSetGroup):
    items = (InstitutionViewSet, LicenceViewSet)
    menu_label = "许可登记"
    menu_icon = "folder-open-inverse"
    menu_order = 100


register_snippet(RegisterGroup)


class StaffProfileViewSet(ModelViewSet):
    """Superusers tie each staff account to its authority (its territory)."""

    model = StaffProfile
    icon = "user"
    menu_label = "工作人员所属机关"
    add_to_settings_menu = True
    form_fields = ["user", "authority"]
    list_display = ["user", "authority"]
    search_fields = ["user__username", "authority__name"]


@hooks.register("register_admin_viewset")
def register_staff_profile_viewset():
    return StaffProfileViewSet("staff_profiles")

