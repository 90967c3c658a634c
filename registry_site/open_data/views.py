"""/data/: the full dumps with their checksums, a download per format, and the data
dictionary (/data/dictionary/)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from licensing.views import latest_day

from . import collections as public
from . import dictionary
from .dumps import FORMATS, current_dumps, file_size, open_dump
from .ledger import ensure_current
from .models import Change, RecordState


def last_changed():
    last = Change.objects.order_by("-seq").values_list("at", flat=True).first()
    return latest_day([last])


def data_index(request):
    dumps = current_dumps()
    rows = []
    for collection in public.collections():
        by_format = dumps[collection.name]
        first = next(iter(by_format.values()))
        rows.append({
            "name": collection.name, "title": collection.title,
            "description": dictionary.DESCRIPTIONS.get(collection.name, ""),
            "count": first.count, "seq": first.seq, "generated_at": first.generated_at,
            "files": [{"fmt": fmt, "label": FORMATS[fmt][0], "size": file_size(dump.size),
                       "sha256": dump.sha256} for fmt, dump in by_format.items()],
        })
    return render(request, "registry_site/data_index.html", {
        "rows": rows, "data_updated": last_changed() or timezone.localdate()})


def data_download(request, name, fmt):
    if fmt not in FORMATS or name not in {c.name for c in public.collections()}:
        raise Http404
    dump = current_dumps()[name][fmt]
    response = FileResponse(open_dump(dump), as_attachment=True, filename=f"{name}.{fmt}",
                            content_type=FORMATS[fmt][1])
    response["X-Checksum-SHA256"] = dump.sha256
    response["X-Change-Seq"] = str(dump.seq)
    return response


def data_dictionary(request):
    ensure_current()  # the examples come from the ledger
    sections = []
    for collection in public.collections():
        sample = (RecordState.objects.filter(collection=collection.name).order_by("record_id")
                  .values_list("record", flat=True).first())
        sections.append({"name": collection.name, "title": collection.title,
                         "description": dictionary.DESCRIPTIONS.get(collection.name, ""),
                         "columns": dictionary.columns(collection, sample)})
    return render(request, "registry_site/data_dictionary.html", {
        "sections": sections, "data_updated": last_changed()})
