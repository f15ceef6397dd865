"""Builders for the review and decision tests: experts, a call under review with compliant
submissions, and one whose every application is scored. Rows are made directly, without the
services, so that each test states only what it is about."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from hamkori.accounts.models import MembershipRole, PlatformRole, RoleGrant
from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.applications.tests.factories import application_make
from hamkori.calls.models import Call, Criterion
from hamkori.calls.tests.factories import body_make, call_make
from hamkori.calls.workflow import CallState
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.reviews.draw import ALGORITHM, draw, new_seed
from hamkori.reviews.models import (
    Draw,
    Evaluation,
    Expert,
    Review,
    ReviewState,
    Score,
    Seat,
)
from hamkori.reviews.scoring import CriterionSpec, as_decimal, sheet_score

_serial = itertools.count(1)


def expert_make(
    jurisdiction: str = "KZ",
    areas: tuple[str, ...] = ("children",),
    languages: tuple[str, ...] = ("ru", "kk", "tg"),
    user=None,
    terms_accepted: bool = True,
    **fields,
) -> Expert:
    """An active expert (with the platform's expert role) who has accepted the terms."""
    user = user or user_make(full_name=f"Expert {next(_serial)}")
    expert = Expert.objects.create(
        user=user,
        jurisdiction_id=jurisdiction,
        languages=list(languages),
        terms_accepted_at=timezone.now() if terms_accepted else None,
        created_by=fields.pop("created_by", user),
        **fields,
    )
    expert.areas.set(list(areas))
    RoleGrant.objects.get_or_create(
        user=user, role=PlatformRole.EXPERT, jurisdiction_id=jurisdiction
    )
    return expert


def reviewing_call(
    applications: int = 3, lots: int = 1, jurisdiction: str = "KZ", **call_fields
) -> Call:
    """A call under review whose lots each have `applications` compliant submissions from
    different organisations, submitted a minute apart. The body has an official:
    `call.official` (an administrator of the body)."""
    body = call_fields.pop("body", None) or body_make(jurisdiction)
    now = timezone.now()
    call = call_make(
        body=body,
        state=CallState.UNDER_REVIEW,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        lots=lots,
        **call_fields,
    )
    call.official = member_make(body, role=MembershipRole.ADMIN)
    for lot in call.lots.order_by("number"):
        for index in range(applications):
            application_make(
                call=call,
                lot=lot,
                organisation=organisation_make(jurisdiction),
                state=ApplicationState.SUBMITTED,
                submitted_at=call.closes_at - timedelta(days=1, minutes=applications - index),
                compliance=Compliance.COMPLIANT,
            )
    return call


def evaluation_make(call: Call, **fields) -> Evaluation:
    fields.setdefault("panel_size", 3)
    fields.setdefault("reserve_size", 3)
    fields.setdefault("created_by", getattr(call, "official", None) or user_make())
    return Evaluation.objects.create(call=call, **fields)


def draw_make(lot, experts: list[Expert], panel: int = 3, reserves: int = 3, seed=None) -> Draw:
    """A draw of `experts` (all eligible) with its seats; no reviews."""
    seed = seed or new_seed()
    pool = sorted(e.pk for e in experts)
    order = draw(seed, pool, panel=panel, reserves=reserves)
    record = Draw.objects.create(
        call=lot.call,
        lot=lot,
        algorithm=ALGORITHM,
        seed=seed,
        panel_size=panel,
        reserve_size=reserves,
        pool=pool,
        order=order,
        drawn_by=experts[0].created_by,
        drawn_at=timezone.now(),
    )
    Seat.objects.bulk_create(
        Seat(draw=record, expert_id=expert_id, position=position, is_reserve=position > panel)
        for position, expert_id in enumerate(order, start=1)
    )
    return record


def scored_call(
    applications: int = 3,
    lots: int = 1,
    panel: int = 3,
    points: list[list[int]] | None = None,
    jurisdiction: str = "KZ",
    **call_fields,
) -> Call:
    """A call under review where every compliant application has `panel` submitted reviews.
    `points[i][k]` is what the k-th panel expert gives application i on every criterion
    (default: 7, 8, 9 shifted by the application's index, so the ranking is known)."""
    call = reviewing_call(applications, lots, jurisdiction, **call_fields)
    evaluation_make(call, panel_size=panel)
    criteria = list(Criterion.objects.filter(criteria_set__call=call).order_by("order"))
    specs = [CriterionSpec(c.pk, c.max_points, c.weight) for c in criteria]
    for lot in call.lots.order_by("number"):
        experts = [expert_make(jurisdiction, areas=(lot.area_id,)) for _ in range(panel)]
        record = draw_make(lot, experts, panel=panel, reserves=0)
        seats = {seat.expert_id: seat for seat in record.seats.all()}
        for index, application in enumerate(
            Application.objects.filter(lot=lot).order_by("submitted_at")
        ):
            for k, expert_id in enumerate(record.order[:panel]):
                value = points[index][k] if points else min(10, max(0, 7 + k - index % 5))
                values = {c.pk: Decimal(value) for c in criteria}
                review = Review.objects.create(
                    call=call,
                    lot=lot,
                    application=application,
                    seat=seats[expert_id],
                    expert_id=expert_id,
                    state=ReviewState.SUBMITTED,
                    declared_at=timezone.now(),
                    comment="Sound plan.",
                    total=as_decimal(sheet_score(values, specs), 4),
                    submitted_at=timezone.now(),
                )
                Score.objects.bulk_create(
                    Score(review=review, criterion=c, points=values[c.pk], comment="Fine.")
                    for c in criteria
                )
    return call


# --- built through the services (for behaviour tests of the review itself) ---


def experts_for(call: Call, count: int = 4, **fields) -> list[Expert]:
    """`count` eligible experts for every lot of the call (the lots' directions, the call's
    languages, terms accepted)."""
    areas = tuple(sorted(set(call.lots.values_list("area_id", flat=True))))
    fields.setdefault("jurisdiction", call.jurisdiction_id)
    return [expert_make(areas=areas, **fields) for _ in range(count)]


def drawn_call(
    applications: int = 3, panel: int = 3, reserves: int = 2, experts: int = 6, **call_fields
) -> Call:
    """A call under review whose single lot's experts were drawn by the service; the experts
    are `call.experts` and the draw `call.draw`."""
    from hamkori.reviews.services import draw_lot

    call = reviewing_call(applications, 1, **call_fields)
    evaluation_make(call, panel_size=panel, reserve_size=reserves)
    call.experts = experts_for(call, experts)
    call.draw = draw_lot(actor=call.official, lot=call.lots.get())
    return call


def panel_of(call: Call) -> list[Expert]:
    """The drawn panel, in draw order."""
    seats = Seat.objects.filter(draw__call=call, is_reserve=False).select_related("expert__user")
    return [seat.expert for seat in seats.order_by("position")]


def reserves_of(call: Call) -> list[Expert]:
    seats = Seat.objects.filter(draw__call=call, is_reserve=True).select_related("expert__user")
    return [seat.expert for seat in seats.order_by("position")]


def declare_free(expert: Expert, lot) -> None:
    """The expert declares no conflict with every applicant still waiting in the lot."""
    from hamkori.reviews.services import Answer, declarations_record

    pending = Review.objects.filter(lot=lot, expert=expert, state=ReviewState.DECLARING)
    declarations_record(
        actor=expert.user,
        lot=lot,
        answers={r.application_id: Answer(conflict=False) for r in pending},
    )


def sheet(call: Call, points: Decimal | str | int = 7, comment: str = "Well argued.") -> dict:
    """A complete sheet for the call's criteria: the same points everywhere."""
    criteria = Criterion.objects.filter(criteria_set__call=call)
    return {
        "points": {c.pk: Decimal(points) for c in criteria},
        "comments": {c.pk: f"Comment on {c.name_en}." for c in criteria},
        "comment": comment,
    }
