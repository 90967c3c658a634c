"""Serving static and media files in development (DEBUG, `make run`) without a 500.

A path such as /static/..%2f..%2fregistry_site%2fsettings%2fdev.py leads out of
the served directories. Django refuses it with SuspiciousFileOperation, which
runserver's static handler does not catch (500, with the absolute path in the
log) and the URLconf turns into a 400. Either way it should just be “not found”.
"""

from functools import wraps

from django.contrib.staticfiles import views as staticfiles_views
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views import static


def not_found_outside_root(view):
    """`view`, answering 404 for a path that escapes the directory it serves."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SuspiciousFileOperation as error:
            raise Http404("文件不存在。") from error

    return wrapped


def documents_through_their_view(view):
    """Documents are served by Wagtail's /documents/ view, which applies each collection's
    privacy (staff-only evidence); their files are never served directly, in DEBUG too."""

    @wraps(view)
    def wrapped(request, path, *args, **kwargs):
        if path.lstrip("/").startswith("documents/"):
            raise Http404("文件不存在。")
        return view(request, path, *args, **kwargs)

    return wrapped


serve_static = not_found_outside_root(staticfiles_views.serve)
serve_media = documents_through_their_view(not_found_outside_root(static.serve))


class SafeStaticFilesHandler(StaticFilesHandler):
    """runserver's handler for STATIC_URL, serving through `serve_static`.

    It answers /static/ requests before the URLconf is consulted, so the URL
    patterns alone cannot fix what it does; its Http404 becomes a 404 response.
    """

    def serve(self, request):
        return serve_static(request, self.file_path(request.path), insecure=True)
