"""The public timeline of a problem: reported → supported → answered → in a plan → funded →
results, with the stages not reached yet shown as such, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from hamkori.applications.models import Application
from hamkori.calls.models import FundingPlan, Instrument, PlanStatus
from hamkori.calls.tests.factories import body_make
from hamkori.contracts.models import Contract
from hamkori.core.i18n import translated
from hamkori.monitoring import services as monitoring
from hamkori.monitoring.models import ExpostEvaluation, Report, ReportKind, ReportReview
from hamkori.monitoring.services import CriterionScore
from hamkori.monitoring.tests.factories import contract_with_reports, report_accepted, report_of
from hamkori.problems import services
from hamkori.problems.models import Problem, Support
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.problems.timeline import STAGES, problem_timeline
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import organisation_build, user_make
from hamkori.rules.models import RuleParameter
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _problem(**fields) -> Problem:
    problem = problem_make()
    if fields:
        Problem.objects.filter(pk=problem.pk).update(**fields)
    return Problem.objects.get(pk=problem.pk)


def _stages(steps) -> list[tuple[str, bool]]:
    return [(step.stage, step.reached) for step in steps]


def test_a_new_problem_shows_its_report_and_every_stage_still_to_come():
    problem = _problem()

    steps = problem_timeline(problem)

    assert _stages(steps) == [(STAGES[0], True)] + [(stage, False) for stage in STAGES[1:]]
    assert steps[0].on == timezone.localdate()


def lower_threshold(value: int, jurisdiction: str = "KZ") -> None:
    """From yesterday on, `value` supports oblige an answer (the rule set says 100)."""
    RuleParameter.objects.create(
        jurisdiction_id=jurisdiction,
        key="problem.support_threshold",
        valid_from=local_today(jurisdiction) - timedelta(days=1),
        value=value,
        evidence="unverified",
    )


def test_supports_the_threshold_and_the_answer_are_steps():
    lower_threshold(2)
    body = body_make("KZ")
    official = state_official_make(body=body)
    problem = problem_make(responsible_body=body)
    for _ in range(2):
        services.problem_support(actor=user_make(), problem=problem)
    services.problem_answer(actor=official, problem=problem, text="Пандус будет в марте.")

    steps = problem_timeline(Problem.objects.get(pk=problem.pk))

    reached = [s.stage for s in steps if s.reached]
    assert reached == ["reported", "supported", "supported", "answered"]
    answered = next(s for s in steps if s.stage == "answered")
    assert translated(body, "name") in answered.label
    assert {s.stage for s in steps if not s.reached} == {"in_plan", "funded", "results"}


def test_an_overdue_answer_is_shown_as_overdue_with_its_due_date():
    due = timezone.localdate() - timedelta(days=2)
    problem = _problem(threshold_reached_on=due - timedelta(days=20), answer_due_on=due)
    Support.objects.create(problem=problem, user=user_make())

    with translation.override("en"):
        pending = next(
            s
            for s in problem_timeline(problem, today=due + timedelta(days=2))
            if s.stage == "answered"
        )
        before = next(s for s in problem_timeline(problem, today=due) if s.stage == "answered")

        shown = date_format(due, "j E Y")  # as every other date of the page reads

    assert not pending.reached
    assert shown in pending.label and "overdue" in pending.label
    assert shown in before.label and "overdue" not in before.label


def _delivered_contract() -> Contract:
    """A state social order contract whose interim and final reports are accepted and whose
    ex-post evaluation is published."""
    contract = contract_with_reports(
        schedule=[("0.5", "signature"), ("0.5", "final_report_accepted")],
        instrument=Instrument.SSO,
    )
    report_accepted(report_of(contract, ReportKind.FINAL), contract)
    evaluation = monitoring.evaluation_record(
        actor=contract.official,
        contract=contract,
        evaluated_on=monitoring.local_today(contract),
        evaluators="A. Expert",
        summary="",
        scores={c: CriterionScore(points=4, positive=True) for c in range(1, 6)},
    )
    monitoring.evaluation_publish(actor=contract.official, evaluation=evaluation)
    return contract


def _link(problem: Problem, contract: Contract) -> None:
    services.problem_lot_link(actor=contract.official, problem=problem, lot=contract.lot)


def test_a_linked_lot_leads_through_its_call_and_contract_to_results():
    contract = _delivered_contract()
    FundingPlan.objects.filter(pk=contract.lot.plan_id).update(status=PlanStatus.PUBLISHED)
    problem = _problem()
    _link(problem, contract)

    steps = problem_timeline(problem)

    assert [s.stage for s in steps if not s.reached] == ["supported", "answered"]
    by_url = {s.url: s for s in steps if s.url}
    plan = reverse("calls:plan-detail", args=[contract.lot.plan_id])
    results = reverse("decisions:results", args=[contract.call_id])
    evaluation = ExpostEvaluation.objects.get(contract=contract)
    assert by_url[plan].stage == "in_plan"
    assert by_url[results].stage == "funded"
    assert by_url[reverse("monitoring:evaluation-public", args=[evaluation.pk])].stage == "results"
    funded = [s.label for s in steps if s.stage == "funded"]
    assert any(contract.reference in label for label in funded)
    accepted = [s for s in steps if s.stage == "results" and contract.reference in s.label]
    assert len(accepted) == 2  # the final report accepted, the evaluation published
    # Reached steps keep the order of the stages, oldest first within each.
    reached = [s for s in steps if s.reached]
    assert [STAGES.index(s.stage) for s in reached] == sorted(
        STAGES.index(s.stage) for s in reached
    )


def test_a_draft_plan_is_named_without_a_link():
    contract = _delivered_contract()
    FundingPlan.objects.filter(pk=contract.lot.plan_id).update(status=PlanStatus.DRAFT)
    problem = _problem()
    _link(problem, contract)

    in_plan = next(s for s in problem_timeline(problem) if s.stage == "in_plan")

    assert in_plan.reached and in_plan.url == ""


def _more_contracts(contract: Contract, count: int) -> None:
    """`count` more contracts on the same lot, each with an accepted report and a published
    evaluation, as rows (the services' path is what the test above covers)."""
    organisations = [organisation_build() for _ in range(count)]
    Organisation.objects.bulk_create(organisations)
    template = contract.application
    applications = []
    for organisation in organisations:
        application = Application.objects.get(pk=template.pk)
        application.pk = None
        application.organisation = organisation
        applications.append(application)
    Application.objects.bulk_create(applications)
    now = timezone.now()
    contracts = []
    for index, (organisation, application) in enumerate(
        zip(organisations, applications, strict=True)
    ):
        row = Contract.objects.get(pk=contract.pk)
        row.pk = None
        row.reference = f"{contract.reference}-{index}"
        row.application = application
        row.contractor = organisation
        contracts.append(row)
    Contract.objects.bulk_create(contracts)
    report = Report.objects.filter(contract=contract).first()
    reports = []
    for row in contracts:
        copy = Report.objects.get(pk=report.pk)
        copy.pk = None
        copy.contract = row
        reports.append(copy)
    Report.objects.bulk_create(reports)
    ReportReview.objects.bulk_create(
        ReportReview(report=r, accepted=True, reviewed_by=contract.official, reviewed_at=now)
        for r in reports
    )
    ExpostEvaluation.objects.bulk_create(
        ExpostEvaluation(
            contract=row,
            evaluated_on=now.date(),
            evaluators="A. Expert",
            published_at=now,
            created_by=contract.official,
        )
        for row in contracts
    )


def _queries(problem: Problem) -> tuple[int, list]:
    problem = Problem.objects.get(pk=problem.pk)
    with CaptureQueriesContext(connection) as queries:
        steps = problem_timeline(problem)
    return len(queries), steps


def test_the_timeline_runs_the_same_queries_for_one_and_twenty_contracts():
    contract = _delivered_contract()
    problem = _problem()
    _link(problem, contract)
    services.problem_support(actor=user_make(), problem=problem)
    one, steps_one = _queries(problem)

    _more_contracts(contract, 19)
    twenty, steps_twenty = _queries(problem)

    assert Contract.objects.filter(lot=contract.lot).count() == 20
    assert one == twenty
    assert len(steps_twenty) == len(steps_one) + 19 * 3  # signed, report, evaluation each


def test_the_partial_is_an_ordered_list_with_dates_and_pending_stages():
    problem = _problem()
    services.problem_support(actor=user_make(), problem=problem)

    html = render_to_string(
        "problems/partials/_timeline.html", {"timeline": problem_timeline(problem)}
    )

    assert '<ol class="timeline">' in html
    assert html.count('class="timeline-step reached"') == 2
    assert html.count('class="timeline-step pending"') == 4
    assert f'datetime="{timezone.localdate().isoformat()}"' in html
    for stage in STAGES:
        assert f'data-stage="{stage}"' in html
