"""Writes of reports, their review, monitoring visits and the ex-post evaluation. Each
function checks permission, locks what it changes, validates, saves and records one audit
event in one transaction; e-mails are queued in the outbox in that transaction.

The contracts app calls `reports_schedule` when a contract comes into force; accepting a
report calls back `contracts.services.tranches_release` (imported inside the function: the
two apps import each other's services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import MembershipStatus, User
from hamkori.applications.content import decimal_of
from hamkori.applications.files import clean_filename, file_sha256, file_type_or_error
from hamkori.calls.models import TargetGroup
from hamkori.contracts.models import Contract
from hamkori.core.audit import audit_record
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.monitoring.models import (
    AgeBand,
    BeneficiaryCount,
    ExpostCriterion,
    ExpostEvaluation,
    ExpostScore,
    FinancialLine,
    FollowUp,
    IndicatorActual,
    MonitoringVisit,
    Report,
    ReportFile,
    ReportKind,
    ReportReview,
    ReportState,
    Sex,
    VisitPhoto,
    VisitState,
)
from hamkori.monitoring.permissions import (
    can_add_visit_photo,
    can_edit_report,
    can_evaluate,
    can_plan_visit,
    can_record_visit,
    can_review_report,
    evaluation_unpublished,
    is_contractor,
    is_funder_official,
)
from hamkori.rules.selectors import (
    CalendarNotCovered,
    RuleMissing,
    rule_value,
    working_days_add,
)
from hamkori.rules.selectors import local_today as local_today_in

MONEY_MAX = Decimal("9999999999999999.99")
MEASURE_MAX = Decimal("999999999999.99")
EXPOST_MAX_POINTS = 5


def local_today(contract: Contract) -> date:
    """Today in the contract's jurisdiction (both are UTC+5; the server may not be)."""
    return local_today_in(contract.call.jurisdiction_id)


def _contractor_people(contract: Contract):
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=contract.contractor_id,
        memberships__status=MembershipStatus.ACTIVE,
    ).distinct()


def _locked_report(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__call", "contract__funder", "contract__contractor")
        .get(pk=report.pk)
    )


# --- the schedule -----------------------------------------------------------------------


def _split_dates(starts_on: date, ends_on: date, parts: int) -> list[date]:
    """`parts - 1` dates that cut the period into `parts` equal pieces (the middle for two)."""
    length = (ends_on - starts_on).days
    return [starts_on + timedelta(days=length * k // parts) for k in range(1, parts)]


def _periods(contract: Contract, interims: int) -> list[tuple[str, date, date, date]]:
    """(kind, period start, period end, due on) of each report of the contract: `interims`
    interim reports cutting its period into equal parts, each due at its end, and the final
    report on the whole period, due `report.final_days_after_end` days after the end."""
    jurisdiction = contract.call.jurisdiction_id
    try:
        days_after = int(rule_value(jurisdiction, "report.final_days_after_end", contract.ends_on))
    except RuleMissing:
        raise ValidationError(
            _(
                "The rule set of %(jurisdiction)s has no deadline for final reports "
                "(report.final_days_after_end); the reports cannot be scheduled."
            )
            % {"jurisdiction": jurisdiction},
            code="rule_missing",
        ) from None
    periods: list[tuple[str, date, date, date]] = []
    start = contract.starts_on
    for cut in _split_dates(contract.starts_on, contract.ends_on, interims + 1):
        periods.append((ReportKind.INTERIM, start, cut, cut))
        start = cut + timedelta(days=1)
    periods.append(
        (
            ReportKind.FINAL,
            contract.starts_on,
            contract.ends_on,
            contract.ends_on + timedelta(days=days_after),
        )
    )
    return periods


@transaction.atomic
def reports_schedule(*, contract: Contract, actor: User | None = None) -> list[Report]:
    """Create the contract's reports when it comes into force: one interim report per tranche
    that waits for an accepted interim report (they cut the contract period into equal parts;
    with one, it covers the first half and is due at the middle) and a final report on the
    whole period, due `report.final_days_after_end` calendar days after the end. Each report
    gets the application's indicators with their targets and a financial line per contract
    item. Calling it again returns the reports already made."""
    existing = list(Report.objects.filter(contract=contract).order_by("number"))
    if existing:
        return existing
    contract = Contract.objects.select_related("call", "application").get(pk=contract.pk)
    interims = contract.tranches.filter(condition="interim_report_accepted").count()
    periods = _periods(contract, interims)
    indicators = (contract.application.content or {}).get("indicators") or []
    items = list(contract.items.order_by("number"))
    reports = []
    for number, (kind, period_start, period_end, due_on) in enumerate(periods, start=1):
        report = Report(
            contract=contract,
            kind=kind,
            number=number,
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
        )
        report.full_clean(exclude=["contract"])
        report.save()
        reports.append(report)
    IndicatorActual.objects.bulk_create(
        IndicatorActual(
            report=report,
            number=index,
            name=str(indicator.get("name") or "")[:300] or f"#{index}",
            unit=str(indicator.get("unit") or "")[:60],
            target=max(decimal_of(indicator.get("target")), Decimal(0)),
        )
        for report in reports
        for index, indicator in enumerate(indicators, start=1)
    )
    FinancialLine.objects.bulk_create(
        FinancialLine(report=report, item=item) for report in reports for item in items
    )
    audit_record(
        actor=actor,
        action="monitoring.report.schedule",
        obj=contract,
        organisation=contract.funder,
        changes={
            "reports": [{"number": r.number, "kind": r.kind, "due_on": r.due_on} for r in reports]
        },
    )
    return reports


@transaction.atomic
def reports_reschedule(*, contract: Contract) -> list[dict]:
    """After an amendment moved the contract's start or end: the reports still in draft get
    the periods and deadlines the schedule gives for the new dates; submitted, returned and
    accepted ones keep theirs (the contractor wrote them for that period), and the draft
    interim report after a kept one starts the day after it ends, so no day goes unreported.
    Returns what changed, for the amendment's record and audit event (the caller writes it)."""
    reports = list(Report.objects.select_for_update().filter(contract=contract).order_by("number"))
    if not reports:
        return []
    contract = Contract.objects.select_related("call").get(pk=contract.pk)
    interims = sum(1 for report in reports if report.kind == ReportKind.INTERIM)
    changes = []
    covered_until: date | None = None
    for report, (kind, start, end, due_on) in zip(
        reports, _periods(contract, interims), strict=True
    ):
        if report.state != ReportState.DRAFT:
            if report.kind == ReportKind.INTERIM:
                covered_until = report.period_end
            continue
        if kind == ReportKind.INTERIM and covered_until is not None:
            start = min(covered_until + timedelta(days=1), end)
        before = (report.period_start, report.period_end, report.due_on)
        if before == (start, end, due_on):
            continue
        report.period_start, report.period_end, report.due_on = start, end, due_on
        report.full_clean(exclude=["contract"])
        report.save(update_fields=["period_start", "period_end", "due_on", "updated_at"])
        changes.append(
            {"report": report.number, "due_on": [before[2], due_on], "period": [start, end]}
        )
    return changes


# --- the contractor's report ------------------------------------------------------------


class ReportConflict(ValidationError):
    """Someone saved the report since the editor loaded it; nothing was written."""

    def __init__(self):
        super().__init__(
            _(
                "This report was saved meanwhile in another window or by another member; "
                "reload the page to see those changes — your changes were not saved."
            ),
            code="conflict",
        )


@dataclass(frozen=True)
class Entry:
    """A figure the contractor gives (an indicator's actual, the money spent on an item)
    with a comment."""

    value: Decimal
    comment: str = ""


def _why_not_editable(report: Report) -> ValidationError:
    if report.contract.state != "in_force":
        return ValidationError(_("The contract is not in force; its reports cannot change."))
    return ValidationError(
        _("This report is %(state)s; it can be changed only as a draft or when returned.")
        % {"state": report.get_state_display()},
        code="not_editable",
    )


def _require_editable(actor: User, report: Report) -> None:
    if not is_contractor(actor, report):
        raise PermissionDenied("is_contractor")
    if not can_edit_report(actor, report):
        raise _why_not_editable(report)


def _bump(report: Report, lock_version: int, narrative: str) -> None:
    # The WHERE on lock_version is what refuses a save that slipped in between.
    changed = Report.objects.filter(
        pk=report.pk, lock_version=lock_version, state__in=("draft", "returned")
    ).update(lock_version=F("lock_version") + 1, narrative=narrative, updated_at=timezone.now())
    if changed != 1:
        raise ReportConflict()
    report.lock_version = lock_version + 1
    report.narrative = narrative


@transaction.atomic
def report_save(
    *,
    actor: User,
    report: Report,
    lock_version: int,
    narrative: str,
    indicators: dict[int, Entry],
    financial: dict[int, Entry],
    beneficiaries: dict[tuple[str, str, str], int],
) -> Report:
    """Save the draft: the narrative, the indicators' actuals (keyed by IndicatorActual id),
    the money spent per item (keyed by FinancialLine id) and the people reached as
    {(target group, sex, age band): count}. Refused with ReportConflict when the report is no
    longer at `lock_version`."""
    report = _locked_report(report)
    _require_editable(actor, report)
    errors: dict[str, list[str]] = {}
    indicator_rows = {row.pk: row for row in report.indicators.all()}
    for pk, entry in indicators.items():
        if pk not in indicator_rows:
            raise ValidationError(_("This indicator is not part of the report."))
        if entry.value < 0 or entry.value > MEASURE_MAX:
            errors.setdefault("indicators", []).append(
                _("%(name)s: give a number from 0 up.") % {"name": indicator_rows[pk].name}
            )
    line_rows = {row.pk: row for row in report.financial_lines.select_related("item")}
    for pk, entry in financial.items():
        if pk not in line_rows:
            raise ValidationError(_("This budget item is not part of the report."))
        if entry.value < 0 or entry.value > MONEY_MAX:
            errors.setdefault("financial", []).append(
                _("%(item)s: give an amount from 0 up.") % {"item": line_rows[pk].item.name}
            )
    for (group, sex, band), count in beneficiaries.items():
        if group not in TargetGroup.values or sex not in Sex.values or band not in AgeBand.values:
            raise ValidationError(_("Unknown target group, sex or age band."))
        if count < 0:
            errors.setdefault("beneficiaries", []).append(_("Counts cannot be negative."))
    if errors:
        raise ValidationError(errors)
    _bump(report, lock_version, (narrative or "").strip())
    for pk, entry in indicators.items():
        row = indicator_rows[pk]
        row.actual, row.comment = entry.value, (entry.comment or "").strip()
    IndicatorActual.objects.bulk_update(indicator_rows.values(), ["actual", "comment"])
    for pk, entry in financial.items():
        line = line_rows[pk]
        line.actual, line.comment = entry.value, (entry.comment or "").strip()
    FinancialLine.objects.bulk_update(line_rows.values(), ["actual", "comment"])
    # Counts only, never names: the rows are replaced as a whole; zeros are not kept.
    BeneficiaryCount.objects.filter(report=report).delete()
    BeneficiaryCount.objects.bulk_create(
        BeneficiaryCount(report=report, group=group, sex=sex, age_band=band, count=count)
        for (group, sex, band), count in sorted(beneficiaries.items())
        if count
    )
    audit_record(
        actor=actor,
        action="monitoring.report.save",
        obj=report,
        organisation=report.contract.contractor,
        changes={
            "lock_version": report.lock_version,
            "spent": str(sum((e.value for e in financial.values()), Decimal(0))),
            "people": sum(beneficiaries.values()),
        },
    )
    return report


@transaction.atomic
def report_file_add(
    *,
    actor: User,
    report: Report,
    uploaded_file: UploadedFile,
    financial_line: FinancialLine | None = None,
) -> ReportFile:
    """Attach a receipt (to a budget item) or other evidence. The type is recognised from the
    content (PDF, PNG, JPEG, DOCX, XLSX); files over HAMKORI_MAX_UPLOAD_BYTES are refused."""
    report = _locked_report(report)
    _require_editable(actor, report)
    if financial_line is not None and financial_line.report_id != report.pk:
        raise ValidationError({"financial_line": _("This budget item is not part of the report.")})
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    too_large = ValidationError(
        {"file": _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}}
    )
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise too_large
    if not uploaded_file.size:
        raise ValidationError({"file": _("The file is empty.")})
    try:
        found = file_type_or_error(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    sha256, size = file_sha256(uploaded_file)
    if size > limit:
        raise too_large
    if ReportFile.objects.filter(report=report, sha256=sha256).exists():
        raise ValidationError({"file": _("This file is already attached to the report.")})
    attached = ReportFile(
        report=report,
        financial_line=financial_line,
        original_name=clean_filename(uploaded_file.name or ""),
        kind=found.kind,
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    # The storage path comes from the model (report id and digest), not from the name.
    attached.file.save("upload", uploaded_file, save=False)
    try:
        attached.full_clean()
        attached.save()
        audit_record(
            actor=actor,
            action="monitoring.report.file_add",
            obj=report,
            organisation=report.contract.contractor,
            changes={
                "file": attached.pk,
                "name": attached.original_name,
                "item": financial_line.item_id if financial_line else None,
                "size": size,
                "sha256": sha256,
            },
        )
    except Exception:
        attached.file.delete(save=False)
        raise
    return attached


@transaction.atomic
def report_file_remove(*, actor: User, attached: ReportFile) -> None:
    """Remove an attachment while the report can be edited; the file goes after commit."""
    report = _locked_report(attached.report)
    _require_editable(actor, report)
    name, storage = attached.file.name, attached.file.storage
    audit_record(
        actor=actor,
        action="monitoring.report.file_remove",
        obj=report,
        organisation=report.contract.contractor,
        changes={"file": attached.pk, "name": attached.original_name, "sha256": attached.sha256},
    )
    attached.delete()
    transaction.on_commit(lambda: storage.delete(name))


def report_problems(report: Report) -> list[tuple[str, str]]:
    """What must be added before the report can be submitted, as (part, message) pairs."""
    problems: list[tuple[str, str]] = []
    if not (report.narrative or "").strip():
        problems.append(("narrative", _("Describe what was done in the period.")))
    receipts = set(
        ReportFile.objects.filter(report=report, financial_line__isnull=False).values_list(
            "financial_line_id", flat=True
        )
    )
    for line in report.financial_lines.select_related("item"):
        if line.actual > 0 and line.pk not in receipts:
            problems.append(
                ("financial", _("Attach a receipt for “%(item)s”.") % {"item": line.item.name})
            )
        if line.actual > line.item.amount and not line.comment:
            problems.append(
                (
                    "financial",
                    _("Explain why more than planned was spent on “%(item)s”.")
                    % {"item": line.item.name},
                )
            )
    if report.kind == ReportKind.FINAL:
        for indicator in report.indicators.all():
            if indicator.actual < indicator.target and not indicator.comment:
                problems.append(
                    (
                        "indicators",
                        _("Explain why the target of “%(name)s” was not reached.")
                        % {"name": indicator.name},
                    )
                )
    if not report.beneficiaries.exists():
        problems.append(("beneficiaries", _("Give the number of people the project reached.")))
    return problems


def review_due(report: Report, day: date) -> date | None:
    """`day` plus the rule's working days for the review, or None when the rule or the
    calendar is missing (shown as "not set": a deadline is never guessed)."""
    jurisdiction = report.contract.call.jurisdiction_id
    try:
        days = int(rule_value(jurisdiction, "report.review_working_days", day))
        return working_days_add(jurisdiction, day, days)
    except (RuleMissing, CalendarNotCovered):
        return None


@transaction.atomic
def report_submit(*, actor: User, report: Report, lock_version: int | None = None) -> Report:
    """Submit a complete draft (or a returned report again) for the official's review, due
    `report.review_working_days` working days after the local submission date."""
    report = _locked_report(report)
    _require_editable(actor, report)
    if lock_version is not None and report.lock_version != lock_version:
        raise ReportConflict()
    problems = report_problems(report)
    if problems:
        grouped: dict[str, list[str]] = {}
        for part, message in problems:
            grouped.setdefault(part, []).append(message)
        raise ValidationError(grouped)
    now = timezone.now()
    previous = report.state
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor
    report.review_due_on = review_due(report, local_today(report.contract))
    report.lock_version += 1
    report.save(
        update_fields=[
            "state",
            "submitted_at",
            "submitted_by",
            "review_due_on",
            "lock_version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="monitoring.report.submit",
        obj=report,
        organisation=report.contract.contractor,
        changes={"state": [previous, report.state], "review_due_on": report.review_due_on},
    )
    if report.contract.created_by.is_active:
        email_queue_to_people(
            [report.contract.created_by],
            "monitoring/emails/report_submitted",
            {
                "report": report,
                "contract": report.contract,
                "review_due_on": report.review_due_on,
                "url": absolute_url(reverse("monitoring:report-detail", args=[report.pk])),
            },
        )
    return report


# --- the official's review --------------------------------------------------------------


@transaction.atomic
def report_review(*, actor: User, report: Report, accept: bool, comment: str = "") -> ReportReview:
    """Accept the submitted report, or return it with comments for the contractor to change
    and submit again. Accepting an interim or final report makes the tranches that wait for
    it due (contracts.services.tranches_release)."""
    from hamkori.contracts.services import tranches_release

    report = _locked_report(report)
    if not is_funder_official(actor, report):
        raise PermissionDenied("is_funder_official")
    if not can_review_report(actor, report):
        raise ValidationError(
            _("Only a submitted report can be reviewed; this one is %(state)s.")
            % {"state": report.get_state_display()},
            code="not_submitted",
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what must be changed before returning it.")})
    if accept and report.kind == ReportKind.FINAL:
        waiting = Report.objects.filter(contract=report.contract, kind=ReportKind.INTERIM).exclude(
            state=ReportState.ACCEPTED
        )
        if waiting.exists():
            raise ValidationError(_("Accept the interim reports before the final report."))
    review = ReportReview(
        report=report,
        accepted=accept,
        comment=comment,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    review.full_clean()
    review.save()
    previous = report.state
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.lock_version += 1
    report.save(update_fields=["state", "lock_version", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.report.accept" if accept else "monitoring.report.return",
        obj=report,
        organisation=report.contract.funder,
        changes={"state": [previous, report.state], "review": review.pk, "comment": comment},
    )
    released = []
    if accept:
        condition = (
            "final_report_accepted"
            if report.kind == ReportKind.FINAL
            else "interim_report_accepted"
        )
        released = tranches_release(actor=actor, contract=report.contract, condition=condition)
    email_queue_to_people(
        _contractor_people(report.contract),
        "monitoring/emails/report_accepted" if accept else "monitoring/emails/report_returned",
        {
            "report": report,
            "contract": report.contract,
            "comment": comment,
            "released": released,
            "url": absolute_url(reverse("monitoring:report-detail", args=[report.pk])),
        },
    )
    return review


def completion_refusal(contract: Contract) -> str | None:
    """Why the official cannot complete the contract yet, or None: the final report must be
    accepted and every tranche paid (or cancelled)."""
    if contract.state != "in_force":
        return _("Only a contract in force can be completed.")
    if not contract.reports.filter(kind=ReportKind.FINAL, state=ReportState.ACCEPTED).exists():
        return _("The final report is not accepted yet.")
    if contract.tranches.exclude(state__in=("paid", "cancelled")).exists():
        return _("Not every tranche is paid yet.")
    return None


def contract_complete_after_reports(*, actor: User, contract: Contract) -> Contract:
    """Complete the contract once its final report is accepted and every tranche paid
    (contracts.services.contract_complete does the rest)."""
    from hamkori.contracts.services import contract_complete

    if not is_funder_official(actor, contract):
        raise PermissionDenied("is_funder_official")
    refusal = completion_refusal(contract)
    if refusal:
        raise ValidationError(refusal)
    return contract_complete(actor=actor, contract=contract) or contract


# --- monitoring visits ------------------------------------------------------------------


def _locked_visit(visit: MonitoringVisit) -> MonitoringVisit:
    return (
        MonitoringVisit.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__call")
        .get(pk=visit.pk)
    )


@transaction.atomic
def visit_plan(
    *, actor: User, contract: Contract, planned_on: date, purpose: str
) -> MonitoringVisit:
    """Plan a visit to the project while the contract is in force."""
    contract = (
        Contract.objects.select_for_update(of=("self",)).select_related("call").get(pk=contract.pk)
    )
    require(can_plan_visit, actor, contract)
    purpose = (purpose or "").strip()
    errors = {}
    if not purpose:
        errors["purpose"] = _("Say what the visit is for.")
    if planned_on < contract.starts_on:
        errors["planned_on"] = _("The contract starts on %(day)s; plan the visit after that.") % {
            "day": date_format(contract.starts_on)
        }
    if errors:
        raise ValidationError(errors)
    visit = MonitoringVisit(
        contract=contract, planned_on=planned_on, purpose=purpose, created_by=actor
    )
    visit.full_clean()
    visit.save()
    audit_record(
        actor=actor,
        action="monitoring.visit.plan",
        obj=visit,
        organisation=contract.funder,
        changes={"planned_on": planned_on, "purpose": purpose},
    )
    return visit


@transaction.atomic
def visit_record(
    *,
    actor: User,
    visit: MonitoringVisit,
    done_on: date,
    findings: str,
    follow_ups: list[tuple[str, date | None]],
) -> MonitoringVisit:
    """Record a planned visit as done: the date, the findings and the follow-up actions (each
    with a due date) the contractor sees."""
    visit = _locked_visit(visit)
    require(is_funder_official, actor, visit)
    if not can_record_visit(actor, visit):
        raise ValidationError(_("Only a planned visit can be recorded."))
    findings = (findings or "").strip()
    errors: dict[str, str] = {}
    if not findings:
        errors["findings"] = _("Write down what the visit found.")
    if done_on > local_today(visit.contract):
        errors["done_on"] = _("The visit cannot be done in the future.")
    elif done_on < visit.contract.starts_on:
        errors["done_on"] = _("The visit cannot be before the contract starts.")
    actions = [(text.strip(), due) for text, due in follow_ups if (text or "").strip()]
    if any(due is not None and due < done_on for _text, due in actions):
        errors["follow_ups"] = _("A follow-up action cannot be due before the visit.")
    if any(due is None for _text, due in actions):
        errors["follow_ups"] = _("Give each follow-up action a due date.")
    if errors:
        raise ValidationError(errors)
    visit.state = VisitState.DONE
    visit.done_on = done_on
    visit.findings = findings
    visit.full_clean()
    visit.save(update_fields=["state", "done_on", "findings", "updated_at"])
    FollowUp.objects.bulk_create(
        FollowUp(visit=visit, action=text, due_on=due) for text, due in actions
    )
    audit_record(
        actor=actor,
        action="monitoring.visit.record",
        obj=visit,
        organisation=visit.contract.funder,
        changes={
            "done_on": done_on,
            "findings": findings,
            "follow_ups": [[text, due] for text, due in actions],
        },
    )
    return visit


@transaction.atomic
def visit_cancel(*, actor: User, visit: MonitoringVisit, reason: str) -> MonitoringVisit:
    visit = _locked_visit(visit)
    require(is_funder_official, actor, visit)
    if not can_record_visit(actor, visit):
        raise ValidationError(_("Only a planned visit can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the visit is cancelled.")})
    visit.state = VisitState.CANCELLED
    visit.cancel_reason = reason
    visit.full_clean()
    visit.save(update_fields=["state", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.visit.cancel",
        obj=visit,
        organisation=visit.contract.funder,
        changes={"reason": reason},
    )
    return visit


@transaction.atomic
def visit_photo_add(
    *, actor: User, visit: MonitoringVisit, uploaded_file: UploadedFile, caption: str = ""
) -> VisitPhoto:
    """A photo of a done visit: a PNG or JPEG image by its content, within the upload limit."""
    visit = _locked_visit(visit)
    require(is_funder_official, actor, visit)
    if not can_add_visit_photo(actor, visit):
        raise ValidationError(_("Photos are added to a visit once it is recorded as done."))
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}}
        )
    try:
        found = file_type_or_error(uploaded_file) if uploaded_file.size else None
    except ValidationError:
        found = None
    if found is None or found.kind != "image":
        raise ValidationError({"file": _("Upload a photo as a PNG or JPEG image.")})
    sha256, size = file_sha256(uploaded_file)
    if VisitPhoto.objects.filter(visit=visit, sha256=sha256).exists():
        raise ValidationError({"file": _("This photo is already attached to the visit.")})
    photo = VisitPhoto(
        visit=visit,
        caption=(caption or "").strip()[:300],
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    photo.file.save("upload", uploaded_file, save=False)
    try:
        photo.full_clean()
        photo.save()
        audit_record(
            actor=actor,
            action="monitoring.visit.photo_add",
            obj=visit,
            organisation=visit.contract.funder,
            changes={"photo": photo.pk, "sha256": sha256, "size": size},
        )
    except Exception:
        photo.file.delete(save=False)
        raise
    return photo


@transaction.atomic
def follow_up_done(*, actor: User, follow_up: FollowUp) -> FollowUp:
    """The official confirms that a follow-up action was carried out."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("visit", "visit__contract", "visit__contract__call")
        .get(pk=follow_up.pk)
    )
    require(is_funder_official, actor, follow_up.visit)
    if follow_up.done_at is not None:
        return follow_up
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    audit_record(
        actor=actor,
        action="monitoring.visit.follow_up_done",
        obj=follow_up.visit,
        organisation=follow_up.visit.contract.funder,
        changes={"follow_up": follow_up.pk, "action": follow_up.action},
    )
    return follow_up


# --- the ex-post evaluation -------------------------------------------------------------


@dataclass(frozen=True)
class CriterionScore:
    points: int
    positive: bool
    comment: str = ""


def evaluation_total(scores) -> int:
    """The total out of 25: the sum of the five criteria's points."""
    return sum(score.points for score in scores)


@transaction.atomic
def evaluation_record(
    *,
    actor: User,
    contract: Contract,
    evaluated_on: date,
    evaluators: str,
    summary: str,
    scores: dict[int, CriterionScore],
) -> ExpostEvaluation:
    """Record (or correct, until published) the expert council's evaluation of a delivered
    SSO project: each of the five criteria 0–5 points with a positive or negative conclusion;
    a negative conclusion needs a comment."""
    contract = (
        Contract.objects.select_for_update(of=("self",)).select_related("call").get(pk=contract.pk)
    )
    require(is_funder_official, actor, contract)
    if not can_evaluate(actor, contract):
        raise ValidationError(
            _(
                "An ex-post evaluation is recorded for a state social order project in "
                "Kazakhstan once its final report is accepted."
            )
        )
    evaluation = ExpostEvaluation.objects.filter(contract=contract).first()
    if not evaluation_unpublished(actor, evaluation):
        raise ValidationError(_("The evaluation is published; it can no longer change."))
    errors: dict[str, list[str]] = {}
    evaluators = (evaluators or "").strip()
    if not evaluators:
        errors["evaluators"] = [_("Name the members of the expert council.")]
    if evaluated_on > local_today(contract):
        errors["evaluated_on"] = [_("The evaluation cannot be dated in the future.")]
    if set(scores) != set(ExpostCriterion.values):
        errors.setdefault("__all__", []).append(_("Score each of the five criteria."))
    for criterion, score in scores.items():
        label = ExpostCriterion(criterion).label if criterion in ExpostCriterion.values else ""
        if not 0 <= score.points <= EXPOST_MAX_POINTS:
            errors.setdefault(f"points_{criterion}", []).append(
                _("Give 0 to 5 points for %(criterion)s.") % {"criterion": label}
            )
        if not score.positive and not (score.comment or "").strip():
            errors.setdefault(f"comment_{criterion}", []).append(
                _("Explain the negative conclusion on %(criterion)s.") % {"criterion": label}
            )
    if errors:
        raise ValidationError(errors)
    created = evaluation is None
    evaluation = evaluation or ExpostEvaluation(contract=contract, created_by=actor)
    evaluation.evaluated_on = evaluated_on
    evaluation.evaluators = evaluators
    evaluation.summary = (summary or "").strip()
    evaluation.full_clean()
    evaluation.save()
    ExpostScore.objects.filter(evaluation=evaluation).delete()
    ExpostScore.objects.bulk_create(
        ExpostScore(
            evaluation=evaluation,
            criterion=criterion,
            points=score.points,
            positive=score.positive,
            comment=(score.comment or "").strip(),
        )
        for criterion, score in sorted(scores.items())
    )
    audit_record(
        actor=actor,
        action="monitoring.evaluation.record" if created else "monitoring.evaluation.update",
        obj=evaluation,
        organisation=contract.funder,
        changes={
            "evaluated_on": evaluated_on,
            "total": evaluation_total(scores.values()),
            "scores": {str(c): [s.points, s.positive] for c, s in sorted(scores.items())},
        },
    )
    return evaluation


@transaction.atomic
def evaluation_publish(*, actor: User, evaluation: ExpostEvaluation) -> ExpostEvaluation:
    """Publish the evaluation with the contract (the public page shows it from then on)."""
    evaluation = (
        ExpostEvaluation.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__call")
        .get(pk=evaluation.pk)
    )
    require(is_funder_official, actor, evaluation)
    if evaluation.published_at is not None:
        raise ValidationError(_("The evaluation is already published."))
    if evaluation.scores.count() != len(ExpostCriterion.values):
        raise ValidationError(_("Score each of the five criteria."))
    evaluation.published_at = timezone.now()
    evaluation.save(update_fields=["published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.evaluation.publish",
        obj=evaluation,
        organisation=evaluation.contract.funder,
        changes={"total": evaluation_total(evaluation.scores.all())},
    )
    return evaluation
