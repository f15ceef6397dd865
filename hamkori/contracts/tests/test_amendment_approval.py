"""An increase of a contract above the two-person threshold is only proposed: another
official of the funder approves it — never the one who proposed it — and only then is it
applied (the ledger commits, the last open tranche grows). Other amendments apply at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hamkori.calls.models import BudgetLine
from hamkori.contracts import services
from hamkori.contracts.models import ContractAmendment, LedgerEntry
from hamkori.contracts.tests.factories import contract_in_force
from hamkori.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _raise(contract, actor, amount: str):
    """Amend the contract to `amount`, the first item taking the difference."""
    items = list(contract.items.all())
    difference = Decimal(amount) - contract.amount
    first = items[0]
    return services.contract_amend(
        actor=actor,
        contract=contract,
        reason="A second group of children.",
        amount=Decimal(amount),
        items=[services.ItemChange(first.number, first.name, first.amount + difference)],
    )


def _tajik_contract():
    # 4,500,000 TJS, above the 100,000 TJS threshold
    contract = contract_in_force(jurisdiction="TJ", instrument="sso")
    assert contract.amount > services.approval_threshold(contract)
    return contract


def test_a_raise_above_the_threshold_waits_for_another_official_and_then_applies():
    # given a Tajik contract in force and the line's commitment
    contract = _tajik_contract()
    line_before = BudgetLine.objects.get(pk=contract.budget_line_id).committed
    tranches_before = [t.amount for t in contract.tranches.all()]
    # when its official raises it
    amendment = _raise(contract, contract.official, "5000000.00")
    # then it is only proposed: nothing moved
    assert amendment.state == "proposed"
    contract.refresh_from_db()
    assert contract.amount == Decimal("4500000.00")
    assert BudgetLine.objects.get(pk=contract.budget_line_id).committed == line_before
    assert [t.amount for t in contract.tranches.all()] == tranches_before
    assert AuditEvent.objects.filter(action="contracts.amendment.propose").count() == 1
    # and the one who proposed it cannot approve it
    with pytest.raises(ValidationError, match="you proposed this amendment"):
        services.contract_amendment_approve(actor=contract.official, amendment=amendment)
    # nor can another amendment be made meanwhile
    with pytest.raises(ValidationError, match="waits for a second official"):
        services.contract_amend(
            actor=contract.second_official,
            contract=contract,
            reason="Later end.",
            ends_on=contract.ends_on.replace(year=contract.ends_on.year + 1),
        )
    # when another official approves it, it applies: committed, carried on the last tranche
    approved = services.contract_amendment_approve(
        actor=contract.second_official, amendment=amendment
    )
    assert approved.state == "applied"
    assert approved.approved_by == contract.second_official
    contract.refresh_from_db()
    assert contract.amount == Decimal("5000000.00")
    assert BudgetLine.objects.get(pk=contract.budget_line_id).committed == line_before + 500000
    assert contract.tranches.order_by("-number").first().amount == tranches_before[-1] + 500000
    assert LedgerEntry.objects.filter(contract=contract, note="Amendment").count() == 1
    assert approved.changes["amount"] == ["4500000.00", "5000000.00"]
    assert AuditEvent.objects.filter(action="contracts.amendment.approve").count() == 1


def test_a_proposed_amendment_can_be_withdrawn_and_is_approved_only_once():
    contract = _tajik_contract()
    amendment = _raise(contract, contract.official, "4600000.00")
    services.contract_amendment_withdraw(actor=contract.official, amendment=amendment)
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.contract_amendment_approve(actor=contract.second_official, amendment=amendment)
    contract.refresh_from_db()
    assert contract.amount == Decimal("4500000.00")
    assert AuditEvent.objects.filter(action="contracts.amendment.withdraw").count() == 1
    # and the next amendment takes the next number
    assert _raise(contract, contract.official, "4600000.00").number == 2


def test_a_decrease_or_a_change_of_dates_applies_at_once_even_above_the_threshold():
    contract = _tajik_contract()
    amendment = _raise(contract, contract.official, "4400000.00")
    assert amendment.state == "applied"
    contract.refresh_from_db()
    assert contract.amount == Decimal("4400000.00")


def test_a_raise_that_stays_below_the_threshold_applies_at_once():
    # given a Kazakh contract of 4,500,000 KZT, below 3,000 MRP
    contract = contract_in_force()
    threshold = services.approval_threshold(contract)
    assert threshold is not None and contract.amount + 1000 < threshold
    amendment = _raise(contract, contract.official, str(contract.amount + 1000))
    assert amendment.state == "applied"
    assert amendment.approved_by is None


def test_a_proposal_beyond_the_line_is_refused_at_once():
    contract = contract_in_force(jurisdiction="TJ", instrument="sso", line_amount="4600000.00")
    with pytest.raises(ValidationError) as refused:
        _raise(contract, contract.official, "4700000.00")
    assert "amount" in refused.value.message_dict
    assert not ContractAmendment.objects.filter(contract=contract).exists()


def test_the_database_refuses_an_amendment_approved_by_its_proposer():
    contract = _tajik_contract()
    amendment = _raise(contract, contract.official, "4600000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractAmendment.objects.filter(pk=amendment.pk).update(approved_by=contract.official)


def test_the_contract_page_offers_the_approval_to_the_other_official_only(client):
    contract = _tajik_contract()
    amendment = _raise(contract, contract.official, "4600000.00")
    url = reverse("contracts:contract-detail", args=[contract.pk])
    # the proposer sees it waiting, without the approve button
    client.force_login(contract.official)
    page = client.get(url).content.decode()
    assert "waiting for a second official" in page
    assert 'value="amendment_approve"' not in page
    # a forged approval by the proposer is refused with the reason
    refused = client.post(url, {"action": "amendment_approve", "amendment": amendment.pk})
    assert refused.status_code == 400
    assert "you proposed this amendment" in refused.content.decode()
    # the other official approves it from the page
    client.force_login(contract.second_official)
    assert 'value="amendment_approve"' in client.get(url).content.decode()
    response = client.post(url, {"action": "amendment_approve", "amendment": amendment.pk})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.state == "applied"
    # and the contractor sees no action
    client.force_login(contract.contractor_admin)
    assert 'value="amendment_approve"' not in client.get(url).content.decode()


def test_the_amend_page_says_when_an_amendment_is_only_proposed(client):
    contract = _tajik_contract()
    items = list(contract.items.all())
    client.force_login(contract.official)
    data = {
        "reason": "More children.",
        "amount": "4600000.00",
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
    }
    for index, item in enumerate(items):
        data[f"item_{item.number}"] = str(item.amount + (100000 if index == 0 else 0))
    response = client.post(
        reverse("contracts:contract-amend", args=[contract.pk]), data, follow=True
    )
    assert "takes effect when another official approves it" in response.content.decode()
