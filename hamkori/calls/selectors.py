"""Reads of plans and calls. `*_get_for` fetches and checks visibility at once (404 for what
the user may not see); lists fetch everything their page shows in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus
from hamkori.calls.models import Call, Criterion, FundingPlan, Lot, PlanStatus
from hamkori.calls.permissions import OFFICIAL_SECTORS, can_see_call, can_see_plan
from hamkori.calls.workflow import PUBLIC_STATES, CallState
from hamkori.registry.models import Area, Organisation, OrganisationStatus, Region, Sector
from hamkori.rules.selectors import local_zone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def official_bodies(user) -> list[Organisation]:
    """The state bodies and operators the user is an active member of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            sector__in=OFFICIAL_SECTORS,
        ).order_by("search_text")
    )


def _lots_prefetch() -> Prefetch:
    lots = Lot.objects.select_related("area").prefetch_related("regions").order_by("number")
    return Prefetch("lots", queryset=lots)


def region_counts() -> dict[str, int]:
    """{jurisdiction code: number of its regions}, one query for a whole page: a lot that
    covers them all is shown as covering "all regions" instead of a list of twenty."""
    return dict(
        Region.objects.order_by()
        .values("jurisdiction")
        .annotate(n=Count("pk"))
        .values_list("jurisdiction", "n")
    )


def covers_all_regions(lot: Lot, jurisdiction: str, counts: dict[str, int]) -> bool:
    """Whether the lot's regions (prefetched) are every region of the jurisdiction."""
    total = counts.get(jurisdiction, 0)
    own = {region.pk for region in lot.regions.all() if region.jurisdiction_id == jurisdiction}
    return total > 0 and len(own) == total


@dataclass
class LotsSummary:
    """What a row of the call list says of a call's lots: how many, in which areas (each
    once) and where, without a line per lot."""

    count: int
    areas: list[Area]
    regions: list[Region]
    all_regions: bool


def lots_summary(call: Call, counts: dict[str, int]) -> LotsSummary:
    """The summary of a call's prefetched lots (no queries)."""
    lots = list(call.lots.all())
    areas: dict[str, Area] = {}
    regions: dict[str, Region] = {}
    for lot in lots:
        areas.setdefault(lot.area_id, lot.area)
        for region in lot.regions.all():
            regions.setdefault(region.pk, region)
    in_jurisdiction = [r for r in regions.values() if r.jurisdiction_id == call.jurisdiction_id]
    total = counts.get(call.jurisdiction_id, 0)
    return LotsSummary(
        count=len(lots),
        areas=list(areas.values()),
        regions=sorted(regions.values(), key=lambda region: region.pk),
        all_regions=total > 0 and len(in_jurisdiction) == total,
    )


def call_list_for(
    *,
    user,
    instrument: str | None = None,
    area: str | None = None,
    region: str | None = None,
    jurisdiction: str | None = None,
    state: str | None = None,
) -> QuerySet[Call]:
    """Public calls: open first, then announced, each by nearest deadline; then the rest,
    latest deadline first. The page costs four queries whatever the number of rows (count,
    calls, lots, their regions)."""
    calls = Call.objects.filter(state__in=PUBLIC_STATES)
    if state in PUBLIC_STATES:
        calls = calls.filter(state=state)
    if instrument:
        calls = calls.filter(instrument=instrument)
    if jurisdiction:
        calls = calls.filter(jurisdiction_id=jurisdiction)
    # Exists instead of a join: a call with several matching lots is listed once.
    if area:
        calls = calls.filter(Exists(Lot.objects.filter(call=OuterRef("pk"), area_id=area)))
    if region:
        calls = calls.filter(Exists(Lot.objects.filter(call=OuterRef("pk"), regions__code=region)))
    budget = (
        Lot.objects.filter(call=OuterRef("pk"))
        .order_by()
        .values("call")
        .annotate(total=Sum("budget"))
        .values("total")
    )
    return (
        calls.select_related("body", "jurisdiction")
        .prefetch_related(_lots_prefetch())
        .annotate(
            rank=Case(
                When(state=CallState.OPEN, then=Value(0)),
                When(state=CallState.ANNOUNCED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            total_budget=Coalesce(
                Subquery(budget, output_field=DecimalField(max_digits=20, decimal_places=2)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=20, decimal_places=2),
            ),
        )
        .order_by(
            "rank",
            Case(When(rank__lt=2, then="closes_at")).asc(nulls_last=True),
            "-closes_at",
            "pk",
        )
    )


def call_get_for(*, user, pk: int) -> Call:
    """A call with its lots, documents, criteria and amendments; 404 unless visible."""
    call = (
        Call.objects.select_related("body", "plan", "jurisdiction")
        .prefetch_related(
            _lots_prefetch(),
            "documents",
            Prefetch("criteria_set__criteria", queryset=Criterion.objects.order_by("order", "pk")),
            "amendments",
        )
        .filter(pk=pk)
        .first()
    )
    if call is None or not can_see_call(user, call):
        raise Http404("call not found")
    return call


@dataclass
class Countdown:
    closes_local: datetime
    days: int
    hours: int
    minutes: int
    passed: bool


def call_countdown(call: Call, now: datetime | None = None) -> Countdown:
    """The deadline in the jurisdiction's local time and what remains of it."""
    now = now or timezone.now()
    remaining = call.closes_at - now
    passed = remaining <= timedelta(0)
    seconds = 0 if passed else int(remaining.total_seconds())
    return Countdown(
        closes_local=call.closes_at.astimezone(local_zone(call.jurisdiction)),
        days=seconds // 86400,
        hours=seconds % 86400 // 3600,
        minutes=seconds % 3600 // 60,
        passed=passed,
    )


def applying_organisations(user, call: Call) -> list[Organisation]:
    """The user's active CSOs of the call's jurisdiction that look eligible to apply (the
    full eligibility check runs at submission)."""
    if not getattr(user, "is_authenticated", False) or call.state != CallState.OPEN:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            sector=Sector.CSO,
            status=OrganisationStatus.ACTIVE,
            jurisdiction_id=call.jurisdiction_id,
        )
    )


def existing_applications(call: Call, organisations: list[Organisation]) -> dict[int, list[int]]:
    """{lot id: [application ids]} of the organisations' open applications in the call."""
    from hamkori.applications.models import Application, ApplicationState

    if not organisations:
        return {}
    found: dict[int, list[int]] = {}
    rows = Application.objects.filter(
        lot__call=call,
        organisation__in=organisations,
        state__in=[ApplicationState.DRAFT, ApplicationState.SUBMITTED],
    ).values_list("lot_id", "pk")
    for lot_id, pk in rows:
        found.setdefault(lot_id, []).append(pk)
    return found


def plan_list_for(
    *, user, jurisdiction: str | None = None, year: int | None = None
) -> QuerySet[FundingPlan]:
    """Published plans, and the drafts of the user's own bodies (all for auditors and
    administrators of the jurisdiction are on the plan's page, not listed here)."""
    visible = Q(status=PlanStatus.PUBLISHED)
    bodies = [body.pk for body in official_bodies(user)]
    if bodies:
        visible |= Q(body_id__in=bodies)
    plans = FundingPlan.objects.filter(visible)
    if jurisdiction:
        plans = plans.filter(jurisdiction_id=jurisdiction)
    if year:
        plans = plans.filter(year=year)
    lots = Lot.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)
    return (
        plans.select_related("body", "jurisdiction")
        .annotate(
            lot_count=Coalesce(
                Subquery(lots.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            lot_budget=Coalesce(
                Subquery(lots.annotate(total=Sum("budget")).values("total"), output_field=money),
                Value(Decimal("0")),
                output_field=money,
            ),
        )
        .order_by("-year", "body__search_text", "pk")
    )


def plan_get_for(*, user, pk: int) -> FundingPlan:
    plan = (
        FundingPlan.objects.select_related("body", "jurisdiction")
        .prefetch_related(
            "budget_lines",
            Prefetch(
                "lots",
                queryset=Lot.objects.select_related("area", "call", "budget_line")
                .prefetch_related("regions")
                .order_by("number"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None or not can_see_plan(user, plan):
        raise Http404("plan not found")
    return plan


def call_get_visible(*, user, pk: int) -> Call:
    """Just the call row, checked (for forms and actions)."""
    call = Call.objects.select_related("body", "plan", "jurisdiction").filter(pk=pk).first()
    if call is None or not can_see_call(user, call):
        raise Http404("call not found")
    return call


def lot_get_for(*, user, pk: int) -> Lot:
    lot = Lot.objects.select_related("plan__body", "call").filter(pk=pk).first()
    if lot is None or not can_see_plan(user, lot.plan):
        raise Http404("lot not found")
    return lot


@dataclass
class LotCounts:
    lot: Lot
    drafts: int = 0
    submitted: int = 0


@dataclass
class CallCounts:
    call: Call
    lots: list[LotCounts] = field(default_factory=list)


@dataclass
class MyCalls:
    bodies: list[Organisation]
    by_state: list[tuple[str, StrOrPromise, int]]  # (state, label, count)
    calls: list[CallCounts]


def my_calls_for(*, user) -> MyCalls:
    """The calls of the bodies the official belongs to, the number of calls per state and,
    per lot, the numbers of draft and submitted applications: counts only, never contents
    (applications stay sealed until the close). Four queries."""
    from hamkori.applications.models import Application, ApplicationState

    bodies = official_bodies(user)
    calls = list(
        Call.objects.filter(body__in=bodies)
        .select_related("body", "jurisdiction")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("number")))
        .order_by("-closes_at", "pk")
    )
    per_state = Counter(call.state for call in calls)
    counts: dict[tuple[int, str], int] = {
        (row["lot_id"], row["state"]): row["n"]
        for row in Application.objects.filter(call__in=[c.pk for c in calls])
        .order_by()
        .values("lot_id", "state")
        .annotate(n=Count("pk"))
    }
    return MyCalls(
        bodies=bodies,
        by_state=[(s.value, s.label, per_state.get(s.value, 0)) for s in CallState],
        calls=[
            CallCounts(
                call=call,
                lots=[
                    LotCounts(
                        lot=lot,
                        drafts=counts.get((lot.pk, ApplicationState.DRAFT), 0),
                        submitted=counts.get((lot.pk, ApplicationState.SUBMITTED), 0),
                    )
                    for lot in call.lots.all()
                ],
            )
            for call in calls
        ],
    )
