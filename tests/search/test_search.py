"""Search across the registry: the database backend, /search/, Elasticsearch and parity."""

import os
from datetime import date
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from licensing.choices import Service
from licensing.models import Institution
from search import indexing
from search.documents import SearchPage, SearchQuery
from tests.conftest import require
from tests.factories import InstitutionFactory, LicenceFactory, art_clinic, authority, region

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


@pytest.fixture
def register():
    return {
        "mch": LicenceFactory(institution=InstitutionFactory(name="示例南宁市妇幼保健院",
                                                             region=region("450103")),
                              licence_no="PS-0001", service=Service.PRENATAL_SCREENING,
                              authority=authority("450103")).institution,
        "hospital": InstitutionFactory(name="示例南宁市人民医院", region=region("450103")),
        "art": art_clinic("示例柳州市生殖中心", code="450202", techs=("AIH", "ICSI")).institution,
        "lapsed": art_clinic("示例桂林市生殖医院", code="450305",
                             until=date(2024, 1, 1)).institution,
    }


def found(**query):
    page = indexing.search(SearchQuery(**{"on": TODAY, **query}))
    return [(t, pk) for t, pk in page.hits], page


def test_two_characters_find_records_of_every_type(register):
    hits, page = found(text="妇幼")
    assert ("institution", register["mch"].pk) in hits
    assert ("licence", register["mch"].licences.get().pk) in hits
    assert ("institution", register["hospital"].pk) not in hits
    assert page.facets["type"] == {"institution": 1, "licence": 1}


def test_uscc_ranks_its_exact_match_first(register):
    target = register["hospital"]
    hits, _ = found(text=target.uscc.lower(), types=("institution",))
    assert hits[0] == ("institution", target.pk)


def test_service_technology_and_status_apply_to_one_licence(register):
    hits, _ = found(types=("institution",), service="art", technology="ICSI", status="valid")
    assert hits == [("institution", register["art"].pk)]
    hits, _ = found(types=("institution",), service="art", status="valid")
    assert ("institution", register["lapsed"].pk) not in hits
    hits, _ = found(types=("institution",), service="art", status="expired")
    assert hits == [("institution", register["lapsed"].pk)]


def test_status_follows_the_day_without_reindexing(register):
    on_day = found(types=("institution",), service="art", status="valid", on=date(2023, 6, 1))
    assert ("institution", register["lapsed"].pk) in on_day[0]


def test_deleting_removes_from_search(register, region_staff):
    from licensing import services

    licence = register["mch"].licences.get()
    services.delete(region_staff, licence)
    hits, _ = found(text="PS-0001")
    assert hits == []


def test_search_page_highlights_facets_and_pages(client, register):
    for n in range(25):
        InstitutionFactory(name=f"示例检索分页第{n:02d}医院")
    response = client.get(reverse("search"), {"q": "检索分页"})
    html = response.content.decode()
    assert "<mark>检索分页</mark>" in html and "共 25 条结果" in html
    assert "第 1 / 2 页" in html and "类型" in html and "医疗机构" in html
    second = client.get(reverse("search"), {"q": "检索分页", "page": 2})
    assert len(second.context["page"].object_list) == 5
    narrowed = client.get(reverse("search"), {"q": "生殖", "type": "licence"})
    assert all(hit["type"] == "许可" for hit in narrowed.context["page"].object_list)


def test_a_total_past_the_limit_says_so():
    capped = SearchPage(hits=[], total=1000, total_exact=False)
    html = render_to_string("includes/result_count.html", {"result": capped, "unit": "条结果"})
    assert "超过 1000 条结果，只列出前 1000 个" in html and "缩小范围" in html
    directory = render_to_string("includes/result_count.html",
                                 {"result": capped, "unit": "家机构", "lists_link": True})
    assert reverse("list_index") in directory  # the whole register is in the lists
    exact = SearchPage(hits=[], total=25)
    assert "共 25 条结果" in render_to_string("includes/result_count.html",
                                           {"result": exact, "unit": "条结果"})


def test_bad_facet_value_is_explained(client, register):
    response = client.get(reverse("search"), {"q": "妇幼", "city": "9999"})
    assert response.status_code == 200 and "检索条件有误" in response.content.decode()


def test_elasticsearch_outage_falls_back_to_the_database(client, register, caplog):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        response = client.get(reverse("search"), {"q": "妇幼"})
        directory = client.get(reverse("institution_list"), {"q": "妇幼"})
    assert response.status_code == 200 and directory.status_code == 200
    assert "检索服务暂时降级" in response.content.decode()
    assert "示例南宁市妇幼保健院" in directory.content.decode()
    assert "search degraded" in caplog.text


# -- a real Elasticsearch (CI starts one; locally: bash .ci/elasticsearch) ----------

@pytest.fixture
def elastic(settings):
    url = os.environ.get("ELASTICSEARCH_URL", "")
    require(url, "ELASTICSEARCH_URL not set (bash .ci/elasticsearch)")
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid4().hex[:8]}"
    backend = indexing.elasticsearch_backend()
    yield backend
    for name in backend.concrete_indexes():
        backend.client.indices.delete(index=name)


def test_rebuild_switches_the_alias_and_health_reports_it(elastic, register):
    out = StringIO()
    call_command("rebuild_search_index", "--backend", "elasticsearch", stdout=out)
    first = elastic.aliased()
    call_command("rebuild_search_index", "--backend", "elasticsearch", stdout=out)
    assert elastic.aliased() != first and elastic.concrete_indexes() == elastic.aliased()
    assert "institution" in out.getvalue()
    health = StringIO()
    call_command("search_health", stdout=health)
    assert "green" in health.getvalue() or "yellow" in health.getvalue()


def test_changes_reach_elasticsearch_after_commit(elastic, register, region_staff,
                                                  django_capture_on_commit_callbacks):
    call_command("rebuild_search_index", "--backend", "elasticsearch", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        Institution.objects.filter(pk=register["hospital"].pk).get().save()
        created = InstitutionFactory(name="示例新建妇幼医院")
    page = indexing.search(SearchQuery(text="新建妇幼", on=TODAY))
    assert page.backend == "elasticsearch" and ("institution", created.pk) in page.hits
    with django_capture_on_commit_callbacks(execute=True):
        created.delete()
    assert indexing.search(SearchQuery(text="新建妇幼", on=TODAY)).hits == []


PARITY_TEXT = ["妇幼", "生殖", "人民", "南宁", "fy", "nns", "医院", "示例", "柳州 生殖", "不存在"]
PARITY_FILTERS = [
    {}, {"types": ("institution",)}, {"city": "4501"}, {"county": "450103"},
    {"service": "art"}, {"service": "art", "status": "valid"}, {"technology": "ICSI"},
    {"status": "expired"}, {"types": ("licence",), "service": "prenatal_screening"},
]


def test_both_backends_give_the_same_answers(elastic):
    call_command("seed_demo", "--institutions", "400", stdout=StringIO())  # indexes both
    database = indexing.database_backend()
    identifiers = list(Institution.objects.values_list("uscc", flat=True)[:5])
    identifiers += list(Institution.objects.filter(licences__isnull=False)
                        .values_list("licences__licence_no", flat=True)[:5])
    for text in identifiers:  # exact identifiers: the same ids in the same order
        query = SearchQuery(text=text, on=TODAY, per_page=50)
        assert elastic.search(query).hits == database.search(query).hits, text
    for text in PARITY_TEXT:  # text: the same sets, totals and facets
        for filters in PARITY_FILTERS:
            query = SearchQuery(text=text, on=TODAY, per_page=1000, **filters)
            db_page, es_page = database.search(query), elastic.search(query)
            assert set(es_page.hits) == set(db_page.hits), (text, filters)
            assert es_page.total == db_page.total and es_page.facets == db_page.facets


def test_unpublishing_a_notice_removes_it_from_search(make_user):
    from disclosure.models import ApplicationNotice, SetupApplication

    admin = make_user(superuser=True)  # staff publish only through review; admins withdraw
    application = SetupApplication.objects.create(
        applicant_name="示例待撤公告医院", uscc=InstitutionFactory.build().uscc,
        region=region("450103"), address="示例路", applies_sperm_bank=True,
        received_on=date(2026, 11, 2), contact_office="示例科", office_phone="0771-1",
    )
    notice = ApplicationNotice.objects.create(application=application, live=True)
    assert found(text="待撤公告")[0] == [("application", notice.pk)]
    notice.unpublish(user=admin)
    assert found(text="待撤公告")[0] == []


def test_search_page_reads_results_in_a_bounded_number_of_queries(
    client, register, django_assert_max_num_queries
):
    for n in range(20):
        art_clinic(f"示例查询数第{n:02d}生殖中心")
    with django_assert_max_num_queries(40):  # not one or two per result
        response = client.get(reverse("search"), {"q": "查询数"})
    assert len(response.context["page"].object_list) == 20


@pytest.mark.django_db
def test_a_licence_save_indexes_each_record_once(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from licensing.models import Licence
    from tests.factories import LicenceFactory

    licence = Licence.objects.get(pk=LicenceFactory().pk)
    # 3 for the licence (its events, the UPDATE, the open-data mark); none for Wagtail's
    # reference index, as no foreign key moved; 4 to read the institution's row, its
    # licences, their technologies and the technologies' names, from which the licence's
    # own document is built too; 3 deletes and 3 inserts (SQLite's text index follows
    # by triggers); 1 to move the kept search answers' version. 100 at first, 52 before
    # the index was written in one go, 24 before the last three steps.
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(15):
        licence.save()
    inserts = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('INSERT INTO "search_indexentry"')]
    assert len(inserts) == 1  # the institution's document and the licence's, together
    from search.models import IndexEntry

    indexed = IndexEntry.objects.filter(
        type__in=("institution", "licence"),
        object_id__in=(licence.institution_id, licence.pk)).values_list("type", "object_id")
    assert sorted(indexed) == [("institution", licence.institution_id),
                               ("licence", licence.pk)]
    licence.valid_until = licence.valid_from.replace(year=licence.valid_from.year + 9)
    licence.save()  # a real change is written once too, and found
    entry = IndexEntry.objects.get(type="licence", object_id=licence.pk)
    assert entry.licences.get().valid_until == licence.valid_until
