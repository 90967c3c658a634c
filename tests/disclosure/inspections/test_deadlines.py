"""Report deadlines (R14) as the seeds give them, and only those."""

from datetime import date
from pathlib import Path

import pytest

from disclosure.inspections.deadlines import SCHEDULES, report_deadlines

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def test_2023_mch_interim_and_annual_reports():
    assert report_deadlines(2023, "2023_mch") == [
        ("报送阶段性工作总结", date(2023, 6, 15)),
        ("完成本级国家抽查信息报送", date(2023, 10, 31)),
        ("报送全年工作总结", date(2023, 11, 15)),
    ]


def test_2024_county_plan():
    assert report_deadlines(2024, SCHEDULES["2024_county"]) == [
        ("报送阶段性工作总结", date(2024, 6, 10)),
        ("完成全部随机监督抽查工作", date(2024, 10, 30)),
        ("报送工作总结", date(2024, 10, 30)),  # same day: schedule order kept
    ]


def test_2025_art_plan_inspections_city_and_region_reports():
    assert report_deadlines(2025, "2025_art") == [
        ("完成随机监督抽查工作并在平台填报", date(2025, 11, 30)),
        ("各市报送工作总结至自治区卫生监督所", date(2025, 12, 10)),
        ("自治区卫生监督所审核汇总后报送自治区卫生健康委", date(2025, 12, 20)),
    ]


def test_a_template_serves_another_year():
    assert report_deadlines(2026, "2025_art")[0] == (
        "完成随机监督抽查工作并在平台填报", date(2026, 11, 30))


@pytest.mark.parametrize("key", sorted(SCHEDULES))
def test_every_date_is_written_in_its_seed(key):
    schedule = SCHEDULES[key]
    path = SEEDS / schedule.source
    if not path.exists():
        pytest.skip(f"seed not available: {path}")
    text = path.read_text(encoding="utf-8")
    for step in schedule.steps:
        assert f"{step.month}月{step.day}日" in text, (key, step)
