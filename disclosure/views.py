"""Public pages of the semiannual list: every edition, its changes and its downloads."""

import io
import json

import openpyxl
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl.styles import Font

from licensing.views import paginate

from .editions import changes_since_previous, next_due, published_editions
from .filters import NoticeFilter
from .list_rules import COLUMNS
from .notices import public_notices

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def list_index(request):
    return render(request, "disclosure/list_index.html", {
        "editions": published_editions().order_by("-as_of", "-published_on", "-pk"),
        "due": next_due(timezone.localdate()),
    })


def list_detail(request, pk):
    edition = get_object_or_404(published_editions(), pk=pk)
    previous, changes = changes_since_previous(edition)
    return render(request, "disclosure/list_detail.html", {
        "edition": edition, "previous": previous, "changes": changes,
        "corrections": edition.corrections.filter(live=True, published_on__isnull=False),
        "formats": list(CONTENT_TYPES),
    })


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
    return render(request, "disclosure/application_list.html",
                  {"form": filterset.form, "page": page, "querystring": querystring})


def application_detail(request, pk):
    notice = get_object_or_404(public_notices(), application_id=pk)
    return render(request, "disclosure/application_detail.html",
                  {"notice": notice, "application": notice.application})
