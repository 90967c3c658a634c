"""Keeping the index current, and choosing the backend that answers.

The database backend's index is updated inside the same transaction as the
record, so it is never out of step. Elasticsearch is updated after the
transaction commits (transaction.on_commit), so it never shows what was rolled
back. If Elasticsearch does not answer, the database answers instead and the
page says so (SearchPage.degraded), never a server error.

Documents reach the backends with the names of their services and technologies
(the apps' facet labels) as keywords, which the vocabulary's official names find.
When a text finds nothing, search() asks again tolerantly (search.matching) and
marks the page approximate.
"""

import dataclasses
import logging
import threading
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from . import matching, registry, result_cache
from .backends.database import DatabaseBackend

logger = logging.getLogger("search")


def database_backend():
    return DatabaseBackend()


@cache
def _elasticsearch(url, prefix):
    from .backends.elastic import ElasticsearchBackend

    return ElasticsearchBackend(url, index_prefix=prefix)


def elasticsearch_backend():
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    return _elasticsearch(url, getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", "registry"))


def search(query):
    """Answer `query` from Elasticsearch if configured, else (or if it fails) the database.

    A text that matches nothing is asked again tolerantly (most of it must match); if
    that finds something, the page says so (approximate). The page also names the
    vocabulary words that were searched as official names too."""
    if query.on is None:  # licence statuses are evaluated on a day: today unless asked
        query = dataclasses.replace(query, on=timezone.localdate())
    # Kept per backend: the same question may be asked of either (tests switch them).
    backend = (getattr(settings, "ELASTICSEARCH_URL", ""),
               getattr(settings, "ELASTICSEARCH_INDEX_PREFIX", ""))
    return result_cache.remember((backend, query), lambda: _search(query))


def _search(query):
    page = answer(query)
    if not page.total and not query.approximate and matching.can_relax(query.text):
        retry = answer(dataclasses.replace(query, approximate=True))
        if retry.total:
            retry.approximate = True
            retry.degraded = retry.degraded or page.degraded
            page = retry
    page.words = matching.vocabulary_words(query.text)
    return page


def answer(query):
    """One backend's answer: Elasticsearch's, or the database's if it fails (degraded)."""
    elastic = elasticsearch_backend()
    if elastic is not None:
        try:
            return elastic.search(query)
        except Exception:  # any failure of the remote engine: answer from the database
            logger.warning("search degraded: Elasticsearch did not answer", exc_info=True)
            page = database_backend().search(query)
            page.degraded = True
            return page
    return database_backend().search(query)


def documents_for(search_type, ids, labels=None, readings=None):
    """The documents of these records that are public, with their keywords; `labels`, a
    dict filled on first need, lets a batch of types read the labels once, and
    `readings` lets them share the rows they read (SearchType.documents_of)."""
    documents = search_type.documents_of(ids, {} if readings is None else readings)
    return list(_labelled_all(documents, {} if labels is None else labels))


def keyword_labels():
    """{facet: {value: label}} of the facets whose labels are a record's keywords."""
    return {facet: registry.labels(facet) for facet in ("service", "technology")}


def labelled(document, labels):
    """`document` with the labels of its services and technologies in its keywords;
    labels: {"service": {code: name}, "technology": {code: name}}."""
    services = [*document.services, *(w.service for w in document.licences)]
    technologies = [*document.technologies,
                    *(t for w in document.licences for t in w.technologies)]
    names = [labels["service"].get(v) for v in services]
    names += [labels["technology"].get(v) for v in technologies]
    keywords = tuple(dict.fromkeys([*document.keywords, *(n for n in names if n)]))
    if keywords == tuple(document.keywords):
        return document
    return dataclasses.replace(document, keywords=keywords)


_deferred = threading.local()


@contextmanager
def deferred():
    """Collect the re-indexing asked inside the block and do it once at its end, still in
    the caller's transaction: a licence save re-indexes its institution once, not once
    for the licence, once for its first event and once after its technologies."""
    if getattr(_deferred, "pending", None) is not None:  # nested: the outer block flushes
        yield
        return
    _deferred.pending = {}
    try:
        yield
        pending, _deferred.pending = _deferred.pending, None
        _write(pending)
    finally:
        _deferred.pending = None


def refresh(type_name, ids):
    """Re-index these records of one type (removing those no longer public)."""
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending.setdefault(type_name, set()).update(ids)
        return
    _write({type_name: ids})


def _write(batch):
    """Re-index {type name: ids}; kept search answers die with the index's old version."""
    if not batch:
        return
    labels, readings = {}, {}  # read once for the whole batch
    ids_by_type, documents, gone = {}, [], {}
    for type_name, ids in batch.items():
        ids_by_type[type_name] = sorted(ids)
        found = documents_for(registry.get(type_name), ids_by_type[type_name], labels,
                              readings)
        gone[type_name] = set(ids) - {d.id for d in found}
        documents += found
    database_backend().replace(ids_by_type, documents)
    result_cache.index_changed()
    elastic = elasticsearch_backend()
    if elastic is not None:
        transaction.on_commit(lambda: _refresh_elasticsearch(elastic, gone, documents))
        # Elasticsearch is written after the commit: answers kept from it in between are
        # dropped by moving the version again once it has been.
        transaction.on_commit(result_cache.index_changed)


def _refresh_elasticsearch(elastic, gone, documents):
    try:
        for type_name, ids in gone.items():
            elastic.remove(type_name, ids)
        elastic.index(documents)
    except Exception:
        logger.warning("Elasticsearch not updated for %s; rebuild_search_index will catch up",
                       [(d.type, d.id) for d in documents], exc_info=True)


def refresh_object(obj):
    """Re-index `obj` (if its model is registered) and the records that show it."""
    search_type = registry.type_for_model(type(obj))
    pending = list(search_type.affected(obj)) if search_type else []
    if search_type:
        pending.append((search_type.name, obj.pk))
    if affected := registry.watched(type(obj)):
        pending += affected(obj)
    with deferred():  # one write of the index for all of them
        for type_name, pk in pending:
            refresh(type_name, [pk])


def all_documents():
    """Every public record of every registered type, as documents with their keywords
    (for a rebuild; read as the rebuild goes)."""
    labels = {}
    return {
        name: _labelled_all(search_type.documents(search_type.get_queryset().order_by("pk")),
                            labels)
        for name, search_type in registry.types().items()
    }


def _labelled_all(documents, labels):
    for document in documents:
        if not labels:  # once per rebuild, when the first document needs them
            labels.update(keyword_labels())
        yield labelled(document, labels)


def connect_signals():
    """The save and delete receivers of every registered or watched model (only those:
    a model with no receiver keeps Django's fast deletes)."""
    for model in registry.indexed_models():
        label = model._meta.label
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(_saved, sender=model, dispatch_uid=f"search-delete-{label}")


def _saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_object(instance)
