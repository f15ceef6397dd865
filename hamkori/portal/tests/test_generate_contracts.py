"""`hamkori generate` for contracts: decisions, contracts in every state, payment orders signed
off by two officials, a ledger that adds up to the budget lines' totals, and reports."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from hamkori.calls.models import HALF_CENT, BudgetLine
from hamkori.contracts.ledger import contract_balance, line_balance
from hamkori.contracts.models import (
    Contract,
    ContractState,
    LedgerEntry,
    PaymentOrder,
    PaymentState,
    Signature,
    Tranche,
    TrancheState,
)
from hamkori.decisions.models import DecisionEntry, Result
from hamkori.demo.generate import GenerateOptions, generate
from hamkori.monitoring.models import FinancialLine, IndicatorActual, Report, ReportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def options(**changes) -> GenerateOptions:
    values = {"orgs": 150, "members_per_org": 1, "seed": 7, "calls": 30, "lots_per_call": 2,
              "applications": 400, "batch_size": 100}  # fmt: skip
    return GenerateOptions(**{**values, **changes})


def test_generate_makes_contracts_in_every_state_with_payments_ledger_and_reports(
    reference_data, fast_hashing
):
    # when
    counts = generate(options())
    # then the counts are the rows
    assert counts["contracts"] == Contract.objects.count() >= 5
    assert counts["payment orders"] == PaymentOrder.objects.count() > 0
    assert counts["ledger entries"] == LedgerEntry.objects.count() > 0
    assert counts["reports"] == Report.objects.count() > 0
    assert counts["indicator actuals"] == IndicatorActual.objects.count() > 0
    assert counts["financial lines"] == FinancialLine.objects.count() > 0
    # and every contract state occurs, payments have been made and reports accepted
    assert set(Contract.objects.values_list("state", flat=True)) == set(ContractState.values)
    assert PaymentOrder.objects.filter(state=PaymentState.PAID).exists()
    assert Report.objects.filter(state=ReportState.ACCEPTED).exists()
    assert Report.objects.filter(state=ReportState.DRAFT).exists()


def test_generated_contracts_keep_the_ledger_and_the_decisions_consistent(
    reference_data, fast_hashing
):
    # given
    generate(options(seed=11))
    # then each budget line's totals are the sums of its ledger rows, within its allocation
    lines = BudgetLine.objects.filter(ledger__isnull=False).distinct()
    assert lines.exists()
    for line in lines:
        balance = line_balance(line)
        assert (balance.committed, balance.disbursed) == (line.committed, line.disbursed)
        assert 0 <= line.disbursed <= line.committed + HALF_CENT
        assert line.committed <= line.amount + HALF_CENT
    # and each contract is a published award, its money matching its state
    for contract in Contract.objects.select_related("call", "lot", "application"):
        entry = DecisionEntry.objects.get(application=contract.application, outcome="award")
        assert Result.objects.get(call=contract.call).meeting_id == entry.meeting_id
        assert entry.amount == contract.amount <= contract.lot.budget
        assert contract.budget_line_id == contract.lot.budget_line_id
        assert contract.call.state in ("decided", "final")
        tranches = list(contract.tranches.all())
        assert sum(t.amount for t in tranches) == contract.amount
        assert contract.items.aggregate(total=Sum("amount"))["total"] == contract.amount
        balance = contract_balance(contract)
        paid = sum(
            (o.amount for o in contract.orders.all() if o.state == PaymentState.PAID), Decimal(0)
        )
        assert balance.disbursed == paid
        signatures = Counter(contract.signatures.values_list("party", flat=True))
        if contract.state == ContractState.DRAFT:
            assert balance.committed == 0 and not signatures
        elif contract.state == ContractState.SIGNING:
            assert balance.committed == contract.amount and signatures["contractor"] == 0
        elif contract.state == ContractState.IN_FORCE:
            assert balance.committed == contract.amount and len(signatures) == 2
            assert contract.reports.exists()
        elif contract.state == ContractState.COMPLETED:
            assert balance.committed == paid == contract.amount
            assert {t.state for t in tranches} == {TrancheState.PAID}
            assert set(contract.reports.values_list("state", flat=True)) == {"accepted"}
        else:
            assert contract.termination_reason and balance.committed == paid
            assert not any(t.state in ("waiting", "due", "ordered") for t in tranches)
    # and every approved or paid order was signed off by a second official
    for order in PaymentOrder.objects.select_related("tranche"):
        if order.state in (PaymentState.APPROVED, PaymentState.PAID):
            assert order.approved_by_id not in (None, order.prepared_by_id)
        if order.state == PaymentState.PAID:
            assert order.tranche.state == TrancheState.PAID and order.payment_reference
            assert order.paid_on >= order.created_at.date()
    assert (
        not Contract.objects.filter(approved_by_id__isnull=False)
        .filter(approved_by_id=F("created_by_id"))
        .exists()
    )
    assert (
        Tranche.objects.filter(state=TrancheState.PAID).count()
        == PaymentOrder.objects.filter(state=PaymentState.PAID).count()
    )
    # and reports fall due on the contract's schedule
    for report in Report.objects.select_related("contract"):
        assert report.contract.starts_on <= report.period_start <= report.period_end
        assert report.period_end <= report.contract.ends_on
        if report.state != ReportState.DRAFT:
            assert report.submitted_at is not None and report.submitted_by_id is not None
    assert Signature.objects.count() > 0


def test_the_contracts_option_limits_and_reports_them(reference_data, fast_hashing):
    # when
    out = StringIO()
    call_command(
        "generate", "--orgs", "120", "--members-per-org", "1", "--jurisdiction", "KZ",
        "--calls", "16", "--applications", "250", "--contracts", "4",
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    # then exactly four contracts, counted in the output, and none with --contracts 0
    assert Contract.objects.count() == 4
    assert "contracts: 4" in out.getvalue() and "ledger entries:" in out.getvalue()
    assert "contracts by state:" in out.getvalue()
    before = Contract.objects.count()
    call_command(
        "generate", "--orgs", "50", "--calls", "6", "--applications", "80", "--contracts", "0",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    assert Contract.objects.count() == before
