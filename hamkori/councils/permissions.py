"""Who may do what with a public council, as predicates over (user, council). Default deny.

A council is run by its host body: any active official of the host manages it, and so does
the person who holds the council's secretary seat now (the model regulation makes the
secretary the one who prepares meetings and keeps the council's papers)."""

from __future__ import annotations

from datetime import date

from hamkori.accounts.permissions import (
    is_authenticated,
    is_official,
    is_org_member,
    is_platform_admin,
)
from hamkori.core.permissions import predicate
from hamkori.registry.models import Sector as OrganisationSector


def _today(council) -> date:
    from hamkori.rules.selectors import local_today

    return local_today(council.jurisdiction_id)


def _current_seats(user, council) -> list[dict]:
    # Cached on the user per council: a page asks several predicates about the same council.
    cache = getattr(user, "_council_seat_cache", None)
    if cache is None:
        cache = user._council_seat_cache = {}
    if council.pk not in cache:
        today = _today(council)
        cache[council.pk] = list(
            council.members.filter(user=user, starts_on__lte=today)
            .exclude(ends_on__lt=today)
            .values("id", "position")
        )
    return cache[council.pk]


def forget(user) -> None:
    """Drop the cached seats after they change."""
    if hasattr(user, "_council_seat_cache"):
        delattr(user, "_council_seat_cache")


@predicate
def is_host_official(user, council) -> bool:
    """An active member of the council's host body, which is a state body."""
    if council is None or not is_authenticated(user):
        return False
    return is_official(user, council) and is_org_member(user, council.host)


@predicate
def is_body_official(user, host) -> bool:
    """An active member of this state body: may create councils hosted by it."""
    if host is None or not is_authenticated(user):
        return False
    return host.sector == OrganisationSector.STATE and is_org_member(user, host)


@predicate
def is_council_member(user, council) -> bool:
    """The user holds a seat on the council today."""
    if council is None or not is_authenticated(user) or council.pk is None:
        return False
    return bool(_current_seats(user, council))


@predicate
def is_council_secretary(user, council) -> bool:
    """The user holds the council's secretary seat today."""
    if council is None or not is_authenticated(user) or council.pk is None:
        return False
    return any(seat["position"] == "secretary" for seat in _current_seats(user, council))


can_manage_council = is_host_official | is_council_secretary | is_platform_admin
can_create_council = is_body_official | is_platform_admin


@predicate
def is_working_group_member(user, competition) -> bool:
    """The user is named on the competition's working group."""
    if competition is None or not is_authenticated(user):
        return False
    return competition.working_group.filter(user=user).exists()


@predicate
def _competition_council_manager(user, competition) -> bool:
    return competition is not None and can_manage_council(user, competition.council)


can_manage_competition = _competition_council_manager
can_decide_candidacy = is_working_group_member


@predicate
def can_apply(user, competition) -> bool:
    """Any signed-in person may apply to a council's competition."""
    return is_authenticated(user)


__all__ = [
    "can_apply",
    "can_create_council",
    "can_decide_candidacy",
    "can_manage_competition",
    "can_manage_council",
    "forget",
    "is_body_official",
    "is_council_member",
    "is_council_secretary",
    "is_host_official",
    "is_working_group_member",
]
