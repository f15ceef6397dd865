"""Terms and compositions: the next composition starts after the current one and lasts the
rule's term; seats lie within the term; the list tells current, past and next compositions
apart; a composition below the legal minimum is shown prominently; candidates from another
country and the working group's interim decisions (review of issue 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.calls.tests.factories import body_make
from hamkori.councils import services
from hamkori.councils.forms import MemberForm
from hamkori.councils.models import Council, Sector
from hamkori.councils.services import add_months
from hamkori.councils.tests.factories import (
    candidacy_make,
    competition_make,
    council_make,
)
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _ending_council(jurisdiction: str = "KZ", **fields) -> Council:
    end = local_today(jurisdiction) + timedelta(days=40)
    return council_make(
        host=body_make(jurisdiction),
        term_start=end - timedelta(days=3 * 365),
        term_end=end,
        **fields,
    )


def _decided(council: Council):
    competition = competition_make(council, state="decided")
    candidacy_make(competition, state="accepted")
    return competition


def test_the_next_term_cannot_overlap_the_current_one(reference_data):
    council = _ending_council()
    competition = _decided(council)

    for start in (council.term_start + timedelta(days=100), council.term_end):
        with pytest.raises(ValidationError) as refused:
            services.competition_publish(
                actor=council.created_by, competition=competition, code="x", term_start=start
            )
        assert "term_start" in refused.value.message_dict

    assert Council.objects.count() == 1


def test_the_term_end_follows_from_the_start_given_and_the_rule(reference_data):
    council = _ending_council()
    competition = _decided(council)
    start = council.term_end + timedelta(days=10)

    with pytest.raises(ValidationError) as refused:
        services.competition_publish(
            actor=council.created_by,
            competition=competition,
            code="x",
            term_start=start,
            term_end=start + timedelta(days=2000),
        )
    assert "term_end" in refused.value.message_dict

    successor = services.competition_publish(
        actor=council.created_by, competition=competition, code="x", term_start=start
    )
    assert successor.term_end == add_months(start, 36) - timedelta(days=1)


def test_without_the_rule_the_next_term_is_as_long_as_the_current_one(reference_data):
    council = _ending_council("TJ")
    competition = _decided(council)

    successor = services.competition_publish(
        actor=council.created_by, competition=competition, code="tj-next"
    )

    assert successor.term_start == council.term_end + timedelta(days=1)
    assert successor.term_end - successor.term_start == council.term_end - council.term_start


def test_a_seat_lies_within_the_council_term(reference_data):
    council = council_make(term_start=date(2026, 6, 1), term_end=date(2029, 5, 31))
    official = council.created_by

    for starts_on, ends_on, field in (
        (date(2020, 1, 1), None, "starts_on"),
        (date(2026, 7, 1), date(2031, 1, 1), "ends_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.member_add(
                actor=official,
                council=council,
                full_name="Early Bird",
                sector=Sector.CITIZEN,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        assert field in refused.value.message_dict

    assert not council.members.exists()


def test_the_member_form_says_plainly_when_a_seat_ends_before_it_starts(reference_data, client):
    council = council_make(term_start=date(2026, 6, 1), term_end=date(2029, 5, 31))
    data = {
        "full_name": "A. Person",
        "position": "member",
        "sector": "citizen",
        "starts_on": "2027-01-10",
        "ends_on": "2027-01-01",
    }
    form = MemberForm(data, council=council)
    assert not form.is_valid() and "ends_on" in form.errors

    client.force_login(council.created_by)
    response = client.post(reverse("councils:member-add", args=[council.pk]), data)
    assert response.status_code == 400
    assert "member_period_positive" not in response.content.decode()
    assert not council.members.exists()


def test_the_list_tells_current_past_and_next_compositions_apart(reference_data, client):
    today = local_today("KZ")
    host = body_make()
    past = council_make(host=host, term_start=today - timedelta(900), term_end=today - timedelta(1))
    current = council_make(host=host, term_start=today, term_end=today + timedelta(900))
    coming = council_make(
        host=host, term_start=today + timedelta(901), term_end=today + timedelta(1800)
    )
    url = reverse("councils:council-list")

    for term, shown in (("current", current), ("past", past), ("next", coming)):
        html = client.get(url, {"term": term}).content.decode()
        for council in (past, current, coming):
            link = reverse("councils:council-detail", args=[council.pk])
            assert (link in html) == (council == shown), (term, council.code)

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "past composition" in page and "current composition" in page
    assert "next composition" in page


def test_a_composition_below_the_minimum_is_shown_prominently(reference_data, client):
    council = _ending_council(members=3)
    page = client.get(reverse("councils:council-detail", args=[council.pk]))
    (violation,) = page.context["size_violations"]
    assert violation.rule == "council.republican.min_members"

    competition = _decided(council)
    client.force_login(council.created_by)
    publish = client.get(reverse("councils:competition-publish", args=[competition.pk]))
    assert publish.context["shortfall"] == {"required": 15, "found": 1}


def test_a_citizen_of_another_country_cannot_apply(reference_data):
    competition = competition_make(_ending_council())
    foreigner = member_make(organisation_make("TJ"))
    resident = member_make(organisation_make("KZ"))

    with pytest.raises(ValidationError) as refused:
        services.candidacy_submit(
            actor=foreigner,
            competition=competition,
            full_name=foreigner.full_name,
            sector=Sector.CITIZEN,
            motivation="I want to help.",
            recommendation_text="Recommended.",
        )
    assert "sector" in refused.value.message_dict

    for person in (resident, user_make()):
        services.candidacy_submit(
            actor=person,
            competition=competition,
            full_name=person.full_name,
            sector=Sector.CITIZEN,
            motivation="I want to help.",
            recommendation_text="Recommended.",
        )
    assert competition.candidacies.count() == 2


def test_a_candidate_sees_no_decision_before_the_results(reference_data, client):
    competition = competition_make(_ending_council(), state="closed")
    candidacy = candidacy_make(competition, state="rejected", reason="Another representative.")
    client.force_login(candidacy.applicant)
    detail = reverse("councils:candidacy-detail", args=[candidacy.pk])

    page = client.get(detail)
    assert page.context["candidacy"].state == "submitted"
    assert "Another representative." not in page.content.decode()
    listing = client.get(reverse("councils:competition-detail", args=[competition.pk]))
    assert "Another representative." not in listing.content.decode()

    judge = competition.working_group.first().user
    client.force_login(judge)
    assert "Another representative." in client.get(detail).content.decode()

    competition.state = "published"
    competition.save()
    client.force_login(candidacy.applicant)
    assert "Another representative." in client.get(detail).content.decode()
