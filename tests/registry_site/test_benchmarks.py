"""The benchmarks' scratch-register wipe (`make bench` runs it before measuring)."""

import pytest

from licensing.models import Institution, Licence, Region
from registry_site.benchmarks import wipe_register
from search import indexing
from search.documents import SearchQuery
from tests.factories import art_clinic

pytestmark = pytest.mark.django_db


def test_wipe_empties_the_register_and_its_search_but_keeps_the_regions():
    art_clinic("示例清空测试生殖中心")
    assert indexing.search(SearchQuery(text="清空")).total == 2  # the institution and its licence
    regions = Region.objects.count()
    wipe_register()
    assert not Institution.objects.exists() and not Licence.objects.exists()
    assert indexing.search(SearchQuery(text="清空")).total == 0
    assert Region.objects.count() == regions
