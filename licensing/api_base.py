"""What every app's API views share (it lives in the lowest app, DESIGN.md): cursor
pages, and choice labels."""

from rest_framework import serializers
from rest_framework.pagination import CursorPagination


def cursor_pages(*ordering):
    """Cursor pages in `ordering` (ending with a unique field): a consumer walking a list
    never sees a record twice or misses one when records are added meanwhile."""
    return type("Pages", (CursorPagination,), {
        "ordering": ordering, "page_size": 50, "page_size_query_param": "page_size",
        "max_page_size": 200,
    })


class LabelField(serializers.CharField):
    """A choice's Chinese label, read from the choices: DRF would call get_FOO_display
    through `source`, inspecting its signature on every record."""

    def __init__(self, choices, **kwargs):
        self.labels = {value: str(label) for value, label in choices}
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.labels.get(value, value)


def detached(serializer):
    """The serializer's data, which the serializer then lets go of, with its records.
    A serializer is a cycle (each field points back to it), freed only by the garbage
    collector: holding a page's data and records, it made the collector's full passes
    slow. Let go, they are freed with the answer."""
    data = serializer.data
    del serializer._data
    serializer.instance = None
    return data
