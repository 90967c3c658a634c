"""What every app's API views share (it lives in the lowest app, DESIGN.md): cursor pages."""

from rest_framework.pagination import CursorPagination


def cursor_pages(*ordering):
    """Cursor pages in `ordering` (ending with a unique field): a consumer walking a list
    never sees a record twice or misses one when records are added meanwhile."""
    return type("Pages", (CursorPagination,), {
        "ordering": ordering, "page_size": 50, "page_size_query_param": "page_size",
        "max_page_size": 200,
    })
