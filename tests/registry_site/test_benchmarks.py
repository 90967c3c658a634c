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


def test_wipe_also_empties_a_seeded_demo_with_penalties_and_inspections():
    from io import StringIO

    from django.core.management import call_command

    from disclosure.credit.models import Penalty
    from disclosure.inspections.models import Inspection, InspectionPlan
    from disclosure.models import ListEdition

    call_command("seed_demo", "--institutions", "60", stdout=StringIO())
    assert Penalty.objects.exists() and Inspection.objects.exists()
    ListEdition.objects.update(published_on=None)  # published editions refuse on SQLite
    wipe_register()
    assert not Institution.objects.exists() and not InspectionPlan.objects.exists()
    assert not Penalty.objects.exists()
