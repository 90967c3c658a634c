"""Turning a SearchPage into records read back from the database, page by page, and
into what the page says about them (templates/includes/search_notice.html)."""

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


def notice(result, noun="结果"):
    """What includes/search_notice.html says about `result` (a SearchPage, or None):
    that nothing matched exactly and these are close (`noun`: 结果, 机构), which
    vocabulary words were also searched as official names, and for an empty result
    that not being found here is no proof of being unlicensed. None: nothing to say."""
    if result is None:
        return None
    said = {"approximate": result.approximate, "noun": noun, "words": result.words,
            "empty": not result.total}
    return said if said["approximate"] or said["words"] or said["empty"] else None
