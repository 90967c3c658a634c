"""Full dumps of every public collection (JSON Lines, CSV, XLSX), written from the ledger:
a dump as of change N holds exactly what replaying changes 1…N gives, so a consumer loads
the dump and then reads /api/v1/changes/?since=N. Each carries its SHA-256, record count,
time and N. They are written by the nightly refresh_open_data (only those whose
collection changed), or on first demand when there is none: a reader never waits for
100,000 rows of XLSX, and an older dump with its number is as good as a new one."""

import csv
import hashlib
import io
import json
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from openpyxl import Workbook

from . import collections as public
from .ledger import counter, ensure_current
from .models import Change, Dump, RecordState

FORMATS = {
    "jsonl": ("JSON Lines", "application/jsonl; charset=utf-8"),
    "csv": ("CSV（UTF-8，带 BOM，Excel 可直接打开）", "text/csv; charset=utf-8"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
FOLDER = "open-data"


def cell(value):
    """A CSV or spreadsheet cell: lists and objects as JSON text, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def records(name):
    return (RecordState.objects.filter(collection=name).order_by("record_id")
            .values_list("record", flat=True).iterator(chunk_size=2000))


def write_jsonl(out, columns, rows):
    for row in rows:
        ordered = {column: row.get(column) for column in columns}
        out.write((json.dumps(ordered, ensure_ascii=False) + "\n").encode())


def write_csv(out, columns, rows):
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    text.flush()
    text.detach()


def write_xlsx(out, columns, rows):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(columns)
    for row in rows:
        sheet.append([cell(row.get(column)) for column in columns])
    book.save(out)


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "xlsx": write_xlsx}


def build(collection, fmt, seq):
    """Write one dump to storage (replacing the previous one) and record it."""
    columns = list(collection.fields())
    with tempfile.TemporaryFile() as out:
        WRITERS[fmt](out, columns, records(collection.name))
        out.seek(0)
        sha = hashlib.file_digest(out, "sha256").hexdigest()
        size = out.tell()
        out.seek(0)
        path = default_storage.save(f"{FOLDER}/{collection.name}-{seq}.{fmt}", File(out))
    old = Dump.objects.filter(collection=collection.name, fmt=fmt).first()
    if old and old.path != path:
        default_storage.delete(old.path)
    count = RecordState.objects.filter(collection=collection.name).count()
    dump, _ = Dump.objects.update_or_create(collection=collection.name, fmt=fmt, defaults={
        "seq": seq, "path": path, "sha256": sha, "size": size, "count": count,
        "generated_at": timezone.now()})
    return dump


def current_dumps(refresh=False):
    """{collection name: {format: Dump}}: the existing dumps, with any missing one
    written; with `refresh`, every dump whose collection changed since is rewritten."""
    ensure_current()
    if not refresh and (dumps := _all_present()) is not None:
        return dumps  # what every reader of /data/ gets: no lock, no count of changes
    with transaction.atomic():
        last_seq = counter().last_seq  # locked: one writer of dumps at a time
        changed = dict(Change.objects.order_by().values_list("collection").annotate(
            last=Max("seq"))) if refresh else {}
        existing = {(d.collection, d.fmt): d for d in Dump.objects.all()}
        dumps = {}
        for collection in public.collections():
            for fmt in FORMATS:
                dump = existing.get((collection.name, fmt))
                stale = refresh and dump is not None and (
                    dump.seq < changed.get(collection.name, 0))
                if dump is None or stale or not default_storage.exists(dump.path):
                    dump = build(collection, fmt, last_seq)
                dumps.setdefault(collection.name, {})[fmt] = dump
        return dumps


def _all_present():
    """Every collection's dump in every format, when all are written; else None."""
    existing = {(d.collection, d.fmt): d for d in Dump.objects.all()}
    dumps = {}
    for collection in public.collections():
        for fmt in FORMATS:
            dump = existing.get((collection.name, fmt))
            if dump is None or not default_storage.exists(dump.path):
                return None
            dumps.setdefault(collection.name, {})[fmt] = dump
    return dumps


def open_dump(dump):
    return default_storage.open(dump.path, "rb")


def file_size(size):
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"

