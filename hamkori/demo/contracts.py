"""Demo data for issue 5, made through the services: contracts of the decided demo calls in every
state, an amendment, paid tranches, a report returned and then accepted, an overdue report, a
monitoring visit and a published ex-post evaluation.

One funded application is left without a contract (the Almaty social order's second lot), for a
visitor — and the journey test — to take from the decision to the evaluation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus, User
from hamkori.calls.models import Call
from hamkori.contracts import services as contracts
from hamkori.contracts.models import Contract, Tranche, TrancheState
from hamkori.decisions.models import DecisionEntry, Outcome
from hamkori.demo.competitions import DEMO_PDF
from hamkori.monitoring import services as monitoring
from hamkori.monitoring.models import Report, ReportKind
from hamkori.monitoring.models import ReportState as RS

# The funded application left for the visitor: (call reference prefix, lot number).
LEFT_FOR_THE_VISITOR = ("KZ-SA", 2)
INTERIM_SCHEDULE = [
    contracts.TrancheSpec(Decimal("0.4"), "signature"),
    contracts.TrancheSpec(Decimal("0.3"), "interim_report_accepted"),
    contracts.TrancheSpec(Decimal("0.3"), "final_report_accepted"),
]


def _people(organisation_id: int, count: int = 2) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .order_by("memberships__role", "pk")
        .distinct()[:count]
    )


def contracts_load() -> dict[str, int]:
    counts: dict[str, int] = {}
    entries = _funded()
    plan = {
        ("KZ-SA", 1): _completed_with_evaluation,
        ("KZ-AW", 1): _awaiting_signature,
        ("KZ-AW", 2): _draft,
        ("TJ-SD", 1): _in_force_with_an_overdue_report,
        ("TJ-SD", 2): _terminated,
    }
    for entry in entries:
        key = (entry.meeting.call.reference[:5], entry.lot.number)
        if key == LEFT_FOR_THE_VISITOR or key not in plan:
            continue
        plan[key](entry, counts)
        counts["contracts"] = counts.get("contracts", 0) + 1
    return counts


def _funded() -> list[DecisionEntry]:
    """The awards of every published decision, in call and lot order."""
    return list(
        DecisionEntry.objects.filter(
            outcome=Outcome.AWARD,
            meeting__call__result__isnull=False,
        )
        .select_related("meeting__call", "lot", "application")
        .order_by("meeting__call__reference", "lot__number", "rank")
    )


def _officials(call: Call) -> tuple[User, User]:
    first, second = _people(call.body_id)
    return first, second


def _prepared(entry, *, months_ago: int, schedule=None) -> tuple[Contract, User, User]:
    preparer, approver = _officials(entry.meeting.call)
    starts_on = _months_back(months_ago)
    contract = contracts.contract_prepare(
        actor=preparer,
        application=entry.application,
        starts_on=starts_on,
        # The demo's results are published today; its contracts start in the past to show
        # whole cycles (the only caller that turns this check off).
        check_start=False,
    )
    if schedule is not None or not contract.tranches.exists():
        contracts.contract_tranches_set(
            actor=preparer,
            contract=contract,
            schedule=schedule or [contracts.TrancheSpec(Decimal(1), "signature")],
        )
    contract.refresh_from_db()
    if contracts.approval_needed(contract):
        contracts.contract_approve(actor=approver, contract=contract)
    return contract, preparer, approver


def _months_back(months: int) -> date:
    today = timezone.localdate()
    return contracts.add_months(today.replace(day=1), -months) if months else today


def _in_force(entry, contract, preparer) -> Contract:
    contracts.contract_send(actor=preparer, contract=contract)
    contractor = _people(entry.application.organisation_id, 1)[0]
    contracts.contract_sign(actor=contractor, contract=contract)
    contracts.contract_sign(actor=preparer, contract=contract)
    contract.refresh_from_db()
    return contract


def _pay_due(contract, preparer, approver, counts) -> None:
    for tranche in Tranche.objects.filter(contract=contract, state=TrancheState.DUE):
        order = contracts.payment_prepare(actor=preparer, tranche=tranche)
        contracts.payment_approve(actor=approver, order=order)
        contracts.payment_mark_paid(
            actor=preparer,
            order=order,
            paid_on=timezone.localdate(),
            reference=f"PP-{contract.pk:04d}-{tranche.number}",
        )
        counts["payments"] = counts.get("payments", 0) + 1


def _fill(report: Report, contractor: User, *, reached: int, spent_share: Decimal) -> Report:
    """The contractor writes the report: the narrative, indicators at their targets (or short),
    spending per item with a receipt each, and the people reached."""
    indicators = {
        row.pk: monitoring.Entry(
            value=(row.target * spent_share).quantize(Decimal(1)),
            comment="" if spent_share >= 1 else "Работа продолжается по плану.",
        )
        for row in report.indicators.all()
    }
    financial = {
        row.pk: monitoring.Entry(value=(row.item.amount * spent_share).quantize(Decimal("0.01")))
        for row in report.financial_lines.select_related("item")
    }
    group = report.contract.lot.target_group
    beneficiaries = {
        (group, "f", "35-59"): reached // 2,
        (group, "m", "35-59"): reached // 3,
        (group, "f", "60+"): reached - reached // 2 - reached // 3,
    }
    report = monitoring.report_save(
        actor=contractor,
        report=report,
        lock_version=report.lock_version,
        narrative=(
            "Проведены запланированные мероприятия: консультации, групповые занятия и "
            "выездные приёмы. Отчёт о расходах и подтверждающие документы приложены."
        ),
        indicators=indicators,
        financial=financial,
        beneficiaries=beneficiaries,
    )
    for line in report.financial_lines.select_related("item"):
        if line.actual > 0:
            monitoring.report_file_add(
                actor=contractor,
                report=report,
                # One receipt per item (the same file twice would be refused).
                uploaded_file=SimpleUploadedFile(
                    f"receipt-{line.item.number}.pdf",
                    DEMO_PDF + f"% receipt {line.pk}\n".encode(),
                    "application/pdf",
                ),
                financial_line=line,
            )
    report.refresh_from_db()
    return report


def _completed_with_evaluation(entry, counts) -> None:
    """A state social order contract that ran its whole term: the final report was returned
    once and then accepted, every tranche paid, the expert council's evaluation published."""
    months = entry.lot.duration_months
    contract, preparer, approver = _prepared(entry, months_ago=months + 2)
    contract = _in_force(entry, contract, preparer)
    _pay_due(contract, preparer, approver, counts)
    contractor = _people(entry.application.organisation_id, 1)[0]
    for report in Report.objects.filter(contract=contract).order_by("number"):
        report = _fill(report, contractor, reached=64, spent_share=Decimal(1))
        report = monitoring.report_submit(actor=contractor, report=report)
        if report.kind == ReportKind.FINAL:
            monitoring.report_review(
                actor=preparer,
                report=report,
                accept=False,
                comment="Приложите акты оказанных услуг за последний квартал.",
            )
            counts["reports returned"] = counts.get("reports returned", 0) + 1
            report.refresh_from_db()
            report = monitoring.report_submit(actor=contractor, report=report)
        monitoring.report_review(actor=preparer, report=report, accept=True)
        _pay_due(contract, preparer, approver, counts)
    visit = monitoring.visit_plan(
        actor=preparer,
        contract=contract,
        planned_on=contract.ends_on - timedelta(days=60),
        purpose="Проверка условий проживания и ведения журналов услуг.",
    )
    monitoring.visit_record(
        actor=preparer,
        visit=visit,
        done_on=contract.ends_on - timedelta(days=58),
        findings="Услуги оказываются по стандарту; журналы ведутся, жалоб получателей нет.",
        follow_ups=[("Обновить памятку для получателей услуг", contract.ends_on)],
    )
    counts["visits"] = counts.get("visits", 0) + 1
    criteria = {
        number: monitoring.CriterionScore(points=points, positive=points >= 3, comment=comment)
        for number, points, comment in (
            (1, 5, "Услуга востребована: очередь на приём сохраняется."),
            (2, 4, "План выполнен, одно мероприятие перенесено."),
            (3, 4, "Целевые показатели достигнуты."),
            (4, 3, "Организация нашла софинансирование на следующий год."),
            (5, 2, "Долгосрочный эффект пока не подтверждён данными."),
        )
    }
    evaluation = monitoring.evaluation_record(
        actor=preparer,
        contract=contract,
        evaluated_on=timezone.localdate() - timedelta(days=3),
        evaluators="Экспертный совет при акимате: Б. Жунусов, Е. Ли, Н. Байжанов",
        summary="Проект признан эффективным; рекомендовано продолжить финансирование.",
        scores=criteria,
    )
    monitoring.evaluation_publish(actor=preparer, evaluation=evaluation)
    monitoring.contract_complete_after_reports(actor=preparer, contract=contract)
    counts["evaluations"] = counts.get("evaluations", 0) + 1


def _awaiting_signature(entry, counts) -> None:
    contract, preparer, _approver = _prepared(entry, months_ago=0)
    contracts.contract_send(actor=preparer, contract=contract)


def _draft(entry, counts) -> None:
    _prepared(entry, months_ago=0)


def _in_force_with_an_overdue_report(entry, counts) -> None:
    """Running for most of its term with an interim tranche: the advance is paid, the interim
    report is overdue, and the end date was moved by an amendment."""
    months = entry.lot.duration_months
    contract, preparer, approver = _prepared(
        entry, months_ago=max(1, months * 2 // 3), schedule=INTERIM_SCHEDULE
    )
    contract = _in_force(entry, contract, preparer)
    _pay_due(contract, preparer, approver, counts)
    contracts.contract_amend(
        actor=preparer,
        contract=contract,
        reason="Перенос окончания из-за ремонта помещения центра (письмо исполнителя).",
        ends_on=contract.ends_on + timedelta(days=30),
    )
    counts["contract amendments"] = counts.get("contract amendments", 0) + 1
    overdue = Report.objects.filter(
        contract=contract, state=RS.DRAFT, due_on__lt=timezone.localdate()
    )
    counts["overdue reports"] = counts.get("overdue reports", 0) + overdue.count()


def _terminated(entry, counts) -> None:
    contract, preparer, approver = _prepared(entry, months_ago=3)
    contract = _in_force(entry, contract, preparer)
    _pay_due(contract, preparer, approver, counts)
    contracts.contract_terminate(
        actor=preparer,
        contract=contract,
        reason="Исполнитель отказался от исполнения договора (письмо от 12.10.2026).",
    )
