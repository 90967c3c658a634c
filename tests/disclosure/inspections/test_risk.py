"""风险点 (R19): high or rising non-compliance rates, as a pure rule and from results."""

from datetime import date
from fractions import Fraction

import pytest

from disclosure.inspections import draws, risk_rules, services
from disclosure.inspections.models.results import Outcome
from disclosure.inspections.risk import plan_risk_points
from tests.factories import authority

from .conftest import XINGNING

K = ("妇幼保健机构", "4501", "示例检查内容")


def test_a_rate_at_the_threshold_is_a_risk_point_and_just_below_is_not():
    assert risk_rules.risk_points({K: (1, 5)}, {})[0].reasons == ("不合格率较高",)
    assert risk_rules.risk_points({K: (1, 6)}, {}) == []


def test_a_rise_on_last_year_counts_only_over_enough_units():
    (point,) = risk_rules.risk_points({K: (1, 10)}, {K: (0, 10)})
    assert point.reasons == ("较上年上升",) and point.previous_rate == 0
    assert risk_rules.risk_points({K: (1, 10)}, {K: (1, 10)}) == []  # level, not rising
    assert risk_rules.risk_points({(1,): (1, 2)}, {(1,): (0, 2)})[0].reasons == (
        "不合格率较高",)  # 50%: high, but a rise over 2 units is noise
    assert risk_rules.risk_points({K: (0, 0)}, {}) == []


def test_points_are_ordered_by_rate_and_percent_rounds_half_up():
    points = risk_rules.risk_points({("a",): (1, 4), ("b",): (3, 4)}, {})
    assert [p.key for p in points] == [("b",), ("a",)]
    assert risk_rules.percent(Fraction(1, 8)) == "12.5%"
    assert risk_rules.percent(Fraction(1, 3)) == "33.3%"
    assert risk_rules.percent(Fraction(2, 3)) == "66.7%"
    assert risk_rules.percent(None) == "—"


def _round(county, year, failing_units):
    plan = services.plan_from_template(county, "2023MCH", authority(XINGNING), year=year)
    failed_category = None
    draws.commit(county, plan, "示例来源", day=date(year, 2, 20))
    draws.make_draw(county, plan, str(year), day=date(year, 3, 1))
    for n, entry in enumerate(plan.draw.entries.order_by("stratum", "rank")):
        inspection = entry.inspection
        if inspection.plans.count() > 1:
            continue
        items = services.plan_items(inspection)
        results = {item.pk: ("pass", "") for item in items}
        failing = n < failing_units
        if failing:
            results[items[0].pk] = ("fail", "示例问题")
            failed_category = entry.category
        services.save_results(county, inspection, visited_on=date(year, 5, 6),
                              outcome=Outcome.PENDING if failing else Outcome.NO_PROBLEM,
                              results=results)
    return plan, failed_category


@pytest.mark.django_db
def test_the_plans_risk_points_compare_with_last_year(county, roster, institutions):
    _round(county, 2024, failing_units=0)
    plan, category = _round(county, 2025, failing_units=1)
    points, previous = plan_risk_points(plan)
    assert [p.year for p in previous] == [2024]
    first_item = plan.items.order_by("sort_order").first().text
    flagged = {(point.key[0], point.key[1], point.key[2]): (point, place)
               for point, place in points}
    # the county's city (南宁市) and the whole region (合计), compared by the item's words
    for territory, place in (("4501", "南宁市"), ("合计", "合计")):
        point, shown = flagged[(category, territory, first_item)]
        assert shown == place and point.failed == 1 and point.previous_rate == 0
        assert "不合格率较高" in point.reasons
    assert len(points) == 2


@pytest.mark.django_db
def test_a_county_reads_the_risk_points_of_its_own_territory_only(county, roster, institutions):
    plan, category = _round(county, 2025, failing_units=1)
    assert plan_risk_points(plan, XINGNING)[0]
    assert plan_risk_points(plan, "450103")[0] == []
