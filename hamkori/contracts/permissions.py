"""Who may see and change a contract, its tranches and payment orders, as named predicates
(default deny).

Objects: a Contract, fetched with `funder` and `contractor` (contracts_get_for does), so that
no predicate queries more than the person's cached memberships and grants. The funder's
officials run the contract; the contractor's administrator signs it; its members read it;
auditors and platform administrators of the jurisdiction read everything and change nothing.
Rules that need more than the person and the state (the second approver is not the preparer,
the payment approver is not the one who prepared it) are checked by the services with a
message of their own."""

from __future__ import annotations

from hamkori.accounts.permissions import (
    is_auditor,
    is_org_admin,
    is_org_member,
    is_platform_admin,
)
from hamkori.calls.permissions import is_body_official, is_official_of_the_body
from hamkori.contracts.models import ContractState
from hamkori.core.permissions import predicate


@predicate
def is_contract_official(user, contract) -> bool:
    """An active member of the funding body (a state body or the grant operator)."""
    return contract is not None and is_body_official(user, contract.funder)


@predicate
def is_contractor_member(user, contract) -> bool:
    """An active member of the contracting organisation."""
    return contract is not None and is_org_member(user, contract.contractor)


@predicate
def is_contractor_admin(user, contract) -> bool:
    """The contracting organisation's administrator: signs for it."""
    return contract is not None and is_org_admin(user, contract.contractor)


@predicate
def is_contract_auditor(user, contract) -> bool:
    return contract is not None and is_auditor(user, contract.funder)


@predicate
def is_contract_platform_admin(user, contract) -> bool:
    return contract is not None and is_platform_admin(user, contract.funder)


def _in_state(*states: str):
    def check(user, contract) -> bool:
        return contract is not None and contract.state in states

    check.__name__ = "contract_is_" + "_or_".join(states)
    return predicate(check)


contract_is_draft = _in_state(ContractState.DRAFT)
contract_is_signing = _in_state(ContractState.SIGNING)
contract_is_in_force = _in_state(ContractState.IN_FORCE)
contract_is_open = _in_state(ContractState.DRAFT, ContractState.SIGNING, ContractState.IN_FORCE)

# Object: a Call. Contracts are prepared by the officials of the call's body.
can_prepare_contract = is_official_of_the_body
# Object: a Contract.
can_see_contract = (
    is_contract_official | is_contractor_member | is_contract_auditor | is_contract_platform_admin
)
can_edit_contract = is_contract_official & contract_is_draft
can_approve_contract = is_contract_official & contract_is_draft
can_send_contract = is_contract_official & contract_is_draft
can_sign_contract = (is_contract_official | is_contractor_admin) & contract_is_signing
can_amend_contract = is_contract_official & contract_is_in_force
can_terminate_contract = is_contract_official & contract_is_open
can_complete_contract = is_contract_official & contract_is_in_force
# Payment orders: prepared, approved (by another official) and marked paid while in force.
can_manage_payments = is_contract_official & contract_is_in_force

__all__ = [
    "can_amend_contract",
    "can_approve_contract",
    "can_complete_contract",
    "can_edit_contract",
    "can_manage_payments",
    "can_prepare_contract",
    "can_see_contract",
    "can_send_contract",
    "can_sign_contract",
    "can_terminate_contract",
    "contract_is_draft",
    "contract_is_in_force",
    "contract_is_open",
    "contract_is_signing",
    "is_contract_auditor",
    "is_contract_official",
    "is_contract_platform_admin",
    "is_contractor_admin",
    "is_contractor_member",
]
