"""The decision itself: departures from the proposal need reasons, a lot's awards never
exceed its budget or number of awards, votes need a quorum, conflicted members are recused
from their applications, and adoption follows the votes."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hamkori.accounts.models import MembershipStatus
from hamkori.applications.tests.test_concurrency import database_as_in_production
from hamkori.calls.models import Lot
from hamkori.core.models import AuditEvent
from hamkori.decisions import services
from hamkori.decisions.models import DecisionEntry, MeetingState, Outcome
from hamkori.decisions.services import EntryChange
from hamkori.decisions.tally import meeting_tallies
from hamkori.decisions.tests.factories import (
    commission_make,
    meeting_make,
    official_of,
    vote_all,
)
from hamkori.registry.tests.factories import member_make
from hamkori.reviews.models import ExpertRelation
from hamkori.reviews.tests.factories import expert_make
from hamkori.rules.models import RuleParameter

pytestmark = pytest.mark.django_db


def _entries(meeting):
    return list(
        DecisionEntry.objects.filter(meeting=meeting).select_related("application").order_by("rank")
    )


def _update(meeting, *changes):
    return services.decision_update(
        actor=official_of(meeting.call),
        meeting=meeting,
        lot=_entries(meeting)[0].lot,
        changes=list(changes),
    )


def test_a_departure_from_the_proposal_needs_a_reason():
    meeting = meeting_make()
    first, _second, _third = _entries(meeting)

    # when the winner is moved to the reserve list without a reason
    with pytest.raises(ValidationError) as refused:
        _update(meeting, EntryChange(first.pk, Outcome.REJECT))
    assert f"reason_{first.pk}" in refused.value.message_dict

    # then with a reason it is recorded and audited
    _update(meeting, EntryChange(first.pk, Outcome.REJECT, reason="Budget is not credible."))
    first.refresh_from_db()
    assert first.outcome == Outcome.REJECT and first.departure_reason
    assert AuditEvent.objects.filter(action="decisions.entry.update").count() == 1


def test_a_lower_amount_or_another_reserve_place_is_a_departure_too():
    meeting = meeting_make()
    first, second, third = _entries(meeting)

    with pytest.raises(ValidationError) as refused:
        _update(
            meeting,
            EntryChange(first.pk, Outcome.AWARD, amount=Decimal("1000000.00")),
            EntryChange(second.pk, Outcome.RESERVE, reserve_position=2),
            EntryChange(third.pk, Outcome.RESERVE, reserve_position=1),
        )

    assert set(refused.value.message_dict) == {
        f"reason_{first.pk}",
        f"reason_{second.pk}",
        f"reason_{third.pk}",
    }


def test_going_back_to_the_proposal_clears_the_reason():
    meeting = meeting_make()
    first = _entries(meeting)[0]
    _update(meeting, EntryChange(first.pk, Outcome.RESERVE, reserve_position=3, reason="Weak."))

    _update(
        meeting,
        EntryChange(first.pk, Outcome.AWARD, amount=first.application.amount_requested),
    )

    first.refresh_from_db()
    assert first.outcome == Outcome.AWARD and first.departure_reason == ""


def test_the_awards_of_a_lot_never_exceed_its_number_of_awards():
    # given one award allowed in the lot
    meeting = meeting_make()
    _first, second, _third = _entries(meeting)

    with pytest.raises(ValidationError, match="allows 1"):
        _update(
            meeting,
            EntryChange(
                second.pk, Outcome.AWARD, amount=Decimal("100000.00"), reason="Strong need."
            ),
        )
    assert DecisionEntry.objects.filter(meeting=meeting, outcome=Outcome.AWARD).count() == 1


def test_the_awards_of_a_lot_never_exceed_its_budget():
    # given two awards allowed but a budget of 5,000,000 and requests of 4,500,000 each
    meeting = meeting_make()
    Lot.objects.filter(pk=_entries(meeting)[0].lot_id).update(max_awards=2)
    _first, second, _third = _entries(meeting)

    with pytest.raises(ValidationError, match="exceed the budget"):
        _update(
            meeting,
            EntryChange(
                second.pk, Outcome.AWARD, amount=second.application.amount_requested, reason="X"
            ),
        )

    # then a smaller second award that fits is accepted
    _update(
        meeting,
        EntryChange(second.pk, Outcome.AWARD, amount=Decimal("500000.00"), reason="Fits."),
    )
    awarded = sum(e.amount for e in _entries(meeting) if e.outcome == Outcome.AWARD)
    assert awarded == Decimal("5000000.00")


def test_an_award_needs_an_amount_no_higher_than_requested_and_a_reserve_a_place():
    meeting = meeting_make()
    first, second, third = _entries(meeting)

    with pytest.raises(ValidationError) as refused:
        _update(
            meeting,
            EntryChange(first.pk, Outcome.AWARD, amount=first.application.amount_requested + 1),
            EntryChange(second.pk, Outcome.RESERVE, reserve_position=None, reason="r"),
        )
    assert set(refused.value.message_dict) == {f"amount_{first.pk}", f"reserve_{second.pk}"}

    with pytest.raises(ValidationError, match="same place"):
        _update(meeting, EntryChange(third.pk, Outcome.RESERVE, reserve_position=1, reason="r"))


@pytest.mark.django_db(transaction=True)
def test_two_editors_cannot_together_exceed_the_lots_awards():
    # given a lot with one award left after the winner is rejected
    meeting = meeting_make()
    first, second, third = _entries(meeting)
    _update(meeting, EntryChange(first.pk, Outcome.REJECT, reason="Withdrew."))
    errors = []

    def award(entry):
        try:
            _update(meeting, EntryChange(entry.pk, Outcome.AWARD, amount=Decimal(1000), reason="r"))
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    # when two officials award the last place at the same time
    with database_as_in_production():
        threads = [threading.Thread(target=award, args=(e,)) for e in (second, third)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        # then one of them is refused: the lot row lock serialised the checks
        assert DecisionEntry.objects.filter(meeting=meeting, outcome=Outcome.AWARD).count() == 1
        assert len(errors) == 1


def test_a_vote_without_quorum_is_refused():
    meeting = meeting_make()
    members = commission_make(meeting, members=3, present=1)

    with pytest.raises(ValidationError, match="No quorum"):
        vote_all(meeting, members[:1])


def test_an_absent_member_cannot_vote():
    meeting = meeting_make()
    members = commission_make(meeting, members=4, present=3)

    with pytest.raises(ValidationError, match="not present"):
        vote_all(meeting, members[3:])


def test_more_for_than_against_adopts_the_decision():
    meeting = meeting_make()
    members = commission_make(meeting, members=3)
    vote_all(meeting, members[:2], "for")
    vote_all(meeting, members[2:], "against")

    adopted = services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)

    assert adopted.state == MeetingState.ADOPTED and adopted.decided_at
    assert AuditEvent.objects.filter(action="decisions.meeting.adopt").exists()


def test_a_tie_does_not_adopt_the_decision():
    meeting = meeting_make()
    members = commission_make(meeting, members=4)
    vote_all(meeting, members[:2], "for")
    vote_all(meeting, members[2:], "against")

    decided = services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)

    assert decided.state == MeetingState.NOT_ADOPTED
    with pytest.raises(ValidationError):
        vote_all(meeting, members, "for")


def test_the_decision_is_not_taken_without_the_quorum_rule():
    meeting = meeting_make()
    members = commission_make(meeting)
    vote_all(meeting, members)
    RuleParameter.objects.filter(jurisdiction_id="KZ", key="commission.quorum_share").delete()

    with pytest.raises(ValidationError, match="not set"):
        services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)


def test_a_member_with_a_conflict_is_recused_from_every_application_of_that_lot():
    # given two lots; a member of an applicant of lot 1 and an expert related to one of lot 2
    meeting = meeting_make(lots=2)
    entries = _entries(meeting)
    lot_one = [e for e in entries if e.lot.number == 1]
    lot_two = [e for e in entries if e.lot.number == 2]
    members = commission_make(meeting, members=4)
    member_make(lot_one[0].application.organisation, user=members[2].user)
    expert = expert_make(user=members[3].user)
    ExpertRelation.objects.create(
        expert=expert, organisation=lot_two[1].application.organisation, kind="employee"
    )
    # when the two conflicted members vote against and the others for
    vote_all(meeting, members[:2], "for")
    vote_all(meeting, members[2:], "against")

    tallies = meeting_tallies(meeting)

    # then each is left out of every application of the lot their organisation competes in
    assert tallies.recused[members[2].pk] == {e.application_id for e in lot_one}
    assert tallies.recused[members[3].pk] == {e.application_id for e in lot_two}
    for entry in lot_one:
        tally = tallies.by_application[entry.application_id]
        assert (tally.for_, tally.against) == (2, 1)
    assert tallies.overall.for_ == 2 and tallies.overall.against == 2


def test_an_inactive_membership_is_no_conflict():
    meeting = meeting_make()
    first = _entries(meeting)[0]
    members = commission_make(meeting, members=3)
    member_make(first.application.organisation, user=members[0].user, status=MembershipStatus.ENDED)

    assert meeting_tallies(meeting).recused[members[0].pk] == set()


def test_the_decision_fails_when_recusals_leave_an_application_without_a_majority():
    # given a member of the winner's organisation, who votes for, and a tie otherwise
    meeting = meeting_make()
    first = _entries(meeting)[0]
    members = commission_make(meeting, members=3)
    member_make(first.application.organisation, user=members[0].user)
    vote_all(meeting, members[:2], "for")
    vote_all(meeting, members[2:], "against")

    decided = services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)

    # then 2:1 on the whole, but 1:1 on the winner: not adopted
    assert decided.state == MeetingState.NOT_ADOPTED
