"""Appeals: filed by the applicant within the window (local working days from publication),
one open per application, answered with reasons by a deadline in working days; upholding
reopens the scoring."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkori.applications.models import Application
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.decisions import services
from hamkori.decisions.models import AppealState, DecisionEntry
from hamkori.decisions.selectors import appeal_rows
from hamkori.decisions.tests.factories import meeting_make, official_of, published_call
from hamkori.reviews.models import Review, ReviewState
from hamkori.reviews.ranking import RowStatus, call_rankings

pytestmark = pytest.mark.django_db


def _applicant(result, rank: int = 2):
    entry = DecisionEntry.objects.get(meeting=result.meeting, rank=rank)
    application = entry.application
    return application, application.organisation.memberships.first().user


def test_an_appeal_filed_in_time_is_due_in_working_days_across_holidays(clock):
    # given a result published on Wednesday 18 March 2026 (window: until 30 March)
    clock(2026, 3, 18, 12)
    result = published_call()
    assert result.appeal_until == date(2026, 3, 30)
    application, person = _applicant(result)

    # when the applicant appeals on Friday 20 March, before Nauryz (21–25 March)
    clock(2026, 3, 20, 17)
    appeal = services.appeal_file(actor=person, application=application, grounds="Miscounted.")

    # then the officials must answer by 1 April: five working days after the holidays
    assert appeal.state == AppealState.FILED
    assert appeal.due_on == date(2026, 4, 1)
    assert AuditEvent.objects.filter(action="decisions.appeal.file").exists()


def test_the_window_is_closed_the_day_after_appeal_until_local_time(clock):
    clock(2026, 3, 18, 12)
    result = published_call()
    application, person = _applicant(result)

    # 30 March 23:59 in Almaty is still in time; 31 March 00:01 is not
    clock(2026, 3, 30, 23, 59)
    services.appeal_file(actor=person, application=application, grounds="In time.")
    other, other_person = _applicant(result, rank=3)
    clock(2026, 3, 31, 0, 1)
    with pytest.raises(ValidationError, match="closed"):
        services.appeal_file(actor=other_person, application=other, grounds="Late.")


def test_one_open_appeal_per_application_and_grounds_are_required():
    result = published_call()
    application, person = _applicant(result)
    with pytest.raises(ValidationError) as empty:
        services.appeal_file(actor=person, application=application, grounds="  ")
    assert "grounds" in empty.value.message_dict
    services.appeal_file(actor=person, application=application, grounds="First.")

    with pytest.raises(ValidationError, match="already being considered"):
        services.appeal_file(actor=person, application=application, grounds="Second.")


def test_only_the_applicant_appeals_and_only_after_publication():
    meeting = meeting_make()
    application = Application.objects.filter(call=meeting.call).first()
    person = application.organisation.memberships.first().user
    with pytest.raises(PermissionDenied):
        services.appeal_file(actor=person, application=application, grounds="Too early.")

    result = published_call()
    published, _person = _applicant(result)
    official = official_of(result.call)
    with pytest.raises(PermissionDenied):
        services.appeal_file(actor=official, application=published, grounds="Not mine.")


def test_an_answer_needs_reasons_and_is_sent_to_the_appellant():
    result = published_call()
    application, person = _applicant(result)
    appeal = services.appeal_file(actor=person, application=application, grounds="G.")
    official = official_of(result.call)
    services.appeal_review_start(actor=official, appeal=appeal)

    with pytest.raises(ValidationError) as empty:
        services.appeal_answer(actor=official, appeal=appeal, upheld=False, answer="")
    assert "answer" in empty.value.message_dict

    services.appeal_answer(actor=official, appeal=appeal, upheld=False, answer="Scores right.")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED and appeal.answered_by == official
    assert OutboxEmail.objects.filter(to=[person.email], body__contains="Scores right.").exists()
    assert AuditEvent.objects.filter(action="decisions.appeal.dismiss").exists()
    with pytest.raises(ValidationError, match="already been answered"):
        services.appeal_answer(actor=official, appeal=appeal, upheld=True, answer="Again.")


def test_upholding_reopens_the_scoring_and_the_ranking_waits_for_it():
    result = published_call()
    application, person = _applicant(result)
    appeal = services.appeal_file(actor=person, application=application, grounds="G.")

    services.appeal_answer(
        actor=official_of(result.call), appeal=appeal, upheld=True, answer="Misread."
    )

    reviews = Review.objects.filter(application=application)
    assert {r.state for r in reviews} == {ReviewState.SCORING}
    assert all(r.reopened_at for r in reviews)
    rows = {r.application.pk: r for r in call_rankings(result.call)[0].rows}
    assert rows[application.pk].status == RowStatus.SCORING
    assert services.revision_needed(result.call)
    assert AuditEvent.objects.filter(action="decisions.appeal.uphold").exists()


def test_an_open_appeal_past_its_due_date_is_flagged_overdue(clock):
    clock(2026, 3, 18, 12)
    result = published_call()
    application, person = _applicant(result)
    services.appeal_file(actor=person, application=application, grounds="G.")  # due 25 → 26 Mar
    answered_application, other_person = _applicant(result, rank=3)
    answered = services.appeal_file(
        actor=other_person, application=answered_application, grounds="G."
    )
    services.appeal_answer(
        actor=official_of(result.call), appeal=answered, upheld=False, answer="No."
    )

    clock(2026, 4, 2, 9)
    rows = {a.application_id: a for a in appeal_rows(result.call)}

    assert rows[application.pk].overdue is True
    assert rows[answered_application.pk].overdue is False
