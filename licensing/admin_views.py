"""Wagtail admin views of the register: tokenised search, guarded viewsets, and approvals
saved through the service layer (choosers: admin_choosers.py; 范围: admin_scope.py)."""

from django.db import transaction
from django.db.models import Manager
from django.utils.functional import cached_property
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views import snippets as snippet_views

from . import services
from .admin_choosers import GuardedChooserViewSet
from .admin_guard import guard_urlpatterns
from .admin_scope import SCOPE_ALL, SCOPE_OWN, ScopedFilterSet, matching, may


class TokenisedSearchMixin:
    """Search the listing through the registry's index instead of Wagtail's backend,
    which finds nothing for a fragment such as "妇幼" (see search/tokenizer.py)."""

    search_type = "institution"
    search_path = "pk"

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching(queryset, self.search_query, self.search_type, self.search_path)


class RecordListingMixin:
    """Every row opens its record: the edit view when the permission policy lets the user
    change THAT record, else its read-only view (inspect). Wagtail's listing asks only
    model-level questions for its row links and buttons (wagtail/wagtail#10746), so the
    edit and delete buttons of another territory's records are dropped here."""

    viewable_rows_only = False  # list only the records the policy lets the user open

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.viewable_rows_only:
            viewable = self.permission_policy.instances_user_has_permission_for(
                self.request.user, "view"
            )
            queryset = queryset.filter(pk__in=viewable.values("pk"))
        return queryset

    def get_edit_url(self, instance):
        url = super().get_edit_url(instance)
        return url if url and may(self.request.user, "change", instance) else None

    def get_delete_url(self, instance):
        url = super().get_delete_url(instance)
        return url if url and may(self.request.user, "delete", instance) else None

    def get_inspect_url(self, instance):
        url = super().get_inspect_url(instance)
        return url if url and may(self.request.user, "view", instance) else None

    @cached_property
    def header_buttons(self):
        """本辖区 ⇄ 全区 in one click, beside the add button."""
        buttons = list(super().header_buttons)
        filters = self.filters
        if isinstance(filters, ScopedFilterSet) and filters.territory is not None:
            other = SCOPE_ALL if filters.current_scope == SCOPE_OWN else SCOPE_OWN
            query = self.request.GET.copy()
            query["scope"] = other
            for name in (self.page_kwarg, "_w_filter_fragment"):
                query.pop(name, None)
            label = "查看全区（只读）" if other == SCOPE_ALL else "只看本辖区"
            buttons.append(HeaderButton(label, url=f"{self.index_url}?{query.urlencode()}",
                                        icon_name="site"))
        return buttons


class RecordIndexView(RecordListingMixin, snippet_views.IndexView):
    pass


class InstitutionIndexView(TokenisedSearchMixin, RecordIndexView):
    pass


class LicenceIndexView(TokenisedSearchMixin, RecordIndexView):
    search_type = "licence"


class ByInstitutionIndexView(TokenisedSearchMixin, RecordIndexView):
    """Records found by their institution's name, USCC or licence numbers."""

    search_path = "institution_id"


class PersonnelIndexView(ByInstitutionIndexView):
    """Personnel records hold personal data: only those of the user's territory are listed
    (and exported), whatever the filters say."""

    viewable_rows_only = True


def display_name(obj):
    """How a related record reads on a page: a technique or a division by its name."""
    return getattr(obj, "full_name", None) or getattr(obj, "name", None) or str(obj)


class GuardedInspectView(snippet_views.InspectView):
    """The read-only view of a record, with edit and delete buttons only when the policy
    allows them on THIS record; related records by name (a technique without its code)."""

    labels = {}  # field name -> label, for methods and relations without a verbose name

    def get_edit_url(self):
        url = super().get_edit_url()
        return url if url and may(self.request.user, "change", self.object) else None

    def get_delete_url(self):
        url = super().get_delete_url()
        return url if url and may(self.request.user, "delete", self.object) else None

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return self.labels[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        raw = getattr(self.object, field_name, None)
        if isinstance(raw, Manager):
            return "、".join(display_name(obj) for obj in raw.all()) or "—"
        if callable(raw) and not hasattr(self.object, f"get_{field_name}_display"):
            value = raw()
        else:
            value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return "是" if value else "否"
        if value is None or value == "":
            return "—"
        if hasattr(value, "_meta"):
            return display_name(value)
        return value


class GrantEntersRegisterMixin:
    """Saving an approval in the admin goes through the service layer, which checks the
    user's right on the licence a grant creates or renews (services.enter_grant)."""

    def save_instance(self):
        from .models import Approval

        with transaction.atomic():
            stored = Approval.objects.filter(pk=self.form.instance.pk).first()
            previous = stored.decision if stored else None
            instance = super().save_instance()
            services.enter_grant(self.request.user, instance, previous)
        return instance


class ApprovalCreateView(GrantEntersRegisterMixin, snippet_views.CreateView):
    pass


class ApprovalEditView(GrantEntersRegisterMixin, snippet_views.EditView):
    pass


class GuardedSnippetViewSet(snippet_views.SnippetViewSet):
    """Every URL of the snippet behind admin_guard.py; no copy view (Wagtail 8.0's copy
    form writes over the original, and no register record is made by copying).

    Each listing row links to its record (edit view or, read-only, inspect view: admin_guard
    asks the policy's "view" for it); `inspect_labels` names what has no verbose name."""

    copy_view_enabled = False
    chooser_viewset_class = GuardedChooserViewSet
    index_view_class = RecordIndexView
    inspect_view_class = GuardedInspectView
    inspect_labels = {}
    # A viewset's own record views: URL name -> the action its policy is asked about.
    record_actions = {}

    @property
    def inspect_view_enabled(self):
        # Only a viewset that names what its read-only view shows gets one: Wagtail's
        # default (every field) would show personal data such as ID and phone numbers.
        return bool(self.inspect_view_fields)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(labels=self.inspect_labels, **kwargs)

    def get_extra_urlpatterns(self):
        """A subclass's own views (classified in `record_actions`)."""
        return []

    def get_urlpatterns(self):
        extra = self.get_extra_urlpatterns()  # a view of the same name replaces Wagtail's
        names = {pattern.name for pattern in extra}
        base = [p for p in super().get_urlpatterns() if getattr(p, "name", None) not in names]
        return guard_urlpatterns(base + extra, self.model, self.record_actions)


class GuardedModelViewSet(ModelViewSet):
    copy_view_enabled = False

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), self.model)
