"""Ids past 64 bits, non-numeric ids and paths out of the static roots answer 404, never 500."""

from types import ModuleType

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from registry_site.management.commands.runserver import Command as RunserverCommand
from registry_site.static_serving import SafeStaticFilesHandler
from registry_site.urls import debug_file_patterns
from tests.factories import InstitutionFactory

PAST_64_BITS = "9223372036854775808"  # 2**63: one more than the largest BIGINT

MALFORMED = [
    f"/applications/{PAST_64_BITS}/",
    f"/institutions/{PAST_64_BITS}/",
    "/institutions/99999999999999999999/",
    "/institutions/-1/",
    "/institutions/abc/",
    "/institutions/1e3/",
    "/lists/99999999999999999999/",
    f"/lists/{PAST_64_BITS}/download.csv",
    "/lists/1/download.exe",
    "/lists/-1/",
    "/applications/abc/",
]

TRAVERSAL = "/static/..%2f..%2fregistry_site%2fsettings%2fdev.py"
STATIC_FILE = "/static/wagtailadmin/css/core.css"


@pytest.mark.django_db
@pytest.mark.parametrize("url", MALFORMED)
def test_malformed_or_out_of_range_ids_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_ordinary_id_still_resolves_and_reverses(client):
    institution = InstitutionFactory()
    assert client.get(reverse("institution_detail", args=[institution.pk])).status_code == 200
    assert reverse("application_detail", args=[10**17]) == f"/applications/{10**17}/"
    with pytest.raises(NoReverseMatch):
        reverse("application_detail", args=[int(PAST_64_BITS)])


# ---------------------------------------------------------------- static files under DEBUG


def debug_urlconf():
    """The URLconf's static and media patterns as `make run` (DEBUG) builds them.

    registry_site.urls was imported with DEBUG off, so they are built again here.
    """
    urlconf = ModuleType("debug_urlconf")
    urlconf.urlpatterns = debug_file_patterns()
    return urlconf


@pytest.mark.django_db
@override_settings(DEBUG=True)
@pytest.mark.parametrize("url", [
    TRAVERSAL,
    "/static/../../registry_site/settings/dev.py",
    "/media/..%2f..%2fregistry_site%2fsettings%2fdev.py",
])
def test_traversal_out_of_the_static_roots_is_not_found(client, url):
    with override_settings(ROOT_URLCONF=debug_urlconf()):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_static_files_are_still_served_under_debug(client):
    with override_settings(ROOT_URLCONF=debug_urlconf()):
        response = client.get(STATIC_FILE)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)


def test_without_debug_django_serves_no_files():
    assert debug_file_patterns() == []


def runserver_status(handler, url):
    """What the development server answers for a /static/ URL (its handler, without the
    WSGI signals that would close the test's database connection)."""
    response = handler.get_response(RequestFactory().get(url))
    # Close the served file, not the response: that would send request_finished,
    # which closes the database connection another test may hold.
    served = getattr(response, "file_to_stream", None)
    if served is not None:
        served.close()
    return response.status_code


@override_settings(DEBUG=True)
def test_make_run_static_handler_answers_404_to_traversal():
    # runserver answers /static/ itself, before the URLconf: this is where `make run` gave 500.
    handler = RunserverCommand().get_handler(use_static_handler=True, insecure_serving=False)
    assert isinstance(handler, SafeStaticFilesHandler)
    assert runserver_status(handler, TRAVERSAL) == 404
    assert runserver_status(handler, "/static/no-such-file.css") == 404
    assert runserver_status(handler, STATIC_FILE) == 200


def test_runserver_without_static_handler_is_left_alone():
    handler = RunserverCommand().get_handler(use_static_handler=False, insecure_serving=False)
    assert isinstance(handler, WSGIHandler)
    assert not isinstance(handler, SafeStaticFilesHandler)
