"""The API's throttle and error answers (named in settings.REST_FRAMEWORK; this module
imports no DRF view, which reads these settings while it loads)."""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle


class ClientThrottle(SimpleRateThrottle):
    """Requests per client address, at settings.API_RATE (read on each request)."""

    scope = "client"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def exception_handler(error, context):
    """DRF's answers, with a 429 that says in Chinese and English when to come back."""
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(error, context)
    if isinstance(error, exceptions.Throttled) and response is not None:
        wait = int(error.wait or 1)
        response.data = {
            "detail": f"请求过于频繁，请 {wait} 秒后再试。Too many requests: retry in {wait} s.",
            "retry_after": wait,
        }
    return response
