"""Search answers kept in Django's cache until the index changes.

Every write to the index (a record saved or deleted, a rebuild) moves the index's
version; an answer is kept under the version and the query (the query names its day,
so a licence's status or a penalty's window is evaluated afresh each day). So a change
is visible on the next request — in every worker, the cache being shared (the database
by default, Redis by setting) — and a common word's facet counts over 100,000 records
are counted once per change, not once per visitor.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "search:index-version"
KEEP_SECONDS = 24 * 3600


def version():
    return cache.get_or_set(VERSION_KEY, time.time_ns, None)


def _move():
    cache.set(VERSION_KEY, time.time_ns(), None)


def index_changed():
    """Move the version now and again at commit: a reader that computed an answer
    between the two, from the index before the commit, keeps it under a dead version."""
    _move()
    transaction.on_commit(_move)


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
