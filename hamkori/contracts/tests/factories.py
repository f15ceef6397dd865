"""Builders for contract tests, through the services: a funded application of a published
decision, its draft contract, the contract sent for signature and the contract in force.

Each contract returned carries the people who acted on it: `contract.official` (the body's
administrator who prepared it), `contract.second_official` (another official of the body)
and `contract.contractor_admin` (the contractor's administrator who signs)."""

from __future__ import annotations

from decimal import Decimal

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.applications.models import Application
from hamkori.calls.models import BudgetLine, Call
from hamkori.calls.tests.factories import budget_line_make
from hamkori.contracts import services
from hamkori.contracts.models import Contract
from hamkori.decisions.models import DecisionEntry, Outcome
from hamkori.decisions.tests.factories import official_of, published_call
from hamkori.registry.tests.factories import member_make


def funded_application(
    line_amount: Decimal | str = "100000000.00", on_lot: bool = True, **call_fields
) -> Application:
    """The funded application of a freshly published call (3 applications, 1 award of
    4,500,000.00 KZT by default). The call's plan gets a budget line of `line_amount`,
    which is the lot's line when `on_lot`."""
    result = published_call(**call_fields)
    call: Call = result.call
    entry = (
        DecisionEntry.objects.filter(meeting=result.meeting, outcome=Outcome.AWARD)
        .select_related("application", "lot")
        .order_by("rank")
        .first()
    )
    assert entry is not None, "the published decision funds nobody"
    line = budget_line_make(plan=call.plan, amount=Decimal(line_amount))
    if on_lot:
        entry.lot.budget_line = line
        entry.lot.save(update_fields=["budget_line"])
    application = entry.application
    application.line = line
    return application


def other_official(body) -> User:
    """Another active member of the funding body."""
    return member_make(body, role=MembershipRole.MEMBER)


def contractor_admin_of(contract: Contract) -> User:
    """The contractor's administrator (made when it has none)."""
    membership = (
        Membership.objects.filter(
            organisation_id=contract.contractor_id,
            role=MembershipRole.ADMIN,
            status=MembershipStatus.ACTIVE,
        )
        .select_related("user")
        .first()
    )
    if membership:
        return membership.user
    return member_make(contract.contractor, role=MembershipRole.ADMIN)


def _people(contract: Contract) -> Contract:
    contract.official = official_of(contract.call)
    contract.second_official = User.objects.filter(
        memberships__organisation_id=contract.funder_id,
        memberships__status=MembershipStatus.ACTIVE,
    ).exclude(pk=contract.official.pk).order_by("pk").first() or other_official(contract.funder)
    contract.contractor_admin = contractor_admin_of(contract)
    return contract


def contract_draft(
    application: Application | None = None,
    line: BudgetLine | None = None,
    schedule: list[tuple[str, str]] | None = None,
    **fields,
) -> Contract:
    """A draft contract prepared by the body's administrator. `fields` go to
    funded_application (line_amount, on_lot, jurisdiction, instrument…); `schedule` replaces
    the rule set's tranches with (share, condition) pairs."""
    application = application or funded_application(**fields)
    official = official_of(application.call)
    contract = services.contract_prepare(
        actor=official,
        application=application,
        budget_line=line or getattr(application, "line", None),
    )
    if schedule is not None:
        services.contract_tranches_set(
            actor=official,
            contract=contract,
            schedule=[services.TrancheSpec(Decimal(s), c) for s, c in schedule],
        )
    return _people(contract)


def contract_signing(contract: Contract | None = None, **fields) -> Contract:
    """A contract sent for signature (approved by the second official when its amount needs
    it); its amount is committed."""
    contract = contract or contract_draft(**fields)
    contract = _people(contract)
    if services.approval_needed(contract):
        services.contract_approve(actor=contract.second_official, contract=contract)
    sent = services.contract_send(actor=contract.official, contract=contract)
    return _people(sent)


def contract_in_force(contract: Contract | None = None, **fields) -> Contract:
    """A contract signed by both parties: in force, its signature tranches due and its
    reports scheduled. Takes the arguments of contract_draft (e.g. schedule=[("0.4",
    "signature"), ("0.3", "interim_report_accepted"), ("0.3", "final_report_accepted")])."""
    contract = contract_signing(contract, **fields)
    services.contract_sign(actor=contract.official, contract=contract)
    services.contract_sign(actor=contract.contractor_admin, contract=contract)
    people = (contract.official, contract.second_official, contract.contractor_admin)
    contract = Contract.objects.select_related(
        "funder", "contractor", "budget_line", "call", "lot", "application"
    ).get(pk=contract.pk)
    contract.official, contract.second_official, contract.contractor_admin = people
    return contract


def tranche_paid(contract: Contract, number: int = 1):
    """Prepare, approve and mark paid the (due) tranche `number` of a contract in force."""
    from hamkori.contracts.services import local_today

    tranche = contract.tranches.get(number=number)
    order = services.payment_prepare(actor=contract.official, tranche=tranche)
    services.payment_approve(actor=contract.second_official, order=order)
    return services.payment_mark_paid(
        actor=contract.official, order=order, paid_on=local_today(contract), reference="PP-1"
    )


def contract_completed(**fields) -> Contract:
    """A contract in force whose tranches were all paid — the last after its condition was
    met — and which was then completed."""
    contract = contract_in_force(**fields)
    for tranche in contract.tranches.order_by("number"):
        if tranche.state == "waiting":
            services.tranches_release(
                actor=contract.official, contract=contract, condition=tranche.condition
            )
        tranche_paid(contract, tranche.number)
    completed = services.contract_complete(actor=contract.official, contract=contract)
    completed.official = contract.official
    completed.second_official = contract.second_official
    completed.contractor_admin = contract.contractor_admin
    return completed
