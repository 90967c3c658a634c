"""Every query parameter of every public listing, given values no form expects: never 500."""

import re

import pytest

from tests.factories import LicenceFactory

PAGES = ["/", "/search/", "/institutions/", "/licensing-decisions/", "/lists/",
         "/applications/", "/who-approves/"]
BAD_VALUES = ["abc", "9223372036854775808", "9999-99-99", "0001-01-01", "%00",
              "a" * 300]


@pytest.mark.django_db
def test_public_listings_answer_bad_query_values_without_a_server_error(client):
    LicenceFactory()
    tried = 0
    for page in PAGES:
        html = client.get(page).content.decode()
        names = set(re.findall(r'name="([a-z_]+)"', html)) | {"page", "q"}
        for name in sorted(names - {"csrfmiddlewaretoken"}):
            for value in BAD_VALUES:
                response = client.get(page, {name: value})
                assert response.status_code < 500, f"{page}?{name}={value!r}"
                tried += 1
    assert tried > 100
