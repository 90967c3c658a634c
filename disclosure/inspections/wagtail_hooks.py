"""Admin registration of random inspections (随机监督抽查): registration only."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_viewsets import (
    ConflictAdmin,
    FollowUpAdmin,
    InspectionAdmin,
    InspectorAdmin,
    PlanAdmin,
    RiskNoticeAdmin,
)
from .dashboard import ResultsDuePanel
from .permissions import REFUSALS, InspectionPermissionPolicy

for _model in REFUSALS:
    register_permission_policy(_model, InspectionPermissionPolicy(_model))


class InspectionGroup(SnippetViewSetGroup):
    items = (PlanAdmin, InspectionAdmin, FollowUpAdmin, RiskNoticeAdmin, InspectorAdmin,
             ConflictAdmin)
    menu_label = "随机监督抽查"
    menu_icon = "tasks"
    menu_order = 140


register_snippet(InspectionGroup)


@hooks.register("register_log_actions")
def register_draw_actions(actions):
    actions.register_action("inspections.commit", "公布承诺值", "公布抽查承诺值")
    actions.register_action("inspections.draw", "抽取", "抽取检查对象和执法人员")


@hooks.register("construct_homepage_panels")
def add_results_due_panel(request, panels):
    if request.user.has_perm("inspections.change_inspection"):
        panels.append(ResultsDuePanel(request.user))
