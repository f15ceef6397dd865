"""Who may open, cast in and run a ballot box, one test per permission across role × state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from hamkori.councils.models import Position
from hamkori.councils.tests.factories import council_make, official_make
from hamkori.meetings import services
from hamkori.meetings.models import Choice, Meeting, MeetingState
from hamkori.meetings.permissions import can_cast_ballot, can_open_ballot, can_run_ballot
from hamkori.meetings.tests.factories import (
    ballot_box_make,
    held_meeting_make,
    meeting_make,
    present_members,
    secretary_of,
)
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db

ROLES = (
    "secretary",
    "host_official",
    "present_member",
    "absent_member",
    "other_council_member",
    "stranger",
    "anonymous",
)


def _actor(role: str, meeting: Meeting):
    council = meeting.council
    if role == "secretary":
        return secretary_of(council)
    if role == "host_official":
        return official_make(council.host)
    if role == "present_member":
        return (
            meeting.attendances.filter(present=True, member__position=Position.MEMBER)
            .first()
            .member.user
        )
    if role == "absent_member":
        return meeting.attendances.filter(present=False).first().member.user
    if role == "other_council_member":
        return council_make(members=1).members.first().user
    if role == "stranger":
        return user_make()
    return AnonymousUser()


def _box_in(state: str):
    meeting = held_meeting_make(members=5, present=5)  # 6 seats, one absent
    box = ballot_box_make(meeting)
    secretary = secretary_of(meeting.council)
    if state == "closed":
        for member in present_members(meeting):
            services.ballot_cast(actor=member.user, box=box, choice=Choice.FOR)
        services.ballot_box_close(actor=secretary, box=box)
    elif state == "cancelled":
        services.ballot_box_cancel(actor=secretary, box=box, reason="Wrong question")
    elif state == "meeting_no_longer_held":
        # not reachable through the services (drafting is refused while a box is open), so
        # the predicate is checked on its own
        Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.MINUTES_DRAFTED)
    box.refresh_from_db()
    return box


CAST_ALLOWED = {("secretary", "open"), ("present_member", "open")}
RUN_ALLOWED = {("secretary", "open"), ("host_official", "open")}
BOX_STATES = ("open", "closed", "cancelled", "meeting_no_longer_held")


@pytest.mark.parametrize("state", BOX_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_can_cast_ballot(reference_data, role, state):
    box = _box_in(state)

    assert can_cast_ballot(_actor(role, box.meeting), box) is ((role, state) in CAST_ALLOWED)


@pytest.mark.parametrize("state", BOX_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_can_run_ballot(reference_data, role, state):
    box = _box_in(state)

    assert can_run_ballot(_actor(role, box.meeting), box) is ((role, state) in RUN_ALLOWED)


def _meeting_in(state: str) -> Meeting:
    if state == "notice":
        return meeting_make(members=5, starts_in=timedelta(days=1), publish=True)
    meeting = held_meeting_make(members=5, present=5)
    if state == "minutes_drafted":
        meeting = services.meeting_transition(
            actor=secretary_of(meeting.council), meeting=meeting, action="draft_minutes"
        )
    return meeting


OPEN_ALLOWED = {("secretary", "held"), ("host_official", "held")}


@pytest.mark.parametrize("state", ["held", "minutes_drafted"])
@pytest.mark.parametrize("role", ROLES)
def test_can_open_ballot(reference_data, role, state):
    meeting = _meeting_in(state)

    assert can_open_ballot(_actor(role, meeting), meeting) is ((role, state) in OPEN_ALLOWED)


@pytest.mark.parametrize("role", ["secretary", "host_official", "stranger", "anonymous"])
def test_nobody_opens_a_ballot_before_the_meeting_is_held(reference_data, role):
    meeting = _meeting_in("notice")

    assert can_open_ballot(_actor(role, meeting), meeting) is False
