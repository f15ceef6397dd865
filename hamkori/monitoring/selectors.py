"""Reads of reports, visits and evaluations. `<entity>_get_for` fetches and checks in one
call (404 for what the person may not see); lists fetch what their pages show in a constant
number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus, PlatformRole
from hamkori.calls.models import TargetGroup
from hamkori.contracts.models import Contract
from hamkori.monitoring.models import (
    AgeBand,
    ExpostEvaluation,
    FinancialLine,
    FollowUp,
    MonitoringVisit,
    Report,
    ReportFile,
    ReportReview,
    ReportState,
    Sex,
    VisitPhoto,
    VisitState,
)
from hamkori.monitoring.permissions import can_see_evaluation, can_see_monitoring
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_today as local_today_in
from hamkori.rules.selectors import local_zone

CONTRACT_PARTIES = ("contract", "contract__call", "contract__funder", "contract__contractor")


# --- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variance:
    """Planned minus spent, and that as a percentage of the plan (None when nothing was
    planned), rounded half-up to one place for display."""

    amount: Decimal
    percent: Decimal | None


def variance(planned: Decimal, spent: Decimal) -> Variance:
    amount = planned - spent
    if not planned:
        return Variance(amount, None)
    percent = (amount * 100 / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Variance(amount, percent)


# --- overdue ----------------------------------------------------------------------------


def _today_by_jurisdiction() -> dict[str, date]:
    now = timezone.now()
    return {
        code: now.astimezone(local_zone(code)).date()
        for code in Jurisdiction.objects.values_list("code", flat=True)
    }


def overdue_q(todays: dict[str, date]) -> Q:
    """Reports past their due date not submitted (drafts and returned ones)."""
    q = Q(pk__in=[])
    for code, today in todays.items():
        q |= Q(
            contract__call__jurisdiction_id=code,
            state__in=(ReportState.DRAFT, ReportState.RETURNED),
            due_on__lt=today,
        )
    return q


def review_overdue_q(todays: dict[str, date]) -> Q:
    """Submitted reports whose review is past its deadline."""
    q = Q(pk__in=[])
    for code, today in todays.items():
        q |= Q(
            contract__call__jurisdiction_id=code,
            state=ReportState.SUBMITTED,
            review_due_on__lt=today,
        )
    return q


def report_flags(report: Report, today: date) -> Report:
    """Set `overdue` (not submitted in time) and `review_overdue` on the report for its page."""
    report.overdue = (  # type: ignore[attr-defined]
        report.state in (ReportState.DRAFT, ReportState.RETURNED) and report.due_on < today
    )
    report.review_overdue = (  # type: ignore[attr-defined]
        report.state == ReportState.SUBMITTED
        and report.review_due_on is not None
        and report.review_due_on < today
    )
    return report


def local_today_of(contract: Contract) -> date:
    return local_today_in(contract.call.jurisdiction_id)


# --- who sees which contracts -----------------------------------------------------------


def _visible_contracts_q(user, prefix: str = "contract__") -> Q | None:
    """Contracts the person may see as a Q on `prefix`, or None for everything (superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    organisations = list(
        user.memberships.filter(status=MembershipStatus.ACTIVE).values_list(
            "organisation_id", flat=True
        )
    )
    q = Q(**{f"{prefix}funder_id__in": organisations}) | Q(
        **{f"{prefix}contractor_id__in": organisations}
    )
    grants = list(
        user.role_grants.filter(
            role__in=(PlatformRole.AUDITOR, PlatformRole.ADMINISTRATOR)
        ).values_list("jurisdiction_id", flat=True)
    )
    if None in grants:
        return None
    if grants:
        q |= Q(**{f"{prefix}funder__jurisdiction_id__in": grants})
    return q


# --- reports ----------------------------------------------------------------------------


REPORT_FILTERS = ("all", "overdue", "review", "review_overdue")


def report_list_for(*, user, show: str = "all") -> QuerySet[Report]:
    """The reports the person may see — their organisation's as contractor or funder, or the
    jurisdiction's as auditor — newest due first. `show`: overdue (not submitted in time),
    review (waiting for the official), review_overdue (the review is late)."""
    reports = Report.objects.select_related(*CONTRACT_PARTIES).order_by(
        "due_on", "contract__reference", "number"
    )
    visible = _visible_contracts_q(user)
    if visible is not None:
        reports = reports.filter(visible)
    if show == "overdue":
        reports = reports.filter(overdue_q(_today_by_jurisdiction()))
    elif show == "review":
        reports = reports.filter(state=ReportState.SUBMITTED)
    elif show == "review_overdue":
        reports = reports.filter(review_overdue_q(_today_by_jurisdiction()))
    return reports


def report_get_for(*, user, pk: int) -> Report:
    """A report with everything its page shows, or Http404 for who may not see it."""
    report = (
        Report.objects.select_related(*CONTRACT_PARTIES, "contract__lot", "submitted_by")
        .prefetch_related(
            "indicators",
            Prefetch(
                "financial_lines",
                queryset=FinancialLine.objects.select_related("item").prefetch_related(
                    Prefetch("receipts", queryset=ReportFile.objects.order_by("uploaded_at", "pk"))
                ),
            ),
            "beneficiaries",
            Prefetch("files", queryset=ReportFile.objects.select_related("financial_line__item")),
            Prefetch("reviews", queryset=ReportReview.objects.select_related("reviewed_by")),
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_see_monitoring(user, report):
        raise Http404
    return report


@dataclass(frozen=True)
class MoneyRow:
    line: FinancialLine | None  # None on the total row
    planned: Decimal
    spent: Decimal
    variance: Variance


@dataclass(frozen=True)
class Beneficiaries:
    """The counts as a table: rows (group, label, [count per column], row total), columns
    (sex, age band, label), column totals and the grand total."""

    rows: list[tuple[str, str, list[int], int]]
    columns: list[tuple[str, str, str]]
    column_totals: list[int]
    total: int


def report_money(report: Report) -> tuple[list[MoneyRow], MoneyRow | None]:
    """The financial lines with their variance, and a total row."""
    rows = [
        MoneyRow(line, line.item.amount, line.actual, variance(line.item.amount, line.actual))
        for line in report.financial_lines.all()
    ]
    if not rows:
        return rows, None
    planned = sum((row.planned for row in rows), Decimal(0))
    spent = sum((row.spent for row in rows), Decimal(0))
    return rows, MoneyRow(None, planned, spent, variance(planned, spent))


def beneficiary_table(report: Report, groups: list[str] | None = None) -> Beneficiaries:
    """The counts by target group × sex × age band with totals; `groups` adds empty rows
    (the lot's target group, one the contractor is adding)."""
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for row in report.beneficiaries.all():
        counts.setdefault(row.group, {})[(row.sex, row.age_band)] = row.count
    for group in groups or []:
        if group in TargetGroup.values:
            counts.setdefault(group, {})
    labels = dict(TargetGroup.choices)
    columns = [
        (sex, band, f"{sex_label} {band_label}")
        for sex, sex_label in Sex.choices
        for band, band_label in AgeBand.choices
    ]
    order = list(labels)
    rows = [
        (
            group,
            str(labels.get(group, group)),
            [cells.get((sex, band), 0) for sex, band, _label in columns],
            sum(cells.values()),
        )
        for group, cells in sorted(
            counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
        )
    ]
    column_totals = [sum(row[2][i] for row in rows) for i in range(len(columns))]
    return Beneficiaries(rows, columns, column_totals, sum(column_totals))


def report_file_get_for(*, user, pk: int) -> ReportFile:
    attached = (
        ReportFile.objects.select_related(*(f"report__{p}" for p in CONTRACT_PARTIES))
        .filter(pk=pk)
        .first()
    )
    if attached is None or not can_see_monitoring(user, attached.report):
        raise Http404
    return attached


# --- a contract's monitoring ------------------------------------------------------------


def contract_for_monitoring(*, user, pk: int) -> Contract:
    """A contract whose reports and visits the person may see, or Http404."""
    contract = Contract.objects.select_related("call", "funder", "contractor").filter(pk=pk).first()
    if contract is None or not can_see_monitoring(user, contract):
        raise Http404
    return contract


def contract_reports(contract: Contract) -> list[Report]:
    today = local_today_of(contract)
    return [report_flags(r, today) for r in contract.reports.order_by("number")]


# --- visits -----------------------------------------------------------------------------


VISIT_FILTERS = ("planned", "done", "cancelled", "all")


def visit_list_for(*, user, show: str = "planned") -> QuerySet[MonitoringVisit]:
    visits = MonitoringVisit.objects.select_related(*CONTRACT_PARTIES).order_by("planned_on", "pk")
    visible = _visible_contracts_q(user)
    if visible is not None:
        visits = visits.filter(visible)
    if show in VisitState.values:
        visits = visits.filter(state=show)
    return visits


def contract_visits(contract: Contract) -> list[MonitoringVisit]:
    return list(
        contract.visits.order_by("-planned_on", "-pk").prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk"))
        )
    )


def visit_get_for(*, user, pk: int) -> MonitoringVisit:
    visit = (
        MonitoringVisit.objects.select_related(*CONTRACT_PARTIES, "created_by")
        .prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk")),
            Prefetch("photos", queryset=VisitPhoto.objects.order_by("uploaded_at", "pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if visit is None or not can_see_monitoring(user, visit):
        raise Http404
    return visit


def visit_photo_get_for(*, user, pk: int) -> VisitPhoto:
    photo = (
        VisitPhoto.objects.select_related(*(f"visit__{p}" for p in CONTRACT_PARTIES))
        .filter(pk=pk)
        .first()
    )
    if photo is None or not can_see_monitoring(user, photo.visit):
        raise Http404
    return photo


# --- evaluations ------------------------------------------------------------------------


def evaluation_of(contract: Contract) -> ExpostEvaluation | None:
    return ExpostEvaluation.objects.filter(contract=contract).prefetch_related("scores").first()


def evaluation_get_for(*, user, pk: int) -> ExpostEvaluation:
    """A published evaluation for anyone; an unpublished one for the contract's parties and
    readers only."""
    evaluation = (
        ExpostEvaluation.objects.select_related(*CONTRACT_PARTIES, "contract__application")
        .prefetch_related("scores")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None or not can_see_evaluation(user, evaluation):
        raise Http404
    return evaluation
