"""The ledger: each movement is refused when it would break committed ≤ allocated or
disbursed ≤ committed, and random sequences of commit, amend, pay and terminate never break
the invariants nor the equality of a line's totals with the sums of its ledger rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hamkori.calls.models import BudgetLine
from hamkori.calls.tests.factories import budget_line_make
from hamkori.contracts import ledger, services
from hamkori.contracts.models import Contract, LedgerEntry, TrancheState
from hamkori.contracts.tests.factories import contract_draft, contract_in_force

pytestmark = pytest.mark.django_db


def _fresh(line) -> BudgetLine:
    return BudgetLine.objects.get(pk=line.pk)


def test_a_commit_beyond_the_room_left_is_refused_and_writes_nothing():
    # given a line of 1,000.00 with 600.00 committed
    contract = contract_draft()
    line = budget_line_make(plan=contract.call.plan, amount=Decimal("1000.00"))
    ledger.commit(line=line, contract=contract, amount=Decimal("600.00"), actor=None)
    # when 400.01 more is committed
    with pytest.raises(ValidationError) as refused:
        ledger.commit(line=line, contract=contract, amount=Decimal("400.01"), actor=None)
    # then it is refused with what is left, and the line and its ledger are unchanged
    assert "400,00" in refused.value.messages[0] or "400.00" in refused.value.messages[0]
    assert _fresh(line).committed == Decimal("600.00")
    assert LedgerEntry.objects.filter(budget_line=line).count() == 1
    # and exactly the rest still fits
    ledger.commit(line=line, contract=contract, amount=Decimal("400.00"), actor=None)
    assert _fresh(line).committed == line.amount


def test_release_and_disburse_are_refused_beyond_what_is_committed_and_unpaid():
    # given 500.00 committed on a line, then 300.00 paid (a payment of 500.01 is refused)
    contract = contract_draft()
    line = budget_line_make(plan=contract.call.plan, amount=Decimal("1000.00"))
    ledger.commit(line=line, contract=contract, amount=Decimal("500.00"), actor=None)
    with pytest.raises(ValidationError):
        ledger.disburse(
            line=line, contract=contract, payment_order=None, amount=Decimal("500.01"), actor=None
        )
    ledger.disburse(
        line=line, contract=contract, payment_order=None, amount=Decimal("300.00"), actor=None
    )
    # when more than the 200.00 committed and unpaid is released, it is refused
    with pytest.raises(ValidationError):
        ledger.release(line=line, contract=contract, amount=Decimal("200.01"), actor=None)
    # then exactly that much can be released
    ledger.release(line=line, contract=contract, amount=Decimal("200.00"), actor=None)
    line = _fresh(line)
    assert (line.committed, line.disbursed) == (Decimal("300.00"), Decimal("300.00"))


@pytest.mark.parametrize("amount", ["0", "-1.00", "0.001"])
def test_a_movement_must_be_a_positive_amount_in_cents(amount):
    contract = contract_draft()
    line = budget_line_make(plan=contract.call.plan, amount=Decimal("1000.00"))
    with pytest.raises(ValidationError):
        ledger.commit(line=line, contract=contract, amount=Decimal(amount), actor=None)


# --- random sequences through the services ------------------------------------------------

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("amend"), st.integers(min_value=-400_000_000, max_value=300_000_000)),
        st.tuples(st.just("pay"), st.just(0)),
        st.tuples(
            st.just("release"),
            st.sampled_from(["interim_report_accepted", "final_report_accepted"]),
        ),
        st.tuples(st.just("terminate"), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


def _apply(contract: Contract, operation) -> None:
    name, value = operation
    official, second = contract.official, contract.second_official
    if name == "amend":
        current = Contract.objects.get(pk=contract.pk)
        delta = Decimal(value) / 100
        items = list(current.items.order_by("number"))
        changes = [services.ItemChange(i.number, i.name, i.amount) for i in items]
        changes[0] = services.ItemChange(items[0].number, items[0].name, items[0].amount + delta)
        services.contract_amend(
            actor=official,
            contract=current,
            reason="Scope changed.",
            amount=current.amount + delta,
            items=changes,
        )
    elif name == "pay":
        tranche = contract.tranches.filter(state=TrancheState.DUE).order_by("number").first()
        if tranche is None:
            return
        order = services.payment_prepare(actor=official, tranche=tranche)
        services.payment_approve(actor=second, order=order)
        services.payment_mark_paid(
            actor=official, order=order, paid_on=services.local_today(contract), reference="PP"
        )
    elif name == "release":
        services.tranches_release(actor=official, contract=contract, condition=value)
    else:
        services.contract_terminate(actor=official, contract=contract, reason="Stopped.")


def _check_invariants(contract: Contract) -> None:
    line = _fresh(contract.budget_line)
    assert Decimal(0) <= line.disbursed <= line.committed <= line.amount
    sums = ledger.line_balance(line)
    assert (sums.committed, sums.disbursed) == (line.committed, line.disbursed)
    contract = Contract.objects.get(pk=contract.pk)
    balance = ledger.contract_balance(contract)
    tranches = contract.tranches.all()
    paid = tranches.filter(state=TrancheState.PAID).aggregate(s=Sum("amount"))["s"] or 0
    assert balance.disbursed == paid
    if contract.state == "terminated":
        assert balance.committed == balance.disbursed
    else:
        assert balance.committed == contract.amount
        live = tranches.exclude(state=TrancheState.CANCELLED).aggregate(s=Sum("amount"))["s"]
        assert live == contract.amount
        assert contract.items.aggregate(s=Sum("amount"))["s"] == contract.amount


def test_random_sequences_of_amend_pay_release_and_terminate_keep_the_ledger_whole():
    # given a contract in force of 4,500,000.00 with three tranches, on a line with
    # 2,000,000.00 more room than the contract takes
    contract = contract_in_force(
        line_amount="6500000.00",
        schedule=[
            ("0.4", "signature"),
            ("0.3", "interim_report_accepted"),
            ("0.3", "final_report_accepted"),
        ],
    )

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(operations=OPERATIONS)
    # Found by this test: on SQLite the release at termination once broke the line's
    # constraint by a float's hair (now absorbed by the half-cent margin).
    @example(operations=[("pay", 0), ("amend", 19110), ("terminate", 0)])
    def run(operations):
        # each example starts from the same contract: its changes are rolled back after
        with transaction.atomic():
            for operation in operations:
                try:
                    with transaction.atomic():
                        _apply(contract, operation)
                except (ValidationError, PermissionDenied):
                    pass  # refused as a whole: nothing of it may remain
                # then after every step the invariants hold
                _check_invariants(contract)
            transaction.set_rollback(True)

    run()
