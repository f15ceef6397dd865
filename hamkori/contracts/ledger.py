"""The only code that moves a budget line's money (issue 5, "Money").

Each movement is one conditional UPDATE of the line — the condition is the invariant the move
could break — plus its LedgerEntry row, in one transaction. When the UPDATE changes no row the
move would have broken committed ≤ allocated or disbursed ≤ committed: nothing is written and
the caller gets a ValidationError saying what is left. The database re-checks the condition on
the locked row (PostgreSQL re-evaluates the WHERE after waiting for a concurrent writer; SQLite
runs one writer at a time), so two requests can never both take the last room on a line: no
value is read in Python and written back. The database constraints on calls.BudgetLine are
the second line of defence. Every amount is whole cents; the conditions allow half a cent for
SQLite's binary floating point, as the constraints do.

Limits that concern one contract (never release or pay more than the contract has committed)
are checked by the services, which hold the contract's row lock while they call in here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.calls.models import HALF_CENT, BudgetLine
from hamkori.contracts.models import Contract, LedgerEntry, LedgerKind, PaymentOrder
from hamkori.core.templatetags.hamkori import money

CENT = Decimal("0.01")


def _checked(amount: Decimal) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError(_("A ledger movement is a positive amount in whole cents."))
    return amount


def _entry(*, line, contract, kind, amount, actor, payment_order=None, note="") -> LedgerEntry:
    return LedgerEntry.objects.create(
        budget_line_id=line.pk,
        contract=contract,
        payment_order=payment_order,
        kind=kind,
        amount=amount,
        actor=actor,
        at=timezone.now(),
        note=note[:300],
    )


def _line_now(line) -> BudgetLine:
    # Read only to word the refusal; the decision was the UPDATE's.
    return BudgetLine.objects.get(pk=line.pk)


@transaction.atomic
def commit(*, line, contract: Contract, amount: Decimal, actor, note: str = "") -> LedgerEntry:
    """Commit `amount` of the line to the contract; refused when the line's allocation has
    less room left."""
    amount = _checked(amount)
    moved = BudgetLine.objects.filter(
        pk=line.pk, committed__lte=F("amount") - amount + HALF_CENT
    ).update(committed=F("committed") + amount)
    if not moved:
        current = _line_now(line)
        raise ValidationError(
            _(
                "The budget line %(line)s has %(room)s left of its allocation of %(allocated)s; "
                "%(amount)s cannot be committed."
            )
            % {
                "line": current.programme_code,
                "room": money(current.amount - current.committed, current.currency),
                "allocated": money(current.amount, current.currency),
                "amount": money(amount, current.currency),
            }
        )
    return _entry(
        line=line, contract=contract, kind=LedgerKind.COMMIT, amount=amount, actor=actor, note=note
    )


@transaction.atomic
def release(*, line, contract: Contract, amount: Decimal, actor, note: str = "") -> LedgerEntry:
    """Give back `amount` of the contract's commitment to the line; never below what the
    line has disbursed."""
    amount = _checked(amount)
    moved = BudgetLine.objects.filter(
        pk=line.pk, committed__gte=F("disbursed") + amount - HALF_CENT
    ).update(committed=F("committed") - amount)
    if not moved:
        current = _line_now(line)
        raise ValidationError(
            _(
                "%(amount)s cannot be released from the budget line %(line)s: only "
                "%(free)s of its commitments is not yet paid out."
            )
            % {
                "amount": money(amount, current.currency),
                "line": current.programme_code,
                "free": money(current.committed - current.disbursed, current.currency),
            }
        )
    return _entry(
        line=line, contract=contract, kind=LedgerKind.RELEASE, amount=amount, actor=actor, note=note
    )


@transaction.atomic
def disburse(
    *,
    line,
    contract: Contract,
    payment_order: PaymentOrder,
    amount: Decimal,
    actor,
    note: str = "",
) -> LedgerEntry:
    """Record a payment of `amount`; refused when it would exceed what the line has
    committed."""
    amount = _checked(amount)
    moved = BudgetLine.objects.filter(
        pk=line.pk, disbursed__lte=F("committed") - amount + HALF_CENT
    ).update(disbursed=F("disbursed") + amount)
    if not moved:
        current = _line_now(line)
        raise ValidationError(
            _(
                "%(amount)s cannot be paid from the budget line %(line)s: only %(free)s of its "
                "commitments is not yet paid out."
            )
            % {
                "amount": money(amount, current.currency),
                "line": current.programme_code,
                "free": money(current.committed - current.disbursed, current.currency),
            }
        )
    return _entry(
        line=line,
        contract=contract,
        kind=LedgerKind.DISBURSE,
        amount=amount,
        actor=actor,
        payment_order=payment_order,
        note=note,
    )


@dataclass(frozen=True)
class Balance:
    """Money of a contract (or a line) according to its ledger rows."""

    committed: Decimal
    disbursed: Decimal

    @property
    def open(self) -> Decimal:
        """Committed and not yet paid: what termination releases."""
        return self.committed - self.disbursed


def _balance(entries) -> Balance:
    sums = entries.aggregate(
        commit=Sum("amount", filter=Q(kind=LedgerKind.COMMIT)),
        release=Sum("amount", filter=Q(kind=LedgerKind.RELEASE)),
        disburse=Sum("amount", filter=Q(kind=LedgerKind.DISBURSE)),
    )
    zero = Decimal("0.00")
    return Balance(
        committed=(sums["commit"] or zero) - (sums["release"] or zero),
        disbursed=sums["disburse"] or zero,
    )


def contract_balance(contract: Contract) -> Balance:
    """The contract's commitment and payments, summed from its ledger rows (one query)."""
    return _balance(LedgerEntry.objects.filter(contract=contract))


def line_balance(line) -> Balance:
    """The line's totals as its ledger rows give them; equal to the line's columns."""
    return _balance(LedgerEntry.objects.filter(budget_line_id=line.pk))


__all__ = ["Balance", "commit", "contract_balance", "disburse", "line_balance", "release"]
