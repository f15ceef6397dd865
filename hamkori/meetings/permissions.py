"""Who may do what with a council's meetings, as predicates over (user, meeting). Default deny.

A meeting is prepared and recorded by whoever manages its council (host officials, the council's
secretary: councils.permissions.can_manage_council); the minutes are approved by the chair or
the secretary of the council (Model regulation, Order No 69 of 26.02.2021)."""

from __future__ import annotations

from hamkori.accounts.permissions import is_authenticated, is_platform_admin
from hamkori.core.permissions import predicate
from hamkori.councils.models import Position
from hamkori.councils.permissions import (
    can_manage_council,
    is_council_member,
    is_council_secretary,
)
from hamkori.meetings.models import BallotBoxState
from hamkori.meetings.workflow import PUBLIC_STATES, RECORDING


def _council(meeting):
    return meeting.council if meeting is not None else None


@predicate
def can_manage_meeting(user, meeting) -> bool:
    """May edit the meeting, its agenda, attendance, votes and draft minutes."""
    return meeting is not None and can_manage_council(user, _council(meeting))


@predicate
def is_meeting_council_chair(user, meeting) -> bool:
    """The user holds the chair's seat on the meeting's council today."""
    if meeting is None or not is_authenticated(user):
        return False
    from hamkori.rules.selectors import local_today

    council = _council(meeting)
    today = local_today(council.jurisdiction_id)
    return (
        council.members.filter(user=user, position=Position.CHAIR, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .exists()
    )


@predicate
def _is_meeting_council_secretary(user, meeting) -> bool:
    return meeting is not None and is_council_secretary(user, _council(meeting))


@predicate
def _is_meeting_council_member(user, meeting) -> bool:
    return meeting is not None and is_council_member(user, _council(meeting))


@predicate
def _is_platform_admin_here(user, meeting) -> bool:
    return meeting is not None and is_platform_admin(user, _council(meeting))


can_approve_minutes = (
    is_meeting_council_chair | _is_meeting_council_secretary | _is_platform_admin_here
)


@predicate
def is_public_meeting(user, meeting) -> bool:
    """Anyone sees a meeting once its notice was published (a planned one is a draft)."""
    return (
        meeting is not None
        and meeting.state in PUBLIC_STATES
        and meeting.notice_published_at is not None
    )


can_view_meeting = is_public_meeting | can_manage_meeting | _is_meeting_council_member


# --- members' own votes (ballot boxes) -------------------------------------------------------


@predicate
def is_present_member(user, meeting) -> bool:
    """The user's seat on the meeting's council is recorded present at the meeting (only a
    seat linked to the user's account counts: the member acts for themselves)."""
    if meeting is None or not is_authenticated(user) or meeting.pk is None:
        return False
    return meeting.attendances.filter(present=True, member__user=user).exists()


@predicate
def _meeting_recording(user, meeting) -> bool:
    return meeting is not None and meeting.state in RECORDING


can_open_ballot = can_manage_meeting & _meeting_recording


@predicate
def _ballot_box_open(user, box) -> bool:
    return box is not None and box.state == BallotBoxState.OPEN and box.meeting.state in RECORDING


@predicate
def _present_at_box_meeting(user, box) -> bool:
    return box is not None and is_present_member(user, box.meeting)


@predicate
def _manages_box_meeting(user, box) -> bool:
    return box is not None and can_manage_meeting(user, box.meeting)


# A member present chooses for themselves while the box is open.
can_cast_ballot = _ballot_box_open & _present_at_box_meeting
# The secretary records a choice for a member present, closes or cancels the box.
can_run_ballot = _ballot_box_open & _manages_box_meeting

__all__ = [
    "can_approve_minutes",
    "can_cast_ballot",
    "can_manage_meeting",
    "can_open_ballot",
    "can_run_ballot",
    "can_view_meeting",
    "is_meeting_council_chair",
    "is_present_member",
    "is_public_meeting",
]
