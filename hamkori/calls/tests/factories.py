"""Factories for plans, lots and calls, shared by the calls and applications tests.

They write rows directly (any state, any window) so that tests of later steps do not replay
the whole workflow; tests of the workflow itself go through the services."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from hamkori.calls.models import (
    BudgetLine,
    Call,
    CriteriaSet,
    Criterion,
    FundingPlan,
    Instrument,
    Lot,
    PlanStatus,
    RequiredDocument,
)
from hamkori.calls.workflow import CallState
from hamkori.registry.models import Organisation, OrganisationKind
from hamkori.registry.tests.factories import organisation_make

_serial = itertools.count(1)

CURRENCY = {"KZ": "KZT", "TJ": "TJS"}
# Inside every band of the KZ rules for 2026 (grant.short: 500–3,000 MRP × 4,325 KZT).
DEFAULT_BUDGET = Decimal("5000000.00")
DEFAULT_MONTHS = {
    Instrument.SSO: 12,
    Instrument.GRANT_SHORT: 6,
    Instrument.GRANT_MEDIUM: 18,
    Instrument.GRANT_LONG: 30,
    Instrument.SUBSIDY: 12,
    Instrument.AWARD: 12,
}


def body_make(jurisdiction: str = "KZ", **fields) -> Organisation:
    """A state body (a ministry) that funds CSOs."""
    fields.setdefault("kind", OrganisationKind.MINISTRY)
    return organisation_make(jurisdiction, **fields)


def plan_make(
    body: Organisation | None = None,
    year: int | None = None,
    status: str = PlanStatus.PUBLISHED,
    **fields,
) -> FundingPlan:
    body = body or body_make()
    year = year or timezone.now().year
    fields.setdefault("title_en", f"Plan {year} of {body.name}")
    plan = FundingPlan(
        body=body,
        jurisdiction_id=body.jurisdiction_id,
        year=year,
        status=status,
        published_at=timezone.now() if status == PlanStatus.PUBLISHED else None,
        **fields,
    )
    plan.full_clean()
    plan.save()
    return plan


def budget_line_make(plan: FundingPlan | None = None, **fields) -> BudgetLine:
    plan = plan or plan_make()
    fields.setdefault("programme_code", f"P{next(_serial):04d}")
    fields.setdefault("name_en", "Support of civil society")
    fields.setdefault("amount", Decimal("100000000.00"))
    fields.setdefault("currency", CURRENCY[plan.jurisdiction_id])
    line = BudgetLine(plan=plan, **fields)
    line.full_clean()
    line.save()
    return line


def lot_make(
    plan: FundingPlan | None = None,
    instrument: str = Instrument.GRANT_SHORT,
    budget: Decimal | int | str = DEFAULT_BUDGET,
    regions: list[str] | None = None,
    call: Call | None = None,
    **fields,
) -> Lot:
    plan = plan or plan_make()
    number = (
        fields.pop("number", None)
        or (
            (
                Lot.objects.filter(plan=plan)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            or 0
        )
        + 1
    )
    fields.setdefault("title_en", f"Lot {number}")
    fields.setdefault("area_id", "children")
    fields.setdefault("target_group", "children")
    fields.setdefault("currency", CURRENCY[plan.jurisdiction_id])
    fields.setdefault("duration_months", DEFAULT_MONTHS[Instrument(instrument)])
    lot = Lot(
        plan=plan, call=call, number=number, instrument=instrument, budget=Decimal(budget), **fields
    )
    lot.full_clean()
    lot.save()
    lot.regions.set(regions or (["KZ-71"] if plan.jurisdiction_id == "KZ" else ["TJ-DU"]))
    return lot


def _default_window(state: str) -> tuple[datetime, datetime]:
    now = timezone.now()
    if state in (CallState.DRAFT, CallState.ANNOUNCED):
        return now + timedelta(days=2), now + timedelta(days=27)
    if state in (CallState.OPEN, CallState.CANCELLED):
        return now - timedelta(days=5), now + timedelta(days=20)
    return now - timedelta(days=40), now - timedelta(days=15)


def call_make(
    body: Organisation | None = None,
    state: str = CallState.OPEN,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    lots: int = 1,
    instrument: str = Instrument.GRANT_SHORT,
    plan: FundingPlan | None = None,
    documents: int = 1,
    criteria: int = 2,
    **fields,
) -> Call:
    """A call in `state` with `lots` new lots of its body's plan, `documents` required
    documents and a criteria set. Defaults: window around now as fits the state."""
    body = body or (plan.body if plan else body_make())
    default_open, default_close = _default_window(state)
    opens_at = opens_at or default_open
    closes_at = closes_at or default_close
    plan = plan or (
        FundingPlan.objects.filter(body=body, year=closes_at.year).first()
        or plan_make(body=body, year=closes_at.year)
    )
    serial = next(_serial)
    fields.setdefault("title_en", f"Call {serial}")
    fields.setdefault("languages", ["ru", "kk"] if body.jurisdiction_id == "KZ" else ["tg", "ru"])
    call = Call(
        body=body,
        plan=plan,
        jurisdiction_id=body.jurisdiction_id,
        instrument=instrument,
        reference=fields.pop("reference", f"T-{body.jurisdiction_id}-{serial:06d}"),
        state=state,
        opens_at=opens_at,
        closes_at=closes_at,
        financial_year=fields.pop("financial_year", plan.year),
        announced_at=None if state == CallState.DRAFT else opens_at - timedelta(days=3),
        **fields,
    )
    call.full_clean()
    call.save()
    for _ in range(lots):
        lot_make(plan=plan, instrument=instrument, call=call)
    for order in range(documents):
        RequiredDocument.objects.create(
            call=call, order=order, name_en=f"Document {order + 1}", kinds=["pdf"]
        )
    criteria_set = CriteriaSet.objects.create(call=call)
    for order in range(criteria):
        Criterion.objects.create(
            criteria_set=criteria_set, order=order, name_en=f"Criterion {order + 1}", max_points=10
        )
    return call
