"""How long a penalty stays public (行政处罚信息公示期限), as data and pure functions.

Sources (shown to the public on /credit/methodology/):
- 《失信行为纠正后的信用信息修复管理办法（试行）》
  （国家发展改革委令2023年第58号，2023年5月1日施行）:
  行政处罚信息 public from the decision; shortest 3 months, longest 3 years; ended early by
  信用修复 only after the shortest period; withdrawn automatically at the longest; one
  decision with several kinds of penalty → the longest period applies.
- Before 2023-05-01 (发改办财金〔2019〕527号): 一般失信 3 months – 1 year;
  严重失信 6 months – 3 years.
- 行政处罚法 (2021) art. 48: a published decision that is changed, revoked or annulled is
  withdrawn within 3 days, with the reason stated.

Periods are counted as 民法典 arts. 201–202 count them: the decision day itself is not
counted, and the period ends on the day of the final month with the same number, or on
that month's last day when it has none (2024-02-29 + 3 years → 2027-02-28). That last
day is the 公示截止期, the last day the penalty is shown.
"""

import calendar
from dataclasses import dataclass
from datetime import date

# 处罚类别 (CF_CFLB), 行政处罚法 (2021) art. 9.
WARNING = "警告"
KINDS = (
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "其他",
)
# Under the 2019 rule, which kinds were 严重失信 (the others 一般失信). Data: the law may change.
SERIOUS_KINDS = frozenset({
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业",
})


@dataclass(frozen=True)
class Period:
    """A publication period in months: the shortest before repair, the longest in all."""

    shortest_months: int
    longest_months: int


@dataclass(frozen=True)
class Regime:
    """The rule for decisions made from `since` on."""

    since: date
    name: str
    general: Period
    serious: Period


REGIMES = (
    Regime(date(1900, 1, 1), "发改办财金〔2019〕527号", Period(3, 12), Period(6, 36)),
    Regime(date(2023, 5, 1), "国家发展改革委令2023年第58号", Period(3, 36), Period(3, 36)),
)


def add_months(day, months):
    """民法典 arts. 201–202: the same day `months` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def regime_for(decided_on, regimes=REGIMES):
    """The rule in force on the decision date (the latest whose `since` is not after it)."""
    return max((r for r in regimes if r.since <= decided_on), key=lambda r: r.since)


def period_for(decided_on, kinds, regimes=REGIMES):
    """公示期限 of one decision: when it combines several kinds, the longest period applies
    (its shortest and longest are each the largest among its kinds)."""
    regime = regime_for(decided_on, regimes)
    periods = [regime.serious if kind in SERIOUS_KINDS else regime.general for kind in kinds]
    if not periods:
        raise ValueError("处罚决定须至少有一种处罚类别。")
    return Period(max(p.shortest_months for p in periods), max(p.longest_months for p in periods))


def penalty_public_until(decided_on, kinds, regimes=REGIMES):
    """公示截止期 (CF_GSJZQ): the last day the decision is public, at the longest period."""
    return add_months(decided_on, period_for(decided_on, kinds, regimes).longest_months)


def repair_allowed_from(decided_on, kinds, regimes=REGIMES):
    """信用修复: the first day publication may be ended early (after the shortest period)."""
    shortest = add_months(decided_on, period_for(decided_on, kinds, regimes).shortest_months)
    return date.fromordinal(shortest.toordinal() + 1)


def is_published(kinds, marked_for_publication=False):
    """A decision whose only penalty is 警告 is not published unless its authority marks it."""
    return set(kinds) != {WARNING} or marked_for_publication


def is_public_on(day, published_on, public_until, ended_on=None):
    """公示中: from the publication date to the 公示截止期, unless ended earlier (信用修复,
    or withdrawal after the decision was changed, revoked or annulled)."""
    if published_on is None or day < published_on or day > public_until:
        return False
    return ended_on is None or day < ended_on
