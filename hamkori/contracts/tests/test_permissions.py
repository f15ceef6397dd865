"""Every role × contract state × action, through the services: an action a role may not take
raises PermissionDenied; one it may take either succeeds or is refused for a reason of the
contract's own (a ValidationError), never for who the person is. Each action runs in a
savepoint that is rolled back, so the actions of one case do not disturb each other."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.contracts import services
from hamkori.contracts.models import Contract, PaymentOrder, PaymentState, Tranche
from hamkori.contracts.permissions import can_see_contract
from hamkori.contracts.tests.factories import (
    contract_completed,
    contract_draft,
    contract_in_force,
    contract_signing,
)
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

ROLES = [
    "funder_official",
    "second_official",
    "contractor_admin",
    "contractor_member",
    "other_cso",
    "auditor",
    "anonymous",
]
STATES = ["draft", "signing", "in_force", "completed", "terminated"]
OFFICIALS = {"funder_official", "second_official"}

# Who may act in which states; everyone else is denied.
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    "create": (OFFICIALS, set(STATES)),
    "approve": (OFFICIALS, {"draft"}),
    "send": (OFFICIALS, {"draft"}),
    "sign": (OFFICIALS | {"contractor_admin"}, {"signing"}),
    "amend": (OFFICIALS, {"in_force"}),
    "terminate": (OFFICIALS, {"draft", "signing", "in_force"}),
    "prepare_payment": (OFFICIALS, {"in_force"}),
    "approve_payment": (OFFICIALS, {"in_force"}),
    "mark_paid": (OFFICIALS, {"in_force"}),
    "complete": (OFFICIALS, {"in_force"}),
}


def _contract_in(state: str) -> Contract:
    if state == "draft":
        return contract_draft()
    if state == "signing":
        return contract_signing()
    if state == "completed":
        return contract_completed()
    contract = contract_in_force()
    if state == "terminated":
        people = contract.official, contract.second_official, contract.contractor_admin
        contract = services.contract_terminate(
            actor=contract.official, contract=contract, reason="Project stopped."
        )
        contract.official, contract.second_official, contract.contractor_admin = people
    return contract


def _order_of(contract: Contract) -> PaymentOrder:
    """The contract's newest order; in force, one prepared by the preparer for the due
    tranche; in other states (where no order could be made) a row written directly, so
    that the payment services' permission checks can be exercised."""
    if contract.state == "in_force":
        tranche = contract.tranches.get(number=1)
        return services.payment_prepare(actor=contract.official, tranche=tranche)
    order = PaymentOrder.objects.filter(contract=contract).order_by("-pk").first()
    if order is None:
        tranche = Tranche.objects.filter(contract=contract).order_by("number").first()
        order = PaymentOrder.objects.create(
            tranche=tranche,
            contract=contract,
            amount=tranche.amount,
            prepared_by=contract.official,
            state=PaymentState.PREPARED,
        )
    return order


def _person(role: str, contract: Contract):
    if role == "funder_official":
        return contract.official
    if role == "second_official":
        return contract.second_official
    if role == "contractor_admin":
        return contract.contractor_admin
    if role == "contractor_member":
        return member_make(contract.contractor)
    if role == "other_cso":
        return member_make(organisation_make(), role="admin")
    if role == "auditor":
        user = user_make()
        RoleGrant.objects.create(user=user, role=PlatformRole.AUDITOR, jurisdiction_id="KZ")
        return user
    return AnonymousUser()


def _actions(contract: Contract, order: PaymentOrder):
    today = services.local_today(contract)
    tranche = contract.tranches.order_by("-number").first()
    return {
        "create": lambda u: services.contract_prepare(actor=u, application=contract.application),
        "approve": lambda u: services.contract_approve(actor=u, contract=contract),
        "send": lambda u: services.contract_send(actor=u, contract=contract),
        "sign": lambda u: services.contract_sign(actor=u, contract=contract),
        "amend": lambda u: services.contract_amend(
            actor=u,
            contract=contract,
            reason="Earlier end.",
            ends_on=contract.ends_on.replace(day=1),
        ),
        "terminate": lambda u: services.contract_terminate(
            actor=u, contract=contract, reason="Stopped."
        ),
        "prepare_payment": lambda u: services.payment_prepare(actor=u, tranche=tranche),
        "approve_payment": lambda u: services.payment_approve(actor=u, order=order),
        "mark_paid": lambda u: services.payment_mark_paid(
            actor=u, order=order, paid_on=today, reference="PP-9"
        ),
        "complete": lambda u: services.contract_complete(actor=u, contract=contract),
    }


def _outcome(action) -> str:
    try:
        with transaction.atomic():
            action()
            transaction.set_rollback(True)
    except PermissionDenied:
        return "denied"
    except ValidationError:
        return "refused"
    return "done"


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_each_action_is_allowed_only_to_its_roles_in_its_states_and_parties_see_it(role, state):
    # given a contract in the state, an order to act on, and a person in the role
    contract = _contract_in(state)
    assert contract.state == state
    order = _order_of(contract)
    user = _person(role, contract)
    contract = Contract.objects.select_related("funder", "contractor").get(pk=contract.pk)
    # when the person tries every action
    outcomes = {
        name: _outcome(lambda a=action: a(user))
        for name, action in _actions(contract, order).items()
    }
    # then exactly the allowed ones get past the permission check
    expected = {
        name: (role in roles and state in states) for name, (roles, states) in ALLOWED.items()
    }
    assert {name: outcome != "denied" for name, outcome in outcomes.items()} == expected, outcomes
    # and only the parties, auditors and platform administrators see the contract
    assert can_see_contract(user, contract) is (role not in ("other_cso", "anonymous"))
