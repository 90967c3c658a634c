"""Only the public API's URLs: what its OpenAPI document describes (SERVE_URLCONF)."""

from django.urls import path

from .api import include_api

urlpatterns = [path("api/v1/", include_api())]
