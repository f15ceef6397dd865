"""Builders for the decision tests, through the services: a meeting convened on a scored
call, with its commission present, adopted, and published."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hamkori.accounts.models import MembershipRole, User
from hamkori.calls.models import Call
from hamkori.decisions import services
from hamkori.decisions.models import CommissionMeeting, CommissionMember, MeetingState, Result
from hamkori.registry.tests.factories import user_make
from hamkori.reviews.tests.factories import scored_call


def official_of(call: Call) -> User:
    """The administrator of the call's body that reviewing_call made."""
    return User.objects.filter(
        memberships__organisation_id=call.body_id, memberships__role=MembershipRole.ADMIN
    ).earliest("pk")


def meeting_make(call: Call | None = None, **call_fields) -> CommissionMeeting:
    """A meeting of a scored call (3 applications, 1 lot unless told otherwise)."""
    call = call or scored_call(**call_fields)
    return services.meeting_create(
        actor=official_of(call), call=call, held_at=timezone.now(), place="Room 1"
    )


def commission_make(
    meeting: CommissionMeeting, members: int = 3, present: int | None = None
) -> list[CommissionMember]:
    """`members` members (the first the chair, the second the secretary), of whom the first
    `present` (all by default) attend."""
    official = official_of(meeting.call)
    roles = ["chair", "secretary"] + ["member"] * max(0, members - 2)
    added = [
        services.member_add(
            actor=official, meeting=meeting, email=user_make().email, role=roles[index]
        )
        for index in range(members)
    ]
    present = members if present is None else present
    services.attendance_record(
        actor=official,
        meeting=meeting,
        present={m.pk: index < present for index, m in enumerate(added)},
    )
    return added


def vote_all(meeting: CommissionMeeting, members, choice: str = "for") -> None:
    services.votes_record(
        actor=official_of(meeting.call),
        meeting=meeting,
        choices={m.pk: choice for m in members},
    )


def adopted_meeting(call: Call | None = None, **call_fields) -> CommissionMeeting:
    """A meeting whose three present members all voted for the proposed decision."""
    meeting = meeting_make(call, **call_fields)
    vote_all(meeting, commission_make(meeting))
    return services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)


def published_call(call: Call | None = None, **call_fields) -> Result:
    """A call whose adopted decision is published."""
    meeting = adopted_meeting(call, **call_fields)
    return services.result_publish(
        actor=official_of(meeting.call), call=meeting.call, meeting=meeting
    )


def settled_result(call: Call) -> Result:
    """A published result of `call` (any state) whose appeal window ended yesterday, with no
    appeals: what the finalise transition waits for. Rows made directly, for other apps'
    workflow tests."""
    official = User.objects.filter(memberships__organisation_id=call.body_id).first() or user_make()
    meeting = CommissionMeeting.objects.create(
        call=call,
        number=1,
        held_at=timezone.now() - timedelta(days=20),
        state=MeetingState.ADOPTED,
        decided_at=timezone.now() - timedelta(days=20),
        created_by=official,
    )
    return Result.objects.create(
        call=call,
        meeting=meeting,
        published_at=timezone.now() - timedelta(days=19),
        published_by=official,
        appeal_until=services.local_today(call) - timedelta(days=1),
    )
