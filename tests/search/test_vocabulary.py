"""Everyday words (试管婴儿, 婚检, 唐筛 …) find the institutions licensed for them, a name
typed slightly wrong finds the institution it meant, and the pages say what they did.

Backend tests run on the database and, with ELASTICSEARCH_URL set, on Elasticsearch
(the pattern of test_backends.py); page tests run the whole site on each backend.
"""

import importlib
import os
import tomllib
from datetime import date
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.urls import reverse

from licensing.choices import Service
from licensing.models import Technology
from search import indexing, matching, registry, vocabulary
from search.backends import database
from search.backends.database import DatabaseBackend
from search.documents import TOTAL_LIMIT, Document, LicenceWindow, SearchQuery
from search.tokenizer import keyword_terms
from tests.conftest import require
from tests.factories import InstitutionFactory, LicenceFactory, art_clinic, authority, region
from tests.search.conftest import BACKENDS

ON = date(2025, 6, 1)
TODAY = date(2026, 11, 22)
TECHNOLOGIES = importlib.import_module("licensing.migrations.0002_reference_data").TECHNOLOGIES
LABELS = {
    "service": dict(Service.choices),
    "technology": {code: name for code, name, _service in TECHNOLOGIES},
}
WORDS = vocabulary.load()


def holder(pk, name, service, technologies=(), city="4501"):
    """An institution holding one licence, with the keywords search.indexing adds."""
    document = Document(
        "institution", pk, name, sort_key=f"{pk:04d}", text=(name,), city=city,
        licences=(LicenceWindow(service, tuple(technologies), valid_from=date(2020, 1, 1)),),
    )
    return indexing.labelled(document, LABELS)


def holders():
    """One holder of each service without technologies, then one of each technology,
    named so that no name shares a word with the vocabulary."""
    documents = [holder(pk, f"示例持证单位{pk:02d}", service)
                 for pk, service in enumerate(Service.values, start=1)]
    documents += [holder(pk, f"示例持证单位{pk:02d}", service, (code,))
                  for pk, (code, _name, service) in enumerate(TECHNOLOGIES, start=20)]
    documents += [
        holder(50, "示例南宁市生育门诊", Service.ART, ("IVF-ET",)),
        holder(51, "示例柳州市生育门诊", Service.ART, ("IVF-ET",), city="4502"),
    ]
    return documents


HOLDERS = holders()
BY_ID = {document.id: document for document in HOLDERS}
SERVICE_HOLDER = {document.licences[0].service: document.id for document in HOLDERS[:6]}

# Approximate matches: 示例南宁市妇幼医院 holds none of these names whole.
NEAR = [
    Document("institution", 90, "示例南宁市妇幼保健院", sort_key="0001",
             text=("示例南宁市妇幼保健院",), city="4501"),  # 6 of the 8 bigrams
    Document("institution", 91, "示例南宁市妇幼医疗院", sort_key="0002",
             text=("示例南宁市妇幼医疗院",), city="4501"),  # 7 of 8: ranks first
    Document("institution", 92, "示例柳州市妇幼保健院", sort_key="0000",
             text=("示例柳州市妇幼保健院",), city="4502"),  # 3 of 8: not close enough
]


@pytest.fixture(scope="module")
def elasticsearch_backend(make_backend):
    backend = make_backend()
    backend.rebuild({"institution": HOLDERS + NEAR})
    return backend


@pytest.fixture
def database_backend(db):
    backend = DatabaseBackend()
    backend.rebuild({"institution": HOLDERS + NEAR})
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.getfixturevalue(f"{request.param}_backend")


def found(backend, text, **kwargs):
    query = SearchQuery(text=text, on=ON, per_page=100, facets=False, **kwargs)
    return [pk for _type, pk in backend.search(query).hits]


def bears(labels, name):
    """True if a record with these labels as keywords is indexed under official `name`."""
    runs = {run for label in labels for run in keyword_terms(label)}
    return set(keyword_terms(name)) <= runs


def expected(word):
    """The holders of any official name the vocabulary gives for `word`."""
    names = WORDS.names[vocabulary.normalise(word)]
    return {d.id for d in HOLDERS if any(bears(d.keywords, name) for name in names)}


# -- the vocabulary as data ------------------------------------------------------


def official_names():
    return set(WORDS.official)


def test_every_service_has_an_official_name_and_everyday_words(db):
    for service, label in Service.choices:
        names = [n for n in WORDS.official if bears([label], n)]
        assert names, f"no vocabulary entry names the service {service} ({label})"
        aliases = [a for a, found_names in WORDS.names.items()
                   if set(names) & set(found_names) and a not in map(vocabulary.normalise, names)]
        assert aliases, f"no everyday word for {label}"


def test_every_technology_has_an_entry_with_everyday_words(db):
    technologies = list(Technology.objects.values_list("name", flat=True))
    assert len(technologies) == len(TECHNOLOGIES)
    for name in technologies:
        assert name in official_names(), f"technology {name} missing from vocabulary.toml"
        aliases = [a for a, names in WORDS.names.items()
                   if name in names and a != vocabulary.normalise(name)]
        assert aliases, f"no everyday word for {name}"


def test_every_official_name_is_what_records_are_indexed_under():
    """An official name that no service or technology bears would find nothing."""
    labels = [*LABELS["service"].values(), *LABELS["technology"].values()]
    for name in official_names():
        assert any(bears([label], name) for label in labels), name


def test_the_file_is_plain_data_staff_can_check():
    data = tomllib.loads(vocabulary.PATH.read_text(encoding="utf-8"))
    assert set(data) == {"term", "ignore"}
    for entry in data["term"]:
        assert set(entry) == {"name", "aliases"} and isinstance(entry["aliases"], list)
        assert all(len(vocabulary.normalise(a)) >= 2 for a in entry["aliases"]), entry["name"]


def test_a_broken_file_keeps_the_last_good_vocabulary(tmp_path, monkeypatch, caplog):
    path = tmp_path / "vocabulary.toml"
    path.write_text('[[term]]\nname = "婚前医学检查"\naliases = ["婚检"]\n', encoding="utf-8")
    monkeypatch.setattr(vocabulary, "PATH", path)
    assert vocabulary.current().names["婚检"] == ("婚前医学检查",)
    path.write_text('[[term]]\nname = "婚前医学检查"\naliases = ["婚检", \n', encoding="utf-8")
    assert vocabulary.current().names["婚检"] == ("婚前医学检查",)
    assert "not read" in caplog.text


def test_the_words_of_the_issue_map_where_they_should():
    def names(word):
        return set(WORDS.names[vocabulary.normalise(word)])

    assert {"体外受精-胚胎移植", "人类辅助生殖技术"} <= names("试管婴儿")
    assert names("第二代试管") == {"卵胞浆内单精子显微注射"}
    assert names("三代试管") == names("第三代试管") == {"植入前胚胎遗传学检测"}
    assert {"夫精人工授精", "供精人工授精"} <= names("人工授精")
    assert names("婚检") == {"婚前医学检查"}
    assert "产前筛查" in names("唐筛") and "产前筛查" in names("唐氏筛查")
    assert {"产前筛查", "产前诊断", "孕妇外周血胎儿游离DNA产前筛查"} <= names("无创DNA")
    assert names("NIPT") == names("nipt") == names("无创DNA")
    assert names("羊水穿刺") == {"产前诊断"}
    assert names("精子库") == {"人类精子库"}
    assert {"结扎手术", "母婴保健专项技术"} == names("结扎")
    assert {"终止妊娠手术", "母婴保健专项技术"} == names("人流") == names("终止妊娠")
    assert names("辅助生殖") == {"人类辅助生殖技术"}
    for unrelated in ("产检", "孕检", "体检"):  # no licensed service: not mapped
        assert vocabulary.normalise(unrelated) not in WORDS.names


def test_official_names_are_indexed_whole_so_their_fragments_find_nothing_new():
    keywords = HOLDERS[0].keywords  # 人类辅助生殖技术
    assert keywords == ("人类辅助生殖技术",)
    assert keyword_terms("体外受精-胚胎移植") == ("体外受精", "胚胎移植")
    assert keyword_terms("孕妇外周血胎儿游离DNA产前筛查") == (
        "孕妇外周血胎儿游离", "dna", "产前筛查")


# -- the query plan ---------------------------------------------------------------


def units(text, tolerant=False):
    match = matching.text_match(text, tolerant)
    return [[[t.text for t in alternative] for alternative in unit] for unit in match.units]


def test_a_vocabulary_word_is_one_unit_of_alternatives():
    assert units("试管婴儿") == [
        [["试管", "管婴", "婴儿"], ["人类辅助生殖技术"], ["体外受精", "胚胎移植"]]
    ]
    # The rest of the text still counts; particles and describing words do not.
    assert units("南宁试管婴儿") == [[["南宁"]]] + units("试管婴儿")
    assert units("哪里可以做试管婴儿") == units("试管婴儿")
    assert units("婚检医院") == [[["婚检"], ["婚前医学检查"]]]
    assert units("医院") == [[["医院"]]]  # alone, an ignorable word is searched as usual


def test_letters_are_matched_as_whole_words_in_any_case():
    assert units("NIPT") == units("nipt") == units("ＮＩＰＴ")
    assert units("aida") == [[["aida"]]]  # not AID
    assert [w.typed for w in matching.vocabulary_words("NIPT检测")] == ["NIPT"]


def test_tolerant_plan_needs_two_thirds_of_the_units():
    match = matching.text_match("南宁市妇幼保健医院", tolerant=True)
    assert (len(match.units), match.minimum) == (8, 6)
    assert matching.can_relax("南宁妇幼")  # three bigrams: two will do
    assert not matching.can_relax("妇幼保") and not matching.can_relax("婚检")


# -- both backends ----------------------------------------------------------------


@pytest.mark.parametrize("service", Service.values)
def test_everyday_words_find_the_holders_of_each_service(backend, service):
    """Every word of the vocabulary that stands for this service or one of its
    technologies finds exactly the holders of the names it stands for."""
    labels = [LABELS["service"][service]]
    labels += [name for _code, name, owner in TECHNOLOGIES if owner == service]
    official = {n for n in WORDS.official if any(bears([label], n) for label in labels)}
    words = [alias for alias, names in WORDS.names.items() if official & set(names)]
    assert len(words) > len(official)  # everyday words, not only the official names
    for word in words:
        hits = set(found(backend, word))
        assert hits and hits == expected(word), word


@pytest.mark.parametrize("word, service", [
    ("试管婴儿", "art"), ("辅助生殖", "art"), ("人工授精", "art"), ("精子库", "sperm_bank"),
    ("羊水穿刺", "prenatal_diagnosis"), ("唐筛", "prenatal_screening"),
    ("唐氏筛查", "prenatal_screening"), ("无创DNA", "prenatal_screening"),
    ("NIPT", "prenatal_screening"), ("婚检", "premarital_exam"), ("结扎", "mch_special"),
    ("人流", "mch_special"), ("终止妊娠", "mch_special"),
])
def test_the_words_of_the_issue_find_a_holder_of_the_service(backend, word, service):
    assert SERVICE_HOLDER[service] in found(backend, word)


def test_technology_words_find_only_holders_of_that_technology(backend):
    icsi = next(d.id for d in HOLDERS if d.licences[0].technologies == ("ICSI",))
    pgt = next(d.id for d in HOLDERS if d.licences[0].technologies == ("PGT",))
    assert found(backend, "第二代试管") == [icsi]
    assert found(backend, "三代试管") == found(backend, "第三代试管") == [pgt]


def test_other_services_are_not_found(backend):
    assert SERVICE_HOLDER["art"] not in found(backend, "婚检")
    assert SERVICE_HOLDER["premarital_exam"] not in found(backend, "试管婴儿")
    # A fragment of an official name is not a word of it: no holder found.
    assert found(backend, "生殖") == [] and found(backend, "医学") == []


def test_the_rest_of_the_text_still_narrows(backend):
    assert found(backend, "南宁试管婴儿") == [50]
    assert found(backend, "柳州 试管婴儿 医院") == [51]
    assert found(backend, "试管婴儿", city="4502") == [51]


def test_approximate_match_ranks_by_how_much_of_the_text_is_held(backend):
    assert found(backend, "示例南宁市妇幼医院") == []
    assert found(backend, "示例南宁市妇幼医院", approximate=True) == [91, 90]
    page = backend.search(SearchQuery(text="示例南宁市妇幼医院", on=ON, approximate=True))
    assert page.total == 2 and page.facets["city"] == {"4501": 2}


def test_the_vocabulary_is_read_again_when_it_changes(backend, tmp_path, monkeypatch):
    path = tmp_path / "vocabulary.toml"
    path.write_text(vocabulary.PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(vocabulary, "PATH", path)
    assert found(backend, "婚前查体") == []
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('\n[[term]]\nname = "婚前医学检查"\naliases = ["婚前查体"]\n')
    assert found(backend, "婚前查体") == [SERVICE_HOLDER["premarital_exam"]]  # no re-index


# More than TOTAL_LIMIT holders: the database walks or sorts, Elasticsearch scores; the
# pages must be the same. Every 100th holder's name holds the whole tolerant text.
MANY = [
    indexing.labelled(Document(
        "institution", i, name, sort_key=f"{i:05d}", text=(name,),
        licences=(LicenceWindow("art", ("IVF-ET",), valid_from=date(2020, 1, 1)),),
    ), LABELS)
    for i in range(1, TOTAL_LIMIT + 51)
    for name in [f"示例生育门诊{'医院' if i % 100 == 0 else ''}{i}"]
]


@pytest.fixture(scope="module")
def elasticsearch_many(make_backend):
    backend = make_backend()
    backend.rebuild({"institution": MANY})
    return backend


@pytest.fixture
def database_many(db):
    backend = DatabaseBackend()
    backend.rebuild({"institution": MANY})
    return backend


@pytest.fixture(params=BACKENDS)
def many(request):
    return request.getfixturevalue(f"{request.param}_many")


def test_a_word_with_many_holders_pages_in_result_order(many, monkeypatch):
    page = many.search(SearchQuery(text="试管婴儿", on=ON))
    assert (page.total, page.total_exact) == (TOTAL_LIMIT, False)
    assert found(many, "试管婴儿") == list(range(1, 101))
    assert found(many, "试管婴儿", page=3) == list(range(201, 301))
    monkeypatch.setattr(database, "WALK_STEP", 50)  # the database sorts instead of walking
    assert found(many, "试管婴儿", page=3) == list(range(201, 301))


def test_many_approximate_matches_rank_by_how_much_they_hold(many):
    # 示例生育门诊医院: every holder has five of its seven bigrams, every 100th all seven.
    hits = found(many, "示例生育门诊医院", approximate=True)
    assert hits == [*range(100, TOTAL_LIMIT + 1, 100), *range(1, 91)]
    second = found(many, "示例生育门诊医院", approximate=True, page=2)
    assert second == [i for i in range(91, 200) if i % 100][:100]


# -- the site, on each backend ----------------------------------------------------

SEARCH, LIST = reverse("search"), reverse("institution_list")
NOT_PROOF = ("本系统未查到，不等于该机构未取得许可。"
             "如需核实，请拨打12320卫生健康热线，或向当地卫生健康行政部门咨询。")


@pytest.fixture(params=["database", "elasticsearch"])
def site(request, db, settings):
    """Records made with the factories, indexed by the site (as in production) on the
    database, or also on a fresh Elasticsearch index that then answers."""
    records = {
        "mch": LicenceFactory(
            institution=InstitutionFactory(name="示例南宁市妇幼保健院", region=region("450103")),
            service=Service.PRENATAL_SCREENING, authority=authority("450103"),
        ).institution,
        "premarital": LicenceFactory(
            institution=InstitutionFactory(name="示例兴宁区妇幼保健站", region=region("450102")),
        ).institution,
        "art": art_clinic("示例柳州市生育门诊", code="450202", techs=("AIH", "IVF-ET")).institution,
    }
    backend = None
    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        require(url, "ELASTICSEARCH_URL not set (bash .ci/elasticsearch)")
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid4().hex[:8]}"
        backend = indexing.elasticsearch_backend()
        call_command("rebuild_search_index", "--backend", "elasticsearch", stdout=StringIO())
    records["backend"] = request.param
    yield records
    if backend is not None:
        for name in backend.concrete_indexes():
            backend.client.indices.delete(index=name)


def page_of(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response, response.content.decode()


def test_records_are_indexed_under_their_services_and_technologies(db):
    clinic = art_clinic("示例关键词生育门诊", techs=("AIH", "IVF-ET")).institution
    [document] = indexing.documents_for(registry.get("institution"), [clinic.pk])
    assert set(document.keywords) == {"人类辅助生殖技术", "夫精人工授精", "体外受精-胚胎移植"}
    rebuilt = {d.id: d for d in indexing.all_documents()["institution"]}
    assert rebuilt[clinic.pk].keywords == document.keywords


def test_an_everyday_word_finds_the_licensed_institution_and_says_how(client, site):
    response, html = page_of(client, LIST, "试管婴儿")
    assert [i.name for i in response.context["page"].object_list] == ["示例柳州市生育门诊"]
    assert response.context["result"].backend == site["backend"]
    assert "已将“试管婴儿”按规范名称“人类辅助生殖技术”“体外受精-胚胎移植”一并检索。" in html
    response, html = page_of(client, LIST, "婚检")
    assert [i.name for i in response.context["page"].object_list] == ["示例兴宁区妇幼保健站"]
    _response, html = page_of(client, SEARCH, "NIPT")
    assert "示例南宁市妇幼保健院" in html and "已将“NIPT”按规范名称" in html
    assert NOT_PROOF not in html and "没有完全匹配" not in html


def test_a_name_typed_with_a_character_more_finds_the_institution(client, site):
    page = indexing.search(SearchQuery(text="南宁市妇幼保健医院", types=("institution",), on=TODAY))
    assert page.approximate and page.backend == site["backend"]
    assert page.hits == [("institution", site["mch"].pk)]
    response, html = page_of(client, LIST, "南宁市妇幼保健医院")
    assert [i.name for i in response.context["page"].object_list] == ["示例南宁市妇幼保健院"]
    assert "没有完全匹配的结果，以下是相近的机构" in html and NOT_PROOF not in html
    _response, html = page_of(client, SEARCH, "南宁市妇幼保健医院")
    assert "没有完全匹配的结果，以下是相近的结果" in html and "示例南宁市妇幼保健院" in html


def test_an_exact_name_is_not_called_approximate(client, site):
    _response, html = page_of(client, LIST, "南宁市妇幼保健院")
    assert "示例南宁市妇幼保健院" in html and "没有完全匹配" not in html


def test_nothing_found_is_not_proof_of_no_licence(client, site):
    for url in (LIST, SEARCH):
        response, html = page_of(client, url, "示例不存在的机构名称")
        assert response.context["result"].total == 0
        assert NOT_PROOF in html and "没有完全匹配" not in html
