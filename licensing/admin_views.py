"""Wagtail admin views of the register: tokenised search, guarded viewsets and choosers,
and approvals saved through the service layer."""

from django import forms
from django.db import transaction
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from search.backends.database import DatabaseBackend

from . import services
from .admin_guard import guard_urlpatterns


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


class InstitutionIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    pass


class LicenceIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    search_type = "licence"


class ByInstitutionIndexView(TokenisedSearchMixin, snippet_views.IndexView):
    """Records found by their institution's name, USCC or licence numbers."""

    search_path = "institution_id"


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


class ViewableChoicesMixin:
    """A chooser lists only the records the user may open (personnel: its territory)."""

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
    form writes over the original, and no register record is made by copying)."""

    copy_view_enabled = False
    chooser_viewset_class = GuardedChooserViewSet

    def get_urlpatterns(self):
        return guard_urlpatterns(super().get_urlpatterns(), self.model)


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
