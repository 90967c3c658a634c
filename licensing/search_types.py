"""What the register contributes to search: institutions, licences, published decisions."""

from django.db.models import Prefetch

from search import registry
from search.documents import Document, LicenceWindow
from search.registry import SearchType

from .choices import Level, Service, Status
from .licence_status import status_conditions
from .models import GUANGXI, Approval, Institution, Licence, Region, Technology

TECHNOLOGIES = Prefetch("technologies", queryset=Technology.objects.order_by("sort_order"))


def place(region):
    return {"city": region.code[:4], "county": region.code}


CHUNK = 2000
# What one write of the index has read ({pk: row}), shared by the types it writes.
READ_INSTITUTIONS, READ_LICENCES = "licensing.institutions", "licensing.licences"


LICENCE_FIELDS = ("pk", "institution_id", "service", "licence_no", "decision_no", "state",
                  "valid_from", "valid_until")
INSTITUTION_FIELDS = ("pk", "name", "uscc", "medical_licence_no", "region__code",
                      "region__name", "region__parent__name")


def row_chunks(queryset, fields):
    """The records of `queryset` as plain rows of `fields`, in id order, CHUNK at a time:
    one query per chunk (a save's few records: one query; a rebuild: never all at once)."""
    rows_of = queryset.prefetch_related(None).order_by("pk").values(*fields)
    last = None
    while True:
        rows = list((rows_of if last is None else rows_of.filter(pk__gt=last))[:CHUNK])
        if rows:
            yield rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]["pk"]


def licence_rows(licences):
    """Licence rows with their technology codes, read as plain values (rebuilds are large)."""
    return with_technologies(list(licences.values(*LICENCE_FIELDS)))


def with_technologies(rows):
    codes = {}
    through = Licence.technologies.through.objects.filter(
        licence_id__in=[row["pk"] for row in rows]
    ).order_by("technology__sort_order").values_list("licence_id", "technology__code")
    for licence_id, code in through:
        codes.setdefault(licence_id, []).append(code)
    for row in rows:
        row["technologies"] = tuple(codes.get(row["pk"], ()))
    return rows


def row_window(row):
    return LicenceWindow(service=row["service"], technologies=row["technologies"],
                         state=row["state"], valid_from=row["valid_from"],
                         valid_until=row["valid_until"])


def institution_rows(ids):
    rows = Institution.objects.filter(pk__in=ids).values(*INSTITUTION_FIELDS)
    return {row["pk"]: row for row in rows}


def full_name(row, prefix="region__"):
    return f"{row[prefix + 'parent__name'] or ''}{row[prefix + 'name']}"


class InstitutionSearch(SearchType):
    name, label, model = "institution", "医疗机构", Institution

    def get_queryset(self):
        return Institution.objects.select_related("region__parent").prefetch_related(
            Prefetch("licences", queryset=Licence.objects.prefetch_related(TECHNOLOGIES))
        )

    def document(self, institution):
        row = {"pk": institution.pk, "name": institution.name, "uscc": institution.uscc,
               "medical_licence_no": institution.medical_licence_no,
               "region__code": institution.region.code, "region__name": institution.region.name,
               "region__parent__name": institution.region.parent.name}
        return self.from_rows(row, licence_rows(institution.licences.all()))

    def summary(self, institution):
        return institution.name, institution.region.full_name

    def documents(self, queryset, readings=None):
        for rows in row_chunks(queryset, INSTITUTION_FIELDS):
            ids = [row["pk"] for row in rows]
            licences = {}
            for licence in licence_rows(Licence.objects.filter(institution_id__in=ids)):
                licences.setdefault(licence["institution_id"], []).append(licence)
            if readings is not None:  # a licence written with its institution reads none
                readings.setdefault(READ_INSTITUTIONS, {}).update((r["pk"], r) for r in rows)
                readings.setdefault(READ_LICENCES, {}).update(
                    (licence["pk"], licence) for group in licences.values() for licence in group)
            for row in rows:
                yield self.from_rows(row, licences.get(row["pk"], []))

    def documents_of(self, ids, readings):
        return self.documents(self.get_queryset().filter(pk__in=ids), readings)

    def from_rows(self, row, licences):
        numbers = [licence["licence_no"] for licence in licences]
        place_name, code = full_name(row), row["region__code"]
        return Document(
            type=self.name, id=row["pk"], title=row["name"], subtitle=place_name,
            sort_key=f"1|{code}|{row['name']}",
            text=(row["name"], row["uscc"], row["medical_licence_no"], place_name, *numbers),
            exact=(row["uscc"], row["medical_licence_no"], *numbers),
            licences=tuple(row_window(licence) for licence in licences),
            city=code[:4], county=code,
        )


class LicenceSearch(SearchType):
    name, label, model = "licence", "许可", Licence

    def get_queryset(self):
        return Licence.objects.select_related("institution__region__parent").prefetch_related(
            TECHNOLOGIES
        )

    def document(self, licence):
        [row] = licence_rows(Licence.objects.filter(pk=licence.pk))
        institution = institution_rows([licence.institution_id])[licence.institution_id]
        return self.from_rows(row, institution)

    def summary(self, licence):
        return (f"{licence.institution.name} — {licence.get_service_display()}",
                f"许可证编号 {licence.licence_no}")

    def documents_of(self, ids, readings):
        """A licence saved re-indexes its institution first (affected), which read the
        licence's row, its technologies and the institution's row: built from those.
        Every licence is public, as get_queryset says, so a row read is a document."""
        read, institutions = readings.get(READ_LICENCES, {}), readings.get(READ_INSTITUTIONS, {})
        for pk in ids:
            if pk in read:
                yield self.from_rows(read[pk], institutions[read[pk]["institution_id"]])
        if rest := [pk for pk in ids if pk not in read]:
            yield from self.documents(self.get_queryset().filter(pk__in=rest))

    def documents(self, queryset):
        for rows in row_chunks(queryset, LICENCE_FIELDS):
            rows = with_technologies(rows)
            institutions = institution_rows({row["institution_id"] for row in rows})
            for row in rows:
                yield self.from_rows(row, institutions[row["institution_id"]])

    def from_rows(self, row, institution):
        place_name, code = full_name(institution), institution["region__code"]
        return Document(
            type=self.name, id=row["pk"],
            title=f"{institution['name']} — {Service(row['service']).label}",
            subtitle=f"许可证编号 {row['licence_no']}",
            sort_key=f"2|{code}|{institution['name']}|{row['service']}",
            text=(institution["name"], row["licence_no"], row["decision_no"], place_name),
            exact=(row["licence_no"], row["decision_no"]),
            licences=(row_window(row),), city=code[:4], county=code,
        )

    def affected(self, licence):
        return [("institution", licence.institution_id)]


class DecisionSearch(SearchType):
    """Granted decisions once published (双公示)."""

    name, label, model = "decision", "许可决定", Approval

    def get_queryset(self):
        return Approval.objects.filter(
            decision=Approval.Decision.APPROVED, published_on__isnull=False
        ).select_related("institution__region__parent").prefetch_related(TECHNOLOGIES)

    def document(self, approval):
        institution, region = approval.institution, approval.institution.region
        return Document(
            type=self.name, id=approval.pk,
            title=f"{institution.name} — {approval.get_service_display()}"
                  f"（{approval.get_kind_display()}）",
            subtitle=f"{approval.decision_no}，{approval.decided_on:%Y-%m-%d}",
            sort_key=f"3|{region.code}|{institution.name}|{approval.decided_on}",
            text=(institution.name, institution.uscc, approval.decision_no, approval.licence_no,
                  region.full_name),
            exact=(approval.decision_no, approval.licence_no),
            services=(approval.service,),
            technologies=tuple(t.code for t in approval.technologies.all()), **place(region),
        )


def region_names(level):
    def names():
        regions = Region.objects.filter(code__startswith=GUANGXI, level=level)
        return dict(regions.values_list("code", "name"))

    return names


def register():
    for search_type in (InstitutionSearch(), LicenceSearch(), DecisionSearch()):
        registry.register(search_type)
    registry.set_status_rule(status_conditions, Status.values)
    registry.register_labels("service", dict(Service.choices))
    registry.register_labels("status", dict(Status.choices))
    registry.register_labels(
        "technology", lambda: dict(Technology.objects.values_list("code", "name"))
    )
    registry.register_labels("city", region_names(Level.CITY))
    registry.register_labels("county", region_names(Level.COUNTY))

