"""Importing a paper register from XLSX: template, checks that collect every problem,
all-or-nothing import through the service layer (audit log), permissions."""

import io
from datetime import date, datetime
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from licensing import register_import, services
from licensing.demo import demo_uscc
from licensing.import_views import IMPORT_URL_NAME, NOT_IMPORTED, TEMPLATE_FILENAME
from licensing.models import Institution, Licence
from licensing.register_import import COLUMNS, ImportFileError, import_rows, parse, validate
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

pytestmark = pytest.mark.django_db

HEADINGS = [column.heading for column in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREMARITAL = "婚前医学检查"
MCH_SPECIAL = "母婴保健专项技术（结扎、终止妊娠手术）"
PRENATAL_SCREENING = "产前筛查"


def row(n, **changes):
    """A good row for 南宁市兴宁区: a premarital-examination licence decided in 2024."""
    values = {
        "name": f"示例导入第{n}医院", "uscc": demo_uscc(800_000 + n, "450102"),
        "county": "450102", "address": "示例路3号", "category": "综合医院",
        "service": PREMARITAL, "decision_no": f"示例兴卫许字〔2024〕{n}号",
        "licence_no": f"PM-IMPORT-{n:04d}", "decided_on": date(2024, 3, 1),
        "valid_from": date(2024, 3, 1), "valid_until": date(2027, 2, 28),
    }
    values.update(changes)
    return values


def xlsx(rows, headings=HEADINGS):
    """An in-memory workbook: the header row, then one line per row (None: an empty line)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "登记册"
    sheet.append(headings)
    for values in rows:
        sheet.append([None] * len(headings) if values is None
                     else [values.get(column.key) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="登记册.xlsx"):
    return client.post(reverse(IMPORT_URL_NAME),
                       {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def check(user, rows):
    return validate(user, parse(io.BytesIO(xlsx(rows))))


def messages_at(errors, row_number):
    return [(column, message) for number, column, message in errors if number == row_number]


# ---------------------------------------------------------------- template and page


def test_template_downloads_and_opens_with_the_right_headers(client, xingning_county):
    client.force_login(xingning_county)
    response = client.get(reverse(IMPORT_URL_NAME), {"template": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=utf-8''{quote(TEMPLATE_FILENAME)}" in disposition
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["登记册", "填写说明"]
    rows = list(workbook["登记册"].values)
    assert list(rows[0]) == HEADINGS
    assert workbook["登记册"]["A1"].font.bold
    example = dict(zip(HEADINGS, rows[1], strict=True))
    assert example["机构名称"].startswith("示例")
    assert example["所在县（市、区）区划代码"] == "450102"
    assert isinstance(example["许可决定日期"], datetime)
    help_text = [value for line in workbook["填写说明"].values for value in line if value]
    assert "母婴保健专项技术（结扎、终止妊娠手术）" in help_text and "妇幼保健机构" in help_text


def test_the_template_example_row_is_not_imported_by_mistake(xingning_county):
    plans, errors = validate(xingning_county, parse(io.BytesIO(register_import.build_template())))
    assert errors == [(2, "机构名称", "这是模板中的示例行，请删除该行后再上传。")]


def test_page_shows_instructions_template_link_and_form(client, xingning_county):
    client.force_login(xingning_county)
    response = client.get(reverse(IMPORT_URL_NAME))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="?template=1"' in content
    assert 'type="file"' in content and 'accept=".xlsx' in content
    assert "南宁市兴宁区卫生健康局" in content  # the licensing authority the import will record


# ---------------------------------------------------------------- importing


def test_good_file_imports_institutions_and_licences_with_audit_log(client, xingning_county):
    client.force_login(xingning_county)
    content = xlsx([
        row(1),
        row(1, service=MCH_SPECIAL, licence_no="MS-IMPORT-0001", valid_until=None),
        row(2, name="示例导入妇幼保健院", category="妇幼保健机构", service=PRENATAL_SCREENING,
            decided_on="2023-05-06", valid_from="2023-05-06", valid_until="2026-05-05"),
    ])
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == reverse("wagtailsnippets_licensing_licence:list")

    assert Institution.objects.count() == 2
    hospital = Institution.objects.get(uscc=demo_uscc(800_001, "450102"))
    assert hospital.region.code == "450102" and hospital.category == "general"
    assert sorted(hospital.licences.values_list("service", flat=True)) == [
        "mch_special", "premarital_exam"
    ]
    screening = Licence.objects.get(service="prenatal_screening")
    assert screening.decided_on == date(2023, 5, 6)  # text dates are accepted
    assert screening.institution.category == "mch"
    assert Licence.objects.get(licence_no="MS-IMPORT-0001").valid_until is None  # 长期
    assert {licence.authority for licence in Licence.objects.all()} == {authority("450102")}
    assert all(licence.events.get().kind == "granted" for licence in Licence.objects.all())

    created = ModelLogEntry.objects.filter(action="wagtail.create", user=xingning_county)
    assert created.count() == 5  # 2 institutions + 3 licences

    listing = client.get(response["Location"])
    assert "新增机构 2 家，复用已有机构 0 家，新增许可 3 条" in listing.content.decode()


def test_one_bad_row_among_good_ones_imports_nothing(client, xingning_county):
    client.force_login(xingning_county)
    bad_check_character = demo_uscc(800_002, "450102")[:-1] + "0"
    content = xlsx([row(1), None, row(2, uscc=bad_check_character), row(3)])
    response = upload(client, content)

    assert response.status_code == 200
    assert not Institution.objects.exists() and not Licence.objects.exists()
    assert not ModelLogEntry.objects.exists()
    page = response.content.decode()
    assert NOT_IMPORTED in page
    assert "<td>4</td>" in page  # row 3 of the sheet is empty: the bad row is row 4
    assert "<td>统一社会信用代码</td>" in page
    assert response.context["errors"] == [
        (4, "统一社会信用代码", "统一社会信用代码校验位错误，请核对后重新输入。")
    ]


def test_existing_institution_is_reused_not_duplicated(client, xingning_county):
    existing = InstitutionFactory(name="示例兴宁区已有医院")
    client.force_login(xingning_county)
    response = upload(client, xlsx([row(1, name=existing.name, uscc=existing.uscc), row(2)]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Institution.objects.count() == 2
    assert Licence.objects.get(licence_no="PM-IMPORT-0001").institution == existing
    assert not ModelLogEntry.objects.for_instance(existing).exists()  # left as it was
    listing = client.get(response["Location"])
    assert "新增机构 1 家，复用已有机构 1 家，新增许可 2 条" in listing.content.decode()


def test_region_staff_imports_a_licence_only_the_region_may_grant(client, region_staff):
    client.force_login(region_staff)
    response = upload(client, xlsx([row(1, service="人类辅助生殖技术")]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Licence.objects.get().authority == authority("45")


def test_region_staff_importing_a_county_licence_record_the_county_as_authority(
    client, region_staff
):
    client.force_login(region_staff)
    response = upload(client, xlsx([row(1)]))  # 婚前医学检查 in 兴宁区, after the reform
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Licence.objects.get().authority == authority("450102")


def test_import_is_all_or_nothing_when_a_save_fails(xingning_county, monkeypatch):
    plans, errors = check(xingning_county, [row(1), row(2)])
    assert not errors
    real_save = services.save_licence
    calls = []

    def failing_save(user, licence):
        calls.append(licence)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_save(user, licence)

    monkeypatch.setattr(services, "save_licence", failing_save)
    with pytest.raises(RuntimeError):
        import_rows(xingning_county, plans)
    assert not Institution.objects.exists() and not Licence.objects.exists()
    assert not ModelLogEntry.objects.exists()


# ---------------------------------------------------------------- the checks


def test_county_date_order_competence_and_territory_errors(client, xingning_county):
    client.force_login(xingning_county)
    content = xlsx([
        row(1, county="999999"),
        row(2, county="110101"),  # 北京市东城区: a county, but not in Guangxi
        row(3, valid_from=date(2024, 2, 1)),
        row(4, valid_until=date(2024, 1, 1)),
        row(5, service="人类辅助生殖技术"),
        row(6, county="450103"),  # 南宁市青秀区
    ])
    response = upload(client, content)
    assert response.status_code == 200
    assert not Institution.objects.exists()
    errors = response.context["errors"]
    county = "所在县（市、区）区划代码"
    assert messages_at(errors, 2) == [
        (county, "“999999”不是广西的县（市、区）级行政区划代码（应为45开头的6位代码，如450102）。")
    ]
    assert messages_at(errors, 3)[0][0] == county and "“110101”不是广西" in errors[1][2]
    assert messages_at(errors, 4) == [("有效期自", "有效期自不能早于许可决定日期。")]
    assert messages_at(errors, 5) == [("有效期至", "有效期至不能早于有效期自。")]
    [(column, message)] = messages_at(errors, 6)
    assert column == "许可项目"
    assert "人类辅助生殖技术许可由省级（自治区）卫生健康行政部门审批" in message
    [(column, message)] = messages_at(errors, 7)
    assert column == county
    assert "南宁市青秀区不在南宁市兴宁区卫生健康局的辖区内" in message
    page = response.content.decode()
    assert NOT_IMPORTED in page and "人类辅助生殖技术许可由省级" in page


def test_every_problem_of_a_row_is_reported_not_only_the_first(xingning_county):
    plans, errors = check(xingning_county, [
        row(1, name="", uscc="123", service="婚检", decided_on="2024/03/01", county="450103",
            category="医院"),
    ])
    assert plans == []
    columns = [column for _row, column, _message in errors]
    assert columns == ["机构名称", "统一社会信用代码", "所在县（市、区）区划代码", "机构类别",
                       "许可项目", "许可决定日期"]
    assert "机构名称不能为空。" in errors[0][2]
    assert errors[1][2] == "统一社会信用代码应为18位。"
    assert "婚前医学检查" in errors[4][2]  # the message lists the allowed labels
    assert "YYYY-MM-DD" in errors[5][2]


def test_licence_numbers_already_registered_or_repeated_in_the_file(xingning_county):
    LicenceFactory(licence_no="PM-TAKEN-0001")
    plans, errors = check(xingning_county, [
        row(1, licence_no="PM-TAKEN-0001"), row(2, licence_no="PM-TWICE"),
        row(3, licence_no="PM-TWICE"),
    ])
    assert messages_at(errors, 2) == [
        ("许可证编号", "许可证编号“PM-TAKEN-0001”已在登记系统中，不能重复登记。")
    ]
    assert messages_at(errors, 3) == []
    assert messages_at(errors, 4) == [("许可证编号", "许可证编号“PM-TWICE”与第3行重复。")]


def test_same_uscc_with_a_different_name_or_county_in_the_file(xingning_county):
    plans, errors = check(xingning_county, [
        row(1), row(2, uscc=row(1)["uscc"], name="示例另一个名字"),
        row(3, uscc=row(1)["uscc"], name=row(1)["name"], county="450103"),
    ])
    assert messages_at(errors, 2) == []
    [(column, message)] = messages_at(errors, 3)
    assert column == "机构名称" and "与第2行统一社会信用代码相同" in message
    expected = "与第2行统一社会信用代码相同，但区划代码（第2行为450102）不一致。"
    assert ("所在县（市、区）区划代码", expected) in messages_at(errors, 4)


def test_same_uscc_rows_share_one_new_institution(xingning_county):
    plans, errors = check(xingning_county, [
        row(1), row(1, service=MCH_SPECIAL, licence_no="MS-IMPORT-0001"),
    ])
    assert not errors
    assert plans[0].institution is plans[1].institution
    summary = import_rows(xingning_county, plans)
    assert (summary.institutions_created, summary.licences_created) == (1, 2)


def test_registered_institution_must_agree_with_the_file(xingning_county):
    existing = InstitutionFactory(name="示例兴宁区已有医院")
    plans, errors = check(xingning_county, [row(1, uscc=existing.uscc, name="示例改了名的医院")])
    [(column, message)] = messages_at(errors, 2)
    assert column == "机构名称" and "已登记为“示例兴宁区已有医院”" in message


def test_registered_institution_in_another_county_is_refused(xingning_county):
    existing = InstitutionFactory(name="示例青秀区已有医院", region=region("450103"))
    plans, errors = check(xingning_county, [
        row(1, uscc=existing.uscc, name=existing.name, county="450103"),
    ])
    [(column, message)] = messages_at(errors, 2)
    assert column == "所在县（市、区）区划代码"
    assert "南宁市青秀区不在南宁市兴宁区卫生健康局的辖区内" in message


def test_numeric_cells_for_codes(xingning_county):
    plans, errors = check(xingning_county, [row(1, county=450102)])
    assert not errors and plans[0].institution.region.code == "450102"
    plans, errors = check(xingning_county, [row(2, uscc=124501020000000000)])
    assert "被Excel存成了数字" in messages_at(errors, 2)[0][1]


def test_blank_optional_columns_take_their_defaults(xingning_county):
    plans, errors = check(xingning_county, [row(1, address=None, category=None, valid_until=None)])
    assert not errors
    assert plans[0].institution.category == Institution.Category.OTHER
    assert plans[0].valid_until is None


def test_missing_header_column_is_a_file_level_error():
    headings = [heading if heading != "许可证编号" else "证号" for heading in HEADINGS]
    with pytest.raises(ImportFileError, match="缺少以下列：“许可证编号”"):
        parse(io.BytesIO(xlsx([row(1)], headings=headings)))


def test_missing_header_column_is_shown_on_the_page(client, xingning_county):
    client.force_login(xingning_county)
    response = upload(client, xlsx([row(1)], headings=HEADINGS[:-1]))
    assert response.status_code == 200
    assert "缺少以下列：“有效期至”" in response.content.decode()
    assert not Institution.objects.exists()


def test_file_without_data_rows(xingning_county):
    plans, errors = check(xingning_county, [None, None])
    assert errors == [(None, "", "文件中没有数据行：请从第2行起每行填写一项许可。")]


def test_superuser_without_an_authority_is_told_why(make_user):
    superuser = make_user(superuser=True)
    plans, errors = check(superuser, [row(1)])
    assert plans == [] and "尚未关联卫生健康行政部门" in errors[0][2]


# ---------------------------------------------------------------- bad uploads, permissions


def test_a_file_that_is_not_xlsx_gets_a_clear_message(client, xingning_county):
    client.force_login(xingning_county)
    response = upload(client, "机构名称,统一社会信用代码\n".encode(), name="登记册.xlsx")
    assert response.status_code == 200
    assert "无法读取该文件：请上传用本系统模板填写的 .xlsx 文件" in response.content.decode()
    assert not Institution.objects.exists()


def test_upload_without_a_file_asks_for_one(client, xingning_county):
    client.force_login(xingning_county)
    response = client.post(reverse(IMPORT_URL_NAME), {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_user_without_permission_is_refused(client, inspector):
    client.force_login(inspector)
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    for response in (client.get(reverse(IMPORT_URL_NAME)),
                     client.get(reverse(IMPORT_URL_NAME), {"template": "1"}),
                     upload(client, xlsx([row(1)]))):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not Institution.objects.exists()


def test_import_is_in_the_admin_menu_for_those_who_may_use_it(client, xingning_county, inspector):
    client.force_login(xingning_county)
    assert reverse(IMPORT_URL_NAME) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(inspector)
    assert reverse(IMPORT_URL_NAME) not in client.get(
        reverse("wagtailadmin_home")).content.decode()


# ---------------------------------------------------------------- implausible dates


@pytest.mark.parametrize("decided_on, message", [
    (date(9999, 12, 31), "许可决定日期不能晚于今天。"),
    (date(1900, 1, 1), "许可决定日期不能早于1949年10月1日。"),
])
def test_implausible_decision_date_is_refused_on_its_column(
        client, xingning_county, decided_on, message):
    client.force_login(xingning_county)
    response = upload(client, xlsx([row(1, decided_on=decided_on)]))
    assert response.status_code == 200
    assert not Licence.objects.exists()
    assert messages_at(response.context["errors"], 2) == [("许可决定日期", message)]


def test_implausible_decision_date_written_as_text_is_refused(xingning_county):
    plans, errors = check(xingning_county, [row(1, decided_on="9999-12-31")])
    assert plans == []
    assert messages_at(errors, 2) == [("许可决定日期", "许可决定日期不能晚于今天。")]


def test_term_dates_beyond_the_horizon_or_before_1949_are_refused(xingning_county):
    plans, errors = check(xingning_county, [
        row(1, valid_until=date(9999, 12, 31)),
        row(2, decided_on=date(1949, 10, 1), valid_from=date(1949, 9, 30)),
    ])
    assert plans == []
    [(column, message)] = messages_at(errors, 2)
    assert column == "有效期至" and message.startswith("有效期至不能晚于")
    # (A 1949 decision was the city's to take, so the competence rule objects too.)
    assert ("有效期自", "有效期自不能早于1949年10月1日。") in messages_at(errors, 3)


def test_a_large_import_indexes_once_at_its_end_and_is_found(xingning_county):
    """Each row costs its own writes only: the search index is read and written once for
    the whole import (a 2,000-row import used to run ~200,000 queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import indexing
    from search.documents import SearchQuery

    plans, errors = check(xingning_county, [row(n) for n in range(1, 41)])
    assert not errors
    with CaptureQueriesContext(connection) as queries:
        import_rows(xingning_county, plans)
    index_inserts = [q for q in queries.captured_queries
                     if q["sql"].startswith('INSERT INTO "search_indexentry"')]
    assert len(index_inserts) == 1  # 80 documents (40 institutions, 40 licences) at once
    # About 35 a row (was about 100): the rules checked again on save (unique numbers,
    # region, authority), the institution, licence and first event, the audit log,
    # Wagtail's reference index and the open-data marks; the index adds one batch.
    assert len(queries.captured_queries) / 40 <= 40
    found = indexing.search(SearchQuery(on=date(2026, 11, 23), text="示例导入第17医院",
                                        types=("institution",), facets=False))
    assert found.total >= 1
