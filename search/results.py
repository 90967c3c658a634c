"""Turning a SearchPage into records read back from the database, page by page."""

from dataclasses import replace

from django.core.paginator import Paginator

from . import indexing, registry


def run(query):
    """Search, clamping the page number to the results (a page past the end shows the
    last one). Returns (django Page of hits, SearchPage)."""
    result = indexing.search(query)
    paginator = Paginator(range(result.total), query.per_page)
    page = paginator.get_page(query.page)
    if page.number != query.page and result.total:
        result = indexing.search(replace(query, page=page.number))
    page.object_list = result.hits
    return page, result


def records(hits):
    """The records behind (type, id) hits, in the same order; missing ones are skipped
    (a record deleted since the index answered)."""
    by_type = {}
    for type_name, pk in hits:
        by_type.setdefault(type_name, []).append(pk)
    loaded = {
        type_name: registry.get(type_name).get_queryset().in_bulk(ids)
        for type_name, ids in by_type.items()
    }
    return [
        (type_name, loaded[type_name][pk]) for type_name, pk in hits if pk in loaded[type_name]
    ]
