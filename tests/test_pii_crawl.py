"""Crawl the seeded public site — every page reachable from the home page, every download
and feed — and find no ID number and no mobile number of a person anywhere, nor an
inspector's name or 执法证号."""

import re
from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command
from stdnum.cn import ric

from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord
from disclosure.inspections.models import Inspector
from disclosure.models import SetupApplication
from licensing.models import PersonnelQualification

pytestmark = pytest.mark.django_db

MAX_PAGES = 600
ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{64}(?![0-9A-Za-z])")
SKIP = ("/admin/", "/documents/", "/static/", "/media/", "/text-size/")


def links(html, base):
    for href in re.findall(r'href="([^"#][^"]*)"', html):
        url = urldefrag(urljoin(base, href.replace("&amp;", "&")))[0]
        parsed = urlparse(url)
        if parsed.netloc in ("", "testserver") and not parsed.path.startswith(SKIP):
            yield parsed.path + (f"?{parsed.query}" if parsed.query else "")


def personal_values():
    """Every ID and mobile number the seeded database holds about people."""
    values = set()
    for model, fields in (
        (PersonnelQualification, ("id_number", "phone")),
        (SetupApplication, ("contact_mobile",)),
        (Penalty, ("subject_id_number", "legal_representative_id")),
        (BlacklistEntry, ("person_id_number",)),
        (Inspector, ("name", "certificate_no")),
        (PointRecord, ("person_id_number",)),
    ):
        for row in model.objects.values_list(*fields):
            values.update(v for v in row if v)
    return values


def test_no_public_page_download_or_feed_shows_a_persons_numbers(client):
    call_command("seed_demo", "--institutions", "150", stdout=StringIO())
    secrets = personal_values()
    assert secrets, "the demo data holds personal numbers to look for"
    queue = deque(["/", "/lists/feed/", "/applications/feed/", "/credit/feed/",
                   "/inspections/feed/",
                   "/credit/download.csv", "/credit/download.json", "/data/"])
    seen = set(queue)
    crawled = 0
    while queue and crawled < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 404), url
        crawled += 1
        if response.status_code != 200 or url.endswith(".xlsx"):
            continue
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8-sig", errors="replace")
        # A draw's hashes (commitment, seed, bundle checksum) are random hex: a run of their
        # digits may look like a phone number, and is not one.
        numbers = HEX_DIGEST.sub(" ", body)
        for found in ID_LIKE.findall(numbers):
            assert not ric.is_valid(found), f"an ID number on {url}"
        assert not MOBILE.findall(numbers), f"a mobile number on {url}: {MOBILE.findall(numbers)}"
        leaked = [value for value in secrets if value in body]
        assert not leaked, f"{url} shows {leaked}"
        if "html" in response.get("Content-Type", ""):
            for link in links(body, url):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    assert crawled > 100
