"""The register in the API: institutions with their licences, and licences alone.

/api/v1/institutions/ answers with the directory's own search (the same form, so `q`
runs on whichever backend the directory uses, database or Elasticsearch) whenever a
search parameter is given, ranked as the directory ranks and at most the directory's
1,000 results; without one it walks every institution in id order by cursor, which is
what a consumer copying the whole register does."""

from dataclasses import replace

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from search import results as search_results

from .api_base import LabelField, cursor_pages, detached
from .choices import EventKind, Service, Status
from .filters import InstitutionSearchForm, LicenceFilter
from .models import Institution, Licence, LicenceEvent, Technology

STATUS_LABELS = {value: str(label) for value, label in Status.choices}
SEARCH_PARAMS = ("q", "city", "county", "service", "technology", "status")


class EventSerializer(serializers.ModelSerializer):
    kind_label = LabelField(EventKind.choices, source="kind", help_text="事项")

    class Meta:
        model = LicenceEvent
        fields = ["date", "kind", "kind_label", "document_no", "new_valid_until"]


class LicenceSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", help_text="机构名称")
    service_label = LabelField(Service.choices, source="service", help_text="许可项目")
    technologies = serializers.SerializerMethodField(help_text="批准技术")
    authority = serializers.CharField(source="authority.name", help_text="许可机关")
    status = serializers.SerializerMethodField(help_text="今天的许可状态")
    status_label = serializers.SerializerMethodField(help_text="许可状态（中文）")
    events = EventSerializer(many=True, read_only=True, source="event_list",
                             help_text="变更、校验、暂停、吊销、注销等记录")

    class Meta:
        model = Licence
        fields = ["id", "institution", "institution_name", "service", "service_label",
                  "technologies", "licence_no", "decision_no", "decided_on", "valid_from",
                  "valid_until", "authority", "status", "status_label", "events"]

    def get_technologies(self, licence) -> list[str]:
        return [t.name for t in licence.technology_list]

    def today(self):
        """The day of this answer, read once (timezone.localdate() per licence costs more
        than the rest of its serialization)."""
        if "today" not in self.context:
            self.context["today"] = timezone.localdate()
        return self.context["today"]

    def get_status(self, licence) -> str:
        return str(licence.status(self.today()))

    def get_status_label(self, licence) -> str:
        return STATUS_LABELS[licence.status(self.today())]


class InstitutionLicenceSerializer(LicenceSerializer):
    class Meta(LicenceSerializer.Meta):
        fields = [f for f in LicenceSerializer.Meta.fields
                  if f not in ("institution", "institution_name")]


class InstitutionSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="region.code", help_text="所在县级区划代码")
    county_name = serializers.CharField(source="region.name", help_text="所在县（市、区）")
    city = serializers.CharField(source="region.parent.code", help_text="所在设区市区划代码")
    city_name = serializers.CharField(source="region.parent.name", help_text="所在设区市")
    category_label = LabelField(Institution.Category.choices, source="category",
                                help_text="机构类别")
    ownership_label = LabelField(Institution.Ownership.choices, source="ownership",
                                 help_text="举办性质")
    licences = InstitutionLicenceSerializer(many=True, read_only=True, source="licence_list")
    page = serializers.SerializerMethodField(help_text="该机构的网页")

    class Meta:
        model = Institution
        fields = ["id", "name", "uscc", "medical_licence_no", "county", "county_name", "city",
                  "city_name", "address", "category", "category_label", "ownership",
                  "ownership_label", "contact_phone", "licences", "page"]

    def get_page(self, institution) -> str:
        return institution.get_absolute_url()


# The columns the serializers read, and no others: building a record costs per column,
# and a page of institutions builds about a thousand.
INSTITUTION_COLUMNS = ("name", "uscc", "medical_licence_no", "address", "category",
                       "ownership", "contact_phone", "region__code", "region__name",
                       "region__parent__code", "region__parent__name")
LICENCE_COLUMNS = ("institution_id", "service", "licence_no", "decision_no", "decided_on",
                   "valid_from", "valid_until", "state", "authority__name")
EVENT_COLUMNS = ("licence_id", "date", "kind", "document_no", "new_valid_until")


def licence_rows(*also):
    """Licences with what LicenceSerializer reads (and the columns `also` names), their
    technologies and events prefetched into plain lists (to_attr): through the
    relations' managers, modelcluster builds a manager and a queryset for every licence,
    half the time of an API page."""
    return Licence.objects.select_related("authority").only(
        *LICENCE_COLUMNS, *also).prefetch_related(
        Prefetch("technologies", queryset=Technology.objects.only("name"),
                 to_attr="technology_list"),
        Prefetch("events", queryset=LicenceEvent.objects.only(*EVENT_COLUMNS),
                 to_attr="event_list"))


def licences_prefetch():
    return Prefetch("licences", queryset=licence_rows().order_by("service", "pk"),
                    to_attr="licence_list")


def release(institutions):
    """Break the cycles a prefetch leaves between these institutions, their licences and
    the licences' events (each child caches its parent), once serialized: freed when
    the answer goes, by reference counting, instead of piling up for the collector,
    whose full passes over a few pages' worth made one API search in ten slow."""
    for institution in institutions:
        for licence in institution.licence_list:
            for event in licence.event_list:
                event._state.fields_cache.clear()
            licence.event_list = licence.technology_list = ()
            licence._state.fields_cache.clear()
        institution.licence_list = ()
        institution._state.fields_cache.clear()


def search_parameters():
    """The directory's search fields (their region and technology choices come from the
    database, so they are described rather than listed)."""
    described = {
        "q": ("关键词（机构名称、统一社会信用代码、地址、批准技术等）", None),
        "city": ("设区市的区划代码，如 4501", None),
        "county": ("县（市、区）的区划代码，如 450103", None),
        "service": ("许可项目", [value for value, _ in Service.choices]),
        "technology": ("批准技术的代码，如 IVF-ET", None),
        "status": ("许可状态（今天）", [value for value, _ in Status.choices]),
    }
    return [OpenApiParameter(name, str, description=text, enum=enum)
            for name, (text, enum) in described.items()] + [
        OpenApiParameter("page", int, description="有检索条件时的页码（从 1 起），与机构名录的页码"
                         "相同：每页默认 20 条，可用 page_size 改变")]


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """医疗机构及其许可: the directory's search when a search parameter is given, else
    every institution by id (cursor pages)."""

    serializer_class = InstitutionSerializer
    pagination_class = cursor_pages("pk")

    def get_queryset(self):
        return Institution.objects.select_related("region__parent").only(
            *INSTITUTION_COLUMNS).prefetch_related(licences_prefetch())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.add_post_render_callback(let_go)
        return response

    def get_paginated_response(self, data):
        release(self.paginator.page)
        return super().get_paginated_response(data)

    @extend_schema(parameters=search_parameters())
    def list(self, request, *args, **kwargs):
        if not any(request.query_params.get(name) for name in SEARCH_PARAMS):
            return super().list(request, *args, **kwargs)
        return self.search_list(request)

    def search_list(self, request):
        form = InstitutionSearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        # The directory's pages unless asked otherwise: page=3 is the directory's page 3.
        size = (self.paginator.get_page_size(request) if "page_size" in request.query_params
                else settings.REGISTRY_PAGE_SIZE)
        page, _result = search_results.run(replace(form.query(size), facets=False))
        ids = [pk for _type, pk in page.object_list]
        found = self.get_queryset().in_bulk(ids)
        rows = [found[pk] for pk in ids if pk in found]
        data = detached(self.get_serializer(rows, many=True))
        release(rows)
        return Response({
            "next": page_link(request, page.next_page_number()) if page.has_next() else None,
            "previous": page_link(request, page.previous_page_number())
            if page.has_previous() else None,
            "results": data,
        })


def let_go(response):
    """Once rendered, a response needs its data no more: DRF's view and response point
    at each other, and would keep a page's data for the garbage collector."""
    response.data = None


def page_link(request, number):
    """This search's URL at page `number` (built from the decoded parameters, so that
    Chinese keywords come back percent-encoded as UTF-8)."""
    params = request.query_params.copy()
    params.pop("cursor", None)
    params["page"] = number
    return request.build_absolute_uri(request.path) + "?" + params.urlencode()


class LicenceViewSet(viewsets.ReadOnlyModelViewSet):
    """许可: every licence with its status today (有效、尚未生效、暂停、过期、吊销、注销)."""

    serializer_class = LicenceSerializer
    filterset_class = LicenceFilter
    pagination_class = cursor_pages("pk")

    def get_queryset(self):
        return licence_rows("institution__name").select_related("institution")


ROUTES = [("institutions", InstitutionViewSet, "institution"),
          ("licences", LicenceViewSet, "licence")]
