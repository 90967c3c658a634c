"""The public API (/api/v1/): the same records as each page for the same filters, cursor
pages, a clear 429, an OpenAPI document, and never a person's data."""

import hashlib
import re
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.public_site import build_public_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def api_all(client, url):
    """Every record of a list endpoint, following the cursor one record at a time."""
    records, seen = [], set()
    url = url + ("&" if "?" in url else "?") + "page_size=1"
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        body = response.json()
        for record in body["results"]:
            assert record["id"] not in seen  # a cursor never repeats a record
            seen.add(record["id"])
            records.append(record)
        url = body["next"]
    return records


def html_cells(client, url, label):
    body = client.get(url).content.decode()
    return re.findall(rf'data-label="{label}"[^>]*>(.*?)</td>', body, flags=re.S)


@pytest.mark.parametrize("query", ["", "service=prenatal_screening", "city=4501",
                                   "county=450103", "level=county", "city=4502"])
def test_decisions_are_the_pages_decisions(client, site, query):
    page = html_cells(client, f"/licensing-decisions/?{query}", "决定文书号")
    api = [d["decision_no"] for d in api_all(client, f"/api/v1/licensing-decisions/?{query}")]
    assert api == page


def test_inspection_results_are_the_pages_results(client, site):
    for query in ("", "outcome=corrected", "outcome=no_problem", "year=2025", "county=450103"):
        body = client.get(f"/inspections/?{query}").content.decode()
        page = [int(pk) for pk in re.findall(r'href="/inspections/results/(\d+)/"', body)]
        api = api_all(client, f"/api/v1/inspection-results/?{query}")
        assert [r["id"] for r in api] == page, query
    (result,) = api_all(client, "/api/v1/inspection-results/")
    assert any(item["result"] == "fail" and item["finding"] for item in result["item_results"])
    (plan,) = api_all(client, "/api/v1/inspection-plans/")
    assert len(plan["draw"]["seed"]) == 64 and plan["draw"]["drawn"]


def test_bad_filters_are_explained_not_ignored(client, site):
    response = client.get("/api/v1/licensing-decisions/?city=9999")
    assert response.status_code == 400 and "city" in response.json()
    # a bad cursor or an address the API does not have: JSON too, never the HTML page
    for url in ("/api/v1/penalties/?cursor=nonsense", "/api/v1/penalties/0.5/",
                "/api/v1/no-such-list/"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith(
            "application/json") and response.json()["detail"], url
    assert "<html" in client.get("/no-such-page/").content.decode()


def test_too_many_requests_are_told_when_to_come_back(client, site, settings):
    settings.API_RATE = "2/min"
    cache.clear()
    try:
        for _ in range(2):
            assert client.get("/api/v1/penalties/").status_code == 200
        response = client.get("/api/v1/penalties/")
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
        assert "请求过于频繁" in response.json()["detail"]
        assert "Too many requests" in response.json()["detail"]
    finally:
        cache.clear()


def test_the_openapi_document_and_its_docs_page(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/penalties/", "/api/v1/inspection-results/", "/api/v1/institutions/",
            "/api/v1/licensing-decisions/", "/api/v1/inspection-plans/", "/api/v1/licences/",
            "/api/v1/blacklist/", "/api/v1/credit-status/"} <= set(schema["paths"])
    assert not [p for p in schema["paths"] if p.startswith("/admin")]
    assert client.get("/api/v1/docs/").status_code == 200


def test_no_persons_data_in_any_api_record_and_penalties_match_the_page(client):
    from tests.test_pii_crawl import ID_LIKE, personal_values

    call_command("seed_demo", "--institutions", "120", stdout=StringIO())
    secrets = personal_values()
    for endpoint in ("licensing-decisions", "penalties", "inspection-plans",
                     "inspection-results", "list-editions", "application-notices",
                     "institutions", "licences", "blacklist", "credit-status"):
        url = f"/api/v1/{endpoint}/?page_size=200"
        while url:
            response = client.get(url)
            body = response.content.decode()
            assert not [v for v in secrets if v in body], endpoint
            assert not [n for n in ID_LIKE.findall(body) if n in secrets], endpoint
            url = response.json()["next"]
    # the seeded penalties: the same as /credit/ shows, for the same filters
    for query in ("", "kind=" + quote("罚款"), "city=4501", "year=2025"):
        page = html_cells(client, f"/credit/?{query}", "决定书文号")
        api = [p["CF_WSH"] for p in api_all(client, f"/api/v1/penalties/?{query}")]
        assert api[:len(page)] == page, query  # the page shows the first 20
        assert bool(api) == bool(page) and (page or query), query
    # the blacklist as /credit/ lists it, and each institution's status as its page says
    for query in ("", "city=4501", "q=" + quote("示例")):
        page = html_cells(client, f"/credit/?{query}", "列入原因")
        assert [e["reason"] for e in api_all(client, f"/api/v1/blacklist/?{query}")] == page
    statuses = client.get("/api/v1/credit-status/?page_size=200").json()["results"]
    assert {s["level"] for s in statuses} >= {"good", "warning", "dishonest"}
    for status in [s for s in statuses if s["level"] != "good"][:3] + statuses[:1]:
        body = client.get(f"/institutions/{status['institution']}/").content.decode()
        assert f'credit-{status["level"]}">{status["label"]}<' in body
        assert all(reason in body for reason in status["reasons"])


def test_the_openapi_document_is_valid_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--urlconf",
                 "registry_site.api_urls", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/inspection-results/" in (tmp_path / "schema.yaml").read_text()


def test_notices_and_editions_are_the_pages_ones(client, site):
    for query in ("", "service=art", "service=sperm_bank", "city=4501", "status=received"):
        body = client.get(f"/applications/?{query}").content.decode()
        page = [int(pk) for pk in dict.fromkeys(
            re.findall(r'href="/applications/(\d+)/"', body))]
        api = api_all(client, f"/api/v1/application-notices/?{query}")
        assert [n["application"] for n in api] == page, query
    assert "contact_mobile" not in client.get("/api/v1/application-notices/").content.decode()
    editions = api_all(client, "/api/v1/list-editions/")
    body = client.get("/lists/").content.decode()
    assert {e["id"] for e in editions} == {
        int(pk) for pk in re.findall(r'href="/lists/(\d+)/"', body)}
    latest = client.get(f"/api/v1/list-editions/{editions[0]['id']}/").json()
    csv = client.get(latest["csv"]).content
    assert hashlib.sha256(csv).hexdigest() == latest["sha256"] and latest["rows"]
