"""Who may see and change plans and calls, as named predicates (default deny).

An official "of the funding body" is an active member of the body (a state body or the grant
operator). Platform administrators and auditors read everything of their jurisdiction,
drafts included, and change nothing: a competition is run by its body alone."""

from __future__ import annotations

from hamkori.accounts.permissions import (
    is_auditor,
    is_authenticated,
    is_org_member,
    is_platform_admin,
)
from hamkori.calls.models import PlanStatus
from hamkori.calls.workflow import AMENDABLE_STATES, PUBLIC_STATES, CallState
from hamkori.core.permissions import predicate
from hamkori.registry.models import Organisation, Sector

OFFICIAL_SECTORS = (Sector.STATE, Sector.OPERATOR)


@predicate
def is_body_official(user, body: Organisation | None) -> bool:
    """An active member of `body`, which is a state body or the grant operator."""
    return (
        body is not None
        and body.sector in OFFICIAL_SECTORS
        and is_authenticated(user)
        and is_org_member(user, body)
    )


@predicate
def is_official_of_the_body(user, obj) -> bool:
    """`obj` is a plan or a call; the user is an official of its body."""
    return obj is not None and is_body_official(user, obj.body)


@predicate
def is_public_call(user, call) -> bool:
    return call is not None and call.state in PUBLIC_STATES


@predicate
def is_published_plan(user, plan) -> bool:
    return plan is not None and plan.status == PlanStatus.PUBLISHED


@predicate
def call_is_draft(user, call) -> bool:
    return call is not None and call.state == CallState.DRAFT


@predicate
def call_is_amendable(user, call) -> bool:
    return call is not None and call.state in AMENDABLE_STATES


can_see_call = is_public_call | is_official_of_the_body | is_auditor | is_platform_admin
can_see_plan = is_published_plan | is_official_of_the_body | is_auditor | is_platform_admin
# Editing a plan's lots is allowed while the plan is a draft or published: lots are added
# during the year. A lot offered in a call is changed only by amending the call.
can_edit_plan = is_official_of_the_body
can_edit_call = is_official_of_the_body & call_is_draft
can_transition_call = is_official_of_the_body
can_amend_call = is_official_of_the_body & call_is_amendable
# Counts of applications per lot: never contents (sealed until the close).
can_see_call_counts = is_official_of_the_body | is_auditor | is_platform_admin


@predicate
def can_create_call_for(user, body) -> bool:
    return is_body_official(user, body)


__all__ = [
    "can_amend_call",
    "can_create_call_for",
    "can_edit_call",
    "can_edit_plan",
    "can_see_call",
    "can_see_call_counts",
    "can_see_plan",
    "can_transition_call",
    "is_body_official",
    "is_official_of_the_body",
]
