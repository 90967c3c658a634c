"""The Elasticsearch backend's queries: a SearchQuery as one elasticsearch-dsl Search
(text match, filters, visible window, ranking, facet aggregations, order and page) and
the facets read back from its response."""

import re

from elasticsearch_dsl import A, Q, Search

from .. import registry, tokenizer
from ..conditions import to_elasticsearch
from ..documents import FACETS, TOTAL_LIMIT
from ..matching import text_match

FACET_SIZE = 500  # more than Guangxi's cities, counties, services or technologies
# Rank, then the stable keys, so every backend returns the same order.
ORDER = ({"_score": {"order": "desc"}}, "sort_key", "type", "object_id")
_SPACE = re.compile(r"\s+")


def exact_value(value):
    """An identifier as compared for ranking: NFKC, upper case, no whitespace, so
    "12450100 mb0000001x" typed by a user ranks the record with that USCC first."""
    return _SPACE.sub("", tokenizer.normalise(value)).upper()


MATCH_NONE = Q("match_none")
HAS_LICENCES = Q("nested", path="licences", query=Q("match_all"))
# `exists` on a nested field does not see the nested documents from the root.
NO_LICENCES = Q("bool", must_not=[HAS_LICENCES])


def term_query(term):
    """A whole term exactly, the others as a prefix of some term."""
    return Q("term" if term.whole else "prefix", terms=term.text)


def unit_query(unit):
    """One of a unit's alternatives (search.matching), with every term of it."""
    alternatives = [
        term_query(terms[0]) if len(terms) == 1
        else Q("bool", filter=[term_query(t) for t in terms])
        for terms in unit
    ]
    if len(alternatives) == 1:
        return alternatives[0]
    return Q("bool", should=alternatives, minimum_should_match=1)


def text_filters(match):
    """Every unit of a strict match, as filters (none for a tolerant match: it scores)."""
    if match is None or match.tolerant:
        return []
    return [unit_query(unit) for unit in match.units]


def units_held(match):
    """A tolerant match: at least match.minimum units, scoring 1 for each one held."""
    return Q("bool", minimum_should_match=match.minimum, should=[
        Q("constant_score", filter=unit_query(unit), boost=1) for unit in match.units
    ])


def status_filter(status, on, path="licences"):
    """A licence's status on `on`, by the apps' rule. A value that is not a licence
    status (an application's 办理状态) matches no licence rather than falling
    through to whatever the rule returns for unknown values."""
    if status not in registry.status_values():
        return MATCH_NONE
    return as_query(to_elasticsearch(registry.status_conditions(status, on), path=path))


def as_query(raw):
    """A query dict (search.conditions writes the apps' rules once for every backend, as
    dicts) as a Q. Built from the leaves up: Q() of a nested dict copies the whole rest
    of it again at each level, which took more than twice as long for the six status
    filters of every facet count."""
    ((name, params),) = raw.items()
    if name != "bool":
        return Q(name, _expand__to_dot=False, **params)
    return Q("bool", **{clause: [as_query(q) for q in value] if isinstance(value, list)
                        else value for clause, value in params.items()})


def licence_filter(query, on):
    """Service, technology and status of ONE licence, or of a record without licences.

    None when the query names none of them."""
    nested, flat = [], [NO_LICENCES]
    if query.service:
        nested.append(Q("term", **{"licences.service": query.service}))
        flat.append(Q("term", services=query.service))
    if query.technology:
        nested.append(Q("term", **{"licences.technologies": query.technology}))
        flat.append(Q("term", technologies=query.technology))
    if query.status:
        nested.append(status_filter(query.status, on))
        flat.append(Q("term", statuses=query.status))
    if not nested:
        return None
    return Q("bool", minimum_should_match=1, should=[
        Q("nested", path="licences", query=Q("bool", filter=nested)),
        Q("bool", filter=flat),
    ])


def visible_filter(on):
    """Documents visible on `on`: no bound of their window excludes it (a missing bound,
    or a missing field in an index older than the window, excludes nothing)."""
    day = on.isoformat()
    return Q("bool", must_not=[
        Q("range", visible_from={"gt": day}),
        Q("range", visible_until={"lt": day}),
    ])


def query_filters(query, on, match=None):
    """Every condition of the query, as filter clauses (they don't score)."""
    filters = text_filters(match)
    filters.append(visible_filter(on))
    if query.types:
        filters.append(Q("terms", type=list(query.types)))
    if query.city:
        filters.append(Q("term", city=query.city))
    if query.county:
        filters.append(Q("term", county=query.county))
    licences = licence_filter(query, on)
    if licences:
        filters.append(licences)
    return filters


def ranked_query(query, on):
    """The filters, scoring 1 for a record whose identifiers include the typed text
    and 0 otherwise, so an exact USCC or licence number comes first. A tolerant match
    adds 1 per unit of the text a record holds, and an exact identifier then scores
    more than all the units together (the database backend ranks the same way).

    One bool built whole, rather than Search.filter() calls combined with `&`: its
    clauses, and so the scores, stay exactly as written here."""
    match = text_match(query.text, query.approximate)
    clauses = {"filter": query_filters(query, on, match)}
    exact_boost = 1
    if match is not None and match.tolerant:
        clauses["must"] = [units_held(match)]
        exact_boost = len(match.units) + 1
    exact = exact_value(query.text)
    if exact:
        clauses["should"] = [Q("constant_score", filter=Q("term", exact=exact),
                               boost=exact_boost)]
    return Q("bool", **clauses)


def _terms(field):
    return A("terms", field=field, size=FACET_SIZE)


def _per_document(agg):
    """`agg` (over licences) counting each document once, not each licence."""
    agg.bucket("documents", "reverse_nested")
    return agg


def facet_aggs(on):
    """{name: aggregation}: counts of matching documents per facet value. Licence values
    are counted once per document (reverse_nested), records without licences by their
    flat values."""
    licences = A("nested", path="licences")
    licences.bucket("service", _per_document(_terms("licences.service")))
    licences.bucket("technology", _per_document(_terms("licences.technologies")))
    statuses = {v: status_filter(v, on) for v in registry.status_values()}
    if statuses:
        licences.bucket("status", _per_document(A("filters", filters=statuses)))
    flat = A("filter", filter=NO_LICENCES)
    flat.bucket("service", _terms("services"))
    flat.bucket("technology", _terms("technologies"))
    flat.bucket("status", _terms("statuses"))
    return {
        "type": _terms("type"),
        "city": _terms("city"),
        "county": _terms("county"),
        "licences": licences,
        "flat": flat,
    }


def search_request(query, on, using, index):
    """One page of `query` as a Search on `index` through the client `using`: only
    (type, object_id) of each hit, totals counted exactly up to TOTAL_LIMIT, and the
    facet aggregations if asked for."""
    page = max(query.page, 1)
    start = (page - 1) * query.per_page
    size = max(0, min(query.per_page, TOTAL_LIMIT - start))
    search = (
        Search(using=using, index=index)
        .query(ranked_query(query, on))
        .sort(*ORDER)
        .source(["type", "object_id"])
        .extra(track_total_hits=TOTAL_LIMIT)
    )
    # Past TOTAL_LIMIT no hits, from the start (only the total and facets are read).
    search = search[start:start + size] if size else search[0:0]
    if query.facets:
        for name, agg in facet_aggs(on).items():
            search.aggs.bucket(name, agg)
    return search


def _add(counts, pairs):
    for value, count in pairs:
        if value and count:
            counts[value] = counts.get(value, 0) + count


def read_facets(aggs):
    """{facet: {value: count}} from a response's aggregations; zero counts and empty
    facets left out (as the database backend does), so both backends' pages compare
    equal."""
    facets = {name: {} for name in FACETS}
    for name in ("type", "city", "county"):
        _add(facets[name], ((b.key, b.doc_count) for b in aggs[name].buckets))
    licences = aggs.licences
    for name in ("service", "technology"):
        buckets = licences[name].buckets
        _add(facets[name], ((b.key, b.documents.doc_count) for b in buckets))
    if "status" in licences:
        buckets = licences.status.buckets  # keyed by status: the filters' names
        _add(facets["status"], ((k, buckets[k].documents.doc_count) for k in buckets))
    for name in ("service", "technology", "status"):
        buckets = aggs.flat[name].buckets
        _add(facets[name], ((b.key, b.doc_count) for b in buckets))
    return {name: counts for name, counts in facets.items() if counts}
