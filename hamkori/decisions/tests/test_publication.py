"""Publishing the adopted decision: the result and its appeal window in working days, the
call's transition, the e-mails, a revised decision after an upheld appeal, and when the
call may be made final."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from hamkori.accounts.models import MembershipRole
from hamkori.calls.services import call_transition
from hamkori.calls.workflow import CallState
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.decisions import services
from hamkori.decisions.models import CommissionMember, DecisionEntry, Outcome, Result
from hamkori.decisions.services import EntryChange
from hamkori.decisions.tests.factories import (
    adopted_meeting,
    commission_make,
    meeting_make,
    official_of,
    published_call,
    settled_result,
    vote_all,
)
from hamkori.registry.tests.factories import member_make
from hamkori.reviews.models import Review, ReviewState
from hamkori.reviews.tests.factories import scored_call
from hamkori.rules.models import RuleParameter

pytestmark = pytest.mark.django_db


def _with_admins(call):
    """Each applicant organisation gets an administrator (the one who hears the outcome)."""
    return {
        a.pk: member_make(a.organisation, role=MembershipRole.ADMIN)
        for a in call.applications.select_related("organisation")
    }


def _publish(meeting):
    return services.result_publish(
        actor=official_of(meeting.call), call=meeting.call, meeting=meeting
    )


def test_publishing_decides_the_call_and_opens_the_appeal_window_in_working_days(clock):
    # given a decision adopted on Friday 20 March 2026; Nauryz (21–25 March) follows
    clock(2026, 3, 20, 10)
    meeting = adopted_meeting()

    result = _publish(meeting)

    # then five working days skip the holidays and the weekend
    assert result.appeal_until == date(2026, 4, 1)
    result.call.refresh_from_db()
    assert result.call.state == CallState.DECIDED
    assert AuditEvent.objects.filter(action="decisions.result.publish").exists()
    assert AuditEvent.objects.filter(action="calls.call.decide").exists()


def test_without_the_window_rule_the_appeal_deadline_is_not_set():
    meeting = adopted_meeting()
    RuleParameter.objects.filter(jurisdiction_id="KZ", key="appeal.window_working_days").delete()

    result = _publish(meeting)

    assert result.appeal_until is None
    assert services.appeal_deadline(result) is None


def test_a_decision_not_adopted_cannot_be_published():
    meeting = meeting_make()
    members = commission_make(meeting)
    vote_all(meeting, members, "against")
    meeting = services.meeting_adopt(actor=official_of(meeting.call), meeting=meeting)

    with pytest.raises(ValidationError, match="adopted"):
        _publish(meeting)
    assert not Result.objects.exists()


def test_publication_tells_the_applicants_their_outcome_and_the_experts_and_the_commission():
    call = scored_call()
    admins = _with_admins(call)
    meeting = adopted_meeting(call)

    _publish(meeting)

    winner = DecisionEntry.objects.get(meeting=meeting, outcome=Outcome.AWARD)
    to_winner = OutboxEmail.objects.get(to=[admins[winner.application_id].email])
    with translation.override(to_winner.language):
        assert str(Outcome.AWARD.label) in to_winner.body
        assert formats.localize(winner.score) in to_winner.body
    assert f"/decisions/application/{winner.application_id}/" in to_winner.body
    published = OutboxEmail.objects.exclude(to__in=[[a.email] for a in admins.values()])
    recipients = {address for email in published for address in email.to}
    experts = set(Review.objects.filter(call=call).values_list("expert__user__email", flat=True))
    members = set(
        CommissionMember.objects.filter(meeting=meeting).values_list("user__email", flat=True)
    )
    assert experts | members == recipients


def _uphold_and_rescore(result):
    """An appeal of the second-ranked application is upheld; its experts resubmit."""
    call = result.call
    entry = DecisionEntry.objects.get(meeting=result.meeting, rank=2)
    application = entry.application
    appellant = application.organisation.memberships.first().user
    appeal = services.appeal_file(actor=appellant, application=application, grounds="Miscounted.")
    services.appeal_answer(
        actor=official_of(call), appeal=appeal, upheld=True, answer="Criterion 2 misread."
    )
    return application


def test_an_upheld_appeal_needs_a_revised_decision_once_rescored():
    # given a published result and an upheld appeal that reopened the scoring
    result = published_call()
    call = result.call
    application = _uphold_and_rescore(result)
    assert services.revision_needed(call)
    with pytest.raises(ValidationError, match="not complete"):
        meeting_make(call)
    # when the experts resubmit, a new meeting moves the appellant up
    Review.objects.filter(application=application).update(state=ReviewState.SUBMITTED)
    _with_admins(call)
    OutboxEmail.objects.all().delete()
    meeting = meeting_make(call)
    assert meeting.number == 2
    first, second = DecisionEntry.objects.filter(meeting=meeting).order_by("rank")[:2]
    services.decision_update(
        actor=official_of(call),
        meeting=meeting,
        lot=first.lot,
        changes=[
            EntryChange(first.pk, Outcome.RESERVE, reserve_position=1, reason="Appeal."),
            EntryChange(
                second.pk,
                Outcome.AWARD,
                amount=second.application.amount_requested,
                reason="Appeal upheld: the score was misread.",
            ),
        ],
    )
    vote_all(meeting, commission_make(meeting))
    meeting = services.meeting_adopt(actor=official_of(call), meeting=meeting)

    revised = _publish(meeting)

    # then the result points to the new meeting and only the changed outcomes are told
    assert revised.pk == result.pk and revised.meeting_id == meeting.pk
    assert not services.revision_needed(call)
    assert AuditEvent.objects.filter(action="decisions.result.republish").exists()
    changed = {first.application.organisation_id, second.application.organisation_id}
    addresses = {a for email in OutboxEmail.objects.all() for a in email.to}
    admins = {
        m.user.email
        for o in changed
        for m in first.application.organisation.memberships.model.objects.filter(
            organisation_id=o, role=MembershipRole.ADMIN
        ).select_related("user")
    }
    assert admins <= addresses
    third = DecisionEntry.objects.get(meeting=meeting, rank=3).application.organisation
    assert not {m.user.email for m in third.memberships.all()} & addresses


def test_a_decided_call_is_final_only_after_the_window_and_the_appeals(clock):
    clock(2026, 3, 20, 10)
    result = published_call()
    call = result.call
    official = official_of(call)
    with pytest.raises(ValidationError, match="until"):
        call_transition(actor=official, call=call, action="finalise")

    # when the window is over but an appeal filed in time is still open
    entry = DecisionEntry.objects.filter(meeting=result.meeting).first()
    appellant = entry.application.organisation.memberships.first().user
    appeal = services.appeal_file(actor=appellant, application=entry.application, grounds="G")
    clock(2026, 4, 2, 9)
    with pytest.raises(ValidationError, match="Appeals are still open"):
        call_transition(actor=official, call=call, action="finalise")

    # then once it is dismissed the call becomes final
    services.appeal_answer(actor=official, appeal=appeal, upheld=False, answer="No error.")
    call = call_transition(actor=official, call=call, action="finalise")
    assert call.state == CallState.FINAL


def test_a_decided_call_without_a_result_cannot_be_made_final():
    call = scored_call()
    call.state = CallState.DECIDED
    call.save(update_fields=["state"])

    with pytest.raises(ValidationError, match="not been published"):
        call_transition(actor=official_of(call), call=call, action="finalise")


def test_a_settled_result_lets_the_call_be_made_final():
    # given a decided call whose window ended yesterday without appeals
    call = scored_call()
    call.state = CallState.DECIDED
    call.save(update_fields=["state"])
    settled_result(call)

    call = call_transition(actor=official_of(call), call=call, action="finalise")

    assert call.state == CallState.FINAL
