"""One gate in front of every admin URL a viewset registers.

Wagtail's generic views ask model-level questions ("may this user change
licences?"), and some ask none at all (copy, choosers, history, usage …;
wagtail/wagtail#10746). Scoping a listing does not close the record's URLs.
So every URL a viewset of this registry registers is wrapped here: a URL that
names a record (`pk`) asks the model's permission policy about THAT record,
a URL that names none asks about the model. A view is classified by its URL
name below; an unknown name is refused until someone classifies it, so a view
that a later Wagtail or a later issue adds is closed the day it appears.

A permission policy may explain itself with `refusal(user, action, instance)`
(a sentence in Chinese, or None); the gate shows that sentence on a 403 page.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import URLPattern
from wagtail.permissions import policy_registry

# URL name -> the action on the record that the view performs.
RECORD_VIEWS = {
    # reading
    "history": "view", "history_results": "view", "usage": "view", "inspect": "view",
    "revisions_view": "view", "revisions_compare": "view", "workflow_history": "view",
    "workflow_history_detail": "view", "workflow_preview": "view", "chosen": "view",
    # writing
    "edit": "change", "revisions_revert": "change", "revisions_unschedule": "change",
    "preview_on_edit": "change", "lock": "change", "unlock": "change", "reorder": "change",
    "workflow_action": "change", "collect_workflow_action_data": "change",
    "confirm_workflow_cancellation": "change",
    "delete": "delete",
    "unpublish": "unpublish",
    # ending what is public (信用修复, 移出黑名单): allowed where editing is frozen
    "end_publication": "end", "lift": "end",
}
# URL name -> the model-level permissions of which the user needs one.
MODEL_VIEWS = {
    "list": ("view", "add", "change", "delete"),
    "list_results": ("view", "add", "change", "delete"),
    "index": ("view", "add", "change", "delete"),
    "index_results": ("view", "add", "change", "delete"),
    "choose": ("view",),
    "choose_results": ("view",),
    "chosen_multiple": ("view",),
    "add": ("add",),
    "preview_on_add": ("add",),
}
# Views this registry never offers, whoever asks: copying a record (Wagtail 8.0's copy
# form edits the original) and creating a record inside a chooser (it would skip the
# territorial checks of the full form).
CLOSED_VIEWS = {"copy", "create"}

MAX_ID = 2**63 - 1
REFUSED_TEMPLATE = "licensing/admin/refused.html"


def parse_pk(model, value):
    """The record id in a URL as the database stores it, or None if it cannot be one."""
    try:
        pk = model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    if isinstance(pk, int) and not 0 < pk <= MAX_ID:
        return None
    return pk


def get_record(model, value):
    pk = parse_pk(model, value)
    record = model._default_manager.filter(pk=pk).first() if pk is not None else None
    if record is None:
        raise Http404("没有找到该记录。")
    return record


def refusal(user, action, model, instance=None):
    """Why the model's permission policy refuses `action`, or None when it allows it."""
    policy = policy_registry.get_by_type(model)
    if instance is None:
        actions = MODEL_VIEWS[action] if action in MODEL_VIEWS else (action,)
        if policy.user_has_any_permission(user, actions):
            return None
        return f"您的账号没有该项{model._meta.verbose_name}操作的权限。"
    explain = getattr(policy, "refusal", None)
    if explain is not None:
        return explain(user, action, instance)
    if policy.user_has_permission_for_instance(user, action, instance):
        return None
    return f"您的账号没有该项{model._meta.verbose_name}操作的权限。"


def refused(request, reason):
    return TemplateResponse(request, REFUSED_TEMPLATE, {"reason": reason}, status=403)


def guard_view(view, model, name, actions=None):
    """`view` behind the policy check its URL name calls for (`actions` classifies a
    viewset's own record views: URL name -> the action its policy is asked about)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if name in CLOSED_VIEWS:
            raise Http404("本系统不提供此功能。")
        if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in kwargs.values()):
            raise Http404("没有找到该记录。")  # a revision or task id no database holds
        if "pk" in kwargs:
            record = get_record(model, kwargs["pk"])
            action = (actions or {}).get(name) or RECORD_VIEWS.get(name)
            reason = (
                refusal(request.user, action, model, record) if action
                else "该页面尚未纳入权限规则，暂不开放。"
            )
        elif name in (actions or {}):
            reason = refusal(request.user, actions[name], model)
        elif name in MODEL_VIEWS:
            reason = refusal(request.user, name, model)
            if reason is None and name == "chosen_multiple":
                reason = _refusal_for_each(request, model)
        else:
            reason = "该页面尚未纳入权限规则，暂不开放。"
        if reason:
            return refused(request, reason)
        return view(request, *args, **kwargs)

    guarded.guarded_name = name
    return guarded


def _refusal_for_each(request, model):
    for value in request.GET.getlist("id"):
        if reason := refusal(request.user, "view", model, get_record(model, value)):
            return reason
    return None


def guard_urlpatterns(urlpatterns, model, actions=None):
    """The same URL patterns, each behind guard_view (nested includes left as they are)."""
    guarded = []
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            pattern = URLPattern(
                pattern.pattern, guard_view(pattern.callback, model, pattern.name, actions),
                pattern.default_args, pattern.name,
            )
        guarded.append(pattern)
    return guarded
