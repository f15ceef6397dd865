"""The public timeline of a problem: reported → supported → answered → in a plan → funded →
results (issue 7, DOMAIN.md §3 item 1). What the problem itself records (reports, supports,
answers, links to plan lots) starts it; the rest is read from the calls of the linked lots,
their published results, the contracts signed for those lots, the reports accepted under them
and the published ex-post evaluations, each only when dated on or after the day the lot was
linked (a lot's earlier work did not answer this problem). Six queries (seven when the
problem was reported on behalf of an organisation not yet fetched), however many lots and
contracts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamkori.calls.models import PlanStatus
from hamkori.calls.workflow import PUBLIC_STATES
from hamkori.contracts.models import Contract
from hamkori.core.i18n import translated
from hamkori.decisions.permissions import result_of
from hamkori.monitoring.models import ExpostEvaluation, Report, ReportState
from hamkori.rules.selectors import local_zone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from hamkori.problems.models import Problem

STAGES = ("reported", "supported", "answered", "in_plan", "funded", "results")
STAGE_LABELS = {
    "reported": gettext_lazy("Reported"),
    "supported": gettext_lazy("Supported"),
    "answered": gettext_lazy("Answered"),
    "in_plan": gettext_lazy("In a plan"),
    "funded": gettext_lazy("Funded"),
    "results": gettext_lazy("Results"),
}


@dataclass(frozen=True)
class TimelineStep:
    stage: str  # reported, supported, answered, in_plan, funded, results
    on: date | None  # None: the stage is not reached yet
    label: str
    url: str = ""

    @property
    def reached(self) -> bool:
        return self.on is not None

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage])


def _day(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def _pending_label(stage: str, problem: Problem, today: date) -> str:
    if stage == "answered" and problem.answer_due_on:
        if problem.answer_due_on < today:
            return _("Answer overdue since %(date)s") % {
                "date": date_format(problem.answer_due_on, "j E Y")
            }
        return _("Answer due by %(date)s") % {"date": date_format(problem.answer_due_on, "j E Y")}
    return {
        "reported": _("Not reported yet"),
        "supported": _("No supports yet"),
        "answered": _("Not answered yet"),
        "in_plan": _("Not in a plan yet"),
        "funded": _("Not funded yet"),
        "results": _("No results yet"),
    }[stage]


def problem_timeline(problem: Problem, *, today: date | None = None) -> list[TimelineStep]:
    """Every step reached, stage by stage and oldest first within a stage, with one step
    `on=None` in its place for each stage not reached yet (so the page can show what is still
    to come). A pending answer past its due date is shown overdue on `today` (the
    jurisdiction's date by default)."""
    zone = local_zone(problem.jurisdiction_id)
    today = today or timezone.now().astimezone(zone).date()
    if problem.organisation_id is not None:
        reported = _("Reported on behalf of %(organisation)s") % {
            "organisation": translated(problem.organisation, "name")
        }
    else:
        reported = _("Reported by a resident")
    steps: list[TimelineStep] = [
        TimelineStep("reported", _day(problem.created_at, zone), reported),
    ]
    steps += _supported(problem, zone)
    steps += _answered(problem)
    links = list(
        problem.lot_links.select_related(
            "lot__plan", "lot__plan__body", "lot__call", "lot__call__result"
        ).order_by("created_at", "pk")
    )
    steps += _in_plan(links, zone)
    calls = {link.lot.call.pk: link.lot.call for link in links if link.lot.call is not None}
    lot_ids = [link.lot_id for link in links]
    contracts = (
        list(
            Contract.objects.filter(lot_id__in=lot_ids, in_force_at__isnull=False)
            .select_related("contractor", "evaluation")
            .order_by("in_force_at", "pk")
        )
        if lot_ids
        else []
    )
    # A lot's past (a call announced, a contract signed or completed, a report or an
    # evaluation before the problem was linked to it) did not answer the problem: only what
    # happened on or after the day of the link is shown.
    linked_on: dict[int, date] = {}
    for link in links:
        day = _day(link.created_at, zone) or date.min
        linked_on[link.lot_id] = min(day, linked_on.get(link.lot_id, day))
    call_linked_on: dict[int, date] = {}
    for link in links:
        if link.lot.call_id is not None:
            day = linked_on[link.lot_id]
            call_linked_on[link.lot.call_id] = min(day, call_linked_on.get(link.lot.call_id, day))
    contract_linked_on = {contract.pk: linked_on[contract.lot_id] for contract in contracts}
    steps += _funded(calls.values(), contracts, zone, call_linked_on, contract_linked_on)
    steps += _results(contracts, zone, contract_linked_on)

    reached = {step.stage for step in steps}
    pending = [
        TimelineStep(stage, None, _pending_label(stage, problem, today))
        for stage in STAGES
        if stage not in reached
    ]
    # Stage by stage (reported → … → results), a stage not reached yet in its place.
    return sorted(
        steps + pending,
        key=lambda s: (STAGES.index(s.stage), s.on is None, s.on or date.min),
    )


def _supported(problem: Problem, zone: ZoneInfo) -> list[TimelineStep]:
    first = problem.supports.order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return []
    steps = [TimelineStep("supported", _day(first, zone), _("First support"))]
    if problem.threshold_reached_on:
        steps.append(
            TimelineStep(
                "supported",
                problem.threshold_reached_on,
                _("Support threshold reached: the responsible body must answer"),
            )
        )
    return steps


def _answered(problem: Problem) -> list[TimelineStep]:
    answers = problem.answers.select_related("body").order_by("answered_on", "pk")
    return [
        TimelineStep(
            "answered",
            answer.answered_on,
            _("Answered by %(body)s") % {"body": translated(answer.body, "name")},
        )
        for answer in answers
    ]


def _in_plan(links, zone: ZoneInfo) -> list[TimelineStep]:
    steps = []
    for link in links:
        lot, plan = link.lot, link.lot.plan
        steps.append(
            TimelineStep(
                "in_plan",
                _day(link.created_at, zone),
                _("Included in the plan “%(plan)s”, lot %(lot)s")
                % {"plan": str(plan), "lot": str(lot)},
                reverse("calls:plan-detail", args=[plan.pk])
                if plan.status == PlanStatus.PUBLISHED
                else "",
            )
        )
    return steps


def _since(steps: list[TimelineStep], day: date) -> list[TimelineStep]:
    return [step for step in steps if step.on is not None and step.on >= day]


def _funded(
    calls: Iterable,
    contracts: list[Contract],
    zone: ZoneInfo,
    call_since: dict[int, date],
    contract_since: dict[int, date],
) -> list[TimelineStep]:
    steps: list[TimelineStep] = []
    for call in sorted(calls, key=lambda c: c.pk):
        of_call: list[TimelineStep] = []
        if call.state in PUBLIC_STATES and call.announced_at is not None:
            of_call.append(
                TimelineStep(
                    "funded",
                    _day(call.announced_at, zone),
                    _("Call %(reference)s announced") % {"reference": call.reference},
                    reverse("calls:call-detail", args=[call.pk]),
                )
            )
        result = result_of(call)
        if result is not None:
            of_call.append(
                TimelineStep(
                    "funded",
                    _day(result.published_at, zone),
                    _("Results of call %(reference)s published") % {"reference": call.reference},
                    reverse("decisions:results", args=[call.pk]),
                )
            )
        steps += _since(of_call, call_since[call.pk])
    for contract in contracts:
        # Contracts have no public page; their call's published results name the winners.
        signed = [
            TimelineStep(
                "funded",
                _day(contract.in_force_at, zone),
                _("Contract %(reference)s signed with %(contractor)s")
                % {
                    "reference": contract.reference,
                    "contractor": translated(contract.contractor, "name"),
                },
                reverse("decisions:results", args=[contract.call_id]),
            )
        ]
        steps += _since(signed, contract_since[contract.pk])
    return steps


def _results(
    contracts: list[Contract], zone: ZoneInfo, contract_since: dict[int, date]
) -> list[TimelineStep]:
    if not contracts:
        return []
    by_pk = {contract.pk: contract for contract in contracts}
    reports = (
        Report.objects.filter(contract_id__in=by_pk, state=ReportState.ACCEPTED)
        .annotate(accepted_at=Max("reviews__reviewed_at", filter=Q(reviews__accepted=True)))
        .order_by("contract_id", "number")
    )
    of_contract: dict[int, list[TimelineStep]] = {pk: [] for pk in by_pk}
    for report in reports:
        of_contract[report.contract_id].append(
            TimelineStep(
                "results",
                _day(report.accepted_at, zone) or report.period_end,
                _("Report accepted (%(kind)s), contract %(reference)s")
                % {
                    "kind": report.get_kind_display(),
                    "reference": by_pk[report.contract_id].reference,
                },
            )
        )
    for contract in contracts:
        if contract.completed_at is not None:
            of_contract[contract.pk].append(
                TimelineStep(
                    "results",
                    _day(contract.completed_at, zone),
                    _("Contract %(reference)s completed") % {"reference": contract.reference},
                )
            )
        evaluation = _evaluation_of(contract)
        if evaluation is not None and evaluation.published_at is not None:
            of_contract[contract.pk].append(
                TimelineStep(
                    "results",
                    _day(evaluation.published_at, zone),
                    _("Ex-post evaluation of contract %(reference)s published")
                    % {"reference": contract.reference},
                    reverse("monitoring:evaluation-public", args=[evaluation.pk]),
                )
            )
    return [
        step
        for contract in contracts
        for step in _since(of_contract[contract.pk], contract_since[contract.pk])
    ]


def _evaluation_of(contract: Contract) -> ExpostEvaluation | None:
    """The contract's evaluation or None (select_related cached either)."""
    try:
        return contract.evaluation
    except ExpostEvaluation.DoesNotExist:
        return None
