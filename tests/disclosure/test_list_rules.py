"""R2: the half-year periods, membership on the as-of date, the canonical CSV, the diff."""

from datetime import date

import pytest

from disclosure.list_rules import (
    LicenceRecord,
    canonical_csv,
    diff,
    edition_preamble,
    edition_rows,
    list_edition_for,
    previous_edition_period,
    sha256_hex,
)
from licensing.choices import EventKind, Service


@pytest.mark.parametrize(
    ("day", "as_of", "due"),
    [
        (date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 15)),
        (date(2026, 6, 30), date(2026, 6, 30), date(2026, 7, 15)),
        (date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 15)),
        (date(2026, 11, 22), date(2026, 12, 31), date(2027, 1, 15)),
        (date(2026, 12, 31), date(2026, 12, 31), date(2027, 1, 15)),
        (date(2024, 2, 29), date(2024, 6, 30), date(2024, 7, 15)),  # leap day
        (date(2021, 7, 1), date(2021, 12, 31), date(2022, 1, 15)),  # the reform's first half-year
    ],
)
def test_edition_for_a_day(day, as_of, due):
    period = list_edition_for(day)
    assert (period.as_of, period.due) == (as_of, due)


def test_previous_period_crosses_the_year():
    assert previous_edition_period(list_edition_for(date(2027, 3, 1))).as_of == date(2026, 12, 31)
    assert previous_edition_period(list_edition_for(date(2026, 9, 1))).as_of == date(2026, 6, 30)


AS_OF = date(2024, 6, 30)


def record(name, service=Service.ART, valid_from=date(2020, 1, 1), events=None,
           technologies=("夫精人工授精",), uscc=None, until=date(2026, 12, 31)):
    events = events if events is not None else ((valid_from, EventKind.GRANTED, until),)
    return LicenceRecord(
        service=service, institution=name, uscc=uscc or f"USCC-{name}", region="南宁市青秀区",
        region_code="450103", technologies=technologies, licence_no=f"NO-{name}",
        authority="广西壮族自治区卫生健康委员会", valid_from=valid_from, valid_until=until,
        events=events,
    )


def names(rows):
    return [row["institution"] for row in rows]


def test_membership_on_the_as_of_date():
    records = [
        record("示例甲", valid_from=date(2024, 7, 1)),  # granted the day after: not yet
        record("示例乙", events=((date(2020, 1, 1), EventKind.GRANTED, date(2026, 1, 1)),
                                 (date(2024, 6, 29), EventKind.REVOKED, None))),  # revoked before
        record("示例丙", until=AS_OF,  # its last valid day is the as-of date: still listed
               events=((date(2020, 1, 1), EventKind.GRANTED, AS_OF),)),
        record("示例丁", until=date(2024, 6, 29),
               events=((date(2020, 1, 1), EventKind.GRANTED, date(2024, 6, 29)),)),  # expired
        record("示例戊", events=((date(2020, 1, 1), EventKind.GRANTED, date(2026, 1, 1)),
                                 (date(2024, 7, 1), EventKind.REVOKED, None))),  # revoked after
        record("示例己", service=Service.PRENATAL_SCREENING),  # not on this list
    ]
    assert names(edition_rows(records, AS_OF)) == ["示例丙", "示例戊"]


def test_a_later_renewal_does_not_rescue_a_lapsed_past_edition():
    lapsed_then_renewed = record("示例庚", until=date(2029, 1, 1), events=(
        (date(2020, 1, 1), EventKind.GRANTED, date(2024, 5, 31)),
        (date(2024, 8, 1), EventKind.VERIFIED, date(2029, 1, 1)),
    ))
    assert edition_rows([lapsed_then_renewed], AS_OF) == []
    assert names(edition_rows([lapsed_then_renewed], date(2024, 12, 31))) == ["示例庚"]


def test_sperm_banks_follow_art_institutions():
    rows = edition_rows([record("示例精子库", service=Service.SPERM_BANK, technologies=()),
                         record("示例生殖中心")], AS_OF)
    assert [(r["group"], r["institution"]) for r in rows] == [
        ("人类辅助生殖技术机构", "示例生殖中心"), ("人类精子库", "示例精子库")]


def test_canonical_csv_is_independent_of_input_order_and_opens_with_chinese():
    records = [record("示例乙"), record("示例甲"), record("示例丙")]
    first = canonical_csv(edition_rows(records, AS_OF))
    second = canonical_csv(edition_rows(list(reversed(records)), AS_OF))
    assert first == second and sha256_hex(first) == sha256_hex(second)
    assert first.startswith("\ufeff类别,机构名称".encode())
    assert b"\r\n" in first and "示例甲".encode() in first


def test_diff_names_added_removed_and_changed_technologies():
    before = edition_rows([record("示例甲"), record("示例乙")], AS_OF)
    after = edition_rows([record("示例乙", technologies=("夫精人工授精", "体外受精-胚胎移植")),
                          record("示例丙")], AS_OF)
    changes = diff(before, after)
    assert names(changes["added"]) == ["示例丙"]
    assert names(changes["removed"]) == ["示例甲"]
    [changed] = changes["changed"]
    assert changed["previous_technologies"] == "夫精人工授精"
    assert changed["technologies"] == "夫精人工授精、体外受精-胚胎移植"


def test_the_csv_of_a_new_edition_opens_with_its_as_of_date():
    rows = edition_rows([record("示例甲")], AS_OF)
    data = canonical_csv(rows, edition_preamble(AS_OF)).decode("utf-8")
    lines = data.split("\r\n")
    assert lines[0] == "\ufeff名单截止日期,2024-06-30"  # two cells: a label and the date
    assert lines[1].startswith("类别,机构名称,")
    assert "示例甲" in lines[2]


def test_the_same_rows_as_of_two_dates_never_share_a_hash():
    rows = edition_rows([record("示例甲")], AS_OF)
    later = date(2024, 12, 31)
    assert edition_rows([record("示例甲")], later) == rows
    hashes = {sha256_hex(canonical_csv(rows, edition_preamble(day))) for day in (AS_OF, later)}
    assert len(hashes) == 2
    empty = {sha256_hex(canonical_csv([], edition_preamble(day))) for day in (AS_OF, later)}
    assert len(empty) == 2  # even an empty list says which half-year it is


def test_a_correction_names_itself_and_what_it_corrects():
    rows = edition_rows([record("示例甲")], AS_OF)
    original = canonical_csv(rows, edition_preamble(AS_OF))
    first = canonical_csv(rows, edition_preamble(AS_OF, 1, sha256_hex(original)))
    second = canonical_csv(rows, edition_preamble(AS_OF, 2, sha256_hex(original)))
    assert len({sha256_hex(data) for data in (original, first, second)}) == 3
    assert f"更正版,第1次更正，更正SHA-256为{sha256_hex(original)}的名单".encode() in first


def test_without_a_preamble_the_bytes_are_those_of_earlier_editions():
    rows = edition_rows([record("示例甲")], AS_OF)
    assert canonical_csv(rows).startswith("\ufeff类别,机构名称".encode())
    assert canonical_csv(rows, edition_preamble(AS_OF)).endswith(canonical_csv(rows)[3:])
