"""Search answers kept in Django's cache until the index changes.

Every write to the index (a record saved or deleted, a rebuild) moves the index's
version, a row of the database written in the same transaction as the index; an
answer is kept under the version and the query (the query names its day, so a
licence's status or a penalty's window is evaluated afresh each day). So a change is
visible on the next request after its commit — in every worker, the cache being shared
(the database by default, Redis by setting) — and a common word's facet counts over
100,000 records are counted once per change, not once per visitor.
"""

import hashlib
import time

from django.core.cache import cache

from .models import IndexVersion

KEEP_SECONDS = 24 * 3600
ROW = 1


def version():
    value = IndexVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()
    return value if value is not None else index_changed()


def index_changed():
    """Move the version, in the caller's transaction (one UPDATE: writers of the index
    queue on this row until they commit, as they would on the index's own rows)."""
    value = time.time_ns()
    if not IndexVersion.objects.filter(pk=ROW).update(value=value):
        IndexVersion.objects.get_or_create(pk=ROW, defaults={"value": value})
    return value


def remember(key_parts, compute):
    """compute(), or its answer kept for `key_parts` (a query) at the index's version."""
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    key = f"search:{version()}:{digest}"
    answer = cache.get(key)
    if answer is None:
        answer = compute()
        if not getattr(answer, "degraded", False):  # a fallback answer is not kept
            cache.set(key, answer, KEEP_SECONDS)
    return answer
