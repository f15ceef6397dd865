"""The list, detail and moderation pages run the same number of queries at 10 and at
1,000 problems (or duplicates, supports and answers on one problem)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.calls.tests.factories import body_make
from hamkori.problems.models import Answer, Evidence, Problem, Support
from hamkori.problems.tests.factories import problem_make, problems_bulk, state_official_make
from hamkori.registry.tests.factories import user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.usefixtures("reference_data")


def _queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "newest", "region": "KZ-71"}, {"state": "overdue"}, {"q": "пандус"}],
)
def test_list_queries_constant(client, params):
    author = user_make()
    problems_bulk(10, author)
    url = reverse("problems:problem-list")
    _queries(client, url, **params)  # warm the similarity index
    small = _queries(client, url, **params)
    problems_bulk(990, author)
    _queries(client, url, **params)
    assert _queries(client, url, **params) == small


def _grow_problem(problem: Problem, count: int, body) -> None:
    author = problem.author
    duplicates = problems_bulk(count, author, duplicate_of=problem)
    people = [user_make(f"s{problem.pk}-{len(duplicates)}-{n}@example.org") for n in range(3)]
    Support.objects.bulk_create(
        [Support(problem=d, user=people[n % 3]) for n, d in enumerate(duplicates)]
    )
    official = state_official_make(body=body)
    Answer.objects.bulk_create(
        [
            Answer(
                problem=problem,
                body=body,
                author=official,
                text=f"Ответ {n}",
                answered_on=local_today("KZ"),
            )
            for n in range(count)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(problem=problem, kind="link", url=f"https://e.kz/{n}", added_by=author)
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("as_moderator", [False, True])
def test_detail_queries_constant(client, as_moderator):
    body = body_make()
    problem = problem_make(responsible_body=body)
    if as_moderator:
        client.force_login(state_official_make(body=body))
    else:
        client.force_login(user_make())
    url = reverse("problems:problem-detail", args=[problem.reference])
    _grow_problem(problem, 10, body)
    small = _queries(client, url)
    _grow_problem(problem, 990, body)
    assert _queries(client, url) == small


@pytest.mark.parametrize("show", ["open", "hidden", "duplicates"])
def test_moderation_queue_queries_constant(client, show):
    moderator = state_official_make()
    author = user_make()
    original = problem_make()
    fields = {
        "open": {},
        "hidden": {"hidden_reason": "Спам", "hidden_by": moderator},
        "duplicates": {"duplicate_of": original},
    }[show]

    def grow(count: int) -> None:
        rows = problems_bulk(count, author, **fields)
        if show == "hidden":
            Problem.objects.filter(pk__in=[p.pk for p in rows]).update(
                hidden_at=original.created_at
            )

    client.force_login(moderator)
    url = reverse("problems:problem-moderation")
    grow(10)
    small = _queries(client, url, show=show)
    grow(990)
    assert _queries(client, url, show=show) == small
