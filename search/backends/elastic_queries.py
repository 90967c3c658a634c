"""The Elasticsearch backend's queries: a SearchQuery as one search request body (text
match, filters, visible window, ranking, facet aggregations) and the facets read back."""

import re

from .. import registry, tokenizer
from ..conditions import to_elasticsearch
from ..documents import FACETS, TOTAL_LIMIT
from ..matching import text_match

FACET_SIZE = 500  # more than Guangxi's cities, counties, services or technologies
_SPACE = re.compile(r"\s+")


def exact_value(value):
    """An identifier as compared for ranking: NFKC, upper case, no whitespace, so
    "12450100 mb0000001x" typed by a user ranks the record with that USCC first."""
    return _SPACE.sub("", tokenizer.normalise(value)).upper()


MATCH_NONE = {"match_none": {}}
HAS_LICENCES = {"nested": {"path": "licences", "query": {"match_all": {}}}}
# `exists` on a nested field does not see the nested documents from the root.
NO_LICENCES = {"bool": {"must_not": [HAS_LICENCES]}}



def term_query(term):
    """A whole term exactly, the others as a prefix of some term."""
    return {"term": {"terms": term.text}} if term.whole else {"prefix": {"terms": term.text}}


def unit_query(unit):
    """One of a unit's alternatives (search.matching), with every term of it."""
    alternatives = [
        term_query(terms[0]) if len(terms) == 1
        else {"bool": {"filter": [term_query(t) for t in terms]}}
        for terms in unit
    ]
    if len(alternatives) == 1:
        return alternatives[0]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def text_filters(match):
    """Every unit of a strict match, as filters (none for a tolerant match: it scores)."""
    if match is None or match.tolerant:
        return []
    return [unit_query(unit) for unit in match.units]


def units_held(match):
    """A tolerant match: at least match.minimum units, scoring 1 for each one held."""
    return {"bool": {"minimum_should_match": match.minimum, "should": [
        {"constant_score": {"filter": unit_query(unit), "boost": 1}} for unit in match.units
    ]}}


def status_filter(status, on, path="licences"):
    """A licence's status on `on`, by the apps' rule. A value that is not a licence
    status (an application's 办理状态) matches no licence rather than falling
    through to whatever the rule returns for unknown values."""
    if status not in registry.status_values():
        return MATCH_NONE
    return to_elasticsearch(registry.status_conditions(status, on), path=path)


def licence_filter(query, on):
    """Service, technology and status of ONE licence, or of a record without licences.

    None when the query names none of them."""
    nested, flat = [], [NO_LICENCES]
    if query.service:
        nested.append({"term": {"licences.service": query.service}})
        flat.append({"term": {"services": query.service}})
    if query.technology:
        nested.append({"term": {"licences.technologies": query.technology}})
        flat.append({"term": {"technologies": query.technology}})
    if query.status:
        nested.append(status_filter(query.status, on))
        flat.append({"term": {"statuses": query.status}})
    if not nested:
        return None
    return {"bool": {"minimum_should_match": 1, "should": [
        {"nested": {"path": "licences", "query": {"bool": {"filter": nested}}}},
        {"bool": {"filter": flat}},
    ]}}


def visible_filter(on):
    """Documents visible on `on`: no bound of their window excludes it (a missing bound,
    or a missing field in an index older than the window, excludes nothing)."""
    day = on.isoformat()
    return {"bool": {"must_not": [
        {"range": {"visible_from": {"gt": day}}},
        {"range": {"visible_until": {"lt": day}}},
    ]}}


def query_filters(query, on, match=None):
    """Every condition of the query, as filter clauses (they don't score)."""
    filters = text_filters(match)
    filters.append(visible_filter(on))
    if query.types:
        filters.append({"terms": {"type": list(query.types)}})
    if query.city:
        filters.append({"term": {"city": query.city}})
    if query.county:
        filters.append({"term": {"county": query.county}})
    licences = licence_filter(query, on)
    if licences:
        filters.append(licences)
    return filters


def ranked_query(query, on):
    """The filters, scoring 1 for a record whose identifiers include the typed text
    and 0 otherwise, so an exact USCC or licence number comes first. A tolerant match
    adds 1 per unit of the text a record holds, and an exact identifier then scores
    more than all the units together (the database backend ranks the same way)."""
    match = text_match(query.text, query.approximate)
    bool_query = {"filter": query_filters(query, on, match)}
    exact_boost = 1
    if match is not None and match.tolerant:
        bool_query["must"] = [units_held(match)]
        exact_boost = len(match.units) + 1
    exact = exact_value(query.text)
    if exact:
        bool_query["should"] = [{"constant_score": {"filter": {"term": {"exact": exact}},
                                                    "boost": exact_boost}}]
    return {"bool": bool_query}


def _terms(field):
    return {"terms": {"field": field, "size": FACET_SIZE}}


def facet_aggs(on):
    """Counts of matching documents per facet value. Licence values are counted once
    per document (reverse_nested), records without licences by their flat values."""
    per_document = {"documents": {"reverse_nested": {}}}
    licence_aggs = {
        "service": {**_terms("licences.service"), "aggs": per_document},
        "technology": {**_terms("licences.technologies"), "aggs": per_document},
    }
    statuses = {v: status_filter(v, on) for v in registry.status_values()}
    if statuses:
        licence_aggs["status"] = {"filters": {"filters": statuses}, "aggs": per_document}
    return {
        "type": _terms("type"),
        "city": _terms("city"),
        "county": _terms("county"),
        "licences": {"nested": {"path": "licences"}, "aggs": licence_aggs},
        "flat": {"filter": NO_LICENCES, "aggs": {
            "service": _terms("services"),
            "technology": _terms("technologies"),
            "status": _terms("statuses"),
        }},
    }


def _add(counts, pairs):
    for value, count in pairs:
        if value and count:
            counts[value] = counts.get(value, 0) + count


def read_facets(aggs):
    """{facet: {value: count}} from the aggregations; zero counts and empty facets left
    out (as the database backend does), so both backends' pages compare equal."""
    facets = {name: {} for name in FACETS}
    for name in ("type", "city", "county"):
        _add(facets[name], ((b["key"], b["doc_count"]) for b in aggs[name]["buckets"]))
    licences = aggs["licences"]
    for name in ("service", "technology"):
        buckets = licences[name]["buckets"]
        _add(facets[name], ((b["key"], b["documents"]["doc_count"]) for b in buckets))
    if "status" in licences:
        buckets = licences["status"]["buckets"].items()
        _add(facets["status"], ((k, b["documents"]["doc_count"]) for k, b in buckets))
    for name in ("service", "technology", "status"):
        buckets = aggs["flat"][name]["buckets"]
        _add(facets[name], ((b["key"], b["doc_count"]) for b in buckets))
    return {name: counts for name, counts in facets.items() if counts}


def search_body(query, on):
    """Keyword arguments of client.search for one page of `query`: rank, then the
    stable keys, so every backend returns the same order."""
    page = max(query.page, 1)
    start = (page - 1) * query.per_page
    size = max(0, min(query.per_page, TOTAL_LIMIT - start))
    body = {
        "query": ranked_query(query, on),
        "sort": [
            {"_score": "desc"},
            {"sort_key": "asc"},
            {"type": "asc"},
            {"object_id": "asc"},
        ],
        "from_": start if size else 0,
        "size": size,
        "track_total_hits": TOTAL_LIMIT,
        "source": ["type", "object_id"],
    }
    if query.facets:
        body["aggs"] = facet_aggs(on)
    return body


