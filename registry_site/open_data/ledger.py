"""The ledger: compare what the API shows now with what it showed last, and write each
difference as a numbered change (连续编号: 1, 2, 3 … with no gap and no repeat).

A write to the register only leaves a mark (tracking.py): the comparison runs when the
changes or the dumps are read, for the marked institutions and the small collections,
and on a new day for the institutions whose records change with the date alone
(due.py: a penalty's 公示期 ends, a licence expires, with no write to notice); the
nightly refresh_open_data compares everything.

Numbers are given under a lock on the counter row, held until the transaction commits,
so changes commit in number order and a rolled-back comparison gives its numbers back:
a consumer that asks for the changes after the last number it saw sees each change
exactly once.
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from . import collections as public
from .due import owners_due
from .models import Change, LedgerCounter, Mark, RecordState


def digest(record):
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def counter(lock=True):
    LedgerCounter.objects.get_or_create(pk=1)
    rows = LedgerCounter.objects.filter(pk=1)
    return (rows.select_for_update() if lock else rows).get()


def ensure_current():
    """Bring the ledger up to date with the register; returns the counter row."""
    with transaction.atomic():
        row = counter()
        today = timezone.localdate()
        marks = list(Mark.objects.values_list("pk", "owner"))
        owners = {o for _, o in marks}
        if row.full_on is None or Mark.EVERYTHING in owners:
            record(row, public.collections(), None)
            row.full_on = row.checked_on = today
        elif marks or row.checked_on != today:
            owners.discard(None)
            if row.checked_on != today:
                owners |= owners_due(row.checked_on or row.full_on, today)
                row.checked_on = today
            record(row, public.collections(), owners)
        read = [pk for pk, _ in marks]
        for start in range(0, len(read), 1000):
            Mark.objects.filter(pk__in=read[start:start + 1000]).delete()
        row.save()
        return row


def compare_everything():
    """The full comparison (refresh_open_data, nightly): every record of every collection,
    which also finds writes that bypassed the marks (QuerySet.update, bulk_create)."""
    with transaction.atomic():
        row = counter()
        Mark.objects.all().delete()
        written = record(row, public.collections(), None)
        row.full_on = row.checked_on = timezone.localdate()
        row.save()
        return written


def record(row, collections, owners):
    """Write the differences of `collections` (only those of the institutions `owners`
    in the collections tied to institutions, when given) under the next numbers, a
    chunk of records at a time (memory stays bounded on a large register)."""
    now = timezone.now()
    written = 0
    for collection in collections:
        scoped = owners is not None and collection.scope is not None
        for changes in differences(collection, owners if scoped else None):
            for seq, change in enumerate(changes, start=row.last_seq + 1):
                change.seq, change.at = seq, now
            apply(changes)
            row.last_seq += len(changes)
            written += len(changes)
    return written


def differences(collection, owners):
    """Lists of unsaved Change rows: records new or different since last seen, chunk by
    chunk, then tombstones for records no longer public."""
    states = RecordState.objects.filter(collection=collection.name)
    if owners is not None:
        states = states.filter(owner__in=owners)
    known = dict(states.values_list("record_id", "digest"))
    seen = set()
    for chunk in collection.read(owners):
        changes = []
        for pk, owner, data in chunk:
            seen.add(pk)
            if known.get(pk) != digest(data):
                change = Change(collection=collection.name, record_id=pk,
                                action=Change.UPSERT, record=data)
                change.owner = owner
                changes.append(change)
        yield changes
    yield [
        Change(collection=collection.name, record_id=pk, action=Change.DELETE,
               reason=collection.reason(pk))
        for pk in sorted(set(known) - seen)
    ]


def apply(changes):
    """Write the changes and move the ledger's states to match."""
    Change.objects.bulk_create(changes, batch_size=1000)
    gone = {}
    for change in (c for c in changes if c.action == Change.DELETE):
        gone.setdefault(change.collection, []).append(change.record_id)
    for name, ids in gone.items():
        for start in range(0, len(ids), 1000):  # SQLite bounds a query's parameters
            RecordState.objects.filter(collection=name,
                                       record_id__in=ids[start:start + 1000]).delete()
    RecordState.objects.bulk_create(
        [RecordState(collection=c.collection, record_id=c.record_id, owner=c.owner,
                     digest=digest(c.record), record=c.record, seq=c.seq)
         for c in changes if c.action == Change.UPSERT],
        batch_size=1000, update_conflicts=True, unique_fields=["collection", "record_id"],
        update_fields=["owner", "digest", "record", "seq"])
