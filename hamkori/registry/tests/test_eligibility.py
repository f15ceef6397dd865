"""Eligibility for funding: status, sector and the annual report that counts on a date."""

from datetime import date

import pytest

from hamkori.registry.models import AnnualReport, OrganisationKind, OrganisationStatus
from hamkori.registry.selectors import (
    annual_report_deadline,
    organisation_eligibility,
    report_year_due,
)
from hamkori.registry.tests.factories import organisation_make
from hamkori.rules.selectors import rule_value

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = date(2026, 5, 1)


def report(organisation, year: int, submitted_on: date) -> AnnualReport:
    return AnnualReport.objects.create(
        organisation=organisation, year=year, submitted_on=submitted_on, currency="KZT"
    )


def test_the_kz_deadline_comes_from_the_rules():
    deadline = rule_value("KZ", "annual_report.deadline", on=date(2026, 1, 1))
    assert annual_report_deadline("KZ", 2025) == date(2026, *map(int, deadline.split("-")))


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (date(2026, 3, 30), 2024),
        (date(2026, 3, 31), 2024),  # the deadline day itself still belongs to the old report
        (date(2026, 4, 1), 2025),
        (date(2026, 12, 31), 2025),
        (date(2027, 1, 1), 2025),
    ],
)
def test_before_the_deadline_the_report_of_the_year_before_counts(on, year):
    assert report_year_due("KZ", on)[0] == year


def test_an_active_cso_without_a_report_is_not_eligible():
    organisation = organisation_make(registered_on=date(2015, 3, 1))
    result = organisation_eligibility(organisation, on=AFTER_DEADLINE)
    assert not result.eligible
    assert result.report_year == 2025
    assert len(result.reasons) == 1
    assert "No annual report for 2025" in result.reasons[0]


def test_a_report_on_time_makes_it_eligible():
    organisation = organisation_make()
    report(organisation, 2025, date(2026, 3, 31))
    result = organisation_eligibility(organisation, on=AFTER_DEADLINE)
    assert result.eligible and result.reasons == []
    assert bool(result)


def test_a_late_report_blocks_funding_in_kazakhstan():
    assert rule_value("KZ", "annual_report.late_blocks_funding", on=AFTER_DEADLINE) is True
    organisation = organisation_make()
    report(organisation, 2025, date(2026, 4, 1))
    result = organisation_eligibility(organisation, on=AFTER_DEADLINE)
    assert not result.eligible
    assert "submitted late" in result.reasons[0]


def test_before_the_deadline_last_years_report_is_not_yet_missing():
    # given the report on 2024 on time and none yet on 2025
    organisation = organisation_make()
    report(organisation, 2024, date(2025, 2, 1))
    # then it is eligible until 31 March 2026 and not after
    assert organisation_eligibility(organisation, on=date(2026, 3, 31)).eligible
    assert not organisation_eligibility(organisation, on=date(2026, 4, 1)).eligible


def test_an_organisation_registered_after_the_reporting_year_owes_no_report():
    organisation = organisation_make(registered_on=date(2026, 1, 15))
    assert organisation_eligibility(organisation, on=AFTER_DEADLINE).eligible


def test_a_suspended_organisation_is_not_eligible_even_with_its_reports():
    organisation = organisation_make(status=OrganisationStatus.SUSPENDED)
    report(organisation, 2025, date(2026, 3, 1))
    result = organisation_eligibility(organisation, on=AFTER_DEADLINE)
    assert not result.eligible
    assert result.reasons == [
        "The organisation is suspended; only active organisations can be funded."
    ]


def test_a_state_body_is_never_eligible():
    ministry = organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry of Culture")
    result = organisation_eligibility(ministry, on=AFTER_DEADLINE)
    assert not result.eligible
    assert "Only civil-society organisations can be funded" in result.reasons[0]


def test_in_tajikistan_no_report_is_required():
    organisation = organisation_make("TJ")
    assert rule_value("TJ", "annual_report.required_for_funding", on=AFTER_DEADLINE) is False
    assert organisation_eligibility(organisation, on=AFTER_DEADLINE).eligible


def test_each_report_is_on_time_or_late_by_the_rule():
    organisation = organisation_make()
    on_time = report(organisation, 2024, date(2025, 3, 31))
    late = report(organisation, 2023, date(2024, 4, 1))
    assert on_time.deadline == date(2025, 3, 31) and on_time.on_time is True
    assert late.on_time is False
