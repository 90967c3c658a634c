from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, register_converter
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .api import include_api
from .converters import RecordIdConverter
from .static_serving import serve_media, serve_static

# `<id:pk>` in the apps' URLs: registered before they are included (by name, below),
# because a route looks its converters up when it is built.
register_converter(RecordIdConverter, "id")


def debug_file_patterns():
    """Static and media files, served by Django only under DEBUG (`make run`).

    The same as staticfiles_urlpatterns() and static(MEDIA_URL), with views that
    answer 404, not 400, to a path leading out of the served directories.
    """
    if not settings.DEBUG:
        return []
    return [
        *static(settings.STATIC_URL, view=serve_static),
        *static(settings.MEDIA_URL, view=serve_media, document_root=settings.MEDIA_ROOT),
    ]


handler404 = "registry_site.views.not_found"

urlpatterns = [
    path("api/v1/", include_api()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("licensing.urls")),
    path("", include("disclosure.urls")),
    path("", include("disclosure.credit.urls")),
    path("", include("disclosure.inspections.urls")),
    path("", include("search.urls")),
    path("", include("registry_site.open_data.urls")),
    path("text-size/", views.text_size, name="text_size"),
    path("healthz", views.healthz, name="healthz"),
    *debug_file_patterns(),
    # Wagtail's page serving comes last: it answers every path the others did not.
    path("", include(wagtail_urls)),
]
