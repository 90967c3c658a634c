"""What inspections contribute to search: published results (抽查结果), by the
institution's name, USCC and place. Inspector names are never indexed."""

from licensing.models import Institution
from search import registry
from search.documents import Document
from search.registry import SearchType

from .models import Inspection


def title(inspection):
    return f"{inspection.institution.name}随机监督抽查结果"


def subtitle(inspection):
    day = inspection.visited_on or inspection.published_on
    return f"{inspection.get_outcome_display()}，{day:%Y-%m-%d}检查"


class InspectionSearch(SearchType):
    """Published inspection results (双随机抽查结果公示)."""

    name, label, model = "inspection", "抽查结果", Inspection

    def get_queryset(self):
        return Inspection.objects.filter(status=Inspection.Status.PUBLISHED).select_related(
            "institution__region__parent")

    def document(self, inspection):
        institution, region = inspection.institution, inspection.institution.region
        day = inspection.visited_on or inspection.published_on
        return Document(
            type=self.name, id=inspection.pk, title=title(inspection),
            subtitle=subtitle(inspection),
            sort_key=f"7|{region.code}|{institution.name}|{day}",
            text=(institution.name, institution.uscc, "随机监督抽查",
                  inspection.get_outcome_display()),
            exact=(institution.uscc,), city=region.code[:4], county=region.code,
        )


def inspections_of(institution):
    return [("inspection", pk) for pk in Inspection.objects.filter(
        institution=institution, status=Inspection.Status.PUBLISHED).values_list(
        "pk", flat=True)]


def register():
    registry.register(InspectionSearch())
    registry.watch(Institution, inspections_of)
    registry.register_labels("type", {InspectionSearch.name: InspectionSearch.label})
