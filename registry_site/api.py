"""The public API's root (/api/v1/): each app's read-only endpoints, the OpenAPI document,
and its docs page (the throttle and error answers: api_policy.py).
Only registry_site knows every app (DESIGN.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView
from rest_framework import routers

from .routes import routes


def api_urlpatterns():
    from .open_data.api import ChangesView

    router = routers.SimpleRouter()
    for prefix, viewset, basename in routes():
        router.register(prefix, viewset, basename=basename)
    return [
        *router.urls,
        path("changes/", ChangesView.as_view(), name="changes"),
        # The document and its page describe the API; reading them costs no quota.
        path("openapi.json", SpectacularJSONAPIView.as_view(throttle_classes=()),
             name="openapi"),
        path("docs/", SpectacularRedocView.as_view(url_name="api:openapi", throttle_classes=()),
             name="docs"),
    ]


def include_api():
    return include((api_urlpatterns(), "api"), namespace="api")
