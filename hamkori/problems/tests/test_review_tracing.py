"""Fixes after the new-user review of issue 7, on the officials' side: bounded filters of the
prioritisation view, a tampered lot id, the regions of a linked lot, a timeline that keeps a
lot's earlier work out, and the CSV's extra columns."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hamkori.calls.tests.factories import body_make, call_make, lot_make, plan_make
from hamkori.core.links import absolute_url
from hamkori.problems import services
from hamkori.problems.models import Problem, ProblemLot
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.problems.tests.test_timeline import _delivered_contract
from hamkori.problems.timeline import problem_timeline
from hamkori.registry.tests.factories import member_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.usefixtures("reference_data")

PAGE = reverse("problems:problem-priority")
CSV = reverse("problems:problem-priority-csv")


@pytest.mark.parametrize(
    "query",
    [
        "reported_within_days=999999999999",
        "older_than_days=99999999",
        "min_supports=99999999999999999999999",
        "min_people=99999999999999999999999",
    ],
)
def test_huge_numbers_in_the_filters_are_refused_with_a_message(client, query):
    problem_make()
    client.force_login(state_official_make("KZ"))

    page = client.get(f"{PAGE}?{query}")
    export = client.get(f"{CSV}?{query}")

    assert page.status_code == 200
    assert page.context["form"].errors
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2  # the invalid filter is left out: the header and the one problem


def test_the_largest_allowed_days_filter_works(client):
    problem_make()
    client.force_login(state_official_make("KZ"))

    response = client.get(f"{PAGE}?reported_within_days=36500&older_than_days=36500")

    assert response.status_code == 200 and not response.context["form"].errors


@pytest.mark.parametrize("lot", ["abc", "1e5", "-1", "99999999999999999999999"])
def test_a_tampered_lot_id_is_a_bad_request(client, lot):
    body = body_make("KZ")
    lot_make(plan=plan_make(body=body))
    problem = problem_make()
    client.force_login(member_make(body))

    response = client.post(
        reverse("problems:problem-lots", args=[problem.reference]), {"action": "link", "lot": lot}
    )

    assert response.status_code == 400
    assert not ProblemLot.objects.exists()


def test_a_lot_of_other_regions_needs_a_confirmation_naming_both(client):
    body = body_make("KZ")
    official = member_make(body)
    lot = lot_make(plan=plan_make(body=body), regions=["KZ-75"])
    problem = problem_make(regions=["KZ-79"])
    url = reverse("problems:problem-lots", args=[problem.reference])
    client.force_login(official)

    # The page knows the lot's regions: the confirmation is offered before the first submit.
    page = client.get(url).content.decode()
    assert f'id="regions-confirmed-{lot.pk}"' in page
    assert str(lot.regions.get()) in page

    refused = client.post(url, {"action": "link", "lot": lot.pk, "note": "Почему"})

    assert refused.status_code == 200 and not ProblemLot.objects.exists()
    # A message heading the form, not one under the hidden field's untranslated name "Lot".
    form = refused.context["form"]
    assert "lot" not in form.errors
    message = " ".join(form.non_field_errors())
    assert str(lot.regions.get()) in message and str(problem.regions.get()) in message
    assert "Lot:" not in refused.content.decode()
    assert refused.context["confirm_lot"] == lot.pk
    assert 'name="regions_confirmed"' in refused.content.decode()

    client.post(url, {"action": "link", "lot": lot.pk, "regions_confirmed": "on"})

    assert ProblemLot.objects.filter(problem=problem, lot=lot).exists()


def test_the_service_refuses_other_regions_unless_confirmed():
    body = body_make("KZ")
    official = member_make(body)
    plan = plan_make(body=body)
    lot = lot_make(plan=plan, regions=["KZ-75"])
    shared = lot_make(plan=plan, regions=["KZ-75", "KZ-79"])
    problem = problem_make(regions=["KZ-79"])

    with pytest.raises(ValidationError):
        services.problem_lot_link(actor=official, problem=problem, lot=lot)
    services.problem_lot_link(actor=official, problem=problem, lot=shared)  # one region shared
    services.problem_lot_link(actor=official, problem=problem, lot=lot, regions_confirmed=True)

    assert ProblemLot.objects.filter(problem=problem).count() == 2


def test_no_confirmation_is_offered_for_a_lot_of_the_problems_regions_or_the_country(client):
    body = body_make("KZ")
    plan = plan_make(body=body)
    shared = lot_make(plan=plan, regions=["KZ-75", "KZ-79"])
    country = lot_make(plan=plan)
    country.regions.clear()  # a lot with no region serves the whole country
    problem = problem_make(regions=["KZ-79"])
    client.force_login(member_make(body))

    page = client.get(reverse("problems:problem-lots", args=[problem.reference])).content.decode()

    assert f'data-lot="{shared.pk}"' in page and f'data-lot="{country.pk}"' in page
    assert 'name="regions_confirmed"' not in page


def test_a_lots_earlier_work_does_not_appear_as_the_problems_answer():
    contract = _delivered_contract()
    problem = problem_make(regions=["KZ-71"])
    services.problem_lot_link(actor=contract.official, problem=problem, lot=contract.lot)
    later = timezone.now() + timedelta(days=3)
    ProblemLot.objects.filter(problem=problem).update(created_at=later)
    problem = Problem.objects.get(pk=problem.pk)

    steps = problem_timeline(problem, today=later.date())

    reached = {s.stage for s in steps if s.reached}
    assert "in_plan" in reached
    assert "funded" not in reached and "results" not in reached
    # Linked before the work: it is the problem's answer and appears.
    ProblemLot.objects.filter(problem=problem).update(created_at=timezone.now() - timedelta(1))
    reached = {s.stage for s in problem_timeline(problem) if s.reached}
    assert {"funded", "results"} <= reached


def test_the_csv_names_the_body_the_overdue_flag_and_the_page(client):
    body = body_make("KZ")
    problem = problem_make(responsible_body=body)
    Problem.objects.filter(pk=problem.pk).update(
        answer_due_on=local_today("KZ") - timedelta(days=1)
    )
    on_time = problem_make()
    services.problem_support(actor=user_make(), problem=on_time)
    client.force_login(state_official_make("KZ"))

    response = client.get(CSV + "?sort=oldest")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    late, fine = rows[1], rows[2]
    assert late[0] == problem.reference and fine[0] == on_time.reference
    assert late[12] == body.name_ru or late[12] == str(body)
    assert fine[12] == ""
    assert late[13] != fine[13]  # overdue yes / no
    assert late[14] == absolute_url(reverse("problems:problem-detail", args=[problem.reference]))


def test_the_call_page_leads_to_the_problems_each_lot_answers(client):
    call = call_make()
    lot = call.lots.get()
    problem = problem_make()
    services.problem_lot_link(actor=member_make(call.body), problem=problem, lot=lot)
    lot_page = reverse("problems:lot-problems", args=[lot.pk])

    call_page = client.get(reverse("calls:call-detail", args=[call.pk]))
    problems_page = client.get(lot_page)  # anonymous: the call is public

    assert lot_page in call_page.content.decode()
    assert problems_page.status_code == 200
    assert list(problems_page.context["problems"]) == [problem]
