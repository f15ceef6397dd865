"""Quorum, votes and elections: no vote without quorum, simple majority of those present,
an adopted election gives the position through councils."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from hamkori.calls.tests.factories import body_make
from hamkori.councils.models import Position
from hamkori.councils.tests.factories import council_make, seat_make
from hamkori.meetings import services
from hamkori.meetings.models import Choice, Vote, VoteKind, VoteResult
from hamkori.meetings.selectors import meeting_quorum
from hamkori.meetings.tests.factories import (
    first_item,
    held_meeting_make,
    meeting_make,
    secretary_of,
)
from hamkori.rules.models import RuleParameter

pytestmark = pytest.mark.django_db


def _present(meeting):
    return [a.member for a in meeting.attendances.filter(present=True).select_related("member")]


def _choices(meeting, votes_for: int) -> dict[int, str]:
    present = _present(meeting)
    return {
        m.pk: Choice.FOR if index < votes_for else Choice.AGAINST for index, m in enumerate(present)
    }


@pytest.mark.parametrize(("members", "required"), [(6, 4), (9, 6), (15, 10), (16, 11), (30, 20)])
def test_quorum_is_two_thirds_of_all_members_rounded_up_in_kz(reference_data, members, required):
    council = council_make(members=members - 1)  # plus the secretary
    meeting = held_meeting_make(council, present=required - 1)

    quorum = meeting_quorum(meeting)

    assert quorum.members_total == members
    assert quorum.required == required
    assert not quorum.reached


def test_a_vote_without_quorum_is_refused(reference_data):
    meeting = held_meeting_make(members=5, present=3)  # 6 members: 4 needed
    secretary = secretary_of(meeting.council)

    with pytest.raises(ValidationError) as refused:
        services.vote_record(
            actor=secretary,
            item=first_item(meeting),
            question="Approve the plan",
            choices=_choices(meeting, 3),
        )

    assert refused.value.code == "no_quorum"
    assert not Vote.objects.exists()


def test_with_quorum_a_vote_is_counted(reference_data):
    meeting = held_meeting_make(members=5, present=4)
    secretary = secretary_of(meeting.council)

    vote = services.vote_record(
        actor=secretary,
        item=first_item(meeting),
        question="Approve the plan",
        choices=_choices(meeting, 3),
    )

    assert (vote.present, vote.votes_for, vote.votes_against, vote.quorum) == (4, 3, 1, 4)
    assert vote.result == VoteResult.ADOPTED
    assert vote.ballots.count() == 4


@pytest.mark.parametrize(
    ("present", "votes_for", "adopted"), [(6, 3, False), (6, 4, True), (5, 3, True), (5, 2, False)]
)
def test_simple_majority_of_members_present(reference_data, present, votes_for, adopted):
    meeting = held_meeting_make(members=5, present=present)

    vote = services.vote_record(
        actor=secretary_of(meeting.council),
        item=first_item(meeting),
        question="Q",
        choices=_choices(meeting, votes_for),
    )

    assert (vote.result == VoteResult.ADOPTED) is adopted


def test_every_present_member_needs_a_ballot_and_only_them(reference_data):
    meeting = held_meeting_make(members=5, present=5)
    absent = meeting.attendances.get(present=False).member
    choices = _choices(meeting, 5)
    secretary = secretary_of(meeting.council)

    with pytest.raises(ValidationError):
        services.vote_record(
            actor=secretary,
            item=first_item(meeting),
            question="Q",
            choices=dict(list(choices.items())[1:]),
        )
    with pytest.raises(ValidationError):
        services.vote_record(
            actor=secretary,
            item=first_item(meeting),
            question="Q",
            choices={**choices, absent.pk: Choice.FOR},
        )
    assert not Vote.objects.exists()


def test_attendance_cannot_change_after_a_vote(reference_data):
    meeting = held_meeting_make(members=5)
    secretary = secretary_of(meeting.council)
    services.vote_record(
        actor=secretary, item=first_item(meeting), question="Q", choices=_choices(meeting, 6)
    )

    with pytest.raises(ValidationError) as refused:
        services.attendance_record(actor=secretary, meeting=meeting, present=[])

    assert refused.value.code == "voted"


def test_without_a_quorum_rule_no_vote_is_taken(reference_data):
    # A jurisdiction without the rule: the quorum is shown as not set, never invented.
    RuleParameter.objects.filter(jurisdiction="TJ", key="council.quorum_share").delete()
    council = council_make(host=body_make(jurisdiction="TJ"), members=3)
    meeting = held_meeting_make(council)

    assert meeting_quorum(meeting).required is None
    with pytest.raises(ValidationError) as refused:
        services.vote_record(
            actor=secretary_of(council),
            item=first_item(meeting),
            question="Q",
            choices=_choices(meeting, 4),
        )
    assert refused.value.code == "quorum_rule"


def test_an_adopted_election_makes_the_candidate_chair(reference_data):
    meeting = held_meeting_make(members=5, is_first=True)
    candidate = meeting.council.members.filter(position=Position.MEMBER).first()

    vote = services.vote_record(
        actor=secretary_of(meeting.council),
        item=first_item(meeting),
        question="Elect the chair",
        kind=VoteKind.ELECTION,
        position=Position.CHAIR,
        candidate=candidate,
        choices=_choices(meeting, 5),
    )

    candidate.refresh_from_db()
    assert vote.result == VoteResult.ADOPTED
    assert candidate.position == Position.CHAIR


def test_a_rejected_election_changes_no_position(reference_data):
    meeting = held_meeting_make(members=5, is_first=True)
    candidate = meeting.council.members.filter(position=Position.MEMBER).first()

    services.vote_record(
        actor=secretary_of(meeting.council),
        item=first_item(meeting),
        question="Elect the chair",
        kind=VoteKind.ELECTION,
        position=Position.CHAIR,
        candidate=candidate,
        choices=_choices(meeting, 2),
    )

    candidate.refresh_from_db()
    assert candidate.position == Position.MEMBER


def test_a_chair_in_public_service_is_refused_and_no_vote_is_kept(reference_data):
    council = council_make(members=4)
    civil_servant = seat_make(council, in_public_service=True)
    meeting = held_meeting_make(council, is_first=True)

    with pytest.raises(ValidationError):
        services.vote_record(
            actor=secretary_of(council),
            item=first_item(meeting),
            question="Elect the chair",
            kind=VoteKind.ELECTION,
            position=Position.CHAIR,
            candidate=civil_servant,
            choices=_choices(meeting, 6),
        )

    civil_servant.refresh_from_db()
    assert civil_servant.position == Position.MEMBER
    assert not Vote.objects.exists()


def test_elections_only_at_the_first_meeting(reference_data):
    meeting = held_meeting_make(members=5)

    with pytest.raises(ValidationError):
        services.vote_record(
            actor=secretary_of(meeting.council),
            item=first_item(meeting),
            question="Elect the chair",
            kind=VoteKind.ELECTION,
            position=Position.CHAIR,
            candidate=meeting.council.members.first(),
            choices=_choices(meeting, 6),
        )


def test_votes_only_for_a_held_meeting(reference_data):
    meeting = meeting_make(starts_in=timedelta(days=1), publish=True)

    with pytest.raises(ValidationError):
        services.vote_record(
            actor=secretary_of(meeting.council),
            item=first_item(meeting),
            question="Q",
            choices={},
        )
