"""The public credit pages: search and filters, a penalty's 双公示 fields, withdrawal by
date and by annulment, downloads with national column names, nothing personal."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from disclosure.credit import services
from disclosure.credit.exports import COLUMNS
from disclosure.credit.models import BlacklistEntry, Penalty
from disclosure.credit.public import public_penalties
from licensing import roles
from licensing.choices import Service
from tests.factories import InstitutionFactory, authority, region

pytestmark = pytest.mark.django_db

XINGNING = "450102"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


_numbers = iter(range(1, 10_000))


def published(user, name, decided, kinds=("罚款",), published_on=None, **fields):
    institution = fields.pop("institution", None) or InstitutionFactory(
        region=region(XINGNING), name=name)
    values = dict(
        institution=institution, service=Service.PREMARITAL_EXAM, subject_name=name,
        uscc=institution.uscc, decision_no=f"示例卫罚〔{decided.year}〕{next(_numbers)}号",
        violation_type="未按规定开展婚前医学检查", facts="示例事实", basis="示例依据",
        kinds=list(kinds), content="示例处罚内容", fine=Decimal("0.2") if "罚款" in kinds else None,
        decided_on=decided, authority=authority(XINGNING),
    )
    values.update(fields)
    penalty = services.record_penalty(user, Penalty(**values))
    return services.publish_penalty(user, penalty, published_on or decided)


def test_a_citizen_finds_a_public_penalty_by_two_characters_and_opens_it(client, county):
    today = timezone.localdate()
    penalty = published(county, "示例兴宁康宁医院", today - timedelta(days=10))
    response = client.get(reverse("credit:index"), {"q": "康宁"})
    page = response.content.decode()
    assert "示例兴宁康宁医院" in page and "数据更新于" in page
    detail = client.get(reverse("credit:penalty_detail", args=[penalty.pk])).content.decode()
    for text in ("行政处罚决定书文号", penalty.decision_no, "处罚依据", "公示截止期", "0.2 万元"):
        assert text in detail


def test_filters_by_kind_year_and_decision_number(client, county):
    today = timezone.localdate()
    fine = published(county, "示例罚款医院", today - timedelta(days=40))
    revoked = published(county, "示例吊销医院", today - timedelta(days=5),
                        kinds=("吊销许可证件",))
    found = client.get(reverse("credit:index"), {"kind": "吊销许可证件"}).content.decode()
    assert "示例吊销医院" in found and "示例罚款医院" not in found
    by_number = client.get(reverse("credit:index"), {"q": fine.decision_no}).content.decode()
    assert "示例罚款医院" in by_number and "示例吊销医院" not in by_number
    year = client.get(reverse("credit:index"), {"year": "1990"}).content.decode()
    assert revoked.decision_no not in year


def test_withdrawn_by_date_and_by_annulment(client, county):
    old = published(county, "示例过期医院", date(2022, 1, 4))  # 一般失信: public one year
    annulled = published(county, "示例撤销医院", timezone.localdate() - timedelta(days=3))
    services.end_publication(county, annulled, "annulled", "原处罚决定已撤销")
    assert not public_penalties().filter(pk__in=[old.pk, annulled.pk]).exists()
    for record in (old, annulled):
        assert client.get(reverse("credit:penalty_detail", args=[record.pk])).status_code == 404
    page = client.get(reverse("credit:index")).content.decode()
    feed = client.get(reverse("credit:feed")).content.decode()
    for text in ("示例过期医院", "示例撤销医院"):
        assert text not in page and text not in feed


def test_the_query_and_the_model_agree_on_what_is_public(county):
    today = timezone.localdate()
    records = [
        published(county, "示例甲医院", today - timedelta(days=3)),
        published(county, "示例乙医院", date(2022, 1, 4)),
        services.record_penalty(county, Penalty(
            institution=InstitutionFactory(region=region(XINGNING)),
            service=Service.PREMARITAL_EXAM, subject_name="示例丙医院",
            uscc=InstitutionFactory.build().uscc, decision_no="示例警告1号",
            violation_type="示例", facts="示例", basis="示例", kinds=["警告"], content="警告",
            decided_on=today - timedelta(days=2), authority=authority(XINGNING),
            published_on=today - timedelta(days=1))),
    ]
    for day in (today - timedelta(days=2), today, date(2023, 1, 4), date(2023, 1, 5)):
        expected = {r.pk for r in records if r.is_public(day)}
        assert set(public_penalties(day).values_list("pk", flat=True)) == expected


def test_downloads_use_the_national_field_names_and_hide_personal_data(client, county):
    institution = InstitutionFactory(region=region(XINGNING), name="示例个人执业机构")
    published(county, "张三丰", timezone.localdate() - timedelta(days=2),
              institution=institution, subject_kind="person", uscc="",
              subject_id_number=ID_NUMBER, legal_representative_id="")
    codes = [code for code, _h, _v in COLUMNS]
    text = client.get(reverse("credit:download", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == codes and rows[2][0] == "张**"
    data = json.loads(client.get(reverse("credit:download", args=["json"])).content)
    assert list(data["records"][0]) == codes and data["records"][0]["CF_XDR_MC"] == "张**"
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("credit:download", args=["xlsx"])).content)).active
    assert [c.value for c in sheet[2]] == codes
    for fmt in ("csv", "json", "xlsx"):
        body = client.get(reverse("credit:download", args=[fmt])).content
        assert ID_NUMBER.encode() not in body and "张三丰".encode() not in body
    page = client.get(reverse("credit:index")).content.decode()
    assert "张三丰" not in page and "张**" in page


def test_blacklist_shows_masked_people_until_lifted(client, county):
    entry = services.save_record(county, BlacklistEntry(
        institution=InstitutionFactory(region=region(XINGNING), name="示例黑名单医院"),
        person_name="李四", person_id_number=ID_NUMBER, service=Service.PREMARITAL_EXAM,
        reason="出具虚假医学证明", basis="示例依据", decision_no="示例黑字2号",
        authority=authority(XINGNING), starts_on=timezone.localdate() - timedelta(days=1)))
    page = client.get(reverse("credit:index")).content.decode()
    assert "示例黑名单医院" in page and "李*" in page and "李四" not in page
    assert "示例黑名单医院" in client.get(reverse("credit:index"), {"q": "黑名"}).content.decode()
    assert "示例黑名单医院" not in client.get(
        reverse("credit:index"), {"q": "示例黑字9"}).content.decode()
    services.lift_blacklist(county, entry, "依法移出")
    assert "示例黑名单医院" not in client.get(reverse("credit:index")).content.decode()


def test_methodology_shows_the_periods_and_points(client):
    page = client.get(reverse("credit:methodology")).content.decode()
    for text in ("国家发展改革委令2023年第58号", "最长36个月", "记分周期", "警示"):
        assert text in page
