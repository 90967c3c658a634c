"""Site-wide views: the 大字模式 switch, the not-found answer, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found

from .context_processors import LARGE_TEXT_COOKIE

ONE_YEAR = 365 * 24 * 60 * 60


@never_cache
def text_size(request):
    """?size=large turns 大字模式 on, anything else off; then back to `next` (a page of
    this site only: anything else goes to the home page). A plain link, so it works
    without JavaScript; the choice lives in a cookie the context processor reads."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("size") == "large":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax",
                            httponly=True, secure=request.is_secure())
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


def not_found(request, exception=None):
    """404: the site's page, or under /api/ JSON as every other API answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。Not found."}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 when it does not; which
    search backend answers (Elasticsearch down means the database answers searches).
    Names and states only: no address, no secret."""
    from search import indexing

    body = {"database": "ok", "search": "database"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body["database"] = "unavailable"
    if (elastic := indexing.elasticsearch_backend()) is not None:
        try:
            state = elastic.health()["status"]
            body["search"] = f"elasticsearch {state}"
        except Exception:  # any failure of the node: searches fall back to the database
            body["search"] = "database (elasticsearch unavailable)"
    ok = body["database"] == "ok"
    body["status"] = "ok" if ok else "unavailable"
    return JsonResponse(body, status=200 if ok else 503)
