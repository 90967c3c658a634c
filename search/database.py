"""Database search backend: filters a queryset by the tokenised search text.

Works identically on SQLite and PostgreSQL because both only need LIKE on the
stored terms; the terms already carry the Chinese segmentation.
"""

from django.db.models import Q

from .tokenizer import query_terms


def term_filter(query, field="search_text"):
    """A Q object requiring every term of `query`; None when the query has no terms."""
    terms = query_terms(query)
    if not terms:
        return None
    condition = Q()
    for term in terms:
        needle = f" {term.text} " if term.whole else term.text
        condition &= Q(**{f"{field}__contains": needle})
    return condition


def search(queryset, query, field="search_text"):
    """`queryset` narrowed to records matching `query` (unchanged for an empty query)."""
    condition = term_filter(query, field)
    return queryset if condition is None else queryset.filter(condition)
