"""What disclosure contributes to search: application notices and published list editions."""

from search import registry
from search.documents import Document
from search.registry import SearchType

from .application_rules import STATUS_LABELS
from .models import ApplicationNotice, ListEdition, SetupApplication


class NoticeSearch(SearchType):
    """Published notices of setup applications (申请机构信息公开)."""

    name, label, model = "application", "设置申请信息公开", ApplicationNotice

    def get_queryset(self):
        return ApplicationNotice.objects.filter(live=True).select_related(
            "application__region__parent"
        ).prefetch_related("application__technologies")

    def document(self, notice):
        application, region = notice.application, notice.application.region
        services = (("art",) if application.applies_art else ()) + (
            ("sperm_bank",) if application.applies_sperm_bank else ())
        return Document(
            type=self.name, id=notice.pk, title=f"{application.applicant_name}设置申请",
            subtitle=application.services_applied(),
            sort_key=f"4|{region.code}|{application.applicant_name}",
            text=(application.applicant_name, application.uscc, region.full_name),
            exact=(application.uscc,), city=region.code[:4], county=region.code,
            services=services, technologies=tuple(t.code for t in application.technologies.all()),
            statuses=(application.status,),
        )


class EditionSearch(SearchType):
    """Published semiannual lists; found by their date and the institutions they name."""

    name, label, model = "list_edition", "半年名单", ListEdition

    def get_queryset(self):
        return ListEdition.objects.filter(live=True, published_on__isnull=False)

    def document(self, edition):
        return Document(
            type=self.name, id=edition.pk, title=str(edition),
            subtitle=f"{edition.published_on:%Y-%m-%d}公布，{edition.row_count()}家机构",
            sort_key=f"5|{edition.as_of}|{edition.pk}",
            text=(str(edition), edition.as_of.isoformat(),
                  *(row["institution"] for row in edition.rows)),
            exact=(edition.sha256,),
        )


def notice_of(application):
    notice = ApplicationNotice.objects.filter(application=application).first()
    return [("application", notice.pk)] if notice else []


def register():
    registry.register(NoticeSearch())
    registry.register(EditionSearch())
    registry.watch(SetupApplication, notice_of)
    registry.register_labels("status", STATUS_LABELS)
    registry.register_labels("type", lambda: {
        name: search_type.label for name, search_type in registry.types().items()
    })
