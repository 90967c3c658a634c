"""The register in the API: institutions through the directory's own search (the same ids
for the same parameters), every institution by cursor, licences with today's status."""

import re
from datetime import date

import pytest
from django.utils import timezone

from licensing.choices import Status
from licensing.models import Institution, Licence
from tests.public_site import CLINIC, build_public_site
from tests.registry_site.test_api import api_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def directory_ids(client, query):
    """Every institution the directory lists for `query`, page after page."""
    ids, page = [], 1
    while True:
        body = client.get(f"/institutions/?{query}&page={page}").content.decode()
        found = [int(pk) for pk in dict.fromkeys(re.findall(r'href="/institutions/(\d+)/"', body))]
        if not found or (ids and found[0] in ids):
            return ids
        ids += found
        page += 1


@pytest.mark.parametrize("query", ["q=妇幼", "q=示例", "q=生殖", "city=4502", "county=450103",
                                   "service=art", "status=revoked", "q=南宁&status=valid",
                                   "q=没有这家机构"])
def test_searching_institutions_gives_the_directorys_institutions(client, site, query):
    api = [i["id"] for i in api_all(client, f"/api/v1/institutions/?{query}")]
    assert api == directory_ids(client, query), query
    assert api or query == "q=没有这家机构"


def test_without_a_search_every_institution_once_with_its_licences(client, site):
    records = api_all(client, "/api/v1/institutions/")
    assert [r["id"] for r in records] == sorted(Institution.objects.values_list("pk", flat=True))
    clinic = next(r for r in records if r["name"] == CLINIC)
    statuses = {lic["licence_no"]: lic["status_label"] for lic in clinic["licences"]}
    assert statuses["PM450103-2024-000778"] == "暂停执业"
    assert statuses["MS450103-2020-000779"] == "已过期"
    suspended = next(lic for lic in clinic["licences"] if lic["licence_no"].startswith("PM"))
    assert suspended["events"][0]["kind_label"] and suspended["events"][0]["document_no"]
    assert clinic["page"] == f"/institutions/{clinic['id']}/"
    assert clinic["county"] == "450103" and clinic["city"] == "4501"


def test_a_bad_search_parameter_is_explained(client, site):
    response = client.get("/api/v1/institutions/?service=nonsense")
    assert response.status_code == 400 and "service" in response.json()


@pytest.mark.parametrize("status", [s.value for s in Status])
def test_licences_by_status_are_those_with_that_status_today(client, site, status):
    api = {lic["id"] for lic in api_all(client, f"/api/v1/licences/?status={status}")}
    today = timezone.localdate()
    assert api == {lic.pk for lic in Licence.objects.all() if lic.status(today) == status}


def test_licences_of_one_institution_and_one_city(client, site):
    clinic = site["clinic"]
    api = api_all(client, f"/api/v1/licences/?institution={clinic}")
    assert {lic["licence_no"] for lic in api} == set(
        Licence.objects.filter(institution_id=clinic).values_list("licence_no", flat=True))
    liuzhou = api_all(client, "/api/v1/licences/?city=4502")
    assert [lic["institution"] for lic in liuzhou] == [site["revoked_clinic"]]
    assert liuzhou[0]["status"] == "revoked" and liuzhou[0]["valid_until"] == str(
        date(2028, 2, 29))


@pytest.mark.parametrize("query", ["q=示例", "page_size=50"])
def test_an_institutions_page_leaves_no_records_for_the_garbage_collector(client, site, query):
    # A prefetch ties each licence and event to its parent in a cycle. Left as they are,
    # a few pages of them wait for a full collection, which made one search in ten slow.
    import gc

    def institutions_alive():
        return sum(type(o) in (Institution, Licence) for o in gc.get_objects())

    client.get(f"/api/v1/institutions/?{query}")  # the first answer fills caches
    gc.collect()
    gc.disable()
    try:
        before = institutions_alive()
        body = client.get(f"/api/v1/institutions/?{query}").json()
        assert sum(len(i["licences"]) for i in body["results"]) > 5
        assert institutions_alive() <= before + len(body["results"])  # licences freed
    finally:
        gc.enable()


def test_a_search_page_of_the_api_is_the_directorys_page_of_that_number(client):
    from tests.factories import InstitutionFactory

    for n in range(45):
        InstitutionFactory(name=f"示例翻页第{n:02d}医院")
    for number in (1, 2, 3):
        body = client.get(f"/api/v1/institutions/?q=翻页&page={number}").json()
        html = client.get(f"/institutions/?q=翻页&page={number}").content.decode()
        directory = [int(pk) for pk in
                     dict.fromkeys(re.findall(r'href="/institutions/(\d+)/"', html))]
        assert [i["id"] for i in body["results"]] == directory
        assert len(directory) == (20, 20, 5)[number - 1]
        assert (body["next"] is None) == (number == 3)
    bigger = client.get("/api/v1/institutions/?q=翻页&page_size=50").json()
    assert len(bigger["results"]) == 45  # a consumer may still ask for larger pages
