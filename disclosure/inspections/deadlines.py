"""Report deadlines of an inspection plan (完成时限 / 结果报送要求) — R14, as data.

Each schedule is one seed's deadlines, written as (kind, label, month, day) within the
plan year, with the source sentence quoted beside it. A step a seed gives no date for is
left out rather than guessed. `report_deadlines(plan_year, schedule)` gives the dates.
"""

from dataclasses import dataclass
from datetime import date

# Kinds of step, so that the dashboard can treat them alike across plans.
INSPECTIONS_DONE = "inspections_done"  # 完成抽查工作
DATA_SUBMITTED = "data_submitted"  # 抽查信息报送 / 平台填报
INTERIM_REPORT = "interim_report"  # 阶段性工作总结
ANNUAL_REPORT = "annual_report"  # 全年工作总结
CITY_REPORT = "city_report"  # 各市报送工作总结
REGION_REPORT = "region_report"  # 自治区卫生监督所汇总报送自治区卫生健康委


@dataclass(frozen=True)
class Step:
    """One deadline: the step must be done on or before `month`/`day` of the plan year
    (plus `year_offset` years, for a step falling in the following year)."""

    kind: str
    label: str
    month: int
    day: int
    year_offset: int = 0


@dataclass(frozen=True)
class Schedule:
    """The deadlines of one plan template and the seed document they come from."""

    title: str
    source: str
    steps: tuple


SCHEDULES = {
    # Seed 000 (2023年母婴保健技术服务机构随机监督抽查计划, 四、完成时限):
    # "各地（州、市）于10月31日前完成本级母婴保健技术服务机构国家抽查信息报送工作，汇总数据
    # 以信息报告系统填报数据为准。并于2023年6月15日、11月15日前将母婴保健技术服务机构国家随机
    # 监督抽查工作阶段性工作总结和全年工作总结以及托育机构底数情况报自治区卫生健康综合监督执法局
    # 计划生育监督科"
    "2023_mch": Schedule(
        title="2023年母婴保健技术服务机构随机监督抽查计划",
        source="000_54ae7cf594233dda.txt",
        steps=(
            Step(INTERIM_REPORT, "报送阶段性工作总结", 6, 15),
            Step(DATA_SUBMITTED, "完成本级国家抽查信息报送", 10, 31),
            Step(ANNUAL_REPORT, "报送全年工作总结", 11, 15),
        ),
    ),
    # Seed 001 (2024 年医疗卫生随机监督抽查计划, 二、工作要求):
    # "于6月10日前报送医疗卫生随机抽查工作阶段性工作总结；于10月30日前，完成全部医疗卫生
    # 随机监督抽查工作并报送工作总结。"
    "2024_county": Schedule(
        title="2024年医疗卫生随机监督抽查计划（县级）",
        source="001_a7d040c6838ec870.txt",
        steps=(
            Step(INTERIM_REPORT, "报送阶段性工作总结", 6, 10),
            Step(INSPECTIONS_DONE, "完成全部随机监督抽查工作", 10, 30),
            Step(ANNUAL_REPORT, "报送工作总结", 10, 30),
        ),
    ),
    # Seed 003 (2025年人类辅助生殖技术机构广西随机监督抽查计划, 三、结果报送要求):
    # "各地要于2025年11月30日前完成人类辅助生殖技术服务机构广西随机监督抽查工作，并在广西
    # 卫生健康执法监督综合管理平台上以“日常监督”形式填报数据信息。纸质及电子版监督抽检工作
    # 总结请各市于12月10日前报送至自治区卫生监督所，自治区卫生监督所审核汇总后，于12月20日前
    # 报送自治区卫生健康委。"
    # (The platform entry has no date of its own: it is part of the 11月30日 step.)
    "2025_art": Schedule(
        title="2025年人类辅助生殖技术机构广西随机监督抽查计划",
        source="003_c29a2b8a5452888e.txt",
        steps=(
            Step(INSPECTIONS_DONE, "完成随机监督抽查工作并在平台填报", 11, 30),
            Step(CITY_REPORT, "各市报送工作总结至自治区卫生监督所", 12, 10),
            Step(REGION_REPORT, "自治区卫生监督所审核汇总后报送自治区卫生健康委", 12, 20),
        ),
    ),
}


def report_deadlines(plan_year, schedule):
    """报送时限 of a plan (R14): (label, date) for each step of `schedule` (a Schedule or a
    key of SCHEDULES) in `plan_year`, sorted by date (steps due the same day keep the
    schedule's order)."""
    if isinstance(schedule, str):
        schedule = SCHEDULES[schedule]
    dated = [
        (step.label, date(plan_year + step.year_offset, step.month, step.day))
        for step in schedule.steps
    ]
    return sorted(dated, key=lambda pair: pair[1])
