"""Semiannual list editions: generate, review by a second person, freeze, correct, download."""

import hashlib
import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from disclosure.editions import edition_csv, generate_draft, next_due
from disclosure.list_rules import list_edition_for
from disclosure.models import FrozenEditionError, ListEdition
from disclosure.workflow import submit_and_approve
from licensing import roles, services
from licensing.choices import EventKind, Service
from licensing.models import LicenceEvent
from tests.factories import art_clinic

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 12, 31)


def clinic(name, **kwargs):
    """This module's clinics: granted 2023-03-01, valid to 2028-02-29 unless said otherwise."""
    return art_clinic(name, **{"granted": date(2023, 3, 1), "until": date(2028, 2, 29), **kwargs})


@pytest.fixture
def register():
    return {
        "nanning": clinic("示例南宁生殖中心", techs=("AIH", "IVF-ET", "ICSI")),
        "liuzhou": clinic("示例柳州生殖中心", code="450202"),
        "bank": clinic("示例精子库", service=Service.SPERM_BANK, techs=()),
        "later": clinic("示例新设中心", granted=date(2026, 1, 1)),  # after the as-of date
    }


@pytest.fixture
def staff(make_user):
    return make_user(roles.REGION_STAFF, "45"), make_user(roles.REGION_STAFF, "45")


publish_through_review = submit_and_approve


def test_draft_holds_the_licences_valid_on_the_as_of_date(register, staff):
    edition = generate_draft(staff[0], AS_OF)
    assert [r["institution"] for r in edition.rows] == [
        "示例南宁生殖中心", "示例柳州生殖中心", "示例精子库"]
    techs = "夫精人工授精、体外受精-胚胎移植、卵胞浆内单精子显微注射"
    assert edition.rows[0]["technologies"] == techs
    assert not edition.live and not edition.frozen


def test_regenerating_a_draft_gives_the_same_rows_and_csv(register, staff):
    first = generate_draft(staff[0], AS_OF)
    rows, data = first.rows, first.csv_bytes()
    # A licence revoked after the as-of date does not change the list as of that date.
    LicenceEvent.objects.create(licence=register["liuzhou"], kind=EventKind.REVOKED,
                                date=date(2026, 2, 1))
    register["liuzhou"].save()
    again = generate_draft(staff[0], AS_OF)
    assert again.pk == first.pk and again.rows == rows and again.csv_bytes() == data


def test_submitter_cannot_approve_a_second_person_must(register, staff):
    submitter, approver = staff
    edition = generate_draft(submitter, AS_OF)
    edition.get_workflow().start(edition, submitter)
    edition.refresh_from_db()
    state = edition.current_workflow_task_state
    assert state.task.specific.get_actions(edition, submitter) == []
    with pytest.raises(PermissionDenied, match="提交人不能复核"):
        state.task.specific.on_action(state, submitter, "approve")
    assert [a[0] for a in state.task.specific.get_actions(edition, approver)][1] == "approve"
    state.task.specific.on_action(state, approver, "approve")
    edition.refresh_from_db()
    assert edition.live and edition.frozen


def test_publication_freezes_csv_hash_and_date(register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    assert edition.csv_text.startswith("\ufeff名单截止日期,2025-12-31\r\n类别,机构名称")
    assert edition.sha256 == hashlib.sha256(edition.csv_text.encode("utf-8")).hexdigest()
    assert edition.published_on is not None


def test_published_edition_cannot_change_in_the_orm(register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    edition.rows = edition.rows[:1]
    with pytest.raises(FrozenEditionError):
        edition.save()
    fresh = ListEdition.objects.get(pk=edition.pk)
    with pytest.raises(FrozenEditionError):
        fresh.delete()
    with pytest.raises(FrozenEditionError):
        generate_draft(staff[0], AS_OF)
    assert len(ListEdition.objects.get(pk=edition.pk).rows) == 3


def test_published_edition_cannot_change_in_the_admin(client, register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    client.force_login(staff[0])
    url = reverse("wagtailsnippets_disclosure_listedition:edit", args=[edition.pk])
    response = client.post(url, {"note": "改一下"}, follow=True)
    assert "已公布的名单不能修改或删除" in response.content.decode()
    client.post(reverse("wagtailsnippets_disclosure_listedition:delete", args=[edition.pk]))
    assert ListEdition.objects.get(pk=edition.pk).note == ""


def test_later_licence_edits_never_change_a_published_edition(client, register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    services.save_licence(staff[0], _renamed(register["nanning"]))
    response = client.get(reverse("list_download", args=[edition.pk, "csv"]))
    assert hashlib.sha256(response.content).hexdigest() == edition.sha256
    assert "示例南宁生殖中心" in response.content.decode("utf-8-sig")


def _renamed(licence):
    licence.institution.name = "示例南宁生殖中心（已更名）"
    licence.institution.save()
    return licence


def test_correction_edition_names_what_it_corrects(client, register, staff):
    first = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    LicenceEvent.objects.create(licence=register["bank"], kind=EventKind.REVOKED,
                                date=date(2025, 12, 1))  # recorded late: it was revoked before
    register["bank"].save()
    correction = publish_through_review(
        generate_draft(staff[0], None, corrects=first, note="示例精子库已于12月1日撤销，误列入"),
        *staff,
    )
    assert correction.as_of == AS_OF and correction.corrects == first
    html = client.get(reverse("list_edition_detail", args=[correction.pk])).content.decode()
    assert "更正的名单" in html and "示例精子库已于12月1日撤销" in html
    assert "移出（1）" in html
    original = client.get(reverse("list_edition_detail", args=[first.pk])).content.decode()
    assert "本名单已被更正" in original


def test_public_index_marks_on_time_and_late(client, register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    ListEdition.objects.filter(pk=edition.pk).update(published_on=date(2026, 1, 15))
    assert ListEdition.objects.get(pk=edition.pk).published_on_time() is True
    ListEdition.objects.filter(pk=edition.pk).update(published_on=date(2026, 1, 16))
    html = client.get(reverse("list_index")).content.decode()
    assert "逾期（期限2026-01-15）" in html and str(edition) in html


def test_drafts_are_not_public(client, register, staff):
    draft = generate_draft(staff[0], AS_OF)
    assert client.get(reverse("list_edition_detail", args=[draft.pk])).status_code == 404
    assert str(draft) not in client.get(reverse("list_index")).content.decode()


def test_downloads_csv_xlsx_json(client, register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    csv_response = client.get(reverse("list_download", args=[edition.pk, "csv"]))
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in csv_response["Content-Disposition"]
    xlsx = client.get(reverse("list_download", args=[edition.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B1"].value == "机构名称" and sheet["B2"].value == "示例南宁生殖中心"
    document = json.loads(client.get(reverse("list_download", args=[edition.pk, "json"])).content)
    assert document["csv_sha256"] == edition.sha256 and len(document["rows"]) == 3
    assert client.get(reverse("list_download", args=[edition.pk, "pdf"])).status_code == 404


def test_canonical_csv_bytes_are_the_same_on_every_database(register, staff):
    edition = generate_draft(staff[0], AS_OF)
    expected = (
        "\ufeff名单截止日期,2025-12-31\r\n"
        "类别,机构名称,统一社会信用代码,所在地,区划代码,批准技术,许可证编号,有效期至,许可机关\r\n"
        f"人类辅助生殖技术机构,示例南宁生殖中心,{register['nanning'].institution.uscc},南宁市青秀区,"
        "450103,夫精人工授精、体外受精-胚胎移植、卵胞浆内单精子显微注射,ART-示例南宁生殖中心,"
        "2028-02-29,广西壮族自治区卫生健康委员会\r\n"
        f"人类辅助生殖技术机构,示例柳州生殖中心,{register['liuzhou'].institution.uscc},柳州市城中区,"
        "450202,夫精人工授精,ART-示例柳州生殖中心,2028-02-29,广西壮族自治区卫生健康委员会\r\n"
        f"人类精子库,示例精子库,{register['bank'].institution.uscc},南宁市青秀区,450103,,"
        "ART-示例精子库,2028-02-29,广西壮族自治区卫生健康委员会\r\n"
    )
    assert edition_csv(edition) == expected.encode("utf-8")
    published = publish_through_review(edition, *staff)
    assert published.csv_bytes() == expected.encode("utf-8")


def test_feed_announces_each_edition(client, register, staff):
    edition = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    feed = client.get(reverse("list_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert str(edition) in body and edition.sha256 in body


def test_next_due_edition(staff):
    assert next_due(date(2026, 11, 22)) == list_edition_for(date(2026, 6, 30))
    ListEdition.objects.create(as_of=date(2026, 6, 30), published_on=date(2026, 7, 10),
                               live=True)
    assert next_due(date(2026, 11, 22)).as_of == date(2026, 12, 31)
    assert next_due(date(2027, 1, 10)).as_of == date(2026, 12, 31)


def test_plan_page_shows_what_is_due_and_generates(client, register, staff):
    client.force_login(staff[0])
    page = client.get(reverse("disclosure_list_plan")).content.decode()
    assert "下一期应公布的名单" in page and "前完成复核并公布" in page
    response = client.post(reverse("disclosure_list_plan"), {"as_of": "2025-12-31"})
    edition = ListEdition.objects.get()
    assert response.url == reverse("wagtailsnippets_disclosure_listedition:edit",
                                   args=[edition.pk])


# -- an edition exists only once its as-of date has passed ---------------------------


@pytest.fixture
def on(monkeypatch):
    """on(day): today is `day` for the code under test."""
    from django.utils import timezone

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 12, 31)])
def test_an_edition_cannot_be_generated_before_its_as_of_date_has_passed(register, staff, on,
                                                                         today):
    on(today)
    with pytest.raises(ValidationError, match="截至2026年12月31日的名单要在该日过后才能生成"):
        generate_draft(staff[0], date(2026, 12, 31))
    assert not ListEdition.objects.exists()


def test_the_day_after_the_as_of_date_it_can(register, staff, on):
    on(date(2027, 1, 1))
    edition = generate_draft(staff[0], date(2026, 12, 31))
    assert edition.as_of == date(2026, 12, 31) and not edition.frozen


def test_only_half_year_ends_are_as_of_dates(register, staff):
    with pytest.raises(ValidationError, match="6月30日或12月31日"):
        generate_draft(staff[0], date(2025, 12, 30))


def test_plan_page_offers_no_future_half_year_and_refuses_one(client, register, staff, on):
    on(date(2026, 11, 23))
    client.force_login(staff[0])
    page = client.get(reverse("disclosure_list_plan")).content.decode()
    assert 'value="2026-06-30"' in page and 'value="2025-12-31"' in page
    assert 'value="2026-12-31"' not in page
    response = client.post(reverse("disclosure_list_plan"), {"as_of": "2026-12-31"}, follow=True)
    assert "截至2026年12月31日的名单要在该日过后才能生成" in response.content.decode()
    assert not ListEdition.objects.exists()


def test_plan_page_says_when_the_next_edition_can_be_generated(client, register, staff, on):
    on(date(2026, 11, 23))
    ListEdition.objects.create(as_of=date(2026, 6, 30), published_on=date(2026, 7, 10),
                               live=True)
    client.force_login(staff[0])
    page = client.get(reverse("disclosure_list_plan")).content.decode()
    assert "截至2026年12月31日的名单要在该日过后才能生成" in page
    assert "2027年1月1日起" in page


# -- the CSV names its edition, so no two editions share a hash ------------------------


def test_two_editions_with_the_same_rows_have_different_hashes(register, staff):
    first = publish_through_review(generate_draft(staff[0], date(2025, 6, 30)), *staff)
    second = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    assert first.rows == second.rows  # the register did not change in between
    assert first.sha256 != second.sha256
    assert first.csv_text.startswith("\ufeff名单截止日期,2025-06-30\r\n")
    assert second.csv_text.startswith("\ufeff名单截止日期,2025-12-31\r\n")
    for edition in (first, second):
        assert edition.sha256 == hashlib.sha256(edition.csv_text.encode("utf-8")).hexdigest()


def test_a_correction_with_the_same_rows_has_its_own_hash(register, staff):
    original = publish_through_review(generate_draft(staff[0], AS_OF), *staff)
    correction = publish_through_review(
        generate_draft(staff[0], None, corrects=original, note="示例：更正说明"), *staff)
    assert correction.rows == original.rows and correction.sha256 != original.sha256
    lines = correction.csv_text.split("\r\n")
    assert lines[0] == "\ufeff名单截止日期,2025-12-31"
    assert lines[1] == f"更正版,第1次更正，更正SHA-256为{original.sha256}的名单"
    assert lines[2].startswith("类别,机构名称")
    again = publish_through_review(
        generate_draft(staff[0], None, corrects=original, note="示例：再次更正"), *staff)
    assert again.sha256 not in (original.sha256, correction.sha256)
    assert "第2次更正" in again.csv_text


def test_a_published_edition_keeps_its_stored_csv_and_hash(client, register, staff):
    """An edition published before the as-of line keeps its bytes: downloads, the page and
    the feed give the stored CSV and hash, whatever is generated or published later."""
    from disclosure.editions import freeze_edition
    from disclosure.list_rules import canonical_csv, sha256_hex

    old = publish_through_review(generate_draft(staff[0], date(2025, 6, 30)), *staff)
    legacy = canonical_csv(old.rows)  # the format of editions published before
    ListEdition.objects.filter(pk=old.pk).update(csv_text=legacy.decode("utf-8"),
                                                 sha256=sha256_hex(legacy))
    old = ListEdition.objects.get(pk=old.pk)
    stored = (old.csv_text, old.sha256)

    publish_through_review(generate_draft(staff[0], AS_OF), *staff)  # a new edition
    freeze_edition(old)  # freezing again changes nothing
    old.refresh_from_db()
    assert (old.csv_text, old.sha256) == stored
    assert edition_csv(old) == legacy and old.csv_bytes() == legacy
    download = client.get(reverse("list_download", args=[old.pk, "csv"]))
    assert download.content == legacy
    assert hashlib.sha256(download.content).hexdigest() == stored[1]
    assert stored[1] in client.get(reverse("list_edition_detail", args=[old.pk])).content.decode()
