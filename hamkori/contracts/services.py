"""Writes of contracts, their signatures, amendments, tranches and payment orders. Each
function checks permission, locks the contract row, validates, saves and records its audit
event in one transaction; money moves only through contracts/ledger.py (always after the
contract's lock: contract, then budget line) and e-mails are queued in the outbox in the same
transaction."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.content import BUDGET_CATEGORIES, decimal_of
from hamkori.applications.models import Application
from hamkori.calls.models import BudgetLine, Call, Instrument
from hamkori.calls.workflow import CallState
from hamkori.contracts import ledger
from hamkori.contracts.models import (
    AmendmentState,
    Contract,
    ContractAmendment,
    ContractItem,
    ContractKind,
    ContractState,
    Party,
    PaymentOrder,
    PaymentState,
    Signature,
    Tranche,
    TrancheCondition,
    TrancheState,
)
from hamkori.contracts.permissions import (
    can_amend_contract,
    can_approve_contract,
    can_complete_contract,
    can_edit_contract,
    can_manage_payments,
    can_prepare_contract,
    can_send_contract,
    can_sign_contract,
    can_terminate_contract,
    is_contract_official,
)
from hamkori.contracts.signing import PlatformConfirmation, SignatureProvider
from hamkori.core.audit import audit_record
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_template
from hamkori.core.permissions import require
from hamkori.core.templatetags.hamkori import money
from hamkori.rules.selectors import RuleMissing, local_zone, rule_get, rule_value
from hamkori.rules.selectors import local_today as local_today_in

CENT = Decimal("0.01")

KIND_BY_INSTRUMENT = {
    Instrument.SSO: ContractKind.SSO,
    Instrument.GRANT_SHORT: ContractKind.GRANT,
    Instrument.GRANT_MEDIUM: ContractKind.GRANT,
    Instrument.GRANT_LONG: ContractKind.GRANT,
    Instrument.SUBSIDY: ContractKind.SUBSIDY,
    Instrument.AWARD: ContractKind.AWARD,
}
# The rule set's tranche schedule of each kind; subsidies and awards have none yet, so their
# drafts start without tranches and the official sets them (a schedule is never guessed).
SCHEDULE_RULE: dict[str, str] = {
    ContractKind.GRANT: "grant.tranche_schedule",
    ContractKind.SSO: "sso.tranche_schedule",
}
DECIDED_STATES = (CallState.DECIDED, CallState.FINAL)
OPEN_TRANCHE_STATES = (TrancheState.WAITING, TrancheState.DUE)
LIVE_ORDER_STATES = (PaymentState.PREPARED, PaymentState.APPROVED)


# --- helpers ----------------------------------------------------------------------------


def local_today(contract_or_call) -> date:
    jurisdiction = getattr(contract_or_call, "jurisdiction_id", None) or (
        contract_or_call.funder.jurisdiction_id
    )
    return local_today_in(jurisdiction)


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_end(starts_on: date, months: int) -> date:
    """The last day of a term of `months` months starting on `starts_on`."""
    return add_months(starts_on, months) - timedelta(days=1)


def plain_number(value: Decimal) -> str:
    """A decimal as people write it: 50, 33.3333, 120 — never 5E+1 or 1.2E+2."""
    return format(Decimal(value).normalize(), "f")


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TrancheSpec:
    """One tranche of a schedule: its share of the contract amount (0 < share ≤ 1) and the
    event after which it falls due."""

    share: Decimal
    condition: str


def split_by_shares(amount: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Amounts in cents for the shares of `amount`; the last one takes the rounding, so they
    add up exactly to `amount`."""
    parts = [cents(amount * share) for share in shares[:-1]]
    return [*parts, amount - sum(parts, Decimal("0.00"))]


def rule_schedule(kind: str, jurisdiction: str, on: date) -> list[TrancheSpec] | None:
    """The rule set's schedule for the kind, or None when the rules have none."""
    key = SCHEDULE_RULE.get(kind)
    if key is None:
        return None
    try:
        rows = rule_value(jurisdiction, key, on)
    except RuleMissing:
        return None
    return [TrancheSpec(Decimal(str(row["share"])), row["after"]) for row in rows]


def approval_threshold(contract: Contract) -> Decimal | None:
    """Above this amount a second official approves the contract before signature (rule
    payment.two_person_threshold, in MRP in Kazakhstan); None when the rules lack it."""
    jurisdiction = contract.funder.jurisdiction_id
    on = local_today(contract)
    try:
        row = rule_get(jurisdiction, "payment.two_person_threshold", on)
        value = Decimal(str(row.value))
        if row.unit == "mrp":
            value *= Decimal(str(rule_value(jurisdiction, "mrp", on)))
    except RuleMissing:
        return None
    return value


def approval_needed(contract: Contract) -> bool:
    """Whether the contract needs the second official's approval; without the rule it does
    (two people are the safe side of an unknown threshold)."""
    threshold = approval_threshold(contract)
    return threshold is None or contract.amount > threshold


def _contractor_admins(contract: Contract) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id=contract.contractor_id,
            role=MembershipRole.ADMIN,
            status=MembershipStatus.ACTIVE,
        ).select_related("user")
    ]


def _mail_contractor(contract: Contract, template: str, context: dict) -> None:
    groups: dict[str, list[str]] = {}
    for person in _contractor_admins(contract):
        language = person.preferred_language or settings.LANGUAGE_CODE
        groups.setdefault(language, []).append(person.email)
    url = absolute_url(reverse("contracts:contract-detail", args=[contract.pk]))
    for language, addresses in groups.items():
        email_queue_template(
            to=addresses,
            template=template,
            context={"contract": contract, "url": url, **context},
            language=language,
        )


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("funder", "contractor", "budget_line", "call", "lot", "application")
        .get(pk=contract.pk)
    )


def _tranche_rows(contract: Contract, schedule: list[TrancheSpec]) -> list[Tranche]:
    errors = []
    if not schedule:
        errors.append(_("Give at least one tranche."))
    for number, spec in enumerate(schedule, start=1):
        if spec.condition not in TrancheCondition.values:
            errors.append(_("Tranche %(n)s: choose when it is paid.") % {"n": number})
        if spec.share <= 0 or spec.share > 1:
            errors.append(
                _("Tranche %(n)s: the share must be above 0 and at most 100 %%.") % {"n": number}
            )
    if errors:
        raise ValidationError(errors)
    total = sum((spec.share for spec in schedule), Decimal(0))
    if total != 1:
        raise ValidationError(
            _("The shares add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"total": plain_number(total * 100)}
        )
    amounts = split_by_shares(contract.amount, [spec.share for spec in schedule])
    if any(amount <= 0 for amount in amounts):
        raise ValidationError(_("Every tranche must be at least one cent."))
    return [
        Tranche(contract=contract, number=number, amount=amount, condition=spec.condition)
        for number, (spec, amount) in enumerate(zip(schedule, amounts, strict=True), start=1)
    ]


def _budget_items(application: Application, award: Decimal, language: str) -> list[tuple]:
    """(name, amount) per line of the submitted budget, scaled to the award when it is less
    than requested; the largest line takes the rounding so that the items add up exactly."""
    version = application.current_version
    content = version.snapshot.get("content", {}) if version else application.content
    lines = [
        (line, decimal_of(line.get("amount")))
        for line in content.get("budget") or []
        if decimal_of(line.get("amount")) > 0
    ]
    requested = sum((amount for _line, amount in lines), Decimal("0.00"))
    if not lines or requested <= 0:
        return [(_("Project costs"), award)]
    with translation.override(language):
        names = [
            f"{BUDGET_CATEGORIES.get(line.get('category'), '')}: {line.get('item', '')}".strip(
                ": "
            )[:300]
            for line, _amount in lines
        ]
    amounts = [cents(amount * award / requested) for _line, amount in lines]
    largest = max(range(len(amounts)), key=lambda index: amounts[index])
    amounts[largest] += award - sum(amounts, Decimal("0.00"))
    return list(zip(names, amounts, strict=True))


# --- preparing, approving and sending ------------------------------------------------------


def award_of(application: Application):
    """The published decision's award entry for the application, or None."""
    from hamkori.decisions.models import DecisionEntry, Outcome, Result

    result = Result.objects.filter(call_id=application.call_id).first()
    if result is None:
        return None
    return DecisionEntry.objects.filter(
        meeting_id=result.meeting_id, application=application, outcome=Outcome.AWARD
    ).first()


def _published_on(call: Call) -> date | None:
    """The local date on which the call's result was published, or None."""
    from hamkori.decisions.models import Result

    result = Result.objects.filter(call_id=call.pk).first()
    if result is None:
        return None
    return timezone.localtime(result.published_at, local_zone(call.jurisdiction_id)).date()


def start_refusal(call: Call, starts_on: date) -> str | None:
    """Why a contract of the call cannot start on `starts_on`, or None: never before the
    local date on which the call's result was published."""
    published_on = _published_on(call)
    if published_on is not None and starts_on < published_on:
        return _("The contract cannot start before the result was published (%(day)s).") % {
            "day": date_format(published_on, "DATE_FORMAT")
        }
    return None


@transaction.atomic
def contract_prepare(
    *,
    actor: User,
    application: Application,
    budget_line: BudgetLine | None = None,
    starts_on: date | None = None,
    language: str | None = None,
    check_start: bool = True,
) -> Contract:
    """Draft the contract of an application funded by the call's published decision: the
    kind by instrument, the awarded amount, the lot's budget line (or the one chosen when the
    lot has none), the term from the lot's duration, the items from the submitted budget
    (scaled to the award) and the tranches from the rule set's schedule.

    A start before the result's publication is refused (start_refusal). Only the demo turns
    the check off (`check_start=False`): it publishes its results today and backdates some
    contracts so that a visitor sees whole cycles — a completed contract, an overdue report."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "call__body", "lot", "lot__budget_line", "organisation")
        .get(pk=application.pk)
    )
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=application.call_id)
    )
    require(can_prepare_contract, actor, call)
    if call.state not in DECIDED_STATES:
        raise ValidationError(_("Contracts are prepared once the call's decision is published."))
    entry = award_of(application)
    if entry is None:
        raise ValidationError(_("The published decision does not fund this application."))
    existing = Contract.objects.filter(application=application).first()
    if existing is not None:
        raise ValidationError(
            _("This application already has a contract: %(reference)s.")
            % {"reference": existing.reference}
        )
    lot = application.lot
    line = lot.budget_line or budget_line
    if line is None:
        raise ValidationError(
            {"budget_line": _("The lot has no budget line: choose one of the plan's lines.")}
        )
    if line.plan_id != call.plan_id:
        raise ValidationError({"budget_line": _("Choose a budget line of the call's plan.")})
    if line.currency != lot.currency:
        raise ValidationError(
            {
                "budget_line": _("The budget line is in %(currency)s; the lot is not.")
                % {"currency": line.currency}
            }
        )
    starts_on = starts_on or local_today(call)
    if check_start:
        refusal = start_refusal(call, starts_on)
        if refusal:
            raise ValidationError({"starts_on": refusal})
    content_language = (application.content or {}).get("language")
    language = language or (content_language if content_language in CONTENT_LANGUAGES else "ru")
    if language not in CONTENT_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the four languages.")})
    # A discarded draft frees its row, so the next free number is found, not counted.
    number = Contract.objects.filter(call=call).count() + 1
    while Contract.objects.filter(reference=f"{call.reference[:32]}-C{number}").exists():
        number += 1
    contract = Contract(
        reference=f"{call.reference[:32]}-C{number}",
        kind=KIND_BY_INSTRUMENT[Instrument(lot.instrument)],
        call=call,
        lot=lot,
        application=application,
        funder=call.body,
        contractor=application.organisation,
        budget_line=line,
        amount=entry.amount,
        currency=lot.currency,
        starts_on=starts_on,
        ends_on=contract_end(starts_on, lot.duration_months),
        language=language,
        created_by=actor,
    )
    contract.full_clean()
    contract.save()
    ContractItem.objects.bulk_create(
        ContractItem(contract=contract, number=number, name=name, amount=amount)
        for number, (name, amount) in enumerate(
            _budget_items(application, entry.amount, language), start=1
        )
    )
    schedule = rule_schedule(contract.kind, call.jurisdiction_id, starts_on)
    if schedule:
        Tranche.objects.bulk_create(_tranche_rows(contract, schedule))
    audit_record(
        actor=actor,
        action="contracts.contract.prepare",
        obj=contract,
        organisation=call.body,
        changes={
            "application": application.pk,
            "amount": contract.amount,
            "budget_line": line.pk,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "schedule": [[str(s.share), s.condition] for s in schedule or []],
        },
    )
    return contract


@transaction.atomic
def contract_discard(*, actor: User, contract: Contract) -> str:
    """Delete a draft (a mistake in it: its start date, its line) with its items and
    tranches; nothing was committed for a draft, so the ledger is untouched, and the award is
    waiting for a contract again. Returns the discarded draft's reference."""
    contract = _locked(contract)
    require(can_edit_contract, actor, contract)
    if contract.ledger.exists():
        raise ValidationError(_("Money was committed for this contract: terminate it instead."))
    reference = contract.reference
    audit_record(
        actor=actor,
        action="contracts.contract.discard",
        obj=contract,
        organisation=contract.funder,
        changes={
            "reference": reference,
            "application": contract.application_id,
            "amount": contract.amount,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
        },
    )
    contract.delete()
    return reference


@transaction.atomic
def contract_tranches_set(
    *, actor: User, contract: Contract, schedule: list[TrancheSpec]
) -> list[Tranche]:
    """Replace a draft's tranche schedule (shares and conditions; the last tranche takes the
    rounding). A second official's approval of the earlier terms no longer holds."""
    contract = _locked(contract)
    require(can_edit_contract, actor, contract)
    rows = _tranche_rows(contract, schedule)
    before = [[str(t.amount), t.condition] for t in Tranche.objects.filter(contract=contract)]
    Tranche.objects.filter(contract=contract).delete()
    Tranche.objects.bulk_create(rows)
    approval_dropped = contract.approved_by_id is not None
    if approval_dropped:
        contract.approved_by, contract.approved_at = None, None
        contract.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.schedule",
        obj=contract,
        organisation=contract.funder,
        changes={
            "tranches": [before, [[str(t.amount), t.condition] for t in rows]],
            "approval_dropped": approval_dropped,
        },
    )
    return rows


@transaction.atomic
def contract_approve(*, actor: User, contract: Contract) -> Contract:
    """The second official's approval of a draft (needed above the threshold); never the
    official who prepared it."""
    contract = _locked(contract)
    require(can_approve_contract, actor, contract)
    if contract.created_by_id == actor.pk:
        raise ValidationError(_("Another official must approve: you prepared this contract."))
    if contract.approved_by_id is not None:
        raise ValidationError(_("The contract is already approved."))
    contract.approved_by, contract.approved_at = actor, timezone.now()
    contract.full_clean()
    contract.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.approve",
        obj=contract,
        organisation=contract.funder,
        changes={"amount": contract.amount},
    )
    return contract


def send_refusal(contract: Contract, *, approval: bool = True) -> str | None:
    """Why a draft cannot go to signature yet, or None; `approval=False` leaves out the
    missing second approval (the contract page says that once, in its own sentence)."""
    tranches = list(contract.tranches.all())
    if not tranches:
        return _("Set the tranche schedule first.")
    total = sum((t.amount for t in tranches), Decimal("0.00"))
    if total != contract.amount:
        return _("The tranches add up to %(total)s, not to the contract amount %(amount)s.") % {
            "total": money(total, contract.currency),
            "amount": money(contract.amount, contract.currency),
        }
    if approval and contract.approved_by_id is None and approval_needed(contract):
        threshold = approval_threshold(contract)
        if threshold is None:
            return _(
                "The rule payment.two_person_threshold is not set, so a second official must "
                "approve the contract before it is sent for signature."
            )
        return _(
            "The amount is above %(threshold)s: a second official must approve the contract "
            "before it is sent for signature."
        ) % {"threshold": money(threshold, contract.currency)}
    return None


@transaction.atomic
def contract_send(*, actor: User, contract: Contract) -> Contract:
    """Send a draft for signature: its amount is committed against the budget line (refused
    when the line has no room) and the contractor's administrators are told."""
    contract = _locked(contract)
    require(can_send_contract, actor, contract)
    refusal = send_refusal(contract)
    if refusal:
        raise ValidationError(refusal)
    ledger.commit(
        line=contract.budget_line,
        contract=contract,
        amount=contract.amount,
        actor=actor,
        note=_("Contract sent for signature"),
    )
    contract.state = ContractState.SIGNING
    contract.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.send",
        obj=contract,
        organisation=contract.funder,
        changes={
            "state": [ContractState.DRAFT, ContractState.SIGNING],
            "committed": contract.amount,
        },
    )
    _mail_contractor(contract, "contracts/emails/sent", {})
    return contract


# --- signatures -------------------------------------------------------------------------


@transaction.atomic
def contract_sign(
    *, actor: User, contract: Contract, provider: SignatureProvider | None = None
) -> Signature:
    """Sign for the actor's party: an official of the funding body for the funder, the
    contractor's administrator for the contractor. When both have signed the contract is in
    force: the tranches due on signature fall due and the reports are scheduled."""
    contract = _locked(contract)
    require(can_sign_contract, actor, contract)
    party = Party.FUNDER if is_contract_official(actor, contract) else Party.CONTRACTOR
    if Signature.objects.filter(contract=contract, party=party).exists():
        raise ValidationError(
            _("The %(party)s has already signed.") % {"party": Party(party).label}
        )
    result = (provider or PlatformConfirmation()).sign(contract, actor)
    signature = Signature(
        contract=contract,
        party=party,
        signed_by=actor,
        signed_at=timezone.now(),
        method=result.method,
        provider_reference=result.provider_reference,
        document_sha256=result.document_sha256,
    )
    signature.full_clean()
    signature.save()
    audit_record(
        actor=actor,
        action="contracts.contract.sign",
        obj=contract,
        organisation=contract.funder if party == Party.FUNDER else contract.contractor,
        changes={
            "party": party,
            "method": signature.method,
            "document_sha256": signature.document_sha256,
        },
    )
    if Signature.objects.filter(contract=contract).count() == len(Party.values):
        _enter_into_force(actor, contract)
    return signature


def _enter_into_force(actor: User, contract: Contract) -> None:
    contract.state = ContractState.IN_FORCE
    contract.in_force_at = timezone.now()
    contract.save(update_fields=["state", "in_force_at", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.in_force",
        obj=contract,
        organisation=contract.funder,
        changes={"state": [ContractState.SIGNING, ContractState.IN_FORCE]},
    )
    _release(actor, contract, TrancheCondition.SIGNATURE)
    # Imported here: monitoring depends on contracts, not the other way round.
    from hamkori.monitoring.services import reports_schedule

    reports_schedule(contract=contract, actor=actor)
    _mail_contractor(contract, "contracts/emails/in_force", {})


# --- tranches and payments ----------------------------------------------------------------


def _release(actor: User, contract: Contract, condition: str) -> list[Tranche]:
    tranches = list(
        Tranche.objects.select_for_update()
        .filter(contract=contract, condition=condition, state=TrancheState.WAITING)
        .order_by("number")
    )
    now = timezone.now()
    for tranche in tranches:
        tranche.state, tranche.due_since = TrancheState.DUE, now
        tranche.save(update_fields=["state", "due_since"])
    if tranches:
        audit_record(
            actor=actor,
            action="contracts.tranche.due",
            obj=contract,
            organisation=contract.funder,
            changes={"condition": condition, "tranches": [t.number for t in tranches]},
        )
    return tranches


@transaction.atomic
def tranches_release(*, actor: User, contract: Contract, condition: str) -> list[Tranche]:
    """Mark the contract's waiting tranches of `condition` due (the monitoring app calls it
    when an interim or final report is accepted); returns them (empty when none waited)."""
    contract = _locked(contract)
    require(can_manage_payments, actor, contract)
    if condition not in TrancheCondition.values:
        raise ValidationError(_("Unknown tranche condition."))
    return _release(actor, contract, condition)


def _locked_tranche(contract: Contract, tranche: Tranche) -> Tranche:
    return Tranche.objects.select_for_update().get(pk=tranche.pk, contract=contract)


@transaction.atomic
def payment_prepare(*, actor: User, tranche: Tranche) -> PaymentOrder:
    """Prepare the payment order of a due tranche; another official approves it."""
    contract = _locked(tranche.contract)
    require(can_manage_payments, actor, contract)
    tranche = _locked_tranche(contract, tranche)
    if tranche.state != TrancheState.DUE:
        raise ValidationError(
            _("Tranche %(n)s is not due (%(state)s); only a due tranche is ordered.")
            % {"n": tranche.number, "state": tranche.get_state_display()}
        )
    order = PaymentOrder(
        tranche=tranche, contract=contract, amount=tranche.amount, prepared_by=actor
    )
    order.full_clean()
    order.save()
    tranche.state = TrancheState.ORDERED
    tranche.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="contracts.payment.prepare",
        obj=order,
        organisation=contract.funder,
        changes={"tranche": tranche.number, "amount": order.amount},
    )
    return order


def _locked_order(order: PaymentOrder) -> tuple[Contract, PaymentOrder]:
    contract = _locked(order.contract)
    order = (
        PaymentOrder.objects.select_for_update(of=("self",))
        .select_related("tranche")
        .get(pk=order.pk, contract=contract)
    )
    return contract, order


@transaction.atomic
def payment_approve(*, actor: User, order: PaymentOrder) -> PaymentOrder:
    """Approve a prepared order: always a second official, never the one who prepared it."""
    contract, order = _locked_order(order)
    require(can_manage_payments, actor, contract)
    if order.state != PaymentState.PREPARED:
        raise ValidationError(_("Only a prepared payment order can be approved."))
    if order.prepared_by_id == actor.pk:
        raise ValidationError(_("Another official must approve: you prepared this payment order."))
    order.state, order.approved_by, order.approved_at = (
        PaymentState.APPROVED,
        actor,
        timezone.now(),
    )
    order.full_clean()
    order.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.payment.approve",
        obj=order,
        organisation=contract.funder,
        changes={"amount": order.amount},
    )
    return order


@transaction.atomic
def payment_mark_paid(
    *, actor: User, order: PaymentOrder, paid_on: date, reference: str
) -> PaymentOrder:
    """Record that the bank paid an approved order, with the date and the bank's reference;
    the amount is disbursed in the ledger and the tranche is paid."""
    contract, order = _locked_order(order)
    require(can_manage_payments, actor, contract)
    if order.state != PaymentState.APPROVED:
        raise ValidationError(_("Only an approved payment order can be marked paid."))
    errors = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = [_("Give the bank's payment reference.")]
    if paid_on is None:
        errors["paid_on"] = [_("Give the date of payment.")]
    elif paid_on > local_today(contract):
        errors["paid_on"] = [_("The date of payment cannot be in the future.")]
    elif paid_on < order.created_at.astimezone(local_zone(contract.funder.jurisdiction_id)).date():
        errors["paid_on"] = [_("The date of payment cannot be before the order was prepared.")]
    if errors:
        raise ValidationError(errors)
    ledger.disburse(
        line=contract.budget_line,
        contract=contract,
        payment_order=order,
        amount=order.amount,
        actor=actor,
        note=reference,
    )
    order.state, order.paid_on, order.payment_reference, order.marked_paid_by = (
        PaymentState.PAID,
        paid_on,
        reference,
        actor,
    )
    order.full_clean()
    order.save(
        update_fields=["state", "paid_on", "payment_reference", "marked_paid_by", "updated_at"]
    )
    tranche = order.tranche
    tranche.state = TrancheState.PAID
    tranche.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="contracts.payment.paid",
        obj=order,
        organisation=contract.funder,
        changes={"amount": order.amount, "paid_on": paid_on, "reference": reference},
    )
    return order


@transaction.atomic
def payment_cancel(*, actor: User, order: PaymentOrder) -> PaymentOrder:
    """Withdraw an unpaid order (a mistake in it); its tranche is due again."""
    contract, order = _locked_order(order)
    require(can_manage_payments, actor, contract)
    if order.state not in LIVE_ORDER_STATES:
        raise ValidationError(_("Only an unpaid payment order can be cancelled."))
    before = order.state
    order.state = PaymentState.CANCELLED
    order.save(update_fields=["state", "updated_at"])
    tranche = order.tranche
    tranche.state = TrancheState.DUE
    tranche.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="contracts.payment.cancel",
        obj=order,
        organisation=contract.funder,
        changes={"state": [before, PaymentState.CANCELLED]},
    )
    return order


# --- amendments, completion and termination -------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    """A contract item after the amendment: `number` None adds a new item."""

    number: int | None
    name: str
    amount: Decimal


def _amount_of(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount.")}) from None
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Give the amount in whole cents.")})
    return amount


def _spread_difference(contract: Contract, difference: Decimal) -> list[list]:
    """Carry an amount change on the open tranches: an increase goes to the last open
    tranche; a decrease comes off them from the last backwards, cancelling those it empties.
    Returns [number, old, new] per tranche changed."""
    tranches = list(
        Tranche.objects.select_for_update()
        .filter(contract=contract, state__in=OPEN_TRANCHE_STATES)
        .order_by("-number")
    )
    if not tranches:
        raise ValidationError(
            {"amount": _("Every tranche is paid or ordered: there is none to carry the change.")}
        )
    changed = []
    if difference > 0:
        last = tranches[0]
        changed.append([last.number, last.amount, last.amount + difference])
        last.amount += difference
        last.save(update_fields=["amount"])
        return changed
    remaining = -difference
    for tranche in tranches:
        if remaining <= 0:
            break
        if tranche.amount > remaining:
            changed.append([tranche.number, tranche.amount, tranche.amount - remaining])
            tranche.amount -= remaining
            tranche.save(update_fields=["amount"])
            remaining = Decimal(0)
        else:
            changed.append([tranche.number, tranche.amount, Decimal(0)])
            remaining -= tranche.amount
            tranche.state = TrancheState.CANCELLED
            tranche.save(update_fields=["state"])
    return changed


def contract_paid_or_ordered(contract: Contract) -> Decimal:
    return Tranche.objects.filter(
        contract=contract, state__in=[TrancheState.ORDERED, TrancheState.PAID]
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@dataclass(frozen=True)
class _AmendmentPlan:
    """A checked amendment, not yet applied: the new terms and the item changes as
    (number, old name or None for a new item, name, old amount, new amount)."""

    amount: Decimal
    starts_on: date
    ends_on: date
    item_changes: list[tuple[int, str | None, str, Decimal | None, Decimal]]
    difference: Decimal


def _amendment_plan(
    contract: Contract,
    *,
    amount,
    starts_on: date | None,
    ends_on: date | None,
    items: list[ItemChange] | None,
) -> _AmendmentPlan:
    """Check an amendment against the contract as it is now (everything but the line's
    room, which the ledger decides when it is applied)."""
    new_amount = contract.amount if amount is None else _amount_of(amount, "amount")
    if new_amount <= 0:
        raise ValidationError({"amount": _("The amount must be above zero.")})
    new_start = starts_on or contract.starts_on
    new_end = ends_on or contract.ends_on
    if new_end <= new_start:
        raise ValidationError({"ends_on": _("The contract must end after it starts.")})
    current_items = {item.number: item for item in contract.items.all()}
    item_changes: list[tuple[int, str | None, str, Decimal | None, Decimal]] = []
    if items is not None:
        seen = set()
        next_number = max(current_items, default=0) + 1
        for change in items:
            value = _amount_of(change.amount, "items")
            name = (change.name or "").strip()[:300]
            if value < 0:
                raise ValidationError({"items": _("Item amounts cannot be negative.")})
            if change.number is None:
                if not name and not value:
                    continue
                if not name:
                    raise ValidationError({"items": _("Give the new item a name.")})
                item_changes.append((next_number, None, name, None, value))
                next_number += 1
                continue
            item = current_items.get(change.number)
            if item is None or change.number in seen:
                raise ValidationError({"items": _("An item is not part of this contract.")})
            seen.add(change.number)
            name = name or item.name
            if name != item.name or value != item.amount:
                item_changes.append((item.number, item.name, name, item.amount, value))
    final_items = {number: item.amount for number, item in current_items.items()}
    for number, _old_name, _name, _old, value in item_changes:
        final_items[number] = value
    items_total = sum(final_items.values(), Decimal("0.00"))
    if items_total != new_amount and (items is not None or new_amount != contract.amount):
        raise ValidationError(
            {
                "items": _(
                    "The items add up to %(items)s but the contract amount would be "
                    "%(amount)s: change them together."
                )
                % {
                    "items": money(items_total, contract.currency),
                    "amount": money(new_amount, contract.currency),
                }
            }
        )
    difference = new_amount - contract.amount
    if difference < 0:
        floor = contract_paid_or_ordered(contract)
        if new_amount < floor:
            raise ValidationError(
                {
                    "amount": _("The amount cannot go below what is paid or ordered: %(floor)s.")
                    % {"floor": money(floor, contract.currency)}
                }
            )
    if (
        not difference
        and new_start == contract.starts_on
        and new_end == contract.ends_on
        and (not item_changes)
    ):
        raise ValidationError(_("The amendment changes nothing."))
    return _AmendmentPlan(new_amount, new_start, new_end, item_changes, difference)


def _plan_changes(contract: Contract, plan: _AmendmentPlan) -> dict:
    """What the amendment changes, as recorded on it and in the audit event."""
    changes: dict = {}
    if plan.difference:
        changes["amount"] = [contract.amount, plan.amount]
    if plan.starts_on != contract.starts_on:
        changes["starts_on"] = [contract.starts_on, plan.starts_on]
    if plan.ends_on != contract.ends_on:
        changes["ends_on"] = [contract.ends_on, plan.ends_on]
    if plan.item_changes:
        changes["items"] = [
            {"number": number, "name": [old_name, name], "amount": [old, value]}
            for number, old_name, name, old, value in plan.item_changes
        ]
    return changes


def _amendment_apply(actor: User, contract: Contract, plan: _AmendmentPlan) -> dict:
    """Apply a checked amendment to the locked contract: the difference carried on the open
    tranches and committed or released in the ledger, the items and the terms saved."""
    changes = _plan_changes(contract, plan)
    if plan.difference:
        changes["tranches"] = _spread_difference(contract, plan.difference)
        move = ledger.commit if plan.difference > 0 else ledger.release
        try:
            move(
                line=contract.budget_line,
                contract=contract,
                amount=abs(plan.difference),
                actor=actor,
                note=_("Amendment"),
            )
        except ValidationError as error:
            raise ValidationError({"amount": error.messages}) from None
    for number, old_name, name, _old, value in plan.item_changes:
        if old_name is None:
            ContractItem.objects.create(contract=contract, number=number, name=name, amount=value)
        else:
            ContractItem.objects.filter(contract=contract, number=number).update(
                name=name, amount=value
            )
    contract.amount, contract.starts_on, contract.ends_on = (
        plan.amount,
        plan.starts_on,
        plan.ends_on,
    )
    contract.full_clean()
    contract.save(update_fields=["amount", "starts_on", "ends_on", "updated_at"])
    if "starts_on" in changes or "ends_on" in changes:
        # Imported here: monitoring depends on contracts, not the other way round.
        from hamkori.monitoring.services import reports_reschedule

        rescheduled = reports_reschedule(contract=contract)
        if rescheduled:
            changes["reports"] = rescheduled
    return changes


def amendment_needs_approval(contract: Contract, new_amount: Decimal) -> bool:
    """An increase to an amount above the two-person threshold (or any increase when the
    rule is not set) needs another official's approval before it applies."""
    if new_amount <= contract.amount:
        return False
    threshold = approval_threshold(contract)
    return threshold is None or new_amount > threshold


def _proposal_of(amount, starts_on, ends_on, items) -> dict:
    return _jsonable(
        {
            "amount": amount,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "items": None
            if items is None
            else [[item.number, item.name, item.amount] for item in items],
        }
    )


def _proposal_args(proposal: dict) -> dict:
    def day(value):
        return date.fromisoformat(value) if value else None

    items = proposal.get("items")
    return {
        "amount": proposal.get("amount"),
        "starts_on": day(proposal.get("starts_on")),
        "ends_on": day(proposal.get("ends_on")),
        "items": None
        if items is None
        else [ItemChange(number, name, Decimal(value)) for number, name, value in items],
    }


def _next_amendment_number(contract: Contract) -> int:
    return (contract.amendments.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def contract_amend(
    *,
    actor: User,
    contract: Contract,
    reason: str,
    amount: Decimal | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    items: list[ItemChange] | None = None,
) -> ContractAmendment:
    """A numbered amendment of a contract in force: its amount (the difference is committed
    or released in the ledger, refused beyond the line's room or below what is paid or
    ordered, and carried on the open tranches), its dates or its items (which must add up to
    the amount). The contractor's administrators are told.

    An increase to an amount above the two-person threshold is only proposed: it applies
    when another official approves it (contract_amendment_approve); one proposal at a time."""
    contract = _locked(contract)
    require(can_amend_contract, actor, contract)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    pending = contract.amendments.filter(state=AmendmentState.PROPOSED).first()
    if pending is not None:
        raise ValidationError(
            _(
                "Amendment № %(number)s waits for a second official's approval: approve or "
                "withdraw it first."
            )
            % {"number": pending.number}
        )
    plan = _amendment_plan(
        contract, amount=amount, starts_on=starts_on, ends_on=ends_on, items=items
    )
    number = _next_amendment_number(contract)
    if amendment_needs_approval(contract, plan.amount):
        line = BudgetLine.objects.get(pk=contract.budget_line_id)
        if line.amount - line.committed < plan.difference:
            raise ValidationError(
                {
                    "amount": _(
                        "The budget line %(line)s has %(room)s left of its allocation; "
                        "%(amount)s cannot be committed."
                    )
                    % {
                        "line": line.programme_code,
                        "room": money(line.amount - line.committed, line.currency),
                        "amount": money(plan.difference, line.currency),
                    }
                }
            )
        return _amendment_record(
            actor=actor,
            contract=contract,
            number=number,
            reason=reason,
            changes=_plan_changes(contract, plan),
            state=AmendmentState.PROPOSED,
            proposal=_proposal_of(amount, starts_on, ends_on, items),
        )
    amendment = _amendment_record(
        actor=actor,
        contract=contract,
        number=number,
        reason=reason,
        changes=_amendment_apply(actor, contract, plan),
        state=AmendmentState.APPLIED,
    )
    _mail_contractor(contract, "contracts/emails/amended", {"amendment": amendment})
    return amendment


def _amendment_record(
    *,
    actor: User,
    contract: Contract,
    number: int,
    reason: str,
    changes: dict,
    state: str,
    proposal: dict | None = None,
) -> ContractAmendment:
    """The amendment's row and its audit event: proposed (waiting for a second official) or
    applied."""
    amendment = ContractAmendment(
        contract=contract,
        number=number,
        reason=reason,
        changes=_jsonable(changes),
        state=state,
        created_by=actor,
        created_at=timezone.now(),
    )
    if proposal is not None:
        amendment.proposal = proposal
    amendment.full_clean()
    amendment.save()
    audit_record(
        actor=actor,
        action="contracts.amendment.propose"
        if state == AmendmentState.PROPOSED
        else "contracts.contract.amend",
        obj=contract,
        organisation=contract.funder,
        changes={"number": number, "reason": reason, **changes},
    )
    return amendment


def _locked_amendment(amendment: ContractAmendment) -> tuple[Contract, ContractAmendment]:
    contract = _locked(amendment.contract)
    amendment = ContractAmendment.objects.select_for_update().get(pk=amendment.pk)
    return contract, amendment


@transaction.atomic
def contract_amendment_approve(*, actor: User, amendment: ContractAmendment) -> ContractAmendment:
    """Another official of the funder approves a proposed amendment, which then applies:
    re-checked against the contract as it is now, its difference committed in the ledger
    (refused when the line has no room left) and the contractor told."""
    contract, amendment = _locked_amendment(amendment)
    require(can_amend_contract, actor, contract)
    if amendment.state != AmendmentState.PROPOSED:
        raise ValidationError(_("This amendment is not waiting for approval."))
    if amendment.created_by_id == actor.pk:
        raise ValidationError(_("Another official must approve: you proposed this amendment."))
    plan = _amendment_plan(contract, **_proposal_args(amendment.proposal))
    changes = _amendment_apply(actor, contract, plan)
    amendment.state, amendment.approved_by, amendment.approved_at = (
        AmendmentState.APPLIED,
        actor,
        timezone.now(),
    )
    amendment.changes = _jsonable(changes)
    amendment.full_clean()
    amendment.save(update_fields=["state", "approved_by", "approved_at", "changes"])
    audit_record(
        actor=actor,
        action="contracts.amendment.approve",
        obj=contract,
        organisation=contract.funder,
        changes={
            "number": amendment.number,
            "proposed_by": amendment.created_by_id,
            **changes,
        },
    )
    _mail_contractor(contract, "contracts/emails/amended", {"amendment": amendment})
    return amendment


@transaction.atomic
def contract_amendment_withdraw(*, actor: User, amendment: ContractAmendment) -> ContractAmendment:
    """Withdraw a proposed amendment (an official of the funder); nothing was applied."""
    contract, amendment = _locked_amendment(amendment)
    require(can_amend_contract, actor, contract)
    if amendment.state != AmendmentState.PROPOSED:
        raise ValidationError(_("This amendment is not waiting for approval."))
    amendment.state = AmendmentState.WITHDRAWN
    amendment.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="contracts.amendment.withdraw",
        obj=contract,
        organisation=contract.funder,
        changes={"number": amendment.number, "state": ["proposed", "withdrawn"]},
    )
    return amendment


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def complete_refusal(contract: Contract) -> str | None:
    """Why a contract in force cannot be completed yet, or None: every tranche must be paid
    (or cancelled) and at least one paid — the last one waits for the final report."""
    states = list(contract.tranches.values_list("state", flat=True))
    paid = states.count(TrancheState.PAID)
    if not paid or any(s not in (TrancheState.PAID, TrancheState.CANCELLED) for s in states):
        return _("%(paid)s of %(total)s tranches are paid; every tranche must be paid first.") % {
            "paid": paid,
            "total": len(states),
        }
    return None


@transaction.atomic
def contract_complete(*, actor: User, contract: Contract) -> Contract:
    """Complete a contract whose every tranche is paid (the final one after the final report
    was accepted); anything still committed and unpaid goes back to the budget line."""
    contract = _locked(contract)
    require(can_complete_contract, actor, contract)
    refusal = complete_refusal(contract)
    if refusal:
        raise ValidationError(refusal)
    balance = ledger.contract_balance(contract)
    if balance.open > 0:
        ledger.release(
            line=contract.budget_line,
            contract=contract,
            amount=balance.open,
            actor=actor,
            note=_("Completion"),
        )
    contract.amendments.filter(state=AmendmentState.PROPOSED).update(state=AmendmentState.WITHDRAWN)
    contract.state, contract.completed_at = ContractState.COMPLETED, timezone.now()
    contract.save(update_fields=["state", "completed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.complete",
        obj=contract,
        organisation=contract.funder,
        changes={
            "state": [ContractState.IN_FORCE, ContractState.COMPLETED],
            "released": balance.open,
        },
    )
    return contract


@transaction.atomic
def contract_terminate(*, actor: User, contract: Contract, reason: str) -> Contract:
    """End a contract early with a reason: unpaid orders and tranches are cancelled and what
    it still has committed and unpaid goes back to the budget line."""
    contract = _locked(contract)
    require(can_terminate_contract, actor, contract)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    before = contract.state
    contract.amendments.filter(state=AmendmentState.PROPOSED).update(state=AmendmentState.WITHDRAWN)
    orders = PaymentOrder.objects.filter(contract=contract, state__in=LIVE_ORDER_STATES).update(
        state=PaymentState.CANCELLED, updated_at=timezone.now()
    )
    tranches = (
        Tranche.objects.filter(contract=contract)
        .exclude(state=TrancheState.PAID)
        .update(state=TrancheState.CANCELLED)
    )
    balance = ledger.contract_balance(contract)
    if balance.open > 0:
        ledger.release(
            line=contract.budget_line,
            contract=contract,
            amount=balance.open,
            actor=actor,
            note=_("Termination"),
        )
    contract.state = ContractState.TERMINATED
    contract.terminated_at = timezone.now()
    contract.termination_reason = reason
    contract.full_clean()
    contract.save(update_fields=["state", "terminated_at", "termination_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="contracts.contract.terminate",
        obj=contract,
        organisation=contract.funder,
        changes={
            "state": [before, ContractState.TERMINATED],
            "reason": reason,
            "released": balance.open,
            "orders_cancelled": orders,
            "tranches_cancelled": tranches,
        },
    )
    if before != ContractState.DRAFT:
        _mail_contractor(contract, "contracts/emails/terminated", {"reason": reason})
    return contract


__all__ = [
    "ItemChange",
    "TrancheSpec",
    "add_months",
    "amendment_needs_approval",
    "approval_needed",
    "approval_threshold",
    "award_of",
    "complete_refusal",
    "contract_amend",
    "contract_amendment_approve",
    "contract_amendment_withdraw",
    "contract_approve",
    "contract_complete",
    "contract_discard",
    "contract_end",
    "contract_paid_or_ordered",
    "contract_prepare",
    "contract_send",
    "contract_sign",
    "contract_terminate",
    "contract_tranches_set",
    "local_today",
    "payment_approve",
    "payment_cancel",
    "payment_mark_paid",
    "payment_prepare",
    "plain_number",
    "rule_schedule",
    "send_refusal",
    "split_by_shares",
    "start_refusal",
    "tranches_release",
]
