"""Behaviour of the contract services: preparing from the published decision, the second
approval, sending (the commitment), signing into force, payments with two people, amendments,
completion and termination."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hamkori.applications.tests.factories import complete_content
from hamkori.calls.models import BudgetLine
from hamkori.contracts import ledger, services
from hamkori.contracts.models import Contract, ContractKind, PaymentOrder, Signature
from hamkori.contracts.tests.factories import (
    contract_draft,
    contract_in_force,
    contract_signing,
    funded_application,
    tranche_paid,
)
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.decisions.models import DecisionEntry
from hamkori.decisions.tests.factories import official_of

pytestmark = pytest.mark.django_db


def test_a_draft_takes_the_award_the_lot_the_rules_schedule_and_the_budget_items():
    # given a funded application whose award is less than requested (4,500,000.00 → 3,000,000.00)
    application = funded_application()
    DecisionEntry.objects.filter(application=application).update(amount=Decimal("3000000.00"))
    # when the body's official prepares its contract
    contract = services.contract_prepare(
        actor=official_of(application.call), application=application, starts_on=date(2027, 1, 15)
    )
    # then it is a grant agreement of the award, numbered after the call, for the lot's term
    assert contract.kind == ContractKind.GRANT
    assert contract.reference == f"{application.call.reference}-C1"
    assert contract.amount == Decimal("3000000.00")
    assert (contract.starts_on, contract.ends_on) == (date(2027, 1, 15), date(2027, 7, 14))
    assert contract.budget_line == application.lot.budget_line
    assert contract.state == "draft"
    # and its items are the budget lines scaled to the award, adding up exactly
    assert [i.amount for i in contract.items.all()] == [
        Decimal("2000000.00"),
        Decimal("1000000.00"),
    ]
    # and the tranches are the rule set's 50 % after signature and 50 % after the final report
    assert [(t.amount, t.condition) for t in contract.tranches.all()] == [
        (Decimal("1500000.00"), "signature"),
        (Decimal("1500000.00"), "final_report_accepted"),
    ]
    assert AuditEvent.objects.filter(action="contracts.contract.prepare").count() == 1


def test_uneven_shares_give_the_rounding_to_the_last_tranche():
    assert services.split_by_shares(Decimal("100.00"), [Decimal(1) / 3] * 3) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]


def test_a_scaled_budget_with_odd_cents_still_adds_up_to_the_award():
    application = funded_application()
    application.content = complete_content(
        budget=[
            {"category": "staff", "item": "A", "amount": "1000000.01", "cofinancing": "0"},
            {"category": "travel", "item": "B", "amount": "3499999.99", "cofinancing": "0"},
        ]
    )
    application.save(update_fields=["content"])
    DecisionEntry.objects.filter(application=application).update(amount=Decimal("3333333.33"))
    contract = services.contract_prepare(
        actor=official_of(application.call), application=application
    )
    assert sum(i.amount for i in contract.items.all()) == Decimal("3333333.33")


def test_a_lot_without_a_budget_line_needs_one_of_the_plans_lines():
    application = funded_application(on_lot=False)
    official = official_of(application.call)
    with pytest.raises(ValidationError) as refused:
        services.contract_prepare(actor=official, application=application)
    assert "budget_line" in refused.value.message_dict
    contract = services.contract_prepare(
        actor=official, application=application, budget_line=application.line
    )
    assert contract.budget_line == application.line


def test_only_funded_applications_of_a_published_decision_get_one_contract():
    application = funded_application()
    official = official_of(application.call)
    reserve = (
        DecisionEntry.objects.exclude(outcome="award")
        .filter(application__call=application.call)
        .first()
    )
    with pytest.raises(ValidationError, match="does not fund"):
        services.contract_prepare(actor=official, application=reserve.application)
    services.contract_prepare(actor=official, application=application)
    with pytest.raises(ValidationError, match="already has a contract"):
        services.contract_prepare(actor=official, application=application)


def test_sending_commits_the_amount_and_is_refused_when_the_line_has_no_room():
    # given a draft on a line with room for less than its amount
    contract = contract_draft(line_amount="4000000.00")
    # when it is sent
    with pytest.raises(ValidationError, match="cannot be committed"):
        services.contract_send(actor=contract.official, contract=contract)
    # then it stays a draft and nothing is committed
    assert Contract.objects.get(pk=contract.pk).state == "draft"
    assert BudgetLine.objects.get(pk=contract.budget_line_id).committed == 0
    # and on a line with room it goes to signature with the amount committed, contractor told
    other = contract_signing()
    assert other.state == "signing"
    assert BudgetLine.objects.get(pk=other.budget_line_id).committed == other.amount
    assert OutboxEmail.objects.filter(subject__contains=other.reference).exists()


def test_above_the_threshold_a_second_official_approves_and_never_the_preparer():
    # given a Tajik social-order contract of 4,500,000 TJS, above the 100,000 TJS threshold
    contract = contract_draft(jurisdiction="TJ", instrument="sso")
    assert contract.kind == ContractKind.SSO
    assert services.approval_threshold(contract) == Decimal("100000")
    # when it is sent without approval, it is refused with the reason
    with pytest.raises(ValidationError, match="second official must approve"):
        services.contract_send(actor=contract.official, contract=contract)
    # and the preparer cannot approve it
    with pytest.raises(ValidationError, match="you prepared this contract"):
        services.contract_approve(actor=contract.official, contract=contract)
    # then another official approves and it can be sent
    services.contract_approve(actor=contract.second_official, contract=contract)
    assert services.contract_send(actor=contract.official, contract=contract).state == "signing"


def test_the_database_refuses_an_approval_by_the_preparer():
    contract = contract_draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(approved_by=contract.official)


def test_below_the_threshold_in_kazakhstan_no_second_approval_is_needed():
    # 3,000 MRP × 4,325 KZT (2026) is 12,975,000 KZT; the contract is 4,500,000
    contract = contract_draft()
    assert services.approval_needed(contract) is (
        contract.amount > services.approval_threshold(contract)
    )
    assert services.send_refusal(contract) is None


def test_both_signatures_bring_it_into_force_with_the_same_document_digest():
    contract = contract_in_force(
        schedule=[
            ("0.4", "signature"),
            ("0.3", "interim_report_accepted"),
            ("0.3", "final_report_accepted"),
        ]
    )
    signatures = list(Signature.objects.filter(contract=contract))
    assert {s.party for s in signatures} == {"funder", "contractor"}
    assert {s.method for s in signatures} == {"platform"}
    assert len({s.document_sha256 for s in signatures}) == 1
    assert contract.state == "in_force" and contract.in_force_at is not None
    assert [t.state for t in contract.tranches.all()] == ["due", "waiting", "waiting"]
    # the monitoring app scheduled one interim and the final report
    assert sorted(contract.reports.values_list("kind", flat=True)) == ["final", "interim"]


def test_a_party_signs_once_and_the_platform_needs_the_confirmation():
    from hamkori.contracts.signing import PlatformConfirmation

    contract = contract_signing()
    with pytest.raises(ValidationError) as refused:
        services.contract_sign(
            actor=contract.official,
            contract=contract,
            provider=PlatformConfirmation(confirmed=False),
        )
    assert "confirm" in refused.value.message_dict
    services.contract_sign(actor=contract.official, contract=contract)
    with pytest.raises(ValidationError, match="already signed"):
        services.contract_sign(actor=contract.second_official, contract=contract)
    assert Contract.objects.get(pk=contract.pk).state == "signing"


def test_a_payment_needs_two_officials_then_the_bank_reference_disburses_it():
    contract = contract_in_force()
    tranche = contract.tranches.get(number=1)
    order = services.payment_prepare(actor=contract.official, tranche=tranche)
    # the preparer cannot approve it, with a message before the database would refuse
    with pytest.raises(ValidationError, match="you prepared this payment order"):
        services.payment_approve(actor=contract.official, order=order)
    # it cannot be paid before approval
    with pytest.raises(ValidationError, match="approved payment order"):
        services.payment_mark_paid(
            actor=contract.official, order=order, paid_on=date.today(), reference="X"
        )
    services.payment_approve(actor=contract.second_official, order=order)
    today = services.local_today(contract)
    with pytest.raises(ValidationError) as refused:
        services.payment_mark_paid(
            actor=contract.official, order=order, paid_on=today + timedelta(days=1), reference=""
        )
    assert set(refused.value.message_dict) == {"paid_on", "reference"}
    services.payment_mark_paid(
        actor=contract.official, order=order, paid_on=today, reference="PP-0042"
    )
    line = BudgetLine.objects.get(pk=contract.budget_line_id)
    assert line.disbursed == tranche.amount
    assert PaymentOrder.objects.get(pk=order.pk).state == "paid"
    assert contract.tranches.get(number=1).state == "paid"


def test_the_database_refuses_a_payment_approved_by_its_preparer():
    contract = contract_in_force()
    order = services.payment_prepare(
        actor=contract.official, tranche=contract.tranches.get(number=1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentOrder.objects.filter(pk=order.pk).update(approved_by=contract.official)


def test_an_amendment_up_commits_the_difference_and_is_refused_beyond_the_line():
    # given a contract of 4,500,000.00 on a line of 5,000,000.00
    contract = contract_in_force(line_amount="5000000.00")
    items = list(contract.items.all())

    def amend(amount, first_item):
        changes = [services.ItemChange(i.number, i.name, i.amount) for i in items]
        changes[0] = services.ItemChange(items[0].number, items[0].name, Decimal(first_item))
        return services.contract_amend(
            actor=contract.official,
            contract=contract,
            reason="More children.",
            amount=Decimal(amount),
            items=changes,
        )

    # when it is raised beyond the line, it is refused at the amount
    with pytest.raises(ValidationError) as refused:
        amend("5000000.01", "3500000.01")
    assert "amount" in refused.value.message_dict
    # when the items do not follow the amount, it is refused at the items
    with pytest.raises(ValidationError) as refused:
        amend("4800000.00", "3000000.00")
    assert "items" in refused.value.message_dict
    # then a raise within the line commits the difference, carried on the last open tranche
    amendment = amend("4800000.00", "3300000.00")
    assert amendment.number == 1
    line = BudgetLine.objects.get(pk=contract.budget_line_id)
    assert line.committed == Decimal("4800000.00")
    assert [t.amount for t in contract.tranches.all()] == [
        Decimal("2250000.00"),
        Decimal("2550000.00"),
    ]
    assert amendment.changes["amount"] == ["4500000.00", "4800000.00"]
    # the contractor is told, in their own language: the subject names the contract and "№ 1"
    assert OutboxEmail.objects.filter(
        subject__contains=contract.reference, subject__endswith="№ 1"
    ).exists()


def test_an_amendment_down_releases_and_never_below_what_is_paid():
    contract = contract_in_force()
    tranche_paid(contract, 1)  # 2,250,000.00 paid
    items = list(contract.items.all())
    with pytest.raises(ValidationError, match="below what is paid"):
        services.contract_amend(
            actor=contract.official,
            contract=contract,
            reason="Less.",
            amount=Decimal("2000000.00"),
            items=[
                services.ItemChange(items[0].number, items[0].name, Decimal("500000.00")),
                services.ItemChange(items[1].number, items[1].name, Decimal("1500000.00")),
            ],
        )
    services.contract_amend(
        actor=contract.official,
        contract=contract,
        reason="Less.",
        amount=Decimal("3000000.00"),
        items=[
            services.ItemChange(items[0].number, items[0].name, Decimal("1500000.00")),
            services.ItemChange(items[1].number, items[1].name, Decimal("1500000.00")),
        ],
    )
    assert ledger.contract_balance(contract).committed == Decimal("3000000.00")
    assert contract.tranches.get(number=2).amount == Decimal("750000.00")


def test_dates_are_amended_with_a_reason_and_an_empty_amendment_is_refused():
    contract = contract_in_force()
    with pytest.raises(ValidationError, match="changes nothing"):
        services.contract_amend(actor=contract.official, contract=contract, reason="None.")
    with pytest.raises(ValidationError) as refused:
        services.contract_amend(
            actor=contract.official, contract=contract, reason="", ends_on=contract.ends_on
        )
    assert "reason" in refused.value.message_dict
    later = contract.ends_on + timedelta(days=30)
    services.contract_amend(
        actor=contract.official, contract=contract, reason="Delay.", ends_on=later
    )
    assert Contract.objects.get(pk=contract.pk).ends_on == later


def test_termination_releases_the_unpaid_commitment_and_cancels_the_rest():
    contract = contract_in_force()
    tranche_paid(contract, 1)
    with pytest.raises(ValidationError):
        services.contract_terminate(actor=contract.official, contract=contract, reason=" ")
    services.contract_terminate(actor=contract.official, contract=contract, reason="NGO closed.")
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.state == "terminated" and contract.termination_reason == "NGO closed."
    assert [t.state for t in contract.tranches.all()] == ["paid", "cancelled"]
    line = BudgetLine.objects.get(pk=contract.budget_line_id)
    assert line.committed == line.disbursed == Decimal("2250000.00")


def test_completion_waits_for_every_tranche_to_be_paid():
    contract = contract_in_force()
    tranche_paid(contract, 1)
    with pytest.raises(ValidationError, match="1 of 2 tranches are paid"):
        services.contract_complete(actor=contract.official, contract=contract)
    released = services.tranches_release(
        actor=contract.official, contract=contract, condition="final_report_accepted"
    )
    assert [t.number for t in released] == [2]
    tranche_paid(contract, 2)
    assert (
        services.contract_complete(actor=contract.official, contract=contract).state == "completed"
    )
    line = BudgetLine.objects.get(pk=contract.budget_line_id)
    assert line.committed == line.disbursed == contract.amount


def test_a_draft_without_a_rule_schedule_cannot_be_sent_until_one_is_set():
    contract = contract_draft(instrument="subsidy")
    assert contract.kind == ContractKind.SUBSIDY
    assert contract.tranches.count() == 0
    assert services.send_refusal(contract) == "Set the tranche schedule first."
    with pytest.raises(ValidationError, match="100"):
        services.contract_tranches_set(
            actor=contract.official,
            contract=contract,
            schedule=[services.TrancheSpec(Decimal("0.5"), "signature")],
        )
    services.contract_tranches_set(
        actor=contract.official,
        contract=contract,
        schedule=[services.TrancheSpec(Decimal("1"), "signature")],
    )
    assert services.send_refusal(contract) is None
