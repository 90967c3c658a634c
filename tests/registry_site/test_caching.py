"""Kept, and never stale past a change: the home page's figures and search answers come
from the shared cache until the register changes; public answers carry an ETag (304 for
a reader who has the page) and may be kept a minute by a browser."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.choices import Service
from tests.factories import InstitutionFactory, LicenceFactory, authority, region
from tests.public_site import build_public_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def art_count(client):
    """The home page's figure: institutions holding a valid ART licence."""
    body = client.get("/").content.decode()
    return int(re.search(r'service=art&amp;status=valid">\s*<span class="n">(\d+)', body)[1])


def text(client, url):
    """A page's words, without the marks that highlight the matches."""
    return re.sub(r"<[^>]+>", "", client.get(url).content.decode())


def counted(client, url):
    """How many queries a request ran that count licences (the home page's figures)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sum('COUNT(DISTINCT "licensing_licence"."institution_id")' in q["sql"]
               for q in queries.captured_queries)


def test_the_home_figures_are_counted_once_per_change(client, site):
    before = art_count(client)
    assert counted(client, "/") == 0  # the second visitor reads the kept figures
    clinic = InstitutionFactory(name="示例新生殖中心", region=region("450103"))
    LicenceFactory(institution=clinic, service=Service.ART, authority=authority("45"),
                   licence_no="ART-CACHE-1", decided_on=date(2026, 1, 5),
                   valid_from=date(2026, 1, 5), valid_until=date(2031, 1, 4))
    assert art_count(client) == before + 1  # the change shows on the very next request
    assert counted(client, "/") == 0


def test_a_search_answer_is_kept_until_the_index_changes(client, site):
    first = client.get("/search/?q=示例").content.decode()
    again = client.get("/search/?q=示例").content.decode()
    assert first == again
    assert "示例缓存检验医院" not in text(client, "/institutions/?q=示例")
    InstitutionFactory(name="示例缓存检验医院", region=region("450103"))
    # the same questions, asked again: the new institution is in both answers
    assert "示例缓存检验医院" in text(client, "/search/?q=示例")
    assert "示例缓存检验医院" in text(client, "/institutions/?q=示例")


def test_public_answers_carry_an_etag_and_may_be_kept_a_minute(client, site, admin_client):
    response = client.get("/institutions/")
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]  # 大字模式 changes the page
    again = client.get("/institutions/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    staff = admin_client.get("/institutions/")
    assert "private" in staff["Cache-Control"]
    assert "max-age" not in admin_client.get("/admin/")["Cache-Control"] or "private" in (
        admin_client.get("/admin/")["Cache-Control"])
