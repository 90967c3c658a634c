"""信用状况 and 不良执业行为记分: levels, thresholds and the points scheme, held as data.

No national text of the 2023–2024 bad-practice points scheme was found
(../shared/REFERENCE-credit-inspections.md §3): the behaviours, points, cycle and
bands below follow provincial examples and are this registry's settings until the
commission publishes its own. /credit/methodology/ shows all of it to the public.
Points are kept for staff; only the level they lead to is public.
"""

from dataclasses import dataclass
from datetime import date

GOOD, WARNING, DISHONEST = "good", "warning", "dishonest"
LEVEL_LABELS = {GOOD: "良好", WARNING: "警示", DISHONEST: "失信"}
LEVEL_MEANINGS = {
    GOOD: "未发现正在公示的行政处罚，未列入黑名单。",
    WARNING: "有正在公示的行政处罚，或本记分周期内不良执业行为记分达到警示分值。",
    DISHONEST: "被列入黑名单，或因违法违规被吊销许可。",
}
# Institution points within one cycle at or above which the credit status is 警示.
WARNING_POINTS = 12


@dataclass(frozen=True)
class Behaviour:
    code: str
    description: str
    points: int


# 不良执业行为 of institutions (机构) and of medical personnel (人员).
INSTITUTION_BEHAVIOURS = (
    Behaviour("J01", "未按规定公示母婴保健技术服务执业许可信息", 1),
    Behaviour("J02", "未按规定建立或执行技术服务管理制度", 2),
    Behaviour("J03", "未按规定报送技术服务数据或档案资料不全", 2),
    Behaviour("J04", "使用未取得相应资格的人员从事母婴保健技术服务", 6),
    Behaviour("J05", "超出批准范围开展技术服务", 10),
    Behaviour("J06", "出具虚假医学证明文件", 12),
)
PERSONNEL_BEHAVIOURS = (
    Behaviour("R01", "未按规定书写或保存病历及知情同意书", 1),
    Behaviour("R02", "未按规定履行告知义务", 2),
    Behaviour("R03", "超出执业范围从事母婴保健技术服务", 6),
    Behaviour("R04", "出具虚假医学证明文件", 12),
)
BEHAVIOURS = {b.code: b for b in INSTITUTION_BEHAVIOURS + PERSONNEL_BEHAVIOURS}

# Bands of points in one cycle and what follows (shown on the methodology page).
BANDS = (
    (0, 5, "提醒"),
    (6, 11, "约谈，限期整改"),
    (12, None, "列为重点监管对象，信用状况为“警示”；依法依规进一步处理"),
)


def cycle_of(day):
    """记分周期: the calendar year containing `day`, as (first day, last day)."""
    return date(day.year, 1, 1), date(day.year, 12, 31)


def band_for(points):
    for low, high, consequence in BANDS:
        if points >= low and (high is None or points <= high):
            return consequence
    return BANDS[0][2]


@dataclass(frozen=True)
class CreditFacts:
    """What the credit status of one institution depends on, on one day."""

    public_penalties: tuple = ()  # 处罚决定书文号 of penalties public that day
    blacklist_reasons: tuple = ()  # reasons of blacklist entries in force that day
    revoked_licences: tuple = ()  # licence numbers revoked for a violation, by then
    cycle_points: int = 0  # institution points in the cycle containing the day


def credit_level(facts):
    """信用状况 (R10): (level, [reasons in plain Chinese]). The only place that combines
    penalties, blacklist, revocations and points."""
    if facts.blacklist_reasons or facts.revoked_licences:
        reasons = [f"列入黑名单：{r}" for r in facts.blacklist_reasons]
        reasons += [f"许可被吊销：{n}" for n in facts.revoked_licences]
        return DISHONEST, reasons
    reasons = [f"行政处罚正在公示：{no}" for no in facts.public_penalties]
    if facts.cycle_points >= WARNING_POINTS:
        reasons.append(f"本记分周期内不良执业行为记分达到{WARNING_POINTS}分")
    return (WARNING, reasons) if reasons else (GOOD, [])
