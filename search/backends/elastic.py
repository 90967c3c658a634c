"""Elasticsearch backend: the same answers as the database backend, faster on large registers.

One concrete index f"{prefix}-{timestamp}" holds every document type; searches and
writes go through the alias f"{prefix}-search", so a rebuild loads a fresh index
and switches the alias in one request (searches never see a half-built index).
Only core analysis is used: search.tokenizer has already segmented the Chinese,
so the terms are stored space-separated and analysed by whitespace alone.

A document's visible window is stored as two date fields, each left out when open,
and every search filters on it for the query's day as "neither bound excludes the
day" (must_not of two ranges): a document without a window, or indexed before the
fields existed, is always visible, and one whose window has passed stops matching
that day, in hits, totals and aggregations alike.
"""

import re
from datetime import UTC, datetime
from itertools import islice

from django.utils import timezone
from elasticsearch import Elasticsearch, NotFoundError, helpers

from .. import tokenizer
from ..documents import TOTAL_LIMIT, SearchPage
from .base import SearchBackend
from .elastic_queries import exact_value, read_facets, search_body

CHUNK_SIZE = 500  # documents per bulk request, and between progress reports
BULK_TIMEOUT = 60  # seconds: loading may take longer than the short search timeout
MAX_WINDOW = 50_000  # index.max_result_window; pages stop earlier, at TOTAL_LIMIT
_TIMESTAMP = "%Y%m%d%H%M%S%f"  # 20 digits, sorts in creation order

KEYWORD = {"type": "keyword"}
DAY = {"type": "date", "format": "date"}
# The visible window (documents.Document.visible_from / visible_until); added to an
# index made before it existed by ensure_mapping (a mapping only ever gains fields).
WINDOW_PROPERTIES = {"visible_from": DAY, "visible_until": DAY}
SETTINGS = {
    "number_of_shards": 1,
    # Green on a single node, one replica as soon as a second node joins.
    "auto_expand_replicas": "0-1",
    "max_result_window": MAX_WINDOW,
}
MAPPING = {
    "dynamic": "strict",
    "properties": {
        "type": KEYWORD,
        "object_id": {"type": "long"},
        "title": {"type": "keyword", "index": False, "doc_values": False},
        "sort_key": KEYWORD,
        # Only term and prefix queries run on the terms: no scoring, no positions. The
        # built-in whitespace analyzer (the minimal distribution has no configurable
        # tokenizers) cuts tokens at 255 characters; the tokenizer's terms are shorter
        # in practice, and a cut CJK run only yields terms already indexed as bigrams.
        "terms": {
            "type": "text", "analyzer": "whitespace", "norms": False, "index_options": "docs",
        },
        "exact": KEYWORD,
        "city": KEYWORD,
        "county": KEYWORD,
        "services": KEYWORD,
        "technologies": KEYWORD,
        "statuses": KEYWORD,
        "licences": {
            "type": "nested",
            "properties": {
                "service": KEYWORD,
                "technologies": KEYWORD,
                "state": KEYWORD,
                "valid_from": DAY,
                "valid_until": DAY,
            },
        },
        **WINDOW_PROPERTIES,
    },
}
def _day(value):
    return value.isoformat() if value else None


def _present(values):
    """Non-blank values, in order, without repeats (blank values are not facet values)."""
    return list(dict.fromkeys(v for v in values if v))


def licence_source(window):
    """A LicenceWindow as a nested object; status is computed at query time, not stored."""
    return {
        "service": window.service,
        "technologies": _present(window.technologies),
        "state": window.state,
        "valid_from": _day(window.valid_from),
        "valid_until": _day(window.valid_until),
    }


def document_source(doc):
    """The stored form of a documents.Document (an open window bound is left out)."""
    window = {name: _day(getattr(doc, name)) for name in WINDOW_PROPERTIES
              if getattr(doc, name) is not None}
    return {
        "type": doc.type,
        "object_id": doc.id,
        "title": doc.title,
        "sort_key": doc.sort_key or "",
        "terms": " ".join(tokenizer.index_terms(*doc.text, keywords=doc.keywords)),
        "exact": _present(exact_value(v) for v in doc.exact),
        "city": doc.city or None,
        "county": doc.county or None,
        "services": _present(doc.services),
        "technologies": _present(doc.technologies),
        "statuses": _present(doc.statuses),
        "licences": [licence_source(w) for w in doc.licences],
        **window,
    }


def document_id(type_name, object_id):
    return f"{type_name}:{object_id}"


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, index_prefix="registry", timeout=2):
        """A short timeout and no retries: when the cluster is away, the caller falls
        back to the database quickly instead of holding the request."""
        self.prefix = index_prefix
        self.alias = f"{index_prefix}-search"
        self._index_name = re.compile(rf"^{re.escape(index_prefix)}-\d{{20}}$")
        self.client = Elasticsearch(
            url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        # Bulk loads and refreshes are not interactive; give them longer.
        self.loader = self.client.options(request_timeout=max(timeout, BULK_TIMEOUT))
        self._mapped = set()  # concrete indexes known to hold every field of MAPPING

    # Searching

    def search(self, query):
        """One page of hits and, if asked, the facet counts; empty before the first index."""
        on = query.on or timezone.localdate()
        try:
            response = self.client.search(index=self.alias, **search_body(query, on))
        except NotFoundError:
            return SearchPage([], 0, {}, backend=self.name)
        hits = [(h["_source"]["type"], h["_source"]["object_id"]) for h in response["hits"]["hits"]]
        total = response["hits"]["total"]
        facets = read_facets(response["aggregations"]) if query.facets else {}
        return SearchPage(hits, min(total["value"], TOTAL_LIMIT), facets, backend=self.name,
                          total_exact=total["relation"] == "eq" and total["value"] <= TOTAL_LIMIT)

    # Writing

    def index(self, documents):
        """Add or replace documents; visible to the next search (refresh=True)."""
        actions = [self._index_action(self.alias, doc) for doc in documents]
        if not actions:
            return
        indexes = self.aliased()
        if indexes:
            self.ensure_mapping(indexes)
        else:
            self._create_index(with_alias=True)
        # require_alias: never let a missing alias auto-create an unmapped index.
        helpers.bulk(self.loader, actions, chunk_size=CHUNK_SIZE, refresh=True,
                     require_alias=True)

    def remove(self, type_name, ids):
        """Delete documents by id; ids already gone (or no index yet) are not an error."""
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": document_id(type_name, i)}
            for i in ids
        ]
        if not actions or not self.client.indices.exists_alias(name=self.alias):
            return
        helpers.bulk(self.loader, actions, chunk_size=CHUNK_SIZE, refresh=True,
                     ignore_status=(404,))

    def rebuild(self, documents_by_type, progress=None):
        """Load every document into a new index, then switch the alias to it in one
        request and drop the older indexes; on failure the old index keeps serving."""
        older = self.concrete_indexes()
        new = self._create_index(loading=True)
        try:
            for type_name, documents in documents_by_type.items():
                self._load(new, type_name, documents, progress)
            self.loader.indices.put_settings(index=new, settings={"refresh_interval": None})
            self.loader.indices.refresh(index=new)
            self._switch_alias(new)
        except BaseException:
            self.loader.indices.delete(index=new, ignore_unavailable=True)
            raise
        stale = [name for name in older if name != new]
        if stale:
            self.loader.indices.delete(index=",".join(stale), ignore_unavailable=True)

    def _load(self, index, type_name, documents, progress):
        """Bulk-load one type, reporting (type, done, total or None) after each chunk."""
        total = len(documents) if hasattr(documents, "__len__") else None
        done = 0
        for chunk in _chunks(documents, CHUNK_SIZE):
            actions = [self._index_action(index, doc) for doc in chunk]
            helpers.bulk(self.loader, actions, chunk_size=CHUNK_SIZE)
            done += len(chunk)
            if progress:
                progress(type_name, done, total)
        if progress and not done:
            progress(type_name, 0, total)

    @staticmethod
    def _index_action(index, doc):
        return {
            "_op_type": "index",
            "_index": index,
            "_id": document_id(doc.type, doc.id),
            "_source": document_source(doc),
        }

    # Indexes and the alias

    def _create_index(self, with_alias=False, loading=False):
        """A new concrete index with the mapping; while loading, no refreshes."""
        name = f"{self.prefix}-{datetime.now(UTC).strftime(_TIMESTAMP)}"
        settings = dict(SETTINGS, refresh_interval="-1") if loading else SETTINGS
        aliases = {self.alias: {}} if with_alias else None
        self.loader.indices.create(
            index=name, settings=settings, mappings=MAPPING, aliases=aliases
        )
        self._mapped.add(name)
        return name

    def ensure_mapping(self, indexes):
        """Add to these indexes (behind the alias) the fields MAPPING gained since they
        were made (the visible window), so that documents using them can be written
        before the next rebuild; once per index and process. Fields are only added."""
        for index in indexes:
            if index not in self._mapped:
                self.loader.indices.put_mapping(index=index, properties=WINDOW_PROPERTIES)
                self._mapped.add(index)

    def _switch_alias(self, new):
        """Point the alias at `new` only, atomically (remove and add in one request)."""
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in self.aliased()]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.loader.indices.update_aliases(actions=actions)

    def aliased(self):
        """The concrete indexes behind the alias (normally one; none before the first index)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def concrete_indexes(self):
        """Every index this prefix created (not other prefixes that merely start alike)."""
        found = self.client.indices.get_alias(index=f"{self.prefix}-*").body
        return sorted(name for name in found if self._index_name.match(name))

    # Monitoring

    def health(self):
        """Cluster status, the index behind the alias and its document count."""
        status = self.client.cluster.health()["status"]
        indexes = self.aliased()
        index = indexes[-1] if indexes else None
        documents = self.client.count(index=self.alias)["count"] if index else 0
        return {
            "backend": self.name,
            "status": status,
            "alias": self.alias,
            "index": index,
            "documents": documents,
        }
