"""Reads of recommendations: a council's list, one recommendation's page, the public counters of
a body and of all bodies of a jurisdiction, and the inbox of a body's officials. Counters are
one aggregate query whatever the number of recommendations; a recommendation is overdue when it
waits for its answer after its deadline in the jurisdiction's local date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from hamkori.accounts.models import MembershipStatus
from hamkori.councils.models import Council
from hamkori.meetings.models import Vote, VoteKind
from hamkori.recommendations.models import Extension, Milestone, Recommendation
from hamkori.recommendations.permissions import can_view_recommendation
from hamkori.recommendations.workflow import (
    ANSWERED_STATES,
    AWAITING_ANSWER,
    PUBLIC_STATES,
    RecommendationState,
)
from hamkori.registry.models import Organisation, Sector
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_today

S = RecommendationState
FILTER_STATES = ("overdue", *PUBLIC_STATES)


def is_overdue(recommendation: Recommendation, today: date) -> bool:
    return (
        recommendation.state in AWAITING_ANSWER
        and recommendation.due_on is not None
        and recommendation.due_on < today
    )


def flag(recommendations, today: date):
    """Set `overdue` and `on_time` on each recommendation of a page (no queries)."""
    for recommendation in recommendations:
        recommendation.overdue = is_overdue(recommendation, today)
        recommendation.on_time = (
            recommendation.answered_on <= recommendation.due_on
            if recommendation.answered_on and recommendation.due_on
            else None
        )
    return recommendations


def _list_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("council", "addressee", "meeting")


def council_get(*, code: str) -> Council:
    """A council by its code, with its host (404 if unknown)."""
    return get_object_or_404(Council.objects.select_related("host", "jurisdiction"), code=code)


def recommendation_list_for(
    *,
    council: Council,
    state: str = "",
    addressee_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Recommendation]:
    """A council's sent recommendations, newest first, filtered by state (or "overdue") and
    by addressee body."""
    today = today or local_today(council.jurisdiction_id)
    queryset = Recommendation.objects.filter(council=council, state__in=PUBLIC_STATES)
    if state == "overdue":
        queryset = queryset.filter(state__in=AWAITING_ANSWER, due_on__lt=today)
    elif state in PUBLIC_STATES:
        queryset = queryset.filter(state=state)
    if addressee_id:
        queryset = queryset.filter(addressee_id=addressee_id)
    return _list_related(queryset).order_by("-number")


def council_addressees(council: Council) -> list[Organisation]:
    """The bodies the council's recommendations were sent to (for the filter)."""
    return list(
        Organisation.objects.filter(
            recommendations_received__council=council,
            recommendations_received__state__in=PUBLIC_STATES,
        )
        .distinct()
        .order_by("name_ru", "pk")
    )


def recommendation_get_for(*, user, pk: int) -> Recommendation:
    """One recommendation with its extensions and milestones; 404 when the person may not see
    it (before it is sent only the council's managers and nobody else do)."""
    recommendation = (
        Recommendation.objects.select_related(
            "council", "council__host", "meeting", "agenda_item", "addressee", "answered_by"
        )
        .prefetch_related(
            # The votes of the agenda item the recommendation was adopted under.
            Prefetch(
                "agenda_item__votes",
                queryset=Vote.objects.filter(kind=VoteKind.DECISION).order_by("created_at", "pk"),
            ),
            Prefetch(
                "extensions",
                queryset=Extension.objects.select_related("extended_by").order_by(
                    "extended_at", "pk"
                ),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if recommendation is None or not can_view_recommendation(user, recommendation):
        raise Http404("no such recommendation")
    return recommendation


# --- counters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Counters:
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    implemented: int = 0
    extended: int = 0  # sent with the deadline moved by an extension, whatever their state

    @property
    def unanswered(self) -> int:
        return self.overdue + self.not_yet_due

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late


def counter_aggregates(today: date) -> dict:
    answered = Q(state__in=ANSWERED_STATES)
    awaiting = Q(state__in=AWAITING_ANSWER)
    return {
        "received": Count("pk", filter=Q(state__in=PUBLIC_STATES)),
        "answered_on_time": Count("pk", filter=answered & Q(answered_on__lte=F("due_on"))),
        "answered_late": Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
        "overdue": Count("pk", filter=awaiting & Q(due_on__lt=today)),
        "not_yet_due": Count("pk", filter=awaiting & Q(due_on__gte=today)),
        "implemented": Count("pk", filter=Q(state=S.IMPLEMENTED)),
        "extended": Count(
            "pk", filter=Q(state__in=PUBLIC_STATES) & Q(due_on__gt=F("first_due_on"))
        ),
    }


def body_counters(*, body: Organisation, today: date | None = None) -> Counters:
    """The public counters of one body (one query)."""
    today = today or local_today(body.jurisdiction_id)
    row = Recommendation.objects.filter(addressee=body).aggregate(**counter_aggregates(today))
    return Counters(**row)


def council_counters(*, council: Council, today: date | None = None) -> Counters:
    """The same counters over one council's recommendations (one query)."""
    today = today or local_today(council.jurisdiction_id)
    row = Recommendation.objects.filter(council=council).aggregate(**counter_aggregates(today))
    return Counters(**row)


@dataclass(frozen=True)
class BodyCounters:
    body: Organisation
    counters: Counters


def jurisdiction_counters(*, jurisdiction: Jurisdiction) -> list[BodyCounters]:
    """Every state body of the jurisdiction that received a recommendation, with its counters,
    most recommendations first (one query: the aggregate grouped by body)."""
    today = local_today(jurisdiction)
    aggregates = counter_aggregates(today)
    bodies = (
        # Filtering on the relation first makes the counts below use the same join, and keeps
        # only bodies that received something.
        Organisation.objects.filter(
            jurisdiction=jurisdiction,
            sector=Sector.STATE,
            recommendations_received__state__in=PUBLIC_STATES,
        )
        .annotate(
            **{
                name: Count(
                    "recommendations_received",
                    filter=_prefixed(aggregate.filter, "recommendations_received__"),
                )
                for name, aggregate in aggregates.items()
            }
        )
        .order_by("-received", "name_ru", "pk")
    )
    return [
        BodyCounters(body, Counters(**{name: getattr(body, name) for name in aggregates}))
        for body in bodies
    ]


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition on a related model's fields (`state` → `<prefix>state`)."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    for child in cast(list, condition.children):
        if isinstance(child, Q):
            copy.children.append(_prefixed(child, prefix))
        else:
            key, value = cast(tuple, child)
            if isinstance(value, F):
                value = F(prefix + value.name)
            copy.children.append((prefix + key, value))
    return copy


def body_get(*, pk: int) -> Organisation:
    """A state body for its public page (404 for anything else)."""
    return get_object_or_404(
        Organisation.objects.select_related("jurisdiction"), pk=pk, sector=Sector.STATE
    )


def body_recommendations(*, body: Organisation) -> QuerySet[Recommendation]:
    """The recommendations a body received, newest first."""
    return _list_related(
        Recommendation.objects.filter(addressee=body, state__in=PUBLIC_STATES)
    ).order_by("-sent_on", "-pk")


# --- the officials' inbox ---------------------------------------------------------------

INBOX_STATES = (S.SENT, S.REGISTERED, S.ANSWERED, S.IMPLEMENTING)


def inbox_for(*, user) -> QuerySet[Recommendation]:
    """What waits for the bodies the person works in: recommendations to register and answer
    (earliest deadline first), then those being implemented."""
    bodies = user.memberships.filter(
        status=MembershipStatus.ACTIVE, organisation__sector=Sector.STATE
    ).values("organisation_id")
    return (
        _list_related(
            Recommendation.objects.filter(addressee_id__in=bodies, state__in=INBOX_STATES)
        )
        .annotate(waiting=Case(When(state__in=AWAITING_ANSWER, then=Value(0)), default=Value(1)))
        .order_by("waiting", "due_on", "pk")
    )
