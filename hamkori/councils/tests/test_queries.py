"""Every councils page runs the same number of queries at 10 and at 1,000 councils, members or
candidacies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts.models import User
from hamkori.councils.models import Candidacy, Commission, Council, Member
from hamkori.councils.tests.factories import competition_make, council_make, seat_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _queries(client, url: str, user=None) -> int:
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow_members(council: Council, count: int) -> None:
    commission = Commission.objects.create(council=council, name_en="Social")
    Member.objects.bulk_create(
        Member(
            council=council,
            full_name=f"Member {n}",
            sector=["citizen", "state"][n % 2],
            organisation=council.host if n % 2 else None,
            position=["member", "presidium", "commission_member"][n % 3],
            commission=commission if n % 3 == 2 else None,
            starts_on=council.term_start,
        )
        for n in range(count)
    )
    seat_make(council, position="chair", sector="citizen")
    seat_make(council)


def _grow_councils(host, official, count: int) -> None:
    today = local_today("KZ")
    Council.objects.bulk_create(
        Council(
            jurisdiction_id="KZ",
            host=host,
            code=f"{host.pk}-c{n}",
            name_en=f"Council {n}",
            level=["republican", "local"][n % 2],
            term_start=today - timedelta(days=100 + n),
            term_end=today + timedelta(days=50 + n),
            created_by=official,
        )
        for n in range(count)
    )


def _current() -> Council:
    today = local_today("KZ")
    return council_make(term_start=today - timedelta(days=100), term_end=today + timedelta(days=40))


def test_the_council_page_runs_constant_queries(reference_data, client):
    small, large = _current(), _current()
    _grow_members(small, 10)
    _grow_members(large, 1000)
    competition_make(small)
    competition_make(large)

    at_10 = _queries(client, reverse("councils:council-detail", args=[small.pk]))
    at_1000 = _queries(client, reverse("councils:council-detail", args=[large.pk]))

    assert at_10 == at_1000


def test_the_member_management_page_runs_constant_queries(reference_data, client):
    small, large = _current(), _current()
    _grow_members(small, 10)
    _grow_members(large, 1000)

    at_10 = _queries(client, reverse("councils:member-list", args=[small.pk]), small.created_by)
    at_1000 = _queries(client, reverse("councils:member-list", args=[large.pk]), large.created_by)

    assert at_10 == at_1000


@pytest.mark.parametrize("query", ["", "?level=local", "?jurisdiction=KZ&level=republican"])
def test_the_council_list_runs_constant_queries(reference_data, client, query):
    first = _current()
    _grow_councils(first.host, first.created_by, 9)
    at_10 = _queries(client, reverse("councils:council-list") + query)
    second = _current()
    _grow_councils(second.host, second.created_by, 990)
    competition_make(second)

    at_1000 = _queries(client, reverse("councils:council-list") + query)

    assert at_10 == at_1000


def test_the_manage_page_runs_constant_queries(reference_data, client):
    small, large = _current(), _current()
    _grow_councils(small.host, small.created_by, 9)
    _grow_councils(large.host, large.created_by, 999)
    competition_make(small)
    competition_make(large)

    at_10 = _queries(client, reverse("councils:council-manage"), small.created_by)
    at_1000 = _queries(client, reverse("councils:council-manage"), large.created_by)

    assert at_10 == at_1000


def _grow_candidacies(competition, count: int, state: str) -> None:
    people = User.objects.bulk_create(
        User(email=f"c{competition.pk}-{n}@example.org", full_name=f"Candidate {n}")
        for n in range(count)
    )
    Candidacy.objects.bulk_create(
        Candidacy(
            competition=competition,
            applicant=person,
            full_name=person.full_name,
            sector="citizen",
            motivation="Motivated.",
            recommendation_text="Recommended.",
            state=state,
            reason="" if state == "submitted" else "Reason.",
        )
        for person in people
    )


@pytest.mark.parametrize(("state", "page"), [("open", "detail"), ("published", "results")])
def test_the_competition_pages_run_constant_queries(reference_data, client, state, page):
    candidacy_state = "submitted" if state == "open" else "accepted"
    small = competition_make(_current(), state=state)
    large = competition_make(_current(), state=state)
    _grow_candidacies(small, 10, candidacy_state)
    _grow_candidacies(large, 1000, candidacy_state)
    name = f"councils:competition-{page}"
    judge_small = small.working_group.get().user
    judge_large = large.working_group.get().user

    at_10 = _queries(client, reverse(name, args=[small.pk]), judge_small)
    at_1000 = _queries(client, reverse(name, args=[large.pk]), judge_large)

    assert at_10 == at_1000
