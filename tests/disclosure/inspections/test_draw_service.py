"""Plans from templates, the commitment, the frozen draw and its re-run from the bundle."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from disclosure.inspections import draw_rules, draws, plan_templates, services
from disclosure.inspections.models import Draw, Inspection
from disclosure.inspections.models.plans import FrozenRecord
from disclosure.inspections.recipe import run_recipe
from licensing.territory import NotPermitted
from tests.factories import authority

from .conftest import XINGNING

pytestmark = pytest.mark.django_db


def test_a_template_plan_carries_the_seed_items_categories_and_deadlines(county):
    plan = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    template = plan_templates.get_template("2024MCH")
    assert [i.text for i in plan.items.order_by("sort_order")] == [
        i.text for i in template.items]
    assert [c.name for c in plan.categories.order_by("sort_order")] == [
        "妇幼保健机构", "其他医疗、保健机构"]
    assert [str(c.ratio.normalize()) for c in plan.categories.order_by("sort_order")] == [
        "0.5", "0.5"]
    # the 市级双随机 of the same plan: “其他医疗、保健机构” only, 10%, 每个区县抽2家
    city = services.plan_from_template(county, "2024MCH", authority(XINGNING), kind="city")
    (other,) = city.categories.all()
    assert (other.name, str(other.ratio.normalize()), other.minimum, other.by_county) == (
        "其他医疗、保健机构", "0.1", 2, False)
    assert [(d.label, d.due_on) for d in plan.deadlines.order_by("sort_order")] == [
        ("报送阶段性工作总结", date(2024, 6, 10)), ("完成全部随机监督抽查工作", date(2024, 10, 30)),
        ("报送工作总结", date(2024, 10, 30))]
    assert plan.follow_up_year == 2023


def test_another_countys_official_cannot_plan_for_this_county(make_user):
    from licensing import roles

    other = make_user(roles.COUNTY_OFFICIALS, "450103")
    with pytest.raises(NotPermitted):
        services.plan_from_template(other, "2024MCH", authority(XINGNING))


def test_the_draw_is_exact_frozen_and_reruns_from_its_bundle(drawn_plan, institutions,
                                                             tmp_path):
    draw = drawn_plan.draw
    bundle, result = draw.bundle_data(), draw.result_data()
    assert bundle["commitment"] == draw_rules.commitment(bundle["secret"])
    assert draw.seed == draw_rules.seed_from(bundle["secret"], "418")
    sizes = {s["name"]: s["sample_size"] for s in result["strata"]}
    assert sizes == {"妇幼保健机构": 3, "其他医疗、保健机构": 2}  # ceil(6×50%), ceil(4×50%)
    assert draws.verify(draw) == []
    # the stand-alone recipe (hashlib and json only) gives the same result
    path = tmp_path / "bundle.json"
    path.write_text(draw.bundle, encoding="utf-8")
    assert json.loads(run_recipe(str(path))) == result
    # no names in the bundle: opaque codes only
    assert "示例执法" not in draw.bundle and "示例证" not in draw.bundle
    with pytest.raises(FrozenRecord):
        draw.save()
    with pytest.raises(FrozenRecord):
        draw.delete()
    assert Inspection.objects.count() == 5
    for inspection in Inspection.objects.all():
        assert inspection.inspectors.count() == 2


def test_no_redraw_and_no_change_after_the_commitment(drawn_plan, county):
    with pytest.raises(NotPermitted):
        draws.make_draw(county, drawn_plan, "999")
    with pytest.raises(NotPermitted):
        services.save_record(county, drawn_plan)
    assert Draw.objects.count() == 1


def test_a_conflicted_inspector_is_never_sent(county, roster, institutions):
    from disclosure.inspections.models import Conflict

    mch, other = institutions
    for person in roster[:2]:
        for institution in mch + other:
            Conflict.objects.create(inspector=person, institution=institution, reason="示例",
                                    declared_on=date(2024, 1, 5))
    plan = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    draws.commit(county, plan, "示例来源")
    draws.make_draw(county, plan, "123")
    for inspection in Inspection.objects.all():
        assert set(inspection.inspectors.all()) == set(roster[2:])


def test_plans_drawing_the_same_unit_in_overlapping_periods_merge_into_one_visit(
        county, roster, institutions):
    first = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    second = services.plan_from_template(county, "2023MCH", authority(XINGNING), year=2024)
    # The draws' seeds are random: 3 and 4 of the same six MCH hospitals must share one.
    second.categories.filter(name="妇幼保健机构").update(ratio=Decimal("0.6"))
    for plan in (first, second):
        draws.commit(county, plan, "示例来源")
        draws.make_draw(county, plan, "7")
    assert [{s["name"]: s["sample_size"] for s in plan.draw.result_data()["strata"]}["妇幼保健机构"]
            for plan in (first, second)] == [3, 4]
    both = set(first.draw.entries.values_list("institution_id", flat=True)) & set(
        second.draw.entries.values_list("institution_id", flat=True))
    assert both
    for institution_id in both:
        visits = Inspection.objects.filter(institution_id=institution_id)
        assert visits.count() == 1
        assert visits.get().merged


def test_verify_draw_command_reports_tampering(drawn_plan, capsys):
    call_command("verify_draw", str(drawn_plan.draw.pk))
    assert "一致" in capsys.readouterr().out
    Draw.objects.filter(pk=drawn_plan.draw.pk).update(
        result=json.dumps({"seed": "0" * 64, "strata": [], "assignments": {}}))
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_draw", "--all")
    assert exit_info.value.code != 0


def test_the_draw_comes_after_its_commitment_and_never_in_the_future(county, roster,
                                                                     institutions):
    from datetime import timedelta

    from django.utils import timezone

    plan = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    today = timezone.localdate()
    with pytest.raises(NotPermitted):
        draws.commit(county, plan, "示例来源", day=today + timedelta(days=1))
    draws.commit(county, plan, "示例来源", day=date(2024, 2, 20))
    for day in (date(2024, 2, 19), today + timedelta(days=1)):
        with pytest.raises(NotPermitted):
            draws.make_draw(county, plan, "1", day=day)
    draws.make_draw(county, plan, "1", day=date(2024, 2, 20))  # the same day is allowed
