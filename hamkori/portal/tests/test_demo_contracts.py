"""The demo's contracts, payments and monitoring (issue 5): what a visitor is promised to find."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from hamkori.calls.models import BudgetLine
from hamkori.contracts.models import Contract, ContractAmendment, ContractState, LedgerEntry
from hamkori.decisions.models import DecisionEntry, Outcome
from hamkori.demo.load import demo_load
from hamkori.monitoring.models import ExpostEvaluation, Report, ReportReview, ReportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    return demo_load()


def test_there_are_contracts_in_every_state_and_one_award_left_to_contract(demo):
    states = set(Contract.objects.values_list("state", flat=True))

    assert states == set(ContractState.values)
    awards = DecisionEntry.objects.filter(
        outcome=Outcome.AWARD, meeting__call__result__isnull=False
    )
    without = awards.exclude(application__contract__isnull=False)
    assert without.count() == 1
    assert without.get().application.call.reference.startswith("KZ-SA")


def test_the_demo_shows_an_amendment_a_returned_report_an_overdue_one_and_an_evaluation(demo):
    assert ContractAmendment.objects.exists()
    assert ReportReview.objects.filter(accepted=False).exists()
    assert Report.objects.filter(state=ReportState.DRAFT, due_on__lt=timezone.localdate()).exists()
    evaluation = ExpostEvaluation.objects.get()
    assert evaluation.published_at is not None
    assert evaluation.contract.state == ContractState.COMPLETED
    assert evaluation.scores.count() == 5


def test_every_budget_lines_totals_are_the_sums_of_its_ledger(demo):
    for line in BudgetLine.objects.all():
        sums = {
            kind: LedgerEntry.objects.filter(budget_line=line, kind=kind).aggregate(
                total=Sum("amount")
            )["total"]
            or 0
            for kind in ("commit", "release", "disburse")
        }
        assert line.committed == sums["commit"] - sums["release"]
        assert line.disbursed == sums["disburse"]
        assert 0 <= line.disbursed <= line.committed <= line.amount
