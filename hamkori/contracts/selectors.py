"""Reads of contracts and the two dashboards. `contract_get_for` fetches and checks in one
call and raises Http404 for what the person may not see; the pages are read in a fixed number
of queries whatever the number of contracts (lists are capped, counts are aggregates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404

from hamkori.accounts.models import MembershipStatus, PlatformRole, RoleGrant
from hamkori.applications.models import Application
from hamkori.calls.models import BudgetLine
from hamkori.calls.permissions import OFFICIAL_SECTORS
from hamkori.contracts.ledger import Balance, contract_balance
from hamkori.contracts.models import (
    Contract,
    ContractState,
    PaymentOrder,
    PaymentState,
    Signature,
    Tranche,
    TrancheState,
)
from hamkori.contracts.permissions import can_see_contract
from hamkori.registry.models import Organisation

# How many rows a dashboard list shows (newest or most urgent first).
LIST_LIMIT = 50
OPEN_STATES = (ContractState.DRAFT, ContractState.SIGNING, ContractState.IN_FORCE)


def contract_get_for(*, user, pk: int) -> Contract:
    """A contract the person may see: officials of the funding body, members of the
    contractor, auditors and platform administrators of the jurisdiction; 404 otherwise."""
    contract = (
        Contract.objects.select_related(
            "funder",
            "contractor",
            "budget_line",
            "budget_line__plan",
            "call",
            "lot",
            "application",
            "created_by",
            "approved_by",
        )
        .filter(pk=pk)
        .first()
    )
    if contract is None or not can_see_contract(user, contract):
        raise Http404
    return contract


@dataclass
class ContractPage:
    contract: Contract
    items: list
    tranches: list[Tranche]
    signatures: dict[str, Signature]
    amendments: list
    balance: Balance
    items_total: Decimal = Decimal("0.00")


def contract_page(contract: Contract) -> ContractPage:
    """Items, tranches with their payment orders, signatures, numbered amendments and the
    contract's ledger balance."""
    tranches = list(
        contract.tranches.prefetch_related(
            Prefetch(
                "orders",
                queryset=PaymentOrder.objects.select_related(
                    "prepared_by", "approved_by", "marked_paid_by"
                ).order_by("pk"),
            )
        )
    )
    for tranche in tranches:
        orders = list(tranche.orders.all())
        # What the schedule shows per tranche: its live order and every order it had.
        tranche.live_order = next(  # type: ignore[attr-defined]
            (o for o in reversed(orders) if o.state != PaymentState.CANCELLED), None
        )
        tranche.order_history = orders  # type: ignore[attr-defined]
    items = list(contract.items.all())
    return ContractPage(
        contract=contract,
        items=items,
        tranches=tranches,
        signatures={s.party: s for s in contract.signatures.select_related("signed_by")},
        amendments=list(contract.amendments.select_related("created_by", "approved_by")),
        balance=contract_balance(contract),
        items_total=sum((item.amount for item in items), Decimal("0.00")),
    )


def _official_bodies(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        user.memberships.filter(
            status=MembershipStatus.ACTIVE, organisation__sector__in=OFFICIAL_SECTORS
        ).values_list("organisation_id", flat=True)
    )


def _watched_bodies(user) -> list[int]:
    """The funding bodies an auditor or a platform administrator reads: every state body
    and operator of the jurisdictions of their grants (all, for a platform-wide grant)."""
    if not getattr(user, "is_authenticated", False):
        return []
    grants = list(
        RoleGrant.objects.filter(
            user=user, role__in=[PlatformRole.AUDITOR, PlatformRole.ADMINISTRATOR]
        ).values_list("jurisdiction_id", flat=True)
    )
    if not grants and not user.is_superuser:
        return []
    bodies = Organisation.objects.filter(sector__in=OFFICIAL_SECTORS)
    if None not in grants and not user.is_superuser:
        bodies = bodies.filter(jurisdiction_id__in=grants)
    return list(bodies.values_list("pk", flat=True))


def _member_organisations(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        user.memberships.filter(status=MembershipStatus.ACTIVE).values_list(
            "organisation_id", flat=True
        )
    )


@dataclass
class OfficialDashboard:
    bodies: list[int]
    read_only: bool
    counts: dict[str, int]
    contracts: list[Contract]
    awards_waiting: list
    tranches_due: list[Tranche]
    orders_waiting: list[PaymentOrder]
    lines: Sequence[BudgetLine]
    total: int = 0
    states: list = field(default_factory=list)


def official_dashboard(*, user) -> OfficialDashboard:
    """The officials' page: contracts of their bodies by state (and the latest ones), funded
    applications without a contract yet, tranches due, payment orders waiting for approval
    and the money of every budget line of their bodies' plans."""
    from hamkori.decisions.models import DecisionEntry, Outcome

    bodies = _official_bodies(user)
    # Auditors and platform administrators read the same page, without its actions.
    read_only = not bodies
    if read_only:
        bodies = _watched_bodies(user)
    mine = Contract.objects.filter(funder_id__in=bodies)
    counts = dict(
        mine.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    contracts = list(
        mine.select_related("contractor", "budget_line").order_by("-created_at", "pk")[:LIST_LIMIT]
    )
    awards_waiting = list(
        DecisionEntry.objects.filter(
            outcome=Outcome.AWARD,
            meeting__call__body_id__in=bodies,
            meeting__call__result__meeting_id=F("meeting_id"),
            application__contract__isnull=True,
        )
        .select_related("application", "application__organisation", "meeting__call", "lot")
        .defer("application__content")
        .order_by("meeting__call__closes_at", "pk")[:LIST_LIMIT]
    )
    tranches_due = list(
        Tranche.objects.filter(contract__funder_id__in=bodies, state=TrancheState.DUE)
        .select_related("contract", "contract__contractor")
        .order_by("due_since", "pk")[:LIST_LIMIT]
    )
    orders_waiting = list(
        PaymentOrder.objects.filter(
            contract__funder_id__in=bodies,
            state__in=[PaymentState.PREPARED, PaymentState.APPROVED],
        )
        .select_related("contract", "tranche", "prepared_by")
        .order_by("created_at", "pk")[:LIST_LIMIT]
    )
    lines = list(
        BudgetLine.objects.filter(plan__body_id__in=bodies)
        .select_related("plan")
        .annotate(free=F("amount") - F("committed"))
        .order_by("-plan__year", "programme_code")
    )
    return OfficialDashboard(
        bodies=bodies,
        read_only=read_only,
        counts=counts,
        contracts=contracts,
        awards_waiting=awards_waiting,
        tranches_due=tranches_due,
        orders_waiting=orders_waiting,
        lines=lines,
        total=sum(counts.values()),
        states=[(value, label, counts.get(value, 0)) for value, label in ContractState.choices],
    )


@dataclass
class CsoDashboard:
    contracts: list[Contract]
    tranches_next: list[Tranche]
    reports_due: list
    signatures_waiting: list[Contract]


def cso_dashboard(*, user) -> CsoDashboard:
    """A CSO member's page: their organisations' contracts, the next tranches, the reports
    to write (draft or returned, earliest due first) and contracts waiting for their
    signature."""
    from hamkori.monitoring.models import Report, ReportState

    organisations = _member_organisations(user)
    mine = Contract.objects.filter(contractor_id__in=organisations)
    contracts = list(
        mine.select_related("funder", "budget_line").order_by("-created_at", "pk")[:LIST_LIMIT]
    )
    tranches_next = list(
        Tranche.objects.filter(
            contract__contractor_id__in=organisations,
            contract__state=ContractState.IN_FORCE,
            state__in=[TrancheState.WAITING, TrancheState.DUE, TrancheState.ORDERED],
        )
        .select_related("contract")
        .order_by("contract__ends_on", "contract_id", "number")[:LIST_LIMIT]
    )
    reports_due = list(
        Report.objects.filter(
            contract__contractor_id__in=organisations,
            contract__state=ContractState.IN_FORCE,
            state__in=[ReportState.DRAFT, ReportState.RETURNED],
        )
        .select_related("contract")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )
    signatures_waiting = list(
        mine.filter(state=ContractState.SIGNING)
        .exclude(Q(signatures__party="contractor"))
        .select_related("funder")
        .order_by("created_at", "pk")[:LIST_LIMIT]
    )
    return CsoDashboard(
        contracts=contracts,
        tranches_next=tranches_next,
        reports_due=reports_due,
        signatures_waiting=signatures_waiting,
    )


def application_for_contract(*, user, pk: int) -> Application:
    """A funded application whose contract the person may prepare (checked by the service
    too); 404 for applications of calls the person does not run."""
    from hamkori.calls.permissions import is_official_of_the_body

    application = (
        Application.objects.select_related(
            "call", "call__body", "call__plan", "lot", "lot__budget_line", "organisation"
        )
        .defer("content")
        .filter(pk=pk)
        .first()
    )
    if application is None or not is_official_of_the_body(user, application.call):
        raise Http404
    return application


__all__ = [
    "ContractPage",
    "CsoDashboard",
    "OfficialDashboard",
    "application_for_contract",
    "contract_get_for",
    "contract_page",
    "cso_dashboard",
    "official_dashboard",
]
