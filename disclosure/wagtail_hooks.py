"""Admin registration of the semiannual list (半年名单)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import (
    PLAN_URL_NAME,
    EditionCreateView,
    EditionDeleteView,
    EditionEditView,
    list_plan,
)
from .models import ListEdition


class ListEditionViewSet(SnippetViewSet):
    model = ListEdition
    icon = "list-ul"
    menu_label = "半年名单"
    add_to_admin_menu = True
    menu_order = 120
    add_view_class = EditionCreateView
    edit_view_class = EditionEditView
    delete_view_class = EditionDeleteView
    list_display = [
        Column("title", label="名单", accessor="__str__"),
        "as_of",
        "row_count",
        "published_on",
        Column("on_time", label="按时公布", accessor="published_on_time"),
    ]
    inspect_view_enabled = True
    inspect_view_fields = ["as_of", "corrects", "note", "published_on", "sha256"]
    edit_handler = ObjectList([FieldPanel("note")])


register_snippet(ListEditionViewSet)


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
