"""Wagtail admin views of the register: tokenised search, guarded viewsets and choosers,
and approvals saved through the service layer."""

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Manager, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from search.backends.database import DatabaseBackend

from . import services
from .admin_guard import guard_urlpatterns
from .choices import Level
from .territory import authority_of

# -- 范围: a county or city official works in its own territory by default ----------------

SCOPE_OWN, SCOPE_ALL = "own", "all"
SCOPE_CHOICES = [(SCOPE_OWN, "本辖区"), (SCOPE_ALL, "全区（其他辖区的记录只能查看）")]
CHOOSER_SCOPE_CHOICES = [(SCOPE_OWN, "本辖区"), (SCOPE_ALL, "全区")]
# model name -> the lookup from the record to the county (Region) it lies in
TERRITORY_PATHS = {
    "institution": "region",
    "licence": "institution__region",
    "approval": "institution__region",
}


def lower_territory(user):
    """The authority of a county or city official (its territory is part of the region),
    or None for region staff, inspectors and superusers, who work on the whole region."""
    authority = authority_of(user) if user is not None else None
    if authority is None or authority.level == Level.PROVINCE:
        return None
    return authority


def in_territory(queryset, path, authority):
    return queryset.filter(**{f"{path}__code__startswith": authority.region.code})


def may(user, action, instance):
    """The permission policy's answer about this record (what admin_guard asks too)."""
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, action, instance)


class ScopedFilterSet(WagtailFilterSet):
    """Listing filters with 范围 (本辖区 by default for county and city officials, 全区 one
    click away); region staff and inspectors see no 范围: their territory is the region.
    County and city choices follow the scope."""

    territory_path = None  # set by subclasses: lookup to the record's county
    scope = django_filters.ChoiceFilter(
        label="范围", choices=SCOPE_CHOICES, method="filter_scope", empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *args, request=None, **kwargs):
        self.territory = lower_territory(request.user) if request is not None else None
        if self.territory is not None:
            data = data.copy() if data is not None else QueryDict(mutable=True)
            if data.get("scope") not in (SCOPE_OWN, SCOPE_ALL):
                data["scope"] = SCOPE_OWN
        super().__init__(data, *args, request=request, **kwargs)
        if self.territory is None:
            del self.filters["scope"]
            return
        self.filters["scope"].extra["initial"] = SCOPE_OWN
        self.filters["scope"].label = f"范围（本辖区：{self.territory.region.full_name}）"
        if data.get("scope") == SCOPE_OWN:
            self.narrow_choices(self.territory.region.code)

    @property
    def current_scope(self):
        if self.territory is None:
            return SCOPE_ALL
        return self.data.get("scope", SCOPE_OWN)

    def narrow_choices(self, code):
        """Only the divisions and authorities that concern the territory in the drop-downs:
        its own and those inside it, and the city and region above it."""
        above = [code[:2], code[:4]]
        for flt in self.filters.values():
            queryset = getattr(flt, "queryset", None)
            if not isinstance(queryset, QuerySet):
                continue
            path = {"region": "code", "authority": "region__code"}.get(
                queryset.model._meta.model_name)
            if path:
                flt.queryset = queryset.filter(
                    Q(**{f"{path}__startswith": code}) | Q(**{f"{path}__in": above}))

    def filter_scope(self, queryset, name, value):
        if self.territory is None or value != SCOPE_OWN:
            return queryset
        return in_territory(queryset, self.territory_path, self.territory)


def matching(queryset, text, search_type="institution", path="pk"):
    """`queryset` narrowed to records whose `path` is the id of a `search_type` record
    matching `text` in the registry's database index (Chinese fragments, pinyin, ids)."""
    ids = DatabaseBackend().object_ids(search_type, text)
    return queryset.filter(**{f"{path}__in": ids})


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


class ScopedChooserFilterForm(BaseFilterForm):
    """范围 in a chooser: a county or city official picks among its own territory's records
    by default, and may list the whole region (the form it fills still refuses a record
    it may not name)."""

    scope = forms.ChoiceField(
        label="范围", choices=CHOOSER_SCOPE_CHOICES, required=False, initial=SCOPE_OWN,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": "true"}),
    )
    territory = None
    territory_path = None

    def filter(self, objects):
        objects = super().filter(objects)
        if self.territory is not None and self.cleaned_data.get("scope") != SCOPE_ALL:
            objects = in_territory(objects, self.territory_path, self.territory)
        return objects


class TokenisedChooserFilterForm(ScopedChooserFilterForm):
    field_order = ["q", "scope"]

    q = forms.CharField(
        label="检索", required=False,
        widget=forms.TextInput(attrs={"placeholder": "机构名称（两个字即可）、统一社会信用代码"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if query := self.cleaned_data.get("q"):
            objects = matching(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class ViewableChoicesMixin:
    """A chooser lists only the records the user may open (personnel: its territory), and a
    county or city official's own territory first (范围)."""

    def get_filter_form_class(self):
        if self.filter_form_class is None and self.territory_path:
            return ScopedChooserFilterForm
        return super().get_filter_form_class()

    @property
    def territory_path(self):
        return TERRITORY_PATHS.get(self.model_class._meta.model_name)

    def get_filter_form(self):
        form = super().get_filter_form()
        territory = lower_territory(self.request.user)
        if "scope" in form.fields:
            if territory is None or not self.territory_path:
                del form.fields["scope"]
            else:
                form.territory, form.territory_path = territory, self.territory_path
                form.fields["scope"].label = f"范围（本辖区：{territory.region.full_name}）"
        return form

    def get_object_list(self):
        objects = super().get_object_list()
        policy = policy_registry.get_by_type(self.model_class)
        viewable = policy.instances_user_has_permission_for(self.request.user, "view")
        return objects.filter(pk__in=viewable.values("pk"))


class GuardedChooseView(ViewableChoicesMixin, snippet_chooser.ChooseView):
    pass


class GuardedChooseResultsView(ViewableChoicesMixin, snippet_chooser.ChooseResultsView):
    pass


class GuardedChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """Chooser URLs behind the same gate as the record's own URLs (admin_guard.py)."""

    choose_view_class = GuardedChooseView
    choose_results_view_class = GuardedChooseResultsView

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), self.model)


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


class InstitutionChooseView(GuardedChooseView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooseResultsView(GuardedChooseResultsView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooserViewSet(GuardedChooserViewSet):
    choose_view_class = InstitutionChooseView
    choose_results_view_class = InstitutionChooseResultsView
