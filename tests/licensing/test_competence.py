"""Who licenses what (R1, R5, R6), on both sides of the 2021-07-01 reform."""

from datetime import date

import pytest

from licensing.choices import Level, Service
from licensing.competence import COMPETENCE, competent_authority, in_transition


@pytest.mark.parametrize("service", [Service.ART, Service.SPERM_BANK, Service.PRENATAL_DIAGNOSIS])
@pytest.mark.parametrize("day", [date(2019, 1, 1), date(2021, 7, 1), date(2028, 2, 29)])
def test_region_licenses_art_sperm_banks_and_prenatal_diagnosis(service, day):
    assert competent_authority(service, day) == Level.PROVINCE


@pytest.mark.parametrize("service", [Service.PREMARITAL_EXAM, Service.PRENATAL_SCREENING])
def test_county_licenses_premarital_and_screening_from_the_reform_day(service):
    assert competent_authority(service, date(2021, 6, 30)) == Level.CITY
    assert competent_authority(service, date(2021, 7, 1)) == Level.COUNTY
    assert competent_authority(service, date(2021, 12, 31)) == Level.COUNTY
    assert competent_authority(service, date(2022, 1, 1)) == Level.COUNTY


def test_transition_period_is_the_second_half_of_2021():
    assert not in_transition(date(2021, 6, 30))
    assert in_transition(date(2021, 7, 1))
    assert in_transition(date(2021, 12, 31))
    assert not in_transition(date(2022, 1, 1))


def test_ligation_and_termination_are_county_matters():
    assert competent_authority(Service.MCH_SPECIAL, date(2021, 7, 1)) == Level.COUNTY


def test_every_service_has_exactly_one_rule_on_any_day():
    for service in Service.values:
        for day in (date(2000, 1, 1), date(2021, 6, 30), date(2021, 7, 1), date(2030, 1, 1)):
            rules = [
                r for r in COMPETENCE
                if r.service == service
                and (r.since is None or r.since <= day)
                and (r.until is None or day <= r.until)
            ]
            assert len(rules) == 1, (service, day)


def test_competent_division_is_region_city_or_county():
    from licensing.competence import competent_division

    assert competent_division(Service.ART, date(2024, 1, 1), "450102") == "45"
    assert competent_division(Service.PREMARITAL_EXAM, date(2021, 6, 30), "450102") == "4501"
    assert competent_division(Service.PREMARITAL_EXAM, date(2021, 7, 1), "450102") == "450102"
