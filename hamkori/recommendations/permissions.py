"""Who may do what with a council's recommendations (default deny).

The council's managers (councils.permissions.can_manage_council) adopt recommendations and
send them; officials of the addressee body — active members of that state-sector organisation —
register, answer, extend, and report the implementation. Everyone reads a recommendation once
it is sent; before that only the council's managers see it."""

from __future__ import annotations

from hamkori.accounts.permissions import is_org_member
from hamkori.core.permissions import is_authenticated, predicate
from hamkori.councils.permissions import can_manage_council
from hamkori.recommendations.workflow import PUBLIC_STATES
from hamkori.registry.models import Sector


@predicate
def is_addressee_official(user, recommendation) -> bool:
    """An active member of the addressee body, which is a state body."""
    if recommendation is None or not is_authenticated(user):
        return False
    body = recommendation.addressee
    return body.sector == Sector.STATE and is_org_member(user, body)


@predicate
def manages_recommendation_council(user, recommendation) -> bool:
    return recommendation is not None and can_manage_council(user, recommendation.council)


@predicate
def recommendation_is_public(user, recommendation) -> bool:
    return recommendation is not None and recommendation.state in PUBLIC_STATES


can_adopt_recommendation = can_manage_council  # on a council
can_send_recommendation = manages_recommendation_council
can_answer_recommendation = is_addressee_official
# The body sees a recommendation once it is sent, like everyone else.
can_view_recommendation = recommendation_is_public | manages_recommendation_council

__all__ = [
    "can_adopt_recommendation",
    "can_answer_recommendation",
    "can_send_recommendation",
    "can_view_recommendation",
    "is_addressee_official",
    "manages_recommendation_council",
    "recommendation_is_public",
]
