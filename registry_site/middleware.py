"""How long a browser (or a proxy) may keep a public answer: a minute, for everyone alike.

Public pages and data are the same for every anonymous reader, except for the 大字模式
cookie, so they vary by cookie; a signed-in member of staff may see the admin's bar on
a page, so theirs are private. ConditionalGetMiddleware (settings) adds the ETag and
answers 304 when a reader already has the page."""

from django.utils.cache import patch_cache_control, patch_vary_headers

PUBLIC_SECONDS = 60
NOT_PUBLIC = ("/admin/", "/documents/", "/text-size/", "/healthz")


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.method not in ("GET", "HEAD") or response.status_code != 200
                or request.path.startswith(NOT_PUBLIC) or response.has_header("Cache-Control")
                or response.cookies):
            return response
        user = getattr(request, "user", None)  # the API never signs anyone in: None
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=PUBLIC_SECONDS)
            patch_vary_headers(response, ["Cookie"])
        return response
