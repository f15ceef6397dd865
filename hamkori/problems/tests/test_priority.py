"""The officials' prioritisation view and its CSV export: who may open them, the filters and
sorts, overdue answers, the whole filtered set in the CSV, and constant query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.problems import services
from hamkori.problems.models import Problem
from hamkori.problems.tests.factories import problem_make, problems_bulk, state_official_make
from hamkori.registry.models import OrganisationKind
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db

PAGE = reverse("problems:problem-priority")
CSV = reverse("problems:problem-priority-csv")


def _person(role: str):
    if role == "citizen":
        return user_make()
    if role == "cso member":
        return member_make(organisation_make())
    if role == "official":
        return state_official_make("KZ")
    if role == "operator":
        return member_make(organisation_make(kind=OrganisationKind.GRANT_OPERATOR))
    if role == "auditor":
        user = user_make()
        RoleGrant.objects.create(user=user, role=PlatformRole.AUDITOR, jurisdiction_id="KZ")
        return user
    if role == "platform admin":
        user = user_make()
        RoleGrant.objects.create(user=user, role=PlatformRole.ADMINISTRATOR, jurisdiction_id="KZ")
        return user
    raise AssertionError(role)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("cso member", 403),
        ("official", 200),
        ("operator", 200),
        ("auditor", 200),
        ("platform admin", 200),
    ],
)
@pytest.mark.parametrize("url", [PAGE, CSV])
def test_only_officials_auditors_and_administrators_prioritise(client, role, status, url):
    problem_make()
    if role != "anonymous":
        client.force_login(_person(role))

    response = client.get(url)

    assert response.status_code == status


def test_an_official_sees_only_their_jurisdiction_and_no_hidden_or_duplicate(client):
    kz = problem_make(title="Пандус")
    tj = problem_make(jurisdiction="TJ", language="tg", title="Пандус дар Душанбе")
    moderator = state_official_make("KZ")
    hidden = problem_make(title="Оскорбление")
    services.problem_hide(actor=moderator, problem=hidden, reason="Оскорбления.")
    duplicate = problem_make(title="Пандус снова")
    services.problem_mark_duplicate(
        actor=moderator, problem=duplicate, original=kz, reason="Та же проблема."
    )
    client.force_login(moderator)

    shown = [row.problem.reference for row in client.get(PAGE).context["rows"]]

    assert shown == [kz.reference]
    assert tj.reference not in shown
    # Another country is not a choice: the filter is refused and the list stays theirs.
    other = client.get(PAGE + "?jurisdiction=TJ").context
    assert "jurisdiction" in other["form"].errors
    assert [row.problem.reference for row in other["rows"]] == [kz.reference]


def _references(client, query: str) -> list[str]:
    response = client.get(PAGE + query)
    assert response.status_code == 200, response.content[:400]
    return [row.problem.reference for row in response.context["rows"]]


def test_filters_narrow_the_list(client):
    old = problem_make(regions=["KZ-75"], target_group="elderly", people_affected=500)
    Problem.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    young = problem_make(regions=["KZ-71"], target_group="youth", people_affected=20)
    for _ in range(3):
        services.problem_support(actor=user_make(), problem=young)
    client.force_login(state_official_make("KZ"))

    assert _references(client, "?region=KZ-75") == [old.reference]
    assert _references(client, "?target_group=youth") == [young.reference]
    assert _references(client, "?min_supports=3") == [young.reference]
    assert _references(client, "?min_people=100") == [old.reference]
    assert _references(client, "?reported_within_days=30") == [young.reference]
    assert _references(client, "?older_than_days=30") == [old.reference]
    assert _references(client, "?state=new&jurisdiction=KZ") == [young.reference, old.reference]
    assert _references(client, "?state=declined") == []


def test_sorts_by_supports_people_age_and_answer_due(client):
    first = problem_make(people_affected=10)
    second = problem_make(people_affected=300)
    third = problem_make(people_affected=None)
    services.problem_support(actor=user_make(), problem=first)
    today = local_today("KZ")
    Problem.objects.filter(pk=second.pk).update(answer_due_on=today + timedelta(days=5))
    Problem.objects.filter(pk=third.pk).update(answer_due_on=today + timedelta(days=1))
    client.force_login(state_official_make("KZ"))

    refs = [p.reference for p in (first, second, third)]
    assert _references(client, "?sort=supports")[0] == refs[0]
    assert _references(client, "?sort=people") == [refs[1], refs[0], refs[2]]
    assert _references(client, "?sort=oldest") == refs
    assert _references(client, "?sort=newest") == refs[::-1]
    assert _references(client, "?sort=answer_due") == [refs[2], refs[1], refs[0]]


def test_overdue_answers_are_flagged_and_can_be_listed_alone(client):
    today = local_today("KZ")
    overdue = problem_make()
    answered = problem_make()
    pending = problem_make()
    Problem.objects.filter(pk__in=[overdue.pk, answered.pk]).update(
        answer_due_on=today - timedelta(days=3)
    )
    Problem.objects.filter(pk=answered.pk).update(first_answered_on=today - timedelta(days=5))
    Problem.objects.filter(pk=pending.pk).update(answer_due_on=today + timedelta(days=3))
    client.force_login(state_official_make("KZ"))

    rows = {row.problem.reference: row.overdue for row in client.get(PAGE).context["rows"]}

    assert rows == {overdue.reference: True, answered.reference: False, pending.reference: False}
    assert _references(client, "?overdue_only=on") == [overdue.reference]
    assert b'class="is-overdue"' in client.get(PAGE).content


def test_the_list_is_paginated(client):
    author = user_make()
    problems_bulk(60, author)
    client.force_login(state_official_make("KZ"))

    first = client.get(PAGE).context
    second = client.get(PAGE + "?page=2").context

    assert first["page_obj"].paginator.count == 60
    assert len(first["rows"]) == 50 and len(second["rows"]) == 10


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # the byte-order mark spreadsheets need
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_every_filtered_row_with_its_columns(client):
    official = state_official_make("KZ")
    problems_bulk(120, user_make())
    lots_problem = problem_make(regions=["KZ-75", "KZ-71"], target_group="elderly")
    Problem.objects.filter(pk=lots_problem.pk).update(
        answer_due_on=local_today("KZ"), first_answered_on=local_today("KZ")
    )
    client.force_login(official)

    everything = _csv(client.get(CSV))
    elderly = _csv(client.get(CSV + "?target_group=elderly&sort=oldest"))

    assert len(everything) == 1 + 121  # the header and every row, not one page
    assert len(everything[0]) == 15
    assert len(elderly) == 2
    row = elderly[1]
    assert row[0] == lots_problem.reference
    assert row[2] == "ru"
    assert "KZ-75" in row[3] and "KZ-71" in row[3]
    assert row[5] == "120" and row[6] == "0"
    assert row[8] == local_today("KZ").isoformat()
    assert row[9] == row[10] == local_today("KZ").isoformat()


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [PAGE, PAGE + "?region=KZ-71&sort=people", CSV])
def test_page_and_csv_queries_stay_constant_from_10_to_1000_problems(client, url):
    body = body_make("KZ")
    official = state_official_make(body=body)
    author = user_make()
    problems_bulk(10, author)
    client.force_login(official)
    small = _page_queries(client, url)

    problems_bulk(990, author)
    large = _page_queries(client, url)

    assert Problem.objects.count() == 1000
    assert small == large


def test_htmx_gets_only_the_results_and_the_csv_link_keeps_the_filters(client):
    problem_make(target_group="elderly")
    client.force_login(state_official_make("KZ"))

    response = client.get(PAGE + "?target_group=elderly", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html and 'id="priority-filters"' not in html
    assert f'href="{CSV}?target_group=elderly"' in html


def test_officials_get_a_link_to_link_lots_and_auditors_do_not(client):
    problem = problem_make()
    lots = reverse("problems:problem-lots", args=[problem.reference])

    client.force_login(state_official_make("KZ"))
    assert f'href="{lots}"' in client.get(PAGE).content.decode()
    client.force_login(_person("auditor"))
    assert f'href="{lots}"' not in client.get(PAGE).content.decode()
