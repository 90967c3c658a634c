"""Public pages of the semiannual list: every edition, its changes and its downloads."""

import io
import json

import openpyxl
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl.styles import Font

from licensing.models import Institution, Licence
from licensing.views import latest_day, paginate

from .editions import changes_since_previous, next_due, published_editions
from .filters import NoticeFilter
from .list_rules import COLUMNS, HistoryEvent, LicenceHistory, explain
from .notices import public_notices

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


# The downloads, each with a word on what opens it.
FORMAT_NOTES = {
    "csv": "CSV表格（Excel、WPS等可打开；校验码按此文件计算）",
    "xlsx": "Excel表格",
    "json": "JSON（供软件程序读取）",
}


def list_index(request):
    editions = list(published_editions().order_by("-as_of", "-published_on", "-pk"))
    return render(request, "disclosure/list_index.html", {
        "editions": editions,
        "due": next_due(timezone.localdate()),
        "data_updated": latest_day([e.published_on for e in editions]),
    })


def list_detail(request, pk):
    edition = get_object_or_404(published_editions(), pk=pk)
    previous, changes = changes_since_previous(edition)
    if previous:
        changes = explain(changes, licence_histories(changes), previous.as_of, edition.as_of)
    changes = with_institution_links(changes)
    corrections = list(edition.corrections.filter(live=True, published_on__isnull=False))
    return render(request, "disclosure/list_detail.html", {
        "edition": edition, "previous": previous, "changes": changes,
        "corrections": corrections,
        "formats": [(fmt, FORMAT_NOTES[fmt]) for fmt in CONTENT_TYPES],
        "data_updated": latest_day([edition.published_on,
                                    *(c.published_on for c in corrections)]),
    })


def licence_histories(changes):
    """The history of every licence added or removed, by licence number (list_rules.explain)."""
    numbers = {row["licence_no"] for row in changes["added"] + changes["removed"]}
    licences = Licence.objects.filter(licence_no__in=numbers).prefetch_related("events")
    return {
        licence.licence_no: LicenceHistory(
            valid_from=licence.valid_from, valid_until=licence.valid_until,
            events=tuple(HistoryEvent(e.date, e.kind, e.new_valid_until, e.document_no, e.note)
                         for e in licence.events.all()),
        )
        for licence in licences
    }


def with_institution_links(changes):
    """Each changed row with the page of its institution (`url`), where it still exists."""
    rows = changes["added"] + changes["removed"] + changes["changed"]
    pages = {uscc: Institution(pk=pk).get_absolute_url() for uscc, pk in
             Institution.objects.filter(uscc__in={row["uscc"] for row in rows})
             .values_list("uscc", "pk")}
    return {kind: [{**row, "url": pages.get(row["uscc"], "")} for row in rows_of_kind]
            for kind, rows_of_kind in changes.items()}


def list_download(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    edition = get_object_or_404(published_editions(), pk=pk)
    body = {"csv": edition.csv_bytes, "xlsx": lambda: as_xlsx(edition),
            "json": lambda: as_json(edition)}[fmt]()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"辅助生殖机构和人类精子库名单-截至{edition.as_of:%Y%m%d}"
    if edition.corrects_id:
        filename += f"-更正{edition.pk}"
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


def as_xlsx(edition):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append([heading for _key, heading in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in edition.rows:
        sheet.append([row[key] for key, _heading in COLUMNS])
    for letter, width in zip("ABCDEFGHI", (22, 36, 22, 18, 10, 40, 24, 12, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_json(edition):
    document = {
        "title": str(edition),
        "as_of": edition.as_of.isoformat(),
        "published_on": edition.published_on.isoformat(),
        "corrects": edition.corrects_id,
        "note": edition.note,
        "csv_sha256": edition.sha256,
        "columns": {key: heading for key, heading in COLUMNS},
        "rows": [{key: row[key] for key, _heading in COLUMNS} for row in edition.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def application_list(request):
    filterset = NoticeFilter(request.GET or None, queryset=public_notices())
    if filterset.is_bound and not filterset.is_valid():
        notices = public_notices().none()
    else:
        notices = filterset.qs
    page, querystring = paginate(request, notices)
    updated = notices_updated(page.object_list) or notices_updated(public_notices())
    return render(request, "disclosure/application_list.html",
                  {"form": filterset.form, "page": page, "querystring": querystring,
                   "data_updated": updated})


def notices_updated(notices):
    """The day the notices (or their applications) last changed or were published."""
    return latest_day([value for notice in notices for value in (
        notice.last_published_at, notice.application.updated_at, notice.application.disclosed_on)])


def application_detail(request, pk):
    notice = get_object_or_404(public_notices(), application_id=pk)
    return render(request, "disclosure/application_detail.html",
                  {"notice": notice, "application": notice.application,
                   "data_updated": notices_updated([notice])})
