"""风险评估与预警 (R19, seed 004 四): from random-inspection results, the check items whose
non-compliance rate is high or rising are 风险点 for staff, who may publish a 风险提示.

Seed 004 asks for risk points but sets no number; the threshold is held here as data
(a policy choice of this registry, changed in one place).
"""

from dataclasses import dataclass
from fractions import Fraction

# 不合格率 at or above which an item is a risk point whatever last year's rate.
RISK_RATE = Fraction(1, 5)
# A rise counts only over at least this many examined units (a 1-of-2 jump is noise).
MIN_EXAMINED_FOR_RISE = 3


@dataclass(frozen=True)
class RiskPoint:
    key: tuple  # (object category, territory, check item text)
    failed: int
    examined: int
    rate: Fraction
    previous_rate: Fraction | None
    reasons: tuple[str, ...]


def rate(failed, examined):
    return Fraction(failed, examined) if examined else None


def risk_points(current, previous, threshold=RISK_RATE, min_examined=MIN_EXAMINED_FOR_RISE):
    """风险点: for each key of `current` ({key: (不合格单位数, 检查单位数 excluding 合理缺项)}),
    flagged when its rate reaches `threshold` (“不合格率较高”) or exceeds the rate of the same
    key in `previous` (“较上年上升”, only with at least `min_examined` units). Sorted by rate,
    highest first, then by key."""
    points = []
    for key, (failed, examined) in current.items():
        if not examined or failed > examined or failed < 0:
            continue
        now = Fraction(failed, examined)
        before = rate(*previous[key]) if key in previous else None
        reasons = []
        if now >= threshold and failed:
            reasons.append("不合格率较高")
        if before is not None and now > before and examined >= min_examined:
            reasons.append("较上年上升")
        if reasons:
            points.append(RiskPoint(key, failed, examined, now, before, tuple(reasons)))
    return sorted(points, key=lambda p: (-p.rate, p.key))


def percent(value):
    """"25.0%" for a Fraction (one decimal, half up), "—" for None."""
    if value is None:
        return "—"
    tenths = (value * 1000 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"
