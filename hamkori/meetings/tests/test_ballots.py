"""Members vote from their own accounts (ballot boxes) through the services: the secretary
opens a box, members present cast and change their choice, the secretary records a choice
for a member without an account and closes the box, which records the vote through
vote_record; and everything that is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hamkori.core.models import AuditEvent
from hamkori.councils.models import Member, Position
from hamkori.councils.tests.factories import council_make
from hamkori.meetings import services
from hamkori.meetings.models import (
    BallotBox,
    BallotBoxState,
    BallotCast,
    Choice,
    MeetingState,
    Vote,
    VoteKind,
    VoteResult,
)
from hamkori.meetings.tests.factories import (
    ballot_box_make,
    first_item,
    held_meeting_make,
    meeting_make,
    present_members,
    secretary_of,
)

pytestmark = pytest.mark.django_db


def _without_account(member: Member) -> Member:
    Member.objects.filter(pk=member.pk).update(user=None)
    member.refresh_from_db()
    return member


def _others(meeting):
    """The members present other than the secretary (each with an account)."""
    return present_members(meeting, secretary=False)


def test_members_vote_themselves_and_closing_records_the_vote(reference_data):
    # given a held meeting of 5 members present, one of them without an account
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    first, second, third, offline = _others(meeting)
    offline = _without_account(offline)
    box = ballot_box_make(meeting)

    # when the members vote from their accounts, one changes their mind, the secretary votes
    # for their own seat and records the choice of the member without an account
    services.ballot_cast(actor=first.user, box=box, choice=Choice.FOR)
    services.ballot_cast(actor=second.user, box=box, choice=Choice.AGAINST)
    services.ballot_cast(actor=second.user, box=box, choice=Choice.FOR)
    services.ballot_cast(actor=third.user, box=box, choice=Choice.AGAINST)
    services.ballot_cast(actor=secretary, box=box, choice=Choice.FOR)
    services.ballot_cast(actor=secretary, box=box, choice=Choice.ABSTAIN, member_id=offline.pk)
    vote = services.ballot_box_close(actor=secretary, box=box)

    # then the vote counts the last choice of each, and is linked to the box
    assert (vote.present, vote.votes_for, vote.votes_against, vote.abstentions) == (5, 3, 1, 1)
    assert vote.result == VoteResult.ADOPTED
    assert vote.question == "Approve the plan" and vote.item == first_item(meeting)
    box.refresh_from_db()
    assert (box.state, box.vote, box.ended_by) == (BallotBoxState.CLOSED, vote, secretary)
    # and each ballot says whether the member cast it themselves
    marks = {b.member_id: b.cast_by_member for b in vote.ballots.all()}
    assert marks == {
        first.pk: True,
        second.pk: True,
        third.pk: True,
        offline.pk: False,
        next(m.pk for m in present_members(meeting) if m.user_id == secretary.pk): True,
    }
    # and every change is in the audit trail
    actions = list(
        AuditEvent.objects.filter(action__startswith="meetings.").values_list("action", flat=True)
    )
    assert actions.count("meetings.ballot.open") == 1
    assert actions.count("meetings.ballot.cast") == 6
    assert actions.count("meetings.ballot.close") == 1
    assert actions.count("meetings.vote.record") == 1


def test_a_box_without_a_majority_for_records_a_rejected_vote(reference_data):
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    box = ballot_box_make(meeting)
    for index, member in enumerate(_others(meeting)):
        services.ballot_cast(
            actor=member.user, box=box, choice=Choice.FOR if index < 2 else Choice.AGAINST
        )
    services.ballot_cast(actor=secretary, box=box, choice=Choice.ABSTAIN)

    vote = services.ballot_box_close(actor=secretary, box=box)

    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (2, 2, 1)
    assert vote.result == VoteResult.REJECTED


def test_closing_needs_a_choice_from_every_member_present_and_names_the_missing(reference_data):
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    first, second, third, fourth = _others(meeting)
    box = ballot_box_make(meeting)
    services.ballot_cast(actor=first.user, box=box, choice=Choice.FOR)
    services.ballot_cast(actor=second.user, box=box, choice=Choice.FOR)

    with pytest.raises(ValidationError) as refused:
        services.ballot_box_close(actor=secretary, box=box)

    assert refused.value.code == "missing"
    message = refused.value.messages[0]
    assert third.full_name in message and fourth.full_name in message
    assert first.full_name not in message
    assert not Vote.objects.exists()
    box.refresh_from_db()
    assert box.state == BallotBoxState.OPEN


def test_who_may_not_cast(reference_data):
    # given a meeting with one member absent and an open box
    meeting = held_meeting_make(members=5, present=5)
    absent = meeting.attendances.get(present=False).member
    other_council = council_make(members=1)
    outsider = other_council.members.first()
    present = _others(meeting)[0]
    box = ballot_box_make(meeting)

    # then an absent member, a member of another council and an anonymous user are refused
    for actor in (absent.user, outsider.user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=actor, box=box, choice=Choice.FOR)
    # and a member present cannot vote for another member
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=present.user, box=box, choice=Choice.FOR, member_id=_others(meeting)[1].pk
        )
    # and the secretary records a choice for members present only
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            actor=secretary_of(meeting.council), box=box, choice=Choice.FOR, member_id=absent.pk
        )
    assert refused.value.code == "not_present"
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=present.user, box=box, choice="maybe")
    assert not BallotCast.objects.exists()


def test_no_cast_after_the_box_is_closed_or_cancelled(reference_data):
    meeting = held_meeting_make(members=2)
    secretary = secretary_of(meeting.council)
    box = ballot_box_make(meeting)
    for member in present_members(meeting):
        services.ballot_cast(actor=member.user, box=box, choice=Choice.FOR)
    services.ballot_box_close(actor=secretary, box=box)
    cancelled = ballot_box_make(meeting, question="Second question")
    services.ballot_box_cancel(actor=secretary, box=cancelled, reason="Asked twice")

    for closed in (box, cancelled):
        with pytest.raises(ValidationError) as refused:
            services.ballot_cast(actor=secretary, box=closed, choice=Choice.AGAINST)
        assert refused.value.code == "closed"
        with pytest.raises(ValidationError):
            services.ballot_box_close(actor=secretary, box=closed)
    assert Vote.objects.get().votes_for == 3


def test_one_open_box_per_meeting(reference_data):
    meeting = held_meeting_make(members=3)
    box = ballot_box_make(meeting)

    with pytest.raises(ValidationError) as refused:
        ballot_box_make(meeting, question="Another")
    assert refused.value.code == "open"
    # the database keeps it too, should a second box get past the services
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotBox.objects.create(
            meeting=meeting,
            item=box.item,
            question="Bypass",
            kind=VoteKind.DECISION,
            opened_by=box.opened_by,
        )
    # once the first is cancelled, another can be opened
    services.ballot_box_cancel(actor=secretary_of(meeting.council), box=box, reason="Wrong item")
    assert ballot_box_make(meeting, question="Another").state == BallotBoxState.OPEN


def test_the_database_refuses_an_unknown_choice_and_a_second_cast(reference_data):
    meeting = held_meeting_make(members=2)
    box = ballot_box_make(meeting)
    member = present_members(meeting)[0]

    with pytest.raises(IntegrityError), transaction.atomic():
        BallotCast.objects.create(box=box, member=member, choice="maybe", cast_by=member.user)
    BallotCast.objects.create(box=box, member=member, choice=Choice.FOR, cast_by=member.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotCast.objects.create(box=box, member=member, choice=Choice.FOR, cast_by=member.user)


def test_opening_without_quorum_is_refused_with_the_vote_record_message(reference_data):
    meeting = held_meeting_make(members=5, present=3)  # 6 members: 4 needed
    secretary = secretary_of(meeting.council)

    with pytest.raises(ValidationError) as opening:
        ballot_box_make(meeting)
    with pytest.raises(ValidationError) as recording:
        services.vote_record(actor=secretary, item=first_item(meeting), question="Q", choices={})

    assert opening.value.code == recording.value.code == "no_quorum"
    assert opening.value.messages == recording.value.messages
    assert not BallotBox.objects.exists()


def test_opening_only_at_a_held_meeting(reference_data):
    noticed = meeting_make(starts_in=timedelta(days=1), publish=True)

    with pytest.raises(ValidationError) as refused:
        ballot_box_make(noticed)

    assert refused.value.code == "state"
    assert not BallotBox.objects.exists()


def test_opening_needs_a_question_and_follows_the_election_rules(reference_data):
    meeting = held_meeting_make(members=3)
    candidate = meeting.council.members.filter(position=Position.MEMBER).first()

    with pytest.raises(ValidationError):
        ballot_box_make(meeting, question="  ")
    with pytest.raises(ValidationError) as refused:
        ballot_box_make(
            meeting, kind=VoteKind.ELECTION, position=Position.CHAIR, candidate=candidate
        )
    assert refused.value.code == "election"
    assert not BallotBox.objects.exists()


def test_an_election_by_ballot_box_gives_the_position(reference_data):
    meeting = held_meeting_make(members=3, is_first=True)
    secretary = secretary_of(meeting.council)
    candidate = meeting.council.members.filter(position=Position.MEMBER).first()
    box = ballot_box_make(
        meeting,
        question="Elect the chair",
        kind=VoteKind.ELECTION,
        position=Position.CHAIR,
        candidate=candidate,
    )
    for member in present_members(meeting):
        services.ballot_cast(actor=member.user, box=box, choice=Choice.FOR)

    vote = services.ballot_box_close(actor=secretary, box=box)

    candidate.refresh_from_db()
    assert (vote.kind, vote.candidate, vote.result) == (VoteKind.ELECTION, candidate, "adopted")
    assert candidate.position == Position.CHAIR


def test_only_the_secretary_runs_the_box_and_cancelling_needs_a_reason(reference_data):
    meeting = held_meeting_make(members=3)
    member = _others(meeting)[0]
    box = ballot_box_make(meeting)

    with pytest.raises(PermissionDenied):
        services.ballot_box_close(actor=member.user, box=box)
    with pytest.raises(PermissionDenied):
        services.ballot_box_cancel(actor=member.user, box=box, reason="x")
    with pytest.raises(PermissionDenied):
        services.ballot_box_open(actor=member.user, item=box.item, question="Mine")
    with pytest.raises(ValidationError) as refused:
        services.ballot_box_cancel(actor=secretary_of(meeting.council), box=box, reason=" ")
    assert "reason" in refused.value.message_dict

    box = services.ballot_box_cancel(
        actor=secretary_of(meeting.council), box=box, reason="Voted by show of hands"
    )
    assert (box.state, box.cancel_reason, box.vote) == ("cancelled", "Voted by show of hands", None)
    assert AuditEvent.objects.filter(action="meetings.ballot.cancel").count() == 1


def test_an_open_box_freezes_the_attendance_and_holds_back_the_minutes(reference_data):
    meeting = held_meeting_make(members=3)
    secretary = secretary_of(meeting.council)
    ballot_box_make(meeting)

    with pytest.raises(ValidationError) as refused:
        services.attendance_record(actor=secretary, meeting=meeting, present=[])
    assert refused.value.code == "ballot_open"
    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD


def test_a_show_of_hands_marks_no_ballot_as_cast_by_the_member(reference_data):
    meeting = held_meeting_make(members=2)
    secretary = secretary_of(meeting.council)
    choices = {m.pk: Choice.FOR for m in present_members(meeting)}
    stranger = council_make(members=1).members.first()

    with pytest.raises(ValidationError) as refused:
        services.vote_record(
            actor=secretary,
            item=first_item(meeting),
            question="Q",
            choices=choices,
            cast_by_member={stranger.pk},
        )
    assert refused.value.code == "ballots"
    vote = services.vote_record(
        actor=secretary, item=first_item(meeting), question="Q", choices=choices
    )

    assert vote.ballots.count() == 3
    assert not vote.ballots.filter(cast_by_member=True).exists()


def test_the_secretary_never_replaces_a_members_own_vote(reference_data):
    # given a member who voted from their own account
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    member = _others(meeting)[0]
    box = ballot_box_make(meeting)
    services.ballot_cast(actor=member.user, box=box, choice=Choice.ABSTAIN)

    # when the secretary tries to record another choice for them
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(actor=secretary, box=box, choice=Choice.FOR, member_id=member.pk)

    # then it is refused by name and the member's own vote stands
    assert member.full_name in refused.value.messages[0]
    cast = BallotCast.objects.get(box=box, member=member)
    assert (cast.choice, cast.cast_by_member) == (Choice.ABSTAIN, True)


def test_no_show_of_hands_on_the_side_while_the_members_vote(reference_data):
    # given an open box
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    box = ballot_box_make(meeting)
    present = present_members(meeting)

    # when the secretary records a vote by show of hands meanwhile, it is refused
    with pytest.raises(ValidationError) as refused:
        services.vote_record(
            actor=secretary,
            item=first_item(meeting),
            question="The same question again",
            choices={m.pk: Choice.FOR for m in present},
        )
    assert refused.value.code == "open"
    assert not Vote.objects.exists()

    # and once the box is cancelled, it is recorded
    services.ballot_box_cancel(actor=secretary, box=box, reason="Голосуем поднятием рук.")
    vote = services.vote_record(
        actor=secretary,
        item=first_item(meeting),
        question="The same question again",
        choices={m.pk: Choice.FOR for m in present},
    )
    assert vote.result == VoteResult.ADOPTED
