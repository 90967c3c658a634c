"""The Elasticsearch backend's index: the stored form of a documents.Document as an
elasticsearch-dsl Document (its mapping), the index settings, and the conversion.

Every document type shares one mapping. It is strict, so a field written by mistake
fails the write instead of quietly growing the mapping; a mapping only ever gains
fields (window_mapping() adds the visible window to an index made before it).
"""

from elasticsearch_dsl import (
    Date,
    Document,
    Index,
    InnerDoc,
    Keyword,
    Long,
    Mapping,
    MetaField,
    Nested,
    Text,
)

from .. import tokenizer
from .elastic_queries import exact_value

MAX_WINDOW = 50_000  # index.max_result_window; pages stop earlier, at TOTAL_LIMIT
SETTINGS = {
    "number_of_shards": 1,
    # Green on a single node, one replica as soon as a second node joins.
    "auto_expand_replicas": "0-1",
    "max_result_window": MAX_WINDOW,
}
# The visible window (documents.Document.visible_from / visible_until).
WINDOW_FIELDS = ("visible_from", "visible_until")


def day_field():
    """A calendar day, written as "YYYY-MM-DD" (see _day)."""
    return Date(format="date")


class LicenceSource(InnerDoc):
    """A LicenceWindow, nested so that a filter on service, technology and status holds
    for one and the same licence; status is computed at query time, not stored."""

    service = Keyword()
    technologies = Keyword(multi=True)
    state = Keyword()
    valid_from = day_field()
    valid_until = day_field()


class RegistryDocument(Document):
    """One searchable record of any type, under the id f"{type}:{object_id}". It has
    no default index (no inner Index class): every prefix has its own indexes, so each
    write names its index."""

    type = Keyword()
    object_id = Long()
    # Read back from the database, never searched: neither indexed nor in doc values.
    title = Keyword(index=False, doc_values=False)
    sort_key = Keyword()
    # Only term and prefix queries run on the terms: no scoring, no positions. The
    # built-in whitespace analyzer (the minimal distribution has no configurable
    # tokenizers) cuts tokens at 255 characters; the tokenizer's terms are shorter
    # in practice, and a cut CJK run only yields terms already indexed as bigrams.
    terms = Text(analyzer="whitespace", norms=False, index_options="docs")
    exact = Keyword(multi=True)
    city = Keyword()
    county = Keyword()
    services = Keyword(multi=True)
    technologies = Keyword(multi=True)
    statuses = Keyword(multi=True)
    licences = Nested(LicenceSource)
    # Each bound left out when open: a document without them is always visible.
    visible_from = day_field()
    visible_until = day_field()

    class Meta:
        dynamic = MetaField("strict")


# The mapping as Elasticsearch takes it (for reading, and for hand-made indexes).
MAPPING = RegistryDocument._doc_type.mapping.to_dict()


def new_index(name, settings=SETTINGS, alias=None):
    """An index definition (not yet created) with the settings, the mapping and,
    if given, the alias: created in one request, so a write through the alias never
    finds it unmapped."""
    index = Index(name)
    index.settings(**settings)
    # The mapping, not index.document(RegistryDocument), which would also make this
    # index the class's default index.
    index.mapping(RegistryDocument._doc_type.mapping)
    if alias:
        index.aliases(**{alias: {}})
    return index


def window_mapping():
    """The fields an index made before the visible window lacks, as a Mapping to put."""
    mapping = Mapping()
    for name in WINDOW_FIELDS:
        mapping.field(name, RegistryDocument._doc_type.mapping[name])
    return mapping


def _day(value):
    return value.isoformat() if value else None


def _present(values):
    """Non-blank values, in order, without repeats (blank values are not facet values)."""
    return list(dict.fromkeys(v for v in values if v))


def document_id(type_name, object_id):
    return f"{type_name}:{object_id}"


def licence_source(window):
    """A LicenceWindow as a nested document."""
    return LicenceSource(
        service=window.service,
        technologies=_present(window.technologies),
        state=window.state,
        valid_from=_day(window.valid_from),
        valid_until=_day(window.valid_until),
    )


def registry_document(doc, index=None):
    """A documents.Document in its stored form, meant for `index` (to_dict with
    include_meta=True is then a bulk action). Empty values (None, []) are left out
    when serialised, as Elasticsearch treats them as missing anyway; an empty sort
    key is kept, as "" (it sorts first, where a missing one would sort last)."""
    meta = {"id": document_id(doc.type, doc.id)}
    if index:
        meta["index"] = index
    return RegistryDocument(
        meta=meta,
        type=doc.type,
        object_id=doc.id,
        title=doc.title,
        sort_key=doc.sort_key or "",
        terms=" ".join(tokenizer.index_terms(*doc.text, keywords=doc.keywords)),
        exact=_present(exact_value(v) for v in doc.exact),
        city=doc.city or None,
        county=doc.county or None,
        services=_present(doc.services),
        technologies=_present(doc.technologies),
        statuses=_present(doc.statuses),
        licences=[licence_source(w) for w in doc.licences],
        visible_from=_day(doc.visible_from),
        visible_until=_day(doc.visible_until),
    )


def document_source(doc):
    """The stored form of a documents.Document, as a dict (an open window bound, like
    every empty value, is left out)."""
    return registry_document(doc).to_dict()


def index_action(index, doc):
    """A bulk action indexing (adding or replacing) `doc` in `index`."""
    return registry_document(doc, index).to_dict(include_meta=True)
