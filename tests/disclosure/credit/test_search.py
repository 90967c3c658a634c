"""Penalties in search (/search/ and both backends): found while public — by two
characters of the institution, the decision number or the USCC — and not before
publication, after the 公示截止期, once withdrawn, nor ever when unpublished; a
natural person only by the masked name. Each test runs on the database and, when
ELASTICSEARCH_URL is set, on Elasticsearch (its own index prefix), through the site's
indexing (signals, on-commit updates) as the pages use it."""

import os
from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosure.credit import services
from disclosure.credit.models import Penalty
from disclosure.credit.search_types import PenaltySearch
from licensing import roles
from search import indexing, registry
from search.documents import SearchQuery
from search.models import IndexEntry
from tests.conftest import require
from tests.disclosure.credit.test_services import XINGNING, penalty
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db

DECIDED, PUBLISHED = date(2025, 3, 3), date(2025, 3, 6)
PUBLIC_UNTIL = date(2028, 3, 3)  # 罚款 decided 2025-03-03: three years
ID_NUMBER = "11010519491231002X"


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, settings):
    """The backend that answers: the database, or a real Elasticsearch node on its own
    index prefix (deleted afterwards)."""
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        require(url, "ELASTICSEARCH_URL not set (bash .ci/elasticsearch)")
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid4().hex[:8]}"
    yield request.param
    elastic = indexing.elasticsearch_backend()
    if elastic is not None:
        for name in elastic.concrete_indexes():
            elastic.client.indices.delete(index=name)


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` — writes as if committed: Elasticsearch is updated after each
    commit (the database's index in the same transaction, as on the site)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(text, on=None, **query):
    """(type, id) hits of `text` on `on` (today), checked to come from the backend asked."""
    result = indexing.search(SearchQuery(text=text, on=on, per_page=100, **query))
    expected = "elasticsearch" if indexing.elasticsearch_backend() else "database"
    assert result.backend == expected and not result.degraded
    return result.hits


def published(user, name="示例兴宁康宁医院", **fields):
    institution = InstitutionFactory(region=region(XINGNING), name=name)
    record = services.record_penalty(user, penalty(institution, **fields))
    return services.publish_penalty(user, record, PUBLISHED)


def key(record):
    return ("penalty", record.pk)


def test_found_while_public_by_name_decision_number_and_uscc(backend, commit, county):
    with commit():
        record = published(county)
    for text in ("康宁", record.decision_no, record.uscc, record.uscc.lower()):
        assert key(record) in found(text), text
    assert found(record.decision_no)[0] == key(record)  # the exact identifier first
    assert key(record) in found("康宁", on=PUBLISHED)
    assert key(record) in found("康宁", on=PUBLIC_UNTIL)  # the 公示截止期 itself


def test_not_found_before_publication_nor_after_the_deadline(backend, commit, county):
    with commit():
        record = published(county)
    assert record.public_until == PUBLIC_UNTIL
    for day in (PUBLISHED - timedelta(days=1), PUBLIC_UNTIL + timedelta(days=1),
                date(2030, 1, 1)):
        for text in ("康宁", record.decision_no, record.uscc):
            assert key(record) not in found(text, on=day), (text, day)
    # The institution itself is still found on those days: only the penalty's window shut.
    assert ("institution", record.institution_id) in found("康宁", on=date(2030, 1, 1))


def test_search_follows_the_rule_day_by_day(backend, commit, county):
    """The same answer as Penalty.is_public on each day, without re-indexing."""
    with commit():
        record = published(county)
    days = [DECIDED, PUBLISHED - timedelta(days=1), PUBLISHED, date(2026, 6, 1),
            PUBLIC_UNTIL, PUBLIC_UNTIL + timedelta(days=1)]
    for day in days:
        assert (key(record) in found(record.decision_no, on=day)) == record.is_public(day), day


def test_indexed_when_published_and_withdrawn_when_annulled(backend, commit, county):
    with commit():
        institution = InstitutionFactory(region=region(XINGNING), name="示例兴宁康宁医院")
        record = services.record_penalty(county, penalty(institution))
    assert key(record) not in found("康宁")  # recorded, not yet published
    with commit():
        services.publish_penalty(county, record, PUBLISHED)
    assert key(record) in found("康宁")
    with commit():  # saves with update_fields: the signal re-indexes all the same
        services.end_publication(county, record, "annulled", "原决定已撤销")
    assert not record.is_public(timezone.localdate())
    assert key(record) not in found("康宁") and key(record) not in found(record.decision_no)
    assert key(record) not in found("康宁", on=date(2026, 6, 1))
    assert not IndexEntry.objects.filter(type="penalty", object_id=record.pk).exists()


def test_a_natural_person_is_found_only_by_the_masked_name(backend, commit, county, client):
    with commit():
        record = published(county, subject_kind=Penalty.SubjectKind.PERSON,
                           subject_name="张三丰", uscc="", subject_id_number=ID_NUMBER,
                           decision_no="示例卫罚〔2025〕7号")
    assert found("张三丰") == [] and found(ID_NUMBER) == []
    assert found("三丰") == [] and found(ID_NUMBER[:8]) == []
    assert key(record) in found("康宁") and key(record) in found(record.decision_no)
    html = client.get(reverse("search"), {"q": "康宁"}).content.decode()
    assert "张**行政处罚" in html and "张三丰" not in html and ID_NUMBER not in html
    document = PenaltySearch().document(record)
    assert document.title == "张**行政处罚"
    stored = " ".join([document.title, document.subtitle, document.sort_key, *document.text,
                       *document.exact])
    assert "三丰" not in stored and ID_NUMBER not in stored


def test_an_unpublished_penalty_is_never_found(backend, commit, county):
    with commit():
        institution = InstitutionFactory(region=region(XINGNING), name="示例兴宁康宁医院")
        draft = services.record_penalty(county, penalty(institution))
        # A 警告 alone, not marked for publication, even with a publication date.
        warning = services.record_penalty(county, penalty(
            institution, kinds=["警告"], fine=None, content="警告", published_on=PUBLISHED,
            decision_no="示例卫罚〔2025〕8号"))
    assert not warning.is_public(PUBLISHED)
    for day in (None, PUBLISHED, date(2026, 6, 1)):
        hits = found("康宁", on=day) + found(warning.decision_no, on=day)
        assert key(draft) not in hits and key(warning) not in hits


def test_an_institution_renamed_is_found_by_its_new_name(backend, commit, county):
    with commit():
        record = published(county)
    institution = record.institution
    institution.name = "示例兴宁安和医院"
    with commit():
        institution.save()
    assert key(record) in found("安和")
    assert key(record) in found("康宁")  # still: 康宁 is the penalised subject's name


def test_the_type_facet_says_what_a_penalty_is(backend, commit, county, client):
    with commit():
        published(county)
        other = published(county, name="示例兴宁长乐医院", decision_no="示例卫罚〔2025〕2号")
    assert registry.labels("type")["penalty"] == "行政处罚"
    assert found("长乐", types=("penalty",)) == [key(other)]
    response = client.get(reverse("search"), {"q": "康宁"})
    facets = {f["label"]: [v["label"] for v in f["values"]] for f in response.context["facets"]}
    assert "行政处罚" in facets["类型"]
    narrowed = client.get(reverse("search"), {"q": "示例", "type": "penalty"})
    assert [hit["type"] for hit in narrowed.context["page"].object_list] == ["行政处罚"] * 2
