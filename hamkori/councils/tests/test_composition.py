"""The composition check over the rule bounds: size by level, one representative per
non-profit legal entity, the civil-society share and the chair; rules a country lacks are
"not set", never replaced by a number."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hamkori.calls.tests.factories import body_make
from hamkori.councils.composition import composition_check, composition_checks
from hamkori.councils.models import CouncilLevel, Position, Sector
from hamkori.councils.tests.factories import council_make, seat_make
from hamkori.registry.tests.factories import organisation_make

pytestmark = pytest.mark.django_db
ON = date(2026, 6, 1)


def _rules(council) -> set[str]:
    return {v.rule for v in composition_check(council, ON)}


@pytest.mark.parametrize(
    ("level", "members", "broken"),
    [
        (CouncilLevel.REPUBLICAN, 14, {"council.republican.min_members"}),
        (CouncilLevel.REPUBLICAN, 15, set()),
        (CouncilLevel.REPUBLICAN, 30, set()),
        (CouncilLevel.REPUBLICAN, 31, {"council.republican.max_members"}),
        (CouncilLevel.QUASI_PUBLIC, 9, {"council.quasi_public.min_members"}),
        (CouncilLevel.QUASI_PUBLIC, 10, set()),
        (CouncilLevel.QUASI_PUBLIC, 15, set()),
        (CouncilLevel.QUASI_PUBLIC, 16, {"council.quasi_public.max_members"}),
    ],
)
def test_size_bounds_come_from_the_rules_of_the_level(reference_data, level, members, broken):
    # given a Kazakh council of that level with that many non-profit members
    council = council_make(level=level, members=members)
    # when / then
    assert _rules(council) == broken


def test_a_size_violation_names_the_rule_the_figures_and_the_reference(reference_data):
    council = council_make(members=14)

    with translation.override("en"):
        (violation,) = composition_check(council, ON)

    assert (violation.required, violation.found) == ("15", "14")
    assert "15" in violation.message and "14" in violation.message
    assert "383-V" in violation.reference


def test_local_sizes_are_not_set_in_the_rules_and_nothing_is_invented(reference_data):
    council = council_make(level=CouncilLevel.LOCAL, members=3)

    checks = {check.rule: check for check in composition_checks(council, ON)}

    assert checks["council.local.min_members"].not_set
    assert not checks["council.local.min_members"].violations
    assert _rules(council) == set()


def test_a_second_representative_of_one_organisation_breaks_the_rule(reference_data):
    # given a council of 16 where two members represent the same CSO
    council = council_make(members=15)
    shared = council.members.first().organisation
    seat_make(council, organisation=shared)

    violations = composition_check(council, ON)

    assert [v.rule for v in violations] == ["council.representatives_per_organisation"]
    assert (violations[0].required, violations[0].found) == ("1", "2")
    assert str(shared) in violations[0].message


def test_citizens_and_state_members_need_no_organisation_of_their_own(reference_data):
    council = council_make(members=13)
    seat_make(council, sector=Sector.CITIZEN)
    seat_make(council, sector=Sector.STATE, organisation=council.host, in_public_service=True)

    assert _rules(council) == set()


@pytest.mark.parametrize(
    ("civil", "state", "met"),
    [(10, 5, True), (10, 6, False), (20, 10, True), (19, 11, False)],
)
def test_the_civil_society_share_is_two_thirds(reference_data, civil, state, met):
    # given non-profit and citizen members against state members (rule: 2/3, exact)
    council = council_make(members=civil - 1)
    seat_make(council, sector=Sector.CITIZEN)
    host = council.host
    for _ in range(state):
        seat_make(council, sector=Sector.STATE, organisation=host, in_public_service=True)

    broken = _rules(council) - {"council.republican.max_members"}

    assert (broken == set()) is met
    if not met:
        assert broken == {"council.civil_society_share"}


def test_a_chair_in_public_service_is_a_violation(reference_data):
    council = council_make(members=15)
    chair = seat_make(council, position=Position.CHAIR, sector=Sector.CITIZEN)
    assert _rules(council) == set()

    type(chair).objects.filter(pk=chair.pk).update(in_public_service=True)

    assert _rules(council) == {"council.chair_outside_public_service"}


def test_members_outside_the_day_are_not_counted(reference_data):
    council = council_make(members=15)
    seat_make(council, ends_on=date(2026, 1, 31))  # left before the day
    seat_make(council, starts_on=date(2026, 9, 1))  # joins after it

    assert _rules(council) == set()


def test_a_tajik_council_has_no_composition_rules_and_shows_each_as_not_set(reference_data):
    council = council_make(host=body_make("TJ"), members=2)
    chair = seat_make(council, position=Position.CHAIR, sector=Sector.STATE)
    type(chair).objects.filter(pk=chair.pk).update(in_public_service=True)
    seat_make(council, organisation=organisation_make("TJ"))

    checks = composition_checks(council, ON)

    assert all(check.not_set for check in checks)
    assert composition_check(council, ON) == []
