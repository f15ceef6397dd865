"""Convening the commission: when a meeting may be created, what it freezes from the
ranking, who may sit on it (segregation of duties) and the quorum."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamkori.calls.models import Call
from hamkori.calls.workflow import CallState
from hamkori.decisions import services
from hamkori.decisions.models import CommissionMeeting, DecisionEntry, Outcome
from hamkori.decisions.tally import Quorum, meeting_quorum
from hamkori.decisions.tests.factories import commission_make, meeting_make, official_of
from hamkori.registry.tests.factories import member_make, user_make
from hamkori.reviews.models import Review, ReviewState
from hamkori.reviews.tests.factories import reviewing_call, scored_call
from hamkori.rules.models import RuleParameter

pytestmark = pytest.mark.django_db


def test_a_meeting_freezes_the_proposed_ranking_and_starts_the_decision_from_it():
    # given a scored call with three applications in one lot (one award allowed)
    call = scored_call(applications=3)

    meeting = meeting_make(call)

    # then the proposal is frozen with ranks, scores and criteria means
    rows = meeting.proposed[0]["rows"]
    assert [row["rank"] for row in rows] == [1, 2, 3]
    assert [row["proposed"] for row in rows] == ["award", "reserve", "reserve"]
    assert all(len(row["criteria"]) == 2 for row in rows)
    # and the decision starts as proposed: the winner gets what it asked, the rest queue
    entries = list(DecisionEntry.objects.filter(meeting=meeting).order_by("rank"))
    assert [e.outcome for e in entries] == [Outcome.AWARD, Outcome.RESERVE, Outcome.RESERVE]
    assert entries[0].amount == entries[0].application.amount_requested > 0
    assert [e.reserve_position for e in entries] == [None, 1, 2]
    assert entries[0].score == Decimal(rows[0]["score"])


def test_a_meeting_needs_every_lots_ranking_complete():
    # given a call under review whose applications are not scored yet
    call = reviewing_call(applications=2)

    with pytest.raises(ValidationError, match="not complete in lot"):
        services.meeting_create(
            actor=official_of(call), call=call, held_at=timezone.now(), place="Room"
        )
    assert not CommissionMeeting.objects.filter(call=call).exists()


@pytest.mark.parametrize("state", [CallState.CLOSED, CallState.DECIDED, CallState.FINAL])
def test_a_meeting_needs_the_call_under_review(state):
    call = scored_call()
    Call.objects.filter(pk=call.pk).update(state=state)
    call.refresh_from_db()

    with pytest.raises(ValidationError):
        meeting_make(call)


def test_only_one_meeting_is_prepared_at_a_time():
    meeting = meeting_make()

    with pytest.raises(ValidationError, match="already being prepared"):
        meeting_make(meeting.call)


def test_people_outside_the_body_cannot_convene():
    call = scored_call()
    outsider = member_make(reviewing_call().body)

    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=outsider, call=call, held_at=timezone.now(), place="")


def test_a_member_is_an_existing_account_and_the_chair_is_one():
    meeting = meeting_make()
    official = official_of(meeting.call)
    chair = user_make()
    services.member_add(actor=official, meeting=meeting, email=chair.email.upper(), role="chair")

    with pytest.raises(ValidationError) as unknown:
        services.member_add(
            actor=official, meeting=meeting, email="nobody@example.org", role="member"
        )
    assert "email" in unknown.value.message_dict
    with pytest.raises(ValidationError) as second_chair:
        services.member_add(actor=official, meeting=meeting, email=user_make().email, role="chair")
    assert "role" in second_chair.value.message_dict
    with pytest.raises(ValidationError):
        services.member_add(actor=official, meeting=meeting, email=chair.email, role="member")


def test_an_expert_who_scored_in_the_call_cannot_sit_on_its_commission():
    # given a scored call and one of its experts
    meeting = meeting_make()
    expert_user = Review.objects.filter(call=meeting.call).first().expert.user

    with pytest.raises(ValidationError, match="scored applications of this call"):
        services.member_add(
            actor=official_of(meeting.call), meeting=meeting, email=expert_user.email, role="member"
        )


def test_an_expert_who_recused_themselves_may_sit_on_the_commission():
    meeting = meeting_make()
    review = Review.objects.filter(call=meeting.call).first()
    # a declared conflict: recused before scoring anything
    Review.objects.filter(call=meeting.call, expert=review.expert).update(
        state=ReviewState.RECUSED, submitted_at=None
    )

    member = services.member_add(
        actor=official_of(meeting.call),
        meeting=meeting,
        email=review.expert.user.email,
        role="member",
    )
    assert member.pk


@pytest.mark.parametrize(
    ("present", "total", "reached"),
    [(2, 3, True), (1, 3, False), (3, 3, True), (2, 4, False), (3, 4, True), (0, 0, False)],
)
def test_the_quorum_is_an_exact_share_of_all_members(present, total, reached):
    quorum = Quorum(present=present, total=total, share=Fraction(2, 3))

    assert quorum.reached is reached


def test_the_quorum_follows_the_attendance_and_the_rule():
    # given three members of whom one is present (KZ rule: two thirds)
    meeting = meeting_make()
    members = commission_make(meeting, members=3, present=1)
    assert meeting_quorum(meeting) == Quorum(1, 3, Fraction(2, 3))
    assert not meeting_quorum(meeting).reached

    # when a second member arrives
    services.attendance_record(
        actor=official_of(meeting.call), meeting=meeting, present={members[1].pk: True}
    )

    # then two of three make the quorum
    assert meeting_quorum(meeting).reached
    assert meeting_quorum(meeting).needed == 2


def test_without_the_quorum_rule_the_quorum_is_not_set():
    meeting = meeting_make()
    commission_make(meeting)
    RuleParameter.objects.filter(jurisdiction_id="KZ", key="commission.quorum_share").delete()

    quorum = meeting_quorum(meeting)

    assert quorum.share is None and quorum.needed is None and not quorum.reached
