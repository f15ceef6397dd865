"""Problems by region (public) and the officials' linking of problems to their plan lots, with
the lot's list of the problems it answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.calls.models import PlanStatus
from hamkori.calls.tests.factories import body_make, lot_make, plan_make
from hamkori.core.models import AuditEvent
from hamkori.problems import services
from hamkori.problems.models import Problem, ProblemLot, ProblemState
from hamkori.problems.tests.factories import problem_make, problems_bulk, state_official_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

BY_REGION = reverse("problems:problem-by-region")


def test_problems_by_region_counts_supports_people_and_top_groups(client):
    moderator = state_official_make("KZ")
    first = problem_make(regions=["KZ-75"], target_group="elderly", people_affected=100)
    problem_make(regions=["KZ-75", "KZ-71"], target_group="elderly", people_affected=50)
    problem_make(regions=["KZ-75"], target_group="youth", people_affected=None)
    for _ in range(2):
        services.problem_support(actor=user_make(), problem=first)
    hidden = problem_make(regions=["KZ-75"], people_affected=1000)
    services.problem_hide(actor=moderator, problem=hidden, reason="Оскорбления.")
    problem_make(jurisdiction="TJ", language="tg", regions=["TJ-DU"])

    response = client.get(BY_REGION + "?jurisdiction=KZ")

    rows = {row.region.code: row for row in response.context["summaries"]}
    almaty = rows["KZ-75"]
    assert (almaty.problems, almaty.supports, almaty.people) == (3, 2, 150)
    assert [(code, n) for code, _label, n in almaty.top_groups] == [("elderly", 2), ("youth", 1)]
    assert rows["KZ-71"].problems == 1
    assert rows["KZ-10"].problems == 0 and rows["KZ-10"].top_groups == []
    assert "TJ-DU" not in rows
    # Each problem once in the country's totals though one is in two regions.
    assert response.context["totals"] == {"problems": 3, "supports": 2, "people": 150}
    listing = reverse("problems:problem-list")
    assert f"{listing}?jurisdiction=KZ&amp;region=KZ-75" in response.content.decode()
    assert (
        f"{listing}?jurisdiction=KZ&amp;region=KZ-75&amp;target_group=elderly"
        in response.content.decode()
    )


def test_problems_by_region_of_tajikistan(client):
    problem_make(jurisdiction="TJ", language="tg", regions=["TJ-KT"])

    rows = {
        r.region.code: r for r in client.get(BY_REGION + "?jurisdiction=TJ").context["summaries"]
    }

    assert set(rows) == {"TJ-DU", "TJ-GB", "TJ-KT", "TJ-RA", "TJ-SU"}
    assert rows["TJ-KT"].problems == 1


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_problems_by_region_queries_stay_constant_from_10_to_1000(client):
    author = user_make()
    problems_bulk(10, author)
    small = _queries(client, BY_REGION)

    problems_bulk(990, author)
    large = _queries(client, BY_REGION)

    assert small == large


def _lot_of(body, **fields):
    plan = plan_make(body=body, status=PlanStatus.PUBLISHED)
    return lot_make(plan=plan, **fields)


def test_an_official_links_a_lot_of_their_body_and_removes_it(client):
    body = body_make("KZ")
    official = member_make(body)
    lot = _lot_of(body)
    problem = problem_make()
    url = reverse("problems:problem-lots", args=[problem.reference])
    client.force_login(official)

    page = client.get(url)
    assert lot in page.context["lots"]
    response = client.post(url, {"action": "link", "lot": lot.pk, "note": "Лот 1 плана."})

    assert response.status_code == 302
    link = ProblemLot.objects.get(problem=problem, lot=lot)
    assert link.note == "Лот 1 плана." and link.linked_by == official
    assert Problem.objects.get(pk=problem.pk).state == ProblemState.ACCEPTED
    assert AuditEvent.objects.filter(action="problems.problem.lot_link").count() == 1
    assert lot not in client.get(url).context["lots"]

    client.post(url, {"action": "unlink", "lot": lot.pk})

    assert not ProblemLot.objects.filter(problem=problem).exists()
    assert Problem.objects.get(pk=problem.pk).state == ProblemState.UNDER_REVIEW


def test_the_search_narrows_the_lots_offered(client):
    body = body_make("KZ")
    official = member_make(body)
    plan = plan_make(body=body)
    water = lot_make(plan=plan, title_ru="Питьевая вода в сёлах")
    shelter = lot_make(plan=plan, title_ru="Кризисный центр")
    other_body_lot = _lot_of(body_make("KZ"), title_ru="Питьевая вода в городе")
    problem = problem_make()
    client.force_login(official)

    lots = client.get(
        reverse("problems:problem-lots", args=[problem.reference]) + "?q=вода"
    ).context["lots"]

    assert lots == [water]
    assert shelter not in lots and other_body_lot not in lots


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("citizen", 403), ("cso member", 403), ("other body", 200)],
)
def test_who_may_open_the_linking_page(client, role, status):
    problem = problem_make()
    people = {
        "citizen": user_make,
        "cso member": lambda: member_make(organisation_make()),
        "other body": lambda: member_make(body_make("KZ")),
    }
    if role != "anonymous":
        client.force_login(people[role]())

    response = client.get(reverse("problems:problem-lots", args=[problem.reference]))

    assert response.status_code == status


def test_an_official_cannot_link_another_bodys_lot(client):
    lot = _lot_of(body_make("KZ"))
    problem = problem_make()
    client.force_login(member_make(body_make("KZ")))

    response = client.post(
        reverse("problems:problem-lots", args=[problem.reference]),
        {"action": "link", "lot": lot.pk},
    )

    assert response.status_code == 403
    assert not ProblemLot.objects.exists()


def test_a_refused_link_is_shown_on_the_form(client):
    body = body_make("KZ")
    official = member_make(body)
    lot = _lot_of(body)
    problem = problem_make(jurisdiction="TJ", language="tg", regions=["TJ-DU"])
    client.force_login(official)

    response = client.post(
        reverse("problems:problem-lots", args=[problem.reference]),
        {"action": "link", "lot": lot.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ProblemLot.objects.exists()


def test_a_lot_lists_the_visible_problems_it_answers(client):
    body = body_make("KZ")
    official = member_make(body)
    lot = _lot_of(body)
    shown, hidden = problem_make(), problem_make()
    for problem in (shown, hidden):
        services.problem_lot_link(actor=official, problem=problem, lot=lot)
    services.problem_hide(actor=state_official_make("KZ"), problem=hidden, reason="Спам.")

    response = client.get(reverse("problems:lot-problems", args=[lot.pk]))

    assert response.context["problems"] == [shown]
    draft = lot_make(plan=plan_make(body=body_make("KZ"), status=PlanStatus.DRAFT))
    assert client.get(reverse("problems:lot-problems", args=[draft.pk])).status_code == 404
