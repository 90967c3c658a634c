"""The ready plan templates (000, 001 附表4, 003) against their seed documents:
every text word for word, the groups and sampling ratios as the seeds state them."""

import ast
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure.inspections import plan_templates as pt
from disclosure.inspections.deadlines import SCHEDULES

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
SEED_FILES = {"2023MCH": "000_*.txt", "2024MCH": "001_*.txt", "2025ART": "003_*.txt"}


def squeeze(text):
    return re.sub(r"\s+", "", text)


def seed_text(template):
    (path,) = SEEDS.glob(SEED_FILES[template.key])
    return squeeze(path.read_text(encoding="utf-8"))


def texts_of(template):
    """Every text the template claims to quote from its seed."""
    yield template.name
    yield template.objects_text
    yield template.omission_note
    yield from template.reports_to
    yield from template.report_notes
    for category in template.categories:
        yield category.name
        for sampling in category.samplings:
            yield sampling.ratio_text
            if sampling.note:
                yield sampling.note
    for group in template.groups:
        yield group.name
        for item in group.items:
            yield item.text
    for deadline in template.deadlines:
        yield deadline.source
    if template.follow_up:
        yield template.follow_up.text
        yield template.follow_up.focus
        yield from template.follow_up.campaigns


@pytest.mark.parametrize("template", pt.TEMPLATES, ids=lambda t: t.key)
def test_every_text_occurs_word_for_word_in_its_seed(template):
    seed = seed_text(template)
    missing = [text for text in texts_of(template) if squeeze(text) not in seed]
    assert missing == []


@pytest.mark.parametrize("template", pt.TEMPLATES, ids=lambda t: t.key)
def test_items_appear_in_the_seeds_order(template):
    seed = seed_text(template)
    table = seed.index(squeeze(template.groups[0].name), seed.index("序号"))
    position = table
    for item in template.items:
        found = seed.find(squeeze(item.text), position)
        assert found >= position, item.code
        position = found


def test_item_codes_are_unique_and_follow_the_groups():
    codes = [item.code for template in pt.TEMPLATES for item in template.items]
    assert len(codes) == len(set(codes))
    for template in pt.TEMPLATES:
        for group in template.groups:
            for index, item in enumerate(group.items, start=1):
                assert item.code == f"{template.key}-{group.number}-{index}"
                assert item.text and item.text[-1] not in "；;。，"


def test_groups_as_each_seed_names_and_counts_them():
    shape = {
        template.key: [(group.name, group.kind, len(group.items)) for group in template.groups]
        for template in pt.TEMPLATES
    }
    mch = [
        ("机构及人员资质情况", pt.QUALIFICATION, 3),
        ("法律法规执行情况", pt.COMPLIANCE, 12),
        ("制度建立及实施情况", pt.RULES, 7),
        ("规范应用人类辅助生殖技术专项检查", pt.SPECIAL, 4),
    ]
    assert shape == {
        "2023MCH": mch,
        "2024MCH": mch,
        "2025ART": [
            ("机构及人员资质情况", pt.QUALIFICATION, 3),
            ("制度建立情况", pt.RULES, 3),
            ("法律法规执行情况", pt.COMPLIANCE, 10),
        ],
    }


def test_2024_items_differ_from_2023_only_where_001_words_them_differently():
    differ = [
        (a.code, b.code)
        for a, b in zip(pt.MCH_2023.items, pt.MCH_2024_COUNTY.items, strict=True)
        if a.text != b.text
    ]
    assert differ == [("2023MCH-2-12", "2024MCH-2-12")]
    assert pt.MCH_2024_COUNTY.item("2024MCH-2-12").text == (
        "开展产前诊断、人类辅助生殖技术服务是否符合相关要求"
    )


def test_ratios_parse_and_lie_in_the_unit_interval():
    for template in pt.TEMPLATES:
        for category in template.categories:
            assert category.samplings
            for sampling in category.samplings:
                ratio = Decimal(sampling.ratio)
                assert Decimal(0) < ratio <= Decimal(1)
                assert sampling.ratio_decimal == ratio
                assert Decimal(sampling.ratio_text.rstrip("%")) / 100 == ratio
                assert sampling.kind in pt.KINDS


def test_sampling_as_the_seeds_state_it():
    def plan(template):
        return [
            (c.name, [(s.kind, s.ratio, s.min_per_county) for s in c.samplings])
            for c in template.categories
        ]

    assert plan(pt.MCH_2023) == [
        ("妇幼保健机构", [(pt.NATIONAL, "0.5", None)]),
        ("其他医疗、保健机构", [(pt.NATIONAL, "0.5", None)]),
    ]
    assert plan(pt.MCH_2024_COUNTY) == [
        ("妇幼保健机构", [(pt.NATIONAL, "0.5", None)]),
        ("其他医疗、保健机构", [(pt.NATIONAL, "0.5", None), (pt.CITY, "0.1", 2)]),
    ]
    assert plan(pt.ART_2025) == [("辅助生殖技术服务机构、人类精子库", [(pt.REGIONAL, "1", None)])]
    assert pt.MCH_2023.kinds == (pt.NATIONAL,)
    assert pt.MCH_2024_COUNTY.kinds == (pt.NATIONAL, pt.CITY)
    assert pt.ART_2025.kinds == (pt.REGIONAL,)
    assert [t.issuing_level for t in pt.TEMPLATES] == ["province", "county", "province"]
    assert [t.year for t in pt.TEMPLATES] == [2023, 2024, 2025]
    assert all(t.omission_allowed for t in pt.TEMPLATES)


INSTITUTION_CATEGORIES = ("mch", "general", "specialist", "primary", "other")
SERVICES = ("art", "sperm_bank", "prenatal_diagnosis", "prenatal_screening", "premarital_exam",
            "mch_special")


def test_vocabularies_are_the_registers():
    assert set(pt.MCH_SERVICES) == set(SERVICES)
    for template in pt.TEMPLATES:
        for category in template.categories:
            assert set(category.institution_categories) <= set(INSTITUTION_CATEGORIES)
            assert set(category.services) <= set(SERVICES)


@pytest.mark.parametrize("template", pt.TEMPLATES, ids=lambda t: t.key)
def test_strata_are_disjoint(template):
    for institution_category in INSTITUTION_CATEGORIES:
        for held in [(), *[(service,) for service in SERVICES], SERVICES]:
            covering = [c.key for c in template.categories if c.covers(institution_category, held)]
            assert len(covering) <= 1, (institution_category, held, covering)


def test_coverage():
    mch, other = pt.MCH_2023.categories
    assert mch.covers("mch", ())
    assert not other.covers("mch", ("prenatal_screening",))
    assert other.covers("general", ("prenatal_screening",))
    assert not other.covers("general", ())
    (art,) = pt.ART_2025.categories
    assert art.covers("mch", ("art",)) and art.covers("specialist", ("sperm_bank",))
    assert not art.covers("general", ("prenatal_diagnosis",))


def test_deadlines_as_dates():
    dates = {t.key: pt.report_dates(t) for t in pt.TEMPLATES}
    from datetime import date
    assert dates["2023MCH"] == (
        ("interim_report", date(2023, 6, 15)),
        ("data_submitted", date(2023, 10, 31)),
        ("annual_report", date(2023, 11, 15)),
    )
    assert dates["2024MCH"] == (
        ("interim_report", date(2024, 6, 10)),
        ("inspections_done", date(2024, 10, 30)),
        ("annual_report", date(2024, 10, 30)),
    )
    assert dates["2025ART"] == (
        ("inspections_done", date(2025, 11, 30)),
        ("city_report", date(2025, 12, 10)),
        ("region_report", date(2025, 12, 20)),
    )
    assert pt.ART_2025.deadline("city_report").on(2026) == date(2026, 12, 10)
    for template in pt.TEMPLATES:
        for deadline in template.deadlines:
            assert f"{deadline.month}月{deadline.day}日" in deadline.source


@pytest.mark.parametrize("template", pt.TEMPLATES, ids=lambda t: t.key)
def test_deadlines_agree_with_the_deadline_schedules(template):
    schedule = SCHEDULES[template.schedule_key]
    assert sorted((s.kind, s.month, s.day) for s in schedule.steps) == sorted(
        (d.key, d.month, d.day) for d in template.deadlines
    )


def test_follow_up_only_where_001_describes_it():
    follow_up = pt.MCH_2024_COUNTY.follow_up
    assert follow_up.penalty_year == 2023
    assert follow_up.focus == "整改落实情况"
    assert len(follow_up.campaigns) == 4
    assert pt.MCH_2023.follow_up is None and pt.ART_2025.follow_up is None


def test_lookups_and_immutability():
    assert pt.get_template("2025ART") is pt.ART_2025
    with pytest.raises(KeyError):
        pt.get_template("2099X")
    with pytest.raises(KeyError):
        pt.ART_2025.item("2025ART-9-9")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pt.ART_2025.year = 2026
    assert isinstance(pt.ART_2025.groups, tuple) and isinstance(pt.ART_2025.items, tuple)


def test_pure_data_without_django():
    source = Path(pt.__file__).read_text(encoding="utf-8")
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(module.split(".")[0] in ("django", "wagtail") for module in modules)
