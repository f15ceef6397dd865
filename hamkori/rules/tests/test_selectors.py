"""The value of a rule on a date, and the helpers that read shares and yearly days."""

from datetime import date
from fractions import Fraction

import pytest

from hamkori.rules.models import RuleParameter
from hamkori.rules.selectors import (
    RuleMissing,
    rule_fraction,
    rule_get,
    rule_month_day,
    rule_value,
    rules_in_force,
)


@pytest.mark.parametrize(
    "on, expected",
    [
        (date(2020, 1, 1), 2778),  # the first day of a value
        (date(2022, 12, 31), 3063),  # the last day before a change
        (date(2023, 1, 1), 3450),  # the day of the change
        (date(2026, 6, 15), 4325),
    ],
)
def test_rule_value_is_the_one_in_force_on_the_date(reference_data, on, expected):
    assert rule_value("KZ", "mrp", on) == expected


def test_rule_before_its_first_value_is_missing(reference_data):
    with pytest.raises(RuleMissing):
        rule_value("KZ", "mrp", date(2019, 12, 31))


def test_unknown_key_or_jurisdiction_is_missing(reference_data):
    with pytest.raises(RuleMissing):
        rule_value("KZ", "no.such.key", date(2026, 1, 1))
    with pytest.raises(RuleMissing):
        rule_value("XX", "mrp", date(2026, 1, 1))


def test_rule_get_carries_tag_reference_and_date(reference_data):
    row = rule_get("KZ", "mrp", date(2024, 5, 1))
    assert (row.value, row.valid_from, row.unit, row.evidence) == (
        3692,
        date(2024, 1, 1),
        "KZT",
        "unverified",
    )
    assert "budget" in row.reference


def test_a_new_dated_row_changes_the_value_from_its_date_only(reference_data):
    # given a later row for the grant cap
    RuleParameter.objects.create(
        jurisdiction_id="KZ",
        key="grant.institutional_cost_cap",
        valid_from=date(2027, 1, 1),
        value="0.15",
        unit="share",
        evidence="unverified",
        reference="test",
    )
    # then the old value holds before it and the new one from it
    assert rule_fraction("KZ", "grant.institutional_cost_cap", date(2026, 12, 31)) == Fraction(
        1, 10
    )
    assert rule_fraction("KZ", "grant.institutional_cost_cap", date(2027, 1, 1)) == Fraction(3, 20)


def test_shares_are_exact_fractions(reference_data):
    quorum = rule_fraction("KZ", "council.quorum_share", date(2026, 1, 1))
    assert quorum == Fraction(2, 3)
    assert quorum * 15 == 10


def test_annual_report_deadline_falls_in_the_following_year(reference_data):
    assert rule_month_day("KZ", "annual_report.deadline", 2026, date(2026, 1, 1)) == date(
        2026, 3, 31
    )
    assert rule_value("KZ", "annual_report.required_for_funding", date(2026, 1, 1)) is True
    assert rule_value("TJ", "annual_report.required_for_funding", date(2026, 1, 1)) is False


def test_tranche_schedule_is_a_list_of_exact_shares(reference_data):
    schedule = rule_value("KZ", "grant.tranche_schedule", date(2026, 1, 1))
    assert [t["after"] for t in schedule] == ["signature", "final_report_accepted"]
    assert sum(Fraction(t["share"]) for t in schedule) == 1


def test_rules_in_force_has_one_row_per_key_and_jurisdiction(reference_data):
    rows = rules_in_force(date(2026, 6, 1))
    pairs = [(row.jurisdiction_id, row.key) for row in rows]
    assert len(pairs) == len(set(pairs))
    mrp = next(row for row in rows if row.jurisdiction_id == "KZ" and row.key == "mrp")
    assert mrp.value == 4325
