"""The public API's root (/api/v1/): each app's read-only endpoints, the OpenAPI document,
and its docs page (the throttle and error answers: api_policy.py).
Only registry_site knows every app (DESIGN.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView
from rest_framework import routers


def routes():
    """(prefix, viewset, basename) of every public collection, in the API's order."""
    from disclosure import api as disclosure_api
    from disclosure.credit import api as credit_api
    from disclosure.inspections import api as inspections_api
    from licensing import api as licensing_api
    from licensing import api_register

    modules = (api_register, licensing_api, disclosure_api, credit_api, inspections_api)
    return [route for module in modules for route in module.ROUTES]


def api_urlpatterns():
    from .open_data.api import ChangesView

    router = routers.SimpleRouter()
    for prefix, viewset, basename in routes():
        router.register(prefix, viewset, basename=basename)
    return [
        *router.urls,
        path("changes/", ChangesView.as_view(), name="changes"),
        path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
        path("docs/", SpectacularRedocView.as_view(url_name="api:openapi"), name="docs"),
    ]


def include_api():
    return include((api_urlpatterns(), "api"), namespace="api")
