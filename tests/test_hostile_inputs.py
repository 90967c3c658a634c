"""Every public page that takes parameters, asked with hostile values: search-engine
syntax (FTS5, tsquery), very long text, control characters, impossible dates, unknown
choices, huge page numbers. No server error, no answer slower than 2 seconds."""

import re
import time
from collections import deque
from html import unescape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from tests.public_site import build_public_site

pytestmark = pytest.mark.django_db
MAX_PAGES = 60
HOSTILE = [
    "x" * 5000, '"', "'", "*", '"妇幼" OR 生殖*', "NEAR(妇幼 生殖)", "妇幼 AND", ") OR (1=1",
    "妇:*", "!&|<->", "\x00", "\x1f\x7f", "%", "_", "\\", "2025-02-30", "99999-01-01",
    "-1", "0", "999999999999999999999", "1e9", "nonsense", "<script>alert(1)</script>",
    "𠀀𪚥", "　",
]


def links_and_forms(html, here):
    """{same-site path: the parameter names its links and forms on this page send it}."""
    found = {}
    for href in re.findall(r'href="([^"#]+)"', html):
        parts = urlsplit(unescape(href))
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(
                ("/admin", "/static", "/media", "/documents", "/api/v1/docs")):
            continue
        found.setdefault(parts.path, set()).update(name for name, _ in parse_qsl(parts.query))
    for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", html, flags=re.S):
        action = re.search(r'action="([^"]*)"', attributes)
        path = urlsplit(unescape(action[1])).path if action and action[1] else here
        found.setdefault(path, set()).update(
            re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', body))
    return found


def public_pages(client):
    """{path: the parameter names the site sends it}, crawled from the home page; one page
    of each shape (/institutions/1/ stands for every institution)."""
    queue, seen, fetched, params = deque(["/"]), {"/"}, 0, {}
    while queue and fetched < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        fetched += 1
        params.setdefault(path, set())
        if "html" not in response.get("Content-Type", ""):
            continue
        for link, names in links_and_forms(response.content.decode(), path).items():
            shape = re.sub(r"\d+", "N", link)
            if shape not in seen:
                seen.add(shape)
                queue.append(link)
            params.setdefault(link, set()).update(names)
    shapes = {}
    for path, names in params.items():
        if not path.startswith("/api/"):  # the API's own fuzzing: test_api_schema_fuzz.py
            first, merged = shapes.get(re.sub(r"\d+", "N", path), (path, set()))
            shapes[re.sub(r"\d+", "N", path)] = (first, merged | names)
    return dict(shapes.values())


def test_hostile_parameters_never_break_a_public_page(client):
    build_public_site()
    pages = public_pages(client)
    asked = 0
    for path, names in sorted(pages.items()):
        for name in sorted(names | {"q", "page"}):
            for value in HOSTILE:
                url = f"{path}?{urlencode({name: value}, quote_via=quote)}"
                started = time.perf_counter()
                response = client.get(url)
                took = time.perf_counter() - started
                assert response.status_code < 500, (url[:120], response.status_code)
                assert took < 2, (url[:120], f"{took:.2f} s")
                asked += 1
    assert asked > 1000 and len(pages) > 30
