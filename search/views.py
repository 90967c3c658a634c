"""/search/: one results page across every registered type, with facets and highlights."""

from django.shortcuts import render

from . import registry, results
from .forms import FACET_LABELS, SearchForm
from .highlight import highlight

PER_PAGE = 20


def search(request):
    form = SearchForm(request.GET or None)
    page = result = None
    if form.is_bound and form.is_valid():
        query = form.query(PER_PAGE)
        page, result = results.run(query)
        page.object_list = [
            present(type_name, obj, query.text)
            for type_name, obj in results.records(page.object_list)
        ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "search/results.html", {
        "form": form, "page": page, "result": result, "querystring": params.urlencode(),
        "facets": facet_links(result, params) if result else [],
        "notice": results.notice(result),
    })


def present(type_name, obj, text):
    """What a result shows: its type, highlighted title and subtitle, and its page."""
    search_type = registry.get(type_name)
    title, subtitle = search_type.summary(obj)
    return {
        "type": search_type.label,
        "title": highlight(title, text),
        "subtitle": highlight(subtitle, text),
        "url": obj.get_absolute_url(),
    }


def facet_links(result, params):
    """Each facet's values with counts and the link that narrows the search to one."""
    facets = []
    for facet, label in FACET_LABELS.items():
        counts = result.facets.get(facet, {})
        if not counts:
            continue
        labels = registry.labels(facet)
        values = []
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:15]:
            narrowed = params.copy()
            narrowed[facet] = value
            values.append({"label": labels.get(value, value), "count": count,
                           "selected": params.get(facet) == value,
                           "query": narrowed.urlencode()})
        facets.append({"label": label, "values": values})
    return facets
