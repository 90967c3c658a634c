"""The search backends' contract, on the database and on a real Elasticsearch node
(ELASTICSEARCH_URL; `bash .ci/elasticsearch`): the same documents, the same answers.

Documents are built by hand and the licence status rule is the licensing app's pure
one, registered for the duration of the module. Maintenance (aliases, rebuilds) is
Elasticsearch's alone. The fixtures es_url and make_backend are in conftest.py.
"""

from datetime import date

import elasticsearch
import pytest

from licensing.choices import Status
from licensing.licence_status import status_conditions
from search import registry
from search.backends import database
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend
from search.documents import TOTAL_LIMIT, Document, LicenceWindow, SearchQuery
from tests.search.conftest import BACKENDS

ON = date(2025, 6, 1)
LATER = date(2031, 1, 1)  # every licence below has ended by then
USCC_FY = "12450100MB0000001X"
USCC_RM = "12450100MB0000002Y"

FYBJY = Document(
    "institution", 1, "示例南宁市妇幼保健院", sort_key="0002",
    text=("示例南宁市妇幼保健院", USCC_FY), exact=(USCC_FY,), city="4501", county="450102",
    licences=(
        LicenceWindow("art", ("ivf", "icsi"), valid_from=date(2018, 1, 1),
                      valid_until=date(2023, 12, 31)),
        LicenceWindow("screening", ("prenatal",), valid_from=date(2020, 1, 1),
                      valid_until=date(2030, 12, 31)),
    ),
)
RMYY = Document(
    "institution", 2, "示例南宁市人民医院", sort_key="0003",
    text=("示例南宁市人民医院", USCC_RM), exact=(USCC_RM,), city="4501", county="450103",
    licences=(
        LicenceWindow("art", ("ivf",), valid_from=date(2020, 1, 1), valid_until=date(2030, 12, 31)),
        # A second ART licence not yet in force: ART and ivf still count once.
        LicenceWindow("art", ("ivf",), valid_from=date(2026, 1, 1)),
    ),
)
LIUZHOU = Document(
    "institution", 3, "示例柳州市妇幼保健院", sort_key="0001",
    text=("示例柳州市妇幼保健院",), exact=("12450200MB0000003Z",), city="4502", county="450202",
    licences=(
        LicenceWindow("screening", ("prenatal",), state="suspended",
                      valid_from=date(2020, 1, 1), valid_until=date(2030, 12, 31)),
    ),
)
DECISION = Document(
    "decision", 10, "示例南宁市妇幼保健院准予许可决定", sort_key="0000",
    text=("示例南宁市妇幼保健院 准予许可决定", USCC_FY), city="4501",
    services=("art",), technologies=("ivf",),
)
APPLICATION = Document(
    "application", 20, "示例南宁市人民医院设置申请", sort_key="0003",
    text=("示例南宁市人民医院 设置申请",), city="4501",
    services=("art",), statuses=("processing",),
)
DOCUMENTS = (FYBJY, RMYY, LIUZHOU, DECISION, APPLICATION)


def by_type(documents):
    result = {}
    for doc in documents:
        result.setdefault(doc.type, []).append(doc)
    return result


def key(doc):
    return (doc.type, doc.id)


@pytest.fixture(scope="module", autouse=True)
def licence_status_rule():
    """The licensing app's rule, restored afterwards to whatever was registered."""
    previous = registry.status_values(), registry._status_rule["rule"]
    registry.set_status_rule(status_conditions, Status.values)
    yield
    registry.set_status_rule(previous[1], previous[0])


@pytest.fixture(scope="module")
def elasticsearch_backend(make_backend):
    """An Elasticsearch backend holding DOCUMENTS, shared by the read-only tests."""
    backend = make_backend()
    backend.rebuild(by_type(DOCUMENTS))
    return backend


@pytest.fixture
def database_backend(db):
    """A database backend holding DOCUMENTS (rolled back after each test)."""
    backend = DatabaseBackend()
    backend.rebuild(by_type(DOCUMENTS))
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Each backend holding DOCUMENTS."""
    return request.getfixturevalue(f"{request.param}_backend")


def found(backend, **kwargs):
    kwargs.setdefault("on", ON)
    kwargs.setdefault("per_page", 100)
    return backend.search(SearchQuery(**kwargs)).hits


# Text


def test_two_character_chinese_fragment(backend):
    hits = found(backend, text="妇幼")
    assert key(FYBJY) in hits
    assert key(RMYY) not in hits
    assert set(hits) == {key(FYBJY), key(LIUZHOU), key(DECISION)}


def test_fragment_must_be_contiguous(backend):
    assert found(backend, text="妇院") == []
    assert found(backend, text="南宁妇幼") == []  # 宁妇 is not a bigram of any name
    assert set(found(backend, text="南宁市妇幼")) == {key(FYBJY), key(DECISION)}


def test_pinyin_initials_prefix(backend):
    hits = found(backend, text="fybj")
    assert key(FYBJY) in hits and key(LIUZHOU) in hits
    assert key(RMYY) not in hits
    assert found(backend, text="FYBJ") == hits  # normalised like the index


def test_uscc_exact_match_ranks_first(backend):
    # The decision mentions the USCC and sorts earlier; the exact match still leads.
    for text in (USCC_FY, USCC_FY.lower(), f" {USCC_FY} "):
        assert found(backend, text=text) == [key(FYBJY), key(DECISION)]


def test_uscc_prefix_finds_both(backend):
    assert set(found(backend, text="12450100mb")) == {key(FYBJY), key(RMYY), key(DECISION)}


def test_empty_text_matches_everything(backend):
    page = backend.search(SearchQuery(on=ON))
    assert page.total == len(DOCUMENTS) and page.total_exact
    assert page.backend == backend.name


# Filters


def test_type_filter(backend):
    assert set(found(backend, text="妇幼", types=("institution",))) == {key(FYBJY), key(LIUZHOU)}
    assert found(backend, text="妇幼", types=("decision", "application")) == [key(DECISION)]


def test_city_and_county_filters(backend):
    assert found(backend, text="妇幼", city="4502") == [key(LIUZHOU)]
    assert found(backend, city="4501", county="450102") == [key(FYBJY)]


def test_service_alone_counts_licences_and_flat_services(backend):
    hits = found(backend, service="art")
    assert set(hits) == {key(FYBJY), key(RMYY), key(DECISION), key(APPLICATION)}


def test_service_technology_and_status_apply_to_the_same_licence(backend):
    # 妇幼保健院: ART expired, screening valid — not a valid ART provider.
    assert found(backend, service="art", status="valid") == [key(RMYY)]
    assert key(FYBJY) in found(backend, service="art", status="expired")
    assert found(backend, service="art", technology="icsi") == [key(FYBJY)]
    assert found(backend, service="screening", technology="ivf") == []


def test_status_is_evaluated_on_the_query_day(backend):
    assert found(backend, service="screening", status="valid") == [key(FYBJY)]
    assert found(backend, service="screening", status="valid", on=LATER) == []
    assert key(FYBJY) in found(backend, service="screening", status="expired", on=LATER)
    assert found(backend, status="suspended") == [key(LIUZHOU)]
    assert found(backend, status="pending") == [key(RMYY)]


def test_flat_statuses(backend):
    # An application's 办理状态 is not a licence status: no licence matches it.
    assert found(backend, status="processing") == [key(APPLICATION)]
    assert found(backend, service="art", status="processing") == [key(APPLICATION)]
    assert found(backend, technology="ivf", status="processing") == []


# Order and paging


def test_order_is_sort_key_then_type_then_id(backend):
    assert found(backend) == [
        key(DECISION), key(LIUZHOU), key(FYBJY), key(APPLICATION), key(RMYY),
    ]


def test_paging_and_total(backend):
    pages = [backend.search(SearchQuery(text="示例", on=ON, per_page=2, page=n)) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [5, 5, 5]
    assert pages[0].hits == [key(DECISION), key(LIUZHOU)]
    assert pages[1].hits == [key(FYBJY), key(APPLICATION)]
    assert pages[2].hits == [key(RMYY)]
    beyond = backend.search(SearchQuery(text="示例", on=ON, per_page=2, page=4))
    assert beyond.hits == [] and beyond.total == 5


# Facets


def test_facet_counts_over_all_matches(backend):
    page = backend.search(SearchQuery(text="示例", on=ON, per_page=1))
    assert page.facets == {
        "type": {"institution": 3, "decision": 1, "application": 1},
        "city": {"4501": 4, "4502": 1},
        "county": {"450102": 1, "450103": 1, "450202": 1},
        "service": {"art": 4, "screening": 2},
        "technology": {"ivf": 3, "icsi": 1, "prenatal": 2},
        "status": {"valid": 2, "expired": 1, "suspended": 1, "pending": 1, "processing": 1},
    }


def test_facets_follow_the_filters_and_the_day(backend):
    page = backend.search(SearchQuery(service="art", status="valid", on=ON))
    assert page.facets["service"] == {"art": 1}
    assert page.facets["status"] == {"valid": 1, "pending": 1}  # RMYY's two ART licences
    later = backend.search(SearchQuery(types=("institution",), on=LATER))
    # By 2031 every dated licence has ended, suspended or not; RMYY's open-ended one is valid.
    assert later.facets["status"] == {"expired": 3, "valid": 1}


def test_empty_facets_are_left_out(backend):
    assert backend.search(SearchQuery(types=("decision",), on=ON)).facets == {
        "type": {"decision": 1}, "city": {"4501": 1}, "service": {"art": 1},
        "technology": {"ivf": 1},
    }


def test_no_facets_when_not_asked(backend):
    assert backend.search(SearchQuery(on=ON, facets=False)).facets == {}


# Many matches: counting stops past TOTAL_LIMIT, pages stop there, and the order is
# the same whichever way a backend finds the page.

PARENT_USCC = "12450100MB0000009A"  # every record mentions it; one holds it


def many_documents():
    """TOTAL_LIMIT + 100 institutions, sorted by id: 卫生 in all, 桂林 in all but the
    first 59, every 37th also an ART centre, the first TOTAL_LIMIT in 南宁 (4501)."""
    documents = []
    for i in range(1, TOTAL_LIMIT + 101):
        licences = [LicenceWindow("screening", ("prenatal",), valid_from=date(2020, 1, 1),
                                  valid_until=date(2030, 12, 31))]
        if i % 37 == 0:
            licences.append(LicenceWindow("art", ("ivf",), valid_from=date(2020, 1, 1)))
        name = f"示例卫生院{i}" + (" 桂林分院" if i >= 60 else "")
        documents.append(Document(
            "institution", i, name, sort_key=f"{i:05d}", text=(name, PARENT_USCC),
            exact=(PARENT_USCC,) if i == TOTAL_LIMIT + 99 else (),
            city="4501" if i <= TOTAL_LIMIT else "4502", licences=tuple(licences),
        ))
    return documents


MANY = many_documents()


@pytest.fixture
def database_many(db):
    backend = DatabaseBackend()
    backend.rebuild({"institution": MANY})
    return backend


@pytest.fixture(scope="module")
def elasticsearch_many(make_backend):
    backend = make_backend()
    backend.rebuild({"institution": MANY})
    return backend


@pytest.fixture(params=BACKENDS)
def many(request):
    """Each backend holding MANY."""
    return request.getfixturevalue(f"{request.param}_many")


def ids(backend, **kwargs):
    kwargs.setdefault("on", ON)
    return [pk for _type, pk in backend.search(SearchQuery(**kwargs)).hits]


def test_counting_stops_past_the_limit(many):
    page = many.search(SearchQuery(text="卫生", on=ON))
    assert (page.total, page.total_exact) == (TOTAL_LIMIT, False)
    assert ids(many, text="卫生") == list(range(1, 21))
    exactly = many.search(SearchQuery(city="4501", on=ON))  # TOTAL_LIMIT, and no more
    assert (exactly.total, exactly.total_exact) == (TOTAL_LIMIT, True)
    art = many.search(SearchQuery(service="art", status="valid", on=ON, per_page=100))
    assert (art.total, art.total_exact) == (len(MANY) // 37, True)
    assert [pk for _t, pk in art.hits] == list(range(37, len(MANY) + 1, 37))


def test_pages_stop_at_the_limit(many):
    last = TOTAL_LIMIT // 20
    assert ids(many, text="卫生", page=last) == list(range(TOTAL_LIMIT - 19, TOTAL_LIMIT + 1))
    assert ids(many, text="卫生", page=last + 1) == []


def test_an_identifier_leads_many_matches(many):
    assert ids(many, text=PARENT_USCC) == [TOTAL_LIMIT + 99, *range(1, 20)]
    assert ids(many, text=PARENT_USCC, page=2) == list(range(20, 40))


def test_licence_filters_on_many_records(many):
    # Every record has a valid screening licence: tested record by record.
    assert ids(many, text="卫生", service="screening", status="valid", page=2) == list(
        range(21, 41))
    assert ids(many, text="卫生", service="screening", status="valid", on=LATER) == []
    assert ids(many, text="卫生", service="screening", status="expired", on=LATER) == list(
        range(1, 21))


@pytest.mark.parametrize("step", [database.WALK_STEP, 50])
def test_database_pages_are_the_same_walked_or_sorted(database_many, monkeypatch, step):
    """With a step of 50 the walk meets none of the matches (桂林 starts at the 60th
    record) and the backend sorts them (up to a bound taken from the matches at hand)
    instead: the pages must not differ."""
    monkeypatch.setattr(database, "WALK_STEP", step)
    assert ids(database_many, text="桂林") == list(range(60, 80))
    # Six wanted: the first sixty records hold one, so the walk reads on to WALK_STEP.
    assert ids(database_many, text="桂林", per_page=6) == list(range(60, 66))
    assert ids(database_many, text="桂林", page=3) == list(range(100, 120))
    assert ids(database_many, text="桂林", city="4502") == list(range(TOTAL_LIMIT + 1,
                                                                     TOTAL_LIMIT + 21))


# Writing and maintenance


def test_search_before_any_index_is_empty_and_index_creates_it(make_backend):
    fresh = make_backend()
    page = fresh.search(SearchQuery(text="妇幼"))
    assert (page.hits, page.total) == ([], 0)
    assert fresh.health()["index"] is None
    fresh.index([FYBJY])
    assert found(fresh, text="妇幼") == [key(FYBJY)]
    fresh.index([Document("institution", 1, "示例人民医院", text=("示例人民医院",))])
    assert found(fresh, text="妇幼") == []  # replaced, not added
    assert found(fresh, text="人民") == [key(FYBJY)]
    assert fresh.health()["documents"] == 1


def test_remove(make_backend):
    fresh = make_backend()
    fresh.remove("institution", [1])  # no index yet: nothing to do
    fresh.index(DOCUMENTS)
    fresh.remove("institution", [1, 999])
    hits = found(fresh, text="妇幼")
    assert key(FYBJY) not in hits and key(LIUZHOU) in hits
    assert fresh.health()["documents"] == len(DOCUMENTS) - 1


def test_rebuild_switches_the_alias_and_drops_the_old_index(make_backend):
    fresh = make_backend()
    fresh.rebuild(by_type(DOCUMENTS))
    old = fresh.health()["index"]
    seen = []

    def progress(type_name, done, total):
        # Mid-rebuild the old index still answers, with everything it had.
        seen.append((type_name, done, total, fresh.search(SearchQuery(on=ON)).total))

    fresh.rebuild({"institution": [FYBJY, LIUZHOU], "decision": iter([DECISION])}, progress)
    assert seen == [("institution", 2, 2, 5), ("decision", 1, None, 5)]
    health = fresh.health()
    assert health["index"] != old and health["documents"] == 3
    assert fresh.concrete_indexes() == [health["index"]]
    assert not fresh.client.indices.exists(index=old)
    assert set(found(fresh)) == {key(FYBJY), key(LIUZHOU), key(DECISION)}


def test_failed_rebuild_keeps_the_old_index(make_backend):
    fresh = make_backend()
    fresh.rebuild(by_type(DOCUMENTS))
    old = fresh.health()["index"]

    def broken():
        yield FYBJY
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        fresh.rebuild({"institution": broken()})
    assert fresh.concrete_indexes() == [old]
    assert fresh.search(SearchQuery(on=ON)).total == len(DOCUMENTS)


def test_health(elasticsearch_backend):
    backend = elasticsearch_backend
    health = backend.health()
    assert health == {
        "backend": "elasticsearch",
        "status": health["status"],
        "alias": backend.alias,
        "index": backend.concrete_indexes()[0],
        "documents": len(DOCUMENTS),
    }
    assert health["status"] in ("green", "yellow")


def test_unreachable_cluster_raises(es_url):
    down = ElasticsearchBackend("http://127.0.0.1:9", index_prefix="unused", timeout=1)
    with pytest.raises(elasticsearch.ConnectionError):
        down.search(SearchQuery(text="妇幼"))
