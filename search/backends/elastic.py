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

Written with elasticsearch-dsl: the mapping is elastic_documents.RegistryDocument
(bulk actions are its to_dict(include_meta=True)), indexes are dsl Index objects, and
elastic_queries builds each request as a Search of Q and A objects. The low-level
client remains for what the dsl does not wrap: bulk loading (elasticsearch.helpers),
alias switching and cluster health.
"""

import re
from datetime import UTC, datetime
from itertools import islice

from django.utils import timezone
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import Index, Search

from ..documents import TOTAL_LIMIT, SearchPage
from .base import SearchBackend
from .elastic_documents import (
    MAPPING,
    SETTINGS,
    document_id,
    document_source,
    index_action,
    new_index,
    window_mapping,
)
from .elastic_queries import read_facets, search_request

# The mapping and the stored form are defined in elastic_documents, read from here too.
__all__ = ["MAPPING", "ElasticsearchBackend", "document_source"]

CHUNK_SIZE = 500  # documents per bulk request, and between progress reports
BULK_TIMEOUT = 60  # seconds: loading may take longer than the short search timeout
_TIMESTAMP = "%Y%m%d%H%M%S%f"  # 20 digits, sorts in creation order


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

    def _dsl_index(self, name, client=None):
        """The index (alias, pattern or comma-separated list) `name` as a dsl Index,
        through `client`: the loader unless said otherwise."""
        return Index(name, using=client or self.loader)

    # Searching

    def search(self, query):
        """One page of hits and, if asked, the facet counts; empty before the first index."""
        on = query.on or timezone.localdate()
        try:
            response = search_request(query, on, using=self.client, index=self.alias).execute()
        except NotFoundError:
            return SearchPage([], 0, {}, backend=self.name)
        hits = [(hit.type, hit.object_id) for hit in response.hits]
        total = response.hits.total
        facets = read_facets(response.aggregations) if query.facets else {}
        return SearchPage(hits, min(total.value, TOTAL_LIMIT), facets, backend=self.name,
                          total_exact=total.relation == "eq" and total.value <= TOTAL_LIMIT)

    # Writing

    def index(self, documents):
        """Add or replace documents; visible to the next search (refresh=True)."""
        actions = [index_action(self.alias, doc) for doc in documents]
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
        alias = self._dsl_index(self.alias, self.client)
        if not actions or not alias.exists_alias(name=self.alias):
            return
        helpers.bulk(self.loader, actions, chunk_size=CHUNK_SIZE, refresh=True,
                     ignore_status=(404,))

    def rebuild(self, documents_by_type, progress=None):
        """Load every document into a new index, then switch the alias to it in one
        request and drop the older indexes; on failure the old index keeps serving."""
        older = self.concrete_indexes()
        new = self._create_index(loading=True)
        index = self._dsl_index(new)
        try:
            for type_name, documents in documents_by_type.items():
                self._load(new, type_name, documents, progress)
            index.put_settings(settings={"refresh_interval": None})
            index.refresh()
            self._switch_alias(new)
        except BaseException:
            index.delete(ignore_unavailable=True)
            raise
        stale = [name for name in older if name != new]
        if stale:
            self._dsl_index(",".join(stale)).delete(ignore_unavailable=True)

    def _load(self, index, type_name, documents, progress):
        """Bulk-load one type, reporting (type, done, total or None) after each chunk."""
        total = len(documents) if hasattr(documents, "__len__") else None
        done = 0
        for chunk in _chunks(documents, CHUNK_SIZE):
            actions = [index_action(index, doc) for doc in chunk]
            helpers.bulk(self.loader, actions, chunk_size=CHUNK_SIZE)
            done += len(chunk)
            if progress:
                progress(type_name, done, total)
        if progress and not done:
            progress(type_name, 0, total)

    @staticmethod
    def _index_action(index, doc):
        """A bulk action writing `doc` to `index` (for a caller loading an index itself)."""
        return index_action(index, doc)

    # Indexes and the alias

    def _create_index(self, with_alias=False, loading=False):
        """A new concrete index with the mapping; while loading, no refreshes."""
        name = f"{self.prefix}-{datetime.now(UTC).strftime(_TIMESTAMP)}"
        settings = dict(SETTINGS, refresh_interval="-1") if loading else SETTINGS
        index = new_index(name, settings, alias=self.alias if with_alias else None)
        index.create(using=self.loader)
        self._mapped.add(name)
        return name

    def ensure_mapping(self, indexes):
        """Add to these indexes (behind the alias) the fields MAPPING gained since they
        were made (the visible window), so that documents using them can be written
        before the next rebuild; once per index and process. Fields are only added.

        Index.put_mapping rather than Mapping.save: save would create a missing index
        (with only these fields) and read its settings first."""
        for index in indexes:
            if index not in self._mapped:
                self._dsl_index(index).put_mapping(**window_mapping().to_dict())
                self._mapped.add(index)

    def _switch_alias(self, new):
        """Point the alias at `new` only, atomically (remove and add in one request;
        the dsl's Index has no call for that, the client's update_aliases does it)."""
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in self.aliased()]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.loader.indices.update_aliases(actions=actions)

    def aliased(self):
        """The concrete indexes behind the alias (normally one; none before the first index)."""
        try:
            return sorted(self._dsl_index(self.alias, self.client).get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def concrete_indexes(self):
        """Every index this prefix created (not other prefixes that merely start alike)."""
        found = self._dsl_index(f"{self.prefix}-*", self.client).get_alias().body
        return sorted(name for name in found if self._index_name.match(name))

    # Monitoring

    def health(self):
        """Cluster status, the index behind the alias and its document count."""
        status = self.client.cluster.health()["status"]
        indexes = self.aliased()
        index = indexes[-1] if indexes else None
        documents = Search(using=self.client, index=self.alias).count() if index else 0
        return {
            "backend": self.name,
            "status": status,
            "alias": self.alias,
            "index": index,
            "documents": documents,
        }
