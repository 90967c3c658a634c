"""附件2 computed from a small round, every cell checked against a count made by hand, and
downloaded from the admin as XLSX with the seed's merged headings."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from disclosure.credit import services as credit
from disclosure.credit.models import Penalty
from disclosure.inspections import draws, services, summary
from disclosure.inspections.models import Inspection
from disclosure.inspections.models.results import Outcome
from disclosure.inspections.summary_data import plan_summary
from tests.factories import authority

from .conftest import XINGNING

pytestmark = pytest.mark.django_db


def _penalty(user, institution, number, kinds, fine=None, confiscated=None, person=False):
    return credit.record_penalty(user, Penalty(
        institution=institution, service="premarital_exam",
        subject_name="示例医生" if person else institution.name,
        subject_kind=Penalty.SubjectKind.PERSON if person else (
            Penalty.SubjectKind.ORGANISATION),
        uscc="" if person else institution.uscc,
        subject_id_number="11010519491231002X" if person else "",
        decision_no=f"示例卫罚〔2024〕{number}号", violation_type="示例", facts="示例",
        basis="示例", kinds=kinds, content="示例", fine=fine, confiscated=confiscated,
        decided_on=date(2024, 6, 3), authority=authority(XINGNING)))


def _enter(user, inspection, failing, penalties=()):
    items = {item.code: item for item in services.plan_items(inspection)}
    results = {item.pk: ("pass", "") for item in items.values()}
    for code in failing:
        results[items[code].pk] = ("fail", "示例问题")
    services.save_results(user, inspection, visited_on=date(2024, 5, 6),
                          outcome=Outcome.PENDING if failing else Outcome.NO_PROBLEM,
                          results=results, penalties=penalties)


@pytest.fixture
def round_2023(county, roster, institutions):
    """2023MCH in 兴宁区: 6 MCH hospitals (3 drawn) and 4 others (2 drawn).

    By hand: MCH unit A fails 1-1 and 2-1 and is fined 0.2 万元 with 0.05 万元 confiscated;
    MCH unit B passes everything; MCH unit C is drawn but not yet visited. Other unit D
    fails 2-10 and loses its licence, and one of its doctors her certificate (two
    decisions); other unit E fails 3-1 and 3-2."""
    plan = services.plan_from_template(county, "2023MCH", authority(XINGNING), year=2024)
    draws.commit(county, plan, "示例来源", day=date(2024, 2, 20))
    draws.make_draw(county, plan, "2023", day=date(2024, 3, 1))
    mch = [e.inspection for e in plan.draw.entries.filter(category="妇幼保健机构")]
    other = [e.inspection for e in plan.draw.entries.filter(category="其他医疗、保健机构")]
    a, b, _c = mch
    d, e = other
    _enter(county, a, ["2023MCH-1-1", "2023MCH-2-1"], [_penalty(
        county, a.institution, 1, ["罚款", "没收违法所得"], Decimal("0.2"),
        Decimal("0.05"))])
    _enter(county, b, [])
    _enter(county, d, ["2023MCH-2-10"], [
        _penalty(county, d.institution, 2, ["吊销许可证件"]),
        _penalty(county, d.institution, 3, ["吊销许可证件"], person=True)])
    _enter(county, e, ["2023MCH-3-1", "2023MCH-3-2"])
    return plan


ZERO = dict.fromkeys(summary.MCH_2023_SUMMARY.keys, 0) | {"fines": Decimal(0)}
EXPECTED = {
    "妇幼保健机构": ZERO | {"population": 6, "inspected": 2, "nc01": 1, "nc02": 1, "nc03": 1,
                      "cases": 1, "fines": Decimal("0.25")},
    "其他医疗、保健机构": ZERO | {"population": 4, "inspected": 2, "nc11": 1, "nc15": 1,
                         "nc16": 1, "cases": 2, "licence_revocations": 1,
                         "certificate_revocations": 1},
    "合计": ZERO | {"population": 10, "inspected": 4, "nc01": 1, "nc02": 1, "nc03": 1,
                  "nc11": 1, "nc15": 1, "nc16": 1, "cases": 3, "fines": Decimal("0.25"),
                  "licence_revocations": 1, "certificate_revocations": 1},
}


def test_every_cell_of_the_table_is_the_count_made_by_hand(round_2023):
    layout, rows = plan_summary(round_2023, XINGNING)
    assert layout is summary.MCH_2023_SUMMARY
    assert [row.label for row in rows] == list(EXPECTED)
    for row in rows:
        assert row.as_dict() == EXPECTED[row.label], row.label


def test_another_territory_sees_its_own_empty_table(round_2023):
    _, rows = plan_summary(round_2023, "450103")
    assert all(value == 0 for row in rows for value in row.cells)


def test_the_admin_download_is_the_seed_layout_with_these_numbers(round_2023, county, client):
    client.force_login(county)
    response = client.get(
        f"/admin/snippets/inspections/inspectionplan/summary/{round_2023.pk}/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "附件2"
    headings = [cell.text for row in summary.MCH_2023_SUMMARY.header_rows for cell in row]
    found = {c.value for row in sheet.iter_rows(min_row=3, max_row=5) for c in row if c.value}
    assert set(headings) <= found
    assert "A3:A5" in {str(r) for r in sheet.merged_cells.ranges}  # 单位类别, three rows
    data = {row[0]: row[1:] for row in sheet.iter_rows(min_row=6, values_only=True)}
    for label, expected in EXPECTED.items():
        got = dict(zip(summary.MCH_2023_SUMMARY.keys, data[label], strict=True))
        assert {k: Decimal(str(v)) for k, v in got.items()} == expected, label


def test_visits_not_yet_made_are_not_counted_as_inspected(round_2023):
    assert Inspection.objects.filter(plans=round_2023, visited_on__isnull=True).count() == 1
