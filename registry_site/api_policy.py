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


ERROR = {"type": "object", "additionalProperties": True,
         "description": "出错原因：detail 为说明；参数有误时，以参数名为键列出各自的问题"}
ERRORS = {
    "400": "参数有误（如不存在的区划代码、无效的游标或页码），列出每个参数的问题",
    "404": "没有这条记录（或它已不再公开），或游标（cursor）无效",
    "429": "请求过于频繁：按 Retry-After（秒）等待后再试",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: the error answers every operation may give, in the schema."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                answer = {"description": text,
                          "content": {"application/json": {"schema": ERROR}}}
                if code == "429":
                    answer["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                         "description": "等待的秒数"}}
                responses.setdefault(code, answer)
    return result
