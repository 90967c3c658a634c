"""信用状况 from its facts: the only function that combines them."""

from datetime import date

from disclosure.credit.scheme import (
    BEHAVIOURS,
    DISHONEST,
    GOOD,
    WARNING,
    WARNING_POINTS,
    CreditFacts,
    band_for,
    credit_level,
    cycle_of,
)


def test_nothing_on_record_is_good():
    assert credit_level(CreditFacts()) == (GOOD, [])


def test_a_public_penalty_is_a_warning_with_its_number():
    level, reasons = credit_level(CreditFacts(public_penalties=("示例卫罚〔2025〕1号",)))
    assert level == WARNING and reasons == ["行政处罚正在公示：示例卫罚〔2025〕1号"]


def test_points_warn_only_from_the_threshold():
    assert credit_level(CreditFacts(cycle_points=WARNING_POINTS - 1))[0] == GOOD
    assert credit_level(CreditFacts(cycle_points=WARNING_POINTS))[0] == WARNING


def test_blacklist_or_revocation_is_dishonest_whatever_else():
    facts = CreditFacts(public_penalties=("示例1号",), blacklist_reasons=("出具虚假证明",))
    assert credit_level(facts) == (DISHONEST, ["列入黑名单：出具虚假证明"])
    assert credit_level(CreditFacts(revoked_licences=("ART-1",)))[0] == DISHONEST


def test_the_cycle_is_the_calendar_year_and_bands_cover_every_score():
    assert cycle_of(date(2024, 2, 29)) == (date(2024, 1, 1), date(2024, 12, 31))
    assert band_for(0) == "提醒" and band_for(11).startswith("约谈")
    assert "警示" in band_for(40)
    assert all(b.points > 0 for b in BEHAVIOURS.values())
