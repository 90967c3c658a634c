"""The public API's root (/api/v1/): each app's read-only endpoints, the OpenAPI document,
and its docs page (the throttle and error answers: api_policy.py).
Only registry_site knows every app (DESIGN.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView
from rest_framework import routers


def api_urlpatterns():
    from disclosure import api as disclosure_api
    from disclosure.credit import api as credit_api
    from disclosure.inspections import api as inspections_api
    from licensing import api as licensing_api
    from licensing import api_register

    router = routers.SimpleRouter()
    for module in (api_register, licensing_api, disclosure_api, credit_api, inspections_api):
        for prefix, viewset, basename in module.ROUTES:
            router.register(prefix, viewset, basename=basename)
    return [
        *router.urls,
        path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
        path("docs/", SpectacularRedocView.as_view(url_name="api:openapi"), name="docs"),
    ]


def include_api():
    return include((api_urlpatterns(), "api"), namespace="api")
