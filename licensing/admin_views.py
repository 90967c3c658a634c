"""Wagtail admin views of the register: tokenised search and per-record territory checks."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from search.backends.database import DatabaseBackend

from .territory import refusal_for


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


class TerritoryCheckMixin:
    """Refuse the edit or delete URL of a record outside the user's territory.

    Wagtail's generic views check only model-level permissions here
    (wagtail/wagtail#10746), so the record itself is checked before anything runs.
    """

    territory_action = "change"

    def dispatch(self, request, *args, **kwargs):
        obj = get_object_or_404(self.model, pk=unquote(str(kwargs[self.pk_url_kwarg])))
        reason = refusal_for(request.user, self.territory_action, obj)
        if reason:
            messages.error(request, reason)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class InstitutionIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    pass


class LicenceIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    search_type = "licence"


class ByInstitutionIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    """Records found by their institution's name, USCC or licence numbers."""

    search_path = "institution_id"


class ScopedEditView(TerritoryCheckMixin, snippet_views.EditView):
    pass


class ScopedDeleteView(TerritoryCheckMixin, snippet_views.DeleteView):
    territory_action = "delete"


class TokenisedChooserFilterForm(BaseFilterForm):
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


class InstitutionChooseView(snippet_chooser.ChooseView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooseResultsView(snippet_chooser.ChooseResultsView):
    filter_form_class = TokenisedChooserFilterForm


class InstitutionChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = InstitutionChooseView
    choose_results_view_class = InstitutionChooseResultsView
