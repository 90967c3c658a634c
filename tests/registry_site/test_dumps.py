"""Full dumps at /data/: every collection in three formats, each with the checksum the
page states, as many records as the API lists, the same records as replaying the change
feed up to the dump's change number; and a data dictionary for every column."""

import csv
import hashlib
import io
import json
import re
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from licensing.models import Institution
from registry_site.open_data import collections
from tests.public_site import build_public_site
from tests.registry_site.test_api import api_all
from tests.registry_site.test_changes import feed, replay

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def download(client, name, fmt):
    response = client.get(f"/data/{name}.{fmt}")
    assert response.status_code == 200, (name, fmt)
    return response, b"".join(response.streaming_content)


def stated(page, name, fmt):
    """The SHA-256 the page states for a file."""
    link = f'href="/data/{name}.{fmt}"'
    return re.search(r'<span class="code">([0-9a-f]{64})</span>', page[page.index(link):])[1]


def test_each_dump_is_the_api_list_with_the_checksum_the_page_states(client, site):
    page = client.get("/data/").content.decode()
    for collection in collections.collections():
        listed = {r["id"]: r for r in api_all(client, f"/api/v1/{collection.name}/")}
        for fmt in ("jsonl", "csv", "xlsx"):
            response, body = download(client, collection.name, fmt)
            assert hashlib.sha256(body).hexdigest() == stated(page, collection.name, fmt)
            assert response["X-Checksum-SHA256"] == stated(page, collection.name, fmt)
        _, body = download(client, collection.name, "jsonl")
        rows = [json.loads(line) for line in body.decode().splitlines()]
        assert {r["id"]: r for r in rows} == listed, collection.name
        _, body = download(client, collection.name, "csv")
        table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert table[0] == list(collection.fields()) and len(table) == len(listed) + 1
        _, body = download(client, collection.name, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
        assert sum(1 for _ in sheet.iter_rows()) == len(listed) + 1
        assert f"{len(listed)} 条" in page


def test_a_dump_and_the_changes_after_its_number_rebuild_the_register(client, site):
    response, body = download(client, "institutions", "jsonl")
    seq = int(response["X-Change-Seq"])
    copy = {"institutions": {r["id"]: r for r in map(json.loads, body.decode().splitlines())}}
    clinic = Institution.objects.get(pk=site["clinic"])
    clinic.address = "示例南宁市青秀区新址2号"
    clinic.save()
    changes, _ = feed(client, seq)
    rebuilt = replay([c for c in changes if c["collection"] == "institutions"], copy)
    assert rebuilt["institutions"] == {
        r["id"]: r for r in api_all(client, "/api/v1/institutions/")}
    # the dump stays as it was, under its number, until the nightly refresh rewrites it
    assert download(client, "institutions", "jsonl")[1] == body
    first, _ = download(client, "list-editions", "csv")
    call_command("refresh_open_data", stdout=StringIO())
    response2, body2 = download(client, "institutions", "jsonl")
    assert int(response2["X-Change-Seq"]) > seq and "新址2号" in body2.decode()
    # an unchanged collection keeps its file and number
    again, _ = download(client, "list-editions", "csv")
    assert first["X-Change-Seq"] == again["X-Change-Seq"]


def test_the_data_dictionary_explains_every_column(client, site):
    page = client.get("/data/dictionary/").content.decode()
    for collection in collections.collections():
        assert f'id="{collection.name}"' in page
        for name in collection.fields():
            assert f'<span class="code">{name}</span>' in page, (collection.name, name)
    decisions = page[page.index('id="licensing-decisions"'):page.index('id="list-editions"')]
    assert re.search(r"decision_no</span></td>\s*<td[^>]*>XK_WSH</td>", decisions)
    assert re.search(r"decided_on</span></td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>日期", decisions)
    assert "示例" in decisions  # an example taken from the data


def test_an_unknown_dump_is_not_found(client, site):
    assert client.get("/data/nothing.csv").status_code == 404
    assert client.get("/data/institutions.exe").status_code == 404


def test_the_dictionary_shows_a_checksum_whole_and_cuts_no_code_in_half(client, site):
    page = client.get("/data/dictionary/").content.decode()
    editions = page[page.index('id="list-editions"'):page.index('id="application-notices"')]
    shown = re.search(r'sha256</span></td>(?:\s*<td[^>]*>[^<]*</td>){3}\s*'
                      r'<td data-label="示例"><span class="code">([^<]*)</span>', editions)[1]
    published = {row["sha256"] for row in api_all(client, "/api/v1/list-editions/")}
    assert shown in published
    shortened = re.findall(r'<span class="code">([^<]*)…</span>', page)
    assert shortened, "long examples are shortened"
    assert not [text for text in shortened if re.search(r"[0-9A-Za-z]{12,}$", text)]
