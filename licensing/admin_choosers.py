"""Choosers of the register's admin: behind the same gate as the records' own URLs
(admin_guard.py), listing only what the user may open, the user's territory first, and
institutions found by the registry's tokenised index."""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser

from .admin_guard import guard_urlpatterns
from .admin_scope import (
    CHOOSER_SCOPE_CHOICES,
    SCOPE_ALL,
    SCOPE_OWN,
    TERRITORY_PATHS,
    in_territory,
    lower_territory,
    matching,
)


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


class InstitutionChooseView(GuardedChooseView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooseResultsView(GuardedChooseResultsView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooserViewSet(GuardedChooserViewSet):
    choose_view_class = InstitutionChooseView
    choose_results_view_class = InstitutionChooseResultsView
