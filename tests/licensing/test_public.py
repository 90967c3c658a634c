"""What a citizen sees: the directory, its search and filters, and the detail page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing.choices import EventKind, Service
from licensing.models import Institution, LicenceEvent, Technology
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

LIST = reverse("institution_list")


def names(response):
    return [i.name for i in response.context["page"].object_list]


@pytest.fixture
def register():
    """A small register: two MCH hospitals, an ART clinic in Nanning and one in Liuzhou."""
    nanning_mch = InstitutionFactory(name="示例南宁市妇幼保健院", region=region("450103"))
    liuzhou_mch = InstitutionFactory(name="示例柳州市妇幼保健院", region=region("450202"))
    nanning_art = InstitutionFactory(name="示例南宁市第一人民医院", region=region("450103"))
    liuzhou_art = InstitutionFactory(name="示例柳州市生殖专科医院", region=region("450202"))
    LicenceFactory(institution=nanning_mch, service=Service.PRENATAL_SCREENING,
                   authority=authority("450103"), licence_no="PS450103-2024-000001")
    LicenceFactory(institution=liuzhou_mch, service=Service.PRENATAL_SCREENING,
                   authority=authority("450202"),
                   valid_until=timezone.localdate() - timedelta(days=1))
    for clinic, techs in ((nanning_art, ["AIH", "IVF-ET", "ICSI"]), (liuzhou_art, ["AIH"])):
        licence = LicenceFactory(institution=clinic, service=Service.ART, authority=authority("45"))
        licence.technologies.set(Technology.objects.filter(code__in=techs))
        licence.save()  # a ParentalManyToManyField is written on save
    return {"nanning_mch": nanning_mch, "liuzhou_mch": liuzhou_mch,
            "nanning_art": nanning_art, "liuzhou_art": liuzhou_art}


def test_two_characters_find_every_institution_containing_them(client, register):
    response = client.get(LIST, {"q": "妇幼"})
    assert sorted(names(response)) == ["示例南宁市妇幼保健院", "示例柳州市妇幼保健院"]
    assert "示例南宁市妇幼保健院" in response.content.decode()


def test_search_from_the_home_page_lands_on_the_directory(client, register):
    home = client.get("/")
    assert f'action="{LIST}"' in home.content.decode()
    assert client.get(LIST, {"q": "生殖"}).context["page"].paginator.count == 1


def test_uscc_finds_its_institution_first(client, register):
    target = register["liuzhou_art"]
    response = client.get(LIST, {"q": target.uscc.lower()})
    assert names(response)[0] == target.name


def test_licence_number_finds_its_institution(client, register):
    response = client.get(LIST, {"q": "PS450103-2024-000001"})
    assert names(response) == ["示例南宁市妇幼保健院"]


def test_pinyin_initials_find_the_institution(client, register):
    assert "示例南宁市妇幼保健院" in names(client.get(LIST, {"q": "nnsfy"}))


def test_filters_combine_with_search(client, register):
    assert names(client.get(LIST, {"q": "医院", "city": "4501", "service": "art"})) == [
        "示例南宁市第一人民医院"
    ]
    assert names(client.get(LIST, {"service": "art", "technology": "ICSI"})) == [
        "示例南宁市第一人民医院"
    ]
    assert names(client.get(LIST, {"county": "450202", "q": "妇幼"})) == ["示例柳州市妇幼保健院"]


def test_status_and_service_filter_the_same_licence(client, register):
    expired = client.get(LIST, {"service": "prenatal_screening", "status": "expired"})
    assert names(expired) == ["示例柳州市妇幼保健院"]
    valid = client.get(LIST, {"service": "prenatal_screening", "status": "valid"})
    assert names(valid) == ["示例南宁市妇幼保健院"]
    # An expired screening licence and a valid ART licence in different places: no mix-up.
    assert names(client.get(LIST, {"service": "art", "status": "expired"})) == []


def test_county_choices_follow_the_chosen_city(client, register):
    form = client.get(LIST, {"city": "4502"}).context["form"]
    codes = {code for code, _name in form.fields["county"].choices}
    assert "450202" in codes and "450103" not in codes


def test_pagination(client):
    for n in range(45):
        InstitutionFactory(name=f"示例分页第{n:02d}医院")
    first = client.get(LIST, {"q": "分页"})
    assert first.context["page"].paginator.num_pages == 3
    assert len(names(first)) == 20
    third = client.get(LIST, {"q": "分页", "page": 3})
    assert len(names(third)) == 5
    assert "q=%E5%88%86%E9%A1%B5&amp;page=2" in third.content.decode()  # keeps the query
    assert client.get(LIST, {"q": "分页", "page": 99}).context["page"].number == 3
    assert client.get(LIST, {"q": "分页", "page": "abc"}).context["page"].number == 1


def test_unknown_filter_value_is_explained_not_a_server_error(client, register):
    response = client.get(LIST, {"city": "9999", "status": "bogus"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "查询条件有误" in content and "许可状态" in content
    assert names(response) == []


def test_query_with_no_match_says_so(client, register):
    response = client.get(LIST, {"q": "不存在的"})
    assert "没有找到符合条件的机构" in response.content.decode()


def test_detail_page_shows_every_licence_and_its_history(client, register):
    institution = register["liuzhou_mch"]
    licence = institution.licences.get()
    LicenceEvent.objects.create(licence=licence, kind=EventKind.VERIFIED, date=date(2025, 1, 3),
                                document_no="示例校字〔2025〕7号")
    response = client.get(reverse("institution_detail", args=[institution.pk]))
    content = response.content.decode()
    for text in (institution.name, institution.uscc, "产前筛查", licence.licence_no,
                 licence.decision_no, "柳州市城中区卫生健康局", "已过期", "准予许可", "校验",
                 "示例校字〔2025〕7号", "有效期届满，许可失效"):
        assert text in content, text


def test_detail_page_lists_approved_technologies(client, register):
    response = client.get(reverse("institution_detail", args=[register["nanning_art"].pk]))
    content = response.content.decode()
    assert "人类辅助生殖技术" in content and "卵胞浆内单精子显微注射" in content
    assert "广西壮族自治区卫生健康委员会" in content


def test_unknown_institution_is_a_404(client, db):
    missing = (Institution.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    response = client.get(reverse("institution_detail", args=[missing]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_home_page_counts_institutions_with_valid_licences(client, register):
    response = client.get("/")
    counts = {value: n for value, _, n in response.context["service_counts"]}
    assert counts["art"] == 2
    assert counts["prenatal_screening"] == 1  # the Liuzhou licence has expired
    assert "广西妇幼健康许可信息公开" in response.content.decode()
