"""Visible windows (documents.Document.visible_from / visible_until) on both backends:
a document is found only on the days of its window — by hits, totals, facets, the
tolerant retry, identifiers and the database's admin ids — evaluated on the query's
day, with no re-index when the window closes. Fixtures es_url and make_backend are in
conftest.py; the licence status rule is registered by the apps (as on the site)."""

from datetime import date

import pytest
from elasticsearch import helpers

from search.backends import database
from search.backends.database import DatabaseBackend
from search.backends.elastic import MAPPING, document_source
from search.documents import TOTAL_LIMIT, Document, SearchQuery
from search.models import IndexEntry
from tests.search.conftest import BACKENDS

PUBLISHED, CLOSES = date(2025, 3, 6), date(2028, 3, 3)
BEFORE, DURING, AFTER = date(2025, 3, 5), date(2025, 10, 1), date(2028, 3, 4)
USCC = "12450100MB0000005C"

PENALTY = Document(
    "penalty", 1, "示例窗口医院行政处罚", sort_key="6|450102|a",
    text=("示例窗口医院", USCC, "示例卫罚〔2025〕9号"), exact=(USCC, "示例卫罚〔2025〕9号"),
    city="4501", county="450102", services=("premarital_exam",),
    visible_from=PUBLISHED, visible_until=CLOSES,
)
FROM_ONLY = Document(  # open-ended: visible from a day on
    "penalty", 2, "示例窗口诊所行政处罚", sort_key="6|450103|b",
    text=("示例窗口诊所",), city="4501", county="450103", services=("prenatal_screening",),
    visible_from=date(2026, 6, 1),
)
UNTIL_ONLY = Document(  # visible up to a day
    "penalty", 3, "示例窗口门诊行政处罚", sort_key="6|450202|c",
    text=("示例窗口门诊",), city="4502", county="450202", services=("premarital_exam",),
    visible_until=date(2025, 12, 31),
)
ALWAYS = Document(  # no window: as before windows existed
    "institution", 4, "示例窗口医院", sort_key="1|450102",
    text=("示例窗口医院", USCC), exact=(USCC,), city="4501", county="450102",
)
DOCUMENTS = (PENALTY, FROM_ONLY, UNTIL_ONLY, ALWAYS)


def key(doc):
    return (doc.type, doc.id)


def by_type(documents):
    result = {}
    for doc in documents:
        result.setdefault(doc.type, []).append(doc)
    return result


@pytest.fixture(scope="module")
def elasticsearch_backend(make_backend):
    backend = make_backend()
    backend.rebuild(by_type(DOCUMENTS))
    return backend


@pytest.fixture
def database_backend(db):
    backend = DatabaseBackend()
    backend.rebuild(by_type(DOCUMENTS))
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.getfixturevalue(f"{request.param}_backend")


def page(backend, on, **kwargs):
    return backend.search(SearchQuery(on=on, per_page=100, **kwargs))


def test_the_rule():
    assert PENALTY.visible_on(PUBLISHED) and PENALTY.visible_on(CLOSES)
    assert not PENALTY.visible_on(BEFORE) and not PENALTY.visible_on(AFTER)
    assert ALWAYS.visible_on(date(1, 1, 1)) and FROM_ONLY.visible_on(date(9999, 12, 31))


@pytest.mark.parametrize("on", [BEFORE, PUBLISHED, DURING, date(2026, 6, 1), CLOSES, AFTER])
def test_hits_and_totals_follow_the_day(backend, on):
    expected = {key(d) for d in DOCUMENTS if d.visible_on(on)}
    result = page(backend, on, text="窗口")
    assert set(result.hits) == expected and result.total == len(expected)
    assert result.total_exact
    everything = page(backend, on)  # no text: the walk over every record
    assert set(everything.hits) == expected and everything.total == len(expected)


def test_first_and_last_day_are_inside(backend):
    assert key(PENALTY) in page(backend, PUBLISHED, text="窗口医院").hits
    assert key(PENALTY) in page(backend, CLOSES, text="窗口医院").hits
    assert page(backend, AFTER, text="窗口医院").hits == [key(ALWAYS)]
    assert page(backend, BEFORE, text="窗口医院").hits == [key(ALWAYS)]


def test_facets_count_only_what_is_visible(backend):
    during = page(backend, DURING, text="示例")
    assert during.facets == {
        "type": {"penalty": 2, "institution": 1},
        "city": {"4501": 2, "4502": 1},
        "county": {"450102": 2, "450202": 1},
        "service": {"premarital_exam": 2},
    }
    after = page(backend, AFTER, text="示例")
    assert after.total == 2 and after.facets == {
        "type": {"penalty": 1, "institution": 1},
        "city": {"4501": 2},
        "county": {"450102": 1, "450103": 1},
        "service": {"prenatal_screening": 1},
    }


def test_filters_do_not_bring_back_a_closed_window(backend):
    assert page(backend, AFTER, types=("penalty",), service="premarital_exam").hits == []
    assert page(backend, DURING, types=("penalty",), service="premarital_exam").total == 2
    assert page(backend, AFTER, city="4502").total == 0
    assert page(backend, AFTER, county="450102").hits == [key(ALWAYS)]


def test_an_identifier_finds_only_what_is_visible(backend):
    assert page(backend, DURING, text=USCC).hits == [key(ALWAYS), key(PENALTY)]
    assert page(backend, AFTER, text=USCC).hits == [key(ALWAYS)]
    assert page(backend, DURING, text="示例卫罚〔2025〕9号").hits == [key(PENALTY)]
    assert page(backend, AFTER, text="示例卫罚〔2025〕9号").hits == []


def test_the_tolerant_retry_respects_the_window(backend):
    # 窗口 医院 门诊: no record holds all three; two of the three are enough.
    tolerant = dict(text="窗口 医院 门诊", approximate=True, types=("penalty",))
    assert set(page(backend, DURING, **tolerant).hits) == {key(PENALTY), key(UNTIL_ONLY)}
    assert page(backend, BEFORE, **tolerant).hits == [key(UNTIL_ONLY)]
    after = page(backend, AFTER, **tolerant)
    assert (after.hits, after.total) == ([], 0)


def test_the_admin_ids_respect_the_window(database_backend):
    def object_ids(on):
        entries = database_backend.object_ids("penalty", "窗口", on=on)
        return {row["object_id"] for row in entries}

    assert object_ids(DURING) == {1, 3}
    assert object_ids(AFTER) == {2}
    assert list(database_backend.object_ids("institution", "窗口")) == [{"object_id": 4}]


def test_what_each_backend_stores(database_backend):
    entries = {(t, pk): (start, end) for t, pk, start, end in IndexEntry.objects.values_list(
        "type", "object_id", "visible_from", "visible_until")}
    assert entries[key(PENALTY)] == (PUBLISHED, CLOSES)
    assert entries[key(ALWAYS)] == (date(1, 1, 1), date(9999, 12, 31))  # open bounds
    assert document_source(PENALTY)["visible_from"] == "2025-03-06"
    assert "visible_from" not in document_source(ALWAYS)  # open: left out


# Many records, some of them out of their window: counting, the walk and the sort of
# the database backend, and Elasticsearch's track_total_hits, all leave those out.

HIDDEN = 30  # the first records in result order, their window closed on ON
ON = date(2025, 6, 1)


def many():
    documents = []
    for i in range(1, TOTAL_LIMIT + 101):
        name = f"示例卫生院{i}" + (" 桂林分院" if i >= 60 else "")
        documents.append(Document(
            "institution", i, name, sort_key=f"{i:05d}", text=(name,),
            visible_until=date(2025, 1, 1) if i <= HIDDEN else None,
            visible_from=date(2026, 1, 1) if i > TOTAL_LIMIT else None,
        ))
    return documents


MANY = many()


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
def many_backend(request):
    return request.getfixturevalue(f"{request.param}_many")


def ids(backend, on=ON, **kwargs):
    return [pk for _type, pk in backend.search(SearchQuery(on=on, **kwargs)).hits]


def test_many_records_count_and_page_only_the_visible(many_backend):
    # On ON: records 31 … 1000 (970); from 2026: 31 … 1100 (past the limit).
    result = many_backend.search(SearchQuery(text="卫生", on=ON))
    assert (result.total, result.total_exact) == (TOTAL_LIMIT - HIDDEN, True)
    assert ids(many_backend, text="卫生") == list(range(HIDDEN + 1, HIDDEN + 21))
    assert result.facets["type"] == {"institution": TOTAL_LIMIT - HIDDEN}
    later = many_backend.search(SearchQuery(text="卫生", on=date(2026, 1, 1)))
    assert (later.total, later.total_exact) == (TOTAL_LIMIT, False)
    assert ids(many_backend, on=date(2026, 1, 1)) == list(range(HIDDEN + 1, HIDDEN + 21))
    assert ids(many_backend, on=date(2024, 12, 31), page=2) == list(range(21, 41))


@pytest.mark.parametrize("step", [database.WALK_STEP, 20])
def test_database_walk_and_sort_skip_the_hidden(database_many, monkeypatch, step):
    """Past TOTAL_LIMIT the database walks the records in order (or, with a short step
    that meets only hidden ones, sorts the matches instead): the same pages."""
    monkeypatch.setattr(database, "WALK_STEP", step)
    later = date(2026, 1, 1)
    assert ids(database_many, on=later) == list(range(HIDDEN + 1, HIDDEN + 21))
    assert ids(database_many, on=later, text="卫生", page=2) == list(range(HIDDEN + 21,
                                                                            HIDDEN + 41))
    assert ids(database_many, on=later, text="桂林") == list(range(60, 80))


def test_an_index_made_before_windows_gains_the_fields(make_backend):
    """An index made with the mapping of before (no window fields) still answers, its
    documents always visible, and takes windowed documents once written to."""
    legacy = make_backend()
    index = f"{legacy.prefix}-00000000000000000000"
    properties = {k: v for k, v in MAPPING["properties"].items()
                  if not k.startswith("visible_")}
    legacy.loader.indices.create(index=index, aliases={legacy.alias: {}},
                                 mappings={**MAPPING, "properties": properties})
    helpers.bulk(legacy.loader, [legacy._index_action(index, ALWAYS)], refresh=True)
    assert legacy.search(SearchQuery(on=AFTER, text="窗口")).hits == [key(ALWAYS)]
    legacy.index([PENALTY])
    mapping = legacy.client.indices.get_mapping(index=index)[index]["mappings"]
    assert "visible_until" in mapping["properties"]
    assert set(legacy.search(SearchQuery(on=DURING, text="窗口")).hits) == {
        key(ALWAYS), key(PENALTY)}
    assert legacy.search(SearchQuery(on=AFTER, text="窗口")).hits == [key(ALWAYS)]
