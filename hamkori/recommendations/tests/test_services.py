"""The life of a recommendation through the services: adoption at a held meeting, deadlines in
working days across holidays, answers on time and late, extensions, implementation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hamkori.core.models import AuditEvent
from hamkori.meetings.models import MeetingState
from hamkori.recommendations import services
from hamkori.recommendations.models import Recommendation
from hamkori.recommendations.tests.factories import (
    adopted_make,
    mailed,
    meeting_held,
    sent_make,
    setting_make,
)
from hamkori.recommendations.workflow import AnswerKind, RecommendationState
from hamkori.registry.tests.factories import organisation_make

pytestmark = pytest.mark.django_db

S = RecommendationState


def freeze(monkeypatch, day: date) -> None:
    """Move the platform's clock to noon (UTC) of `day`: local_today follows it."""
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.parametrize(
    ("jurisdiction", "sent_on", "due_on"),
    [
        # Nauryz 2025 (21–25 March off in Kazakhstan): 2 April without the holidays.
        ("KZ", date(2025, 3, 12), date(2025, 4, 7)),
        # Navruz 2025 in Tajikistan (21–26 March off) and the day off after Idi Ramazon (31 March).
        ("TJ", date(2025, 3, 12), date(2025, 4, 9)),
        # New Year 2026: 1–2 January and Orthodox Christmas (7 January) off in Kazakhstan.
        ("KZ", date(2025, 12, 26), date(2026, 1, 21)),
        # Tajikistan: 1–2 January off, Saturday 10 January a working day.
        ("TJ", date(2025, 12, 26), date(2026, 1, 19)),
    ],
)
def test_the_deadline_is_fifteen_working_days_in_the_calendar(jurisdiction, sent_on, due_on):
    setting = setting_make(jurisdiction, held_on=sent_on - timedelta(days=1))

    recommendation = sent_make(setting, sent_on=sent_on)

    assert recommendation.state == S.SENT
    assert recommendation.due_on == recommendation.first_due_on == due_on


def test_a_deadline_outside_the_loaded_calendar_is_refused():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = adopted_make(setting)

    with pytest.raises(ValidationError):
        services.answer_deadline("KZ", date(2027, 12, 28))
    assert services.answer_deadline("KZ", date(2025, 3, 12)) == date(2025, 4, 7)
    recommendation.refresh_from_db()
    assert recommendation.state == S.ADOPTED


def test_adoption_needs_a_held_meeting_and_a_state_body():
    setting = setting_make()
    planned = meeting_held(setting.council, date(2025, 4, 1), state=MeetingState.PLANNED)
    cso = organisation_make("KZ")

    with pytest.raises(ValidationError) as not_held:
        adopted_make(setting, meeting=planned)
    with pytest.raises(ValidationError) as not_a_body:
        adopted_make(setting, addressee=cso)

    assert "meeting" in not_held.value.message_dict
    assert "addressee" in not_a_body.value.message_dict
    assert not Recommendation.objects.exists()


def test_recommendations_are_numbered_per_council_and_audited():
    setting = setting_make()
    other = setting_make()

    first, second = adopted_make(setting), adopted_make(setting)
    elsewhere = adopted_make(other)

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert AuditEvent.objects.filter(action="recommendations.recommendation.adopt").count() == 3


def test_sending_tells_the_body_and_an_answer_on_time_tells_the_council():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    assert mailed(setting.official.email) == 1

    services.recommendation_register(
        actor=setting.official, recommendation=recommendation, registered_on=date(2025, 3, 13)
    )
    answered = services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.ACCEPTED,
        text="",
        answered_on=date(2025, 4, 7),
    )

    assert answered.state == S.ANSWERED
    assert answered.answered_on == answered.due_on  # the last day still counts
    event = AuditEvent.objects.get(action="recommendations.recommendation.answer")
    assert event.changes["on_time"] is True
    assert mailed(setting.secretary.email) == 1


def test_an_answer_after_the_deadline_is_late():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))

    services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.PARTLY,
        text="The programme is published in part.",
        answered_on=date(2025, 4, 8),
    )

    event = AuditEvent.objects.get(action="recommendations.recommendation.answer")
    assert event.changes["on_time"] is False


def test_a_rejection_needs_reasons_and_ends_the_recommendation():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))

    with pytest.raises(ValidationError) as no_reasons:
        services.recommendation_answer(
            actor=setting.official,
            recommendation=recommendation,
            answer=AnswerKind.REJECTED,
            text="  ",
            answered_on=date(2025, 3, 20),
        )
    rejected = services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.REJECTED,
        text="Outside the ministry's powers.",
        answered_on=date(2025, 3, 20),
    )

    assert "text" in no_reasons.value.message_dict
    assert rejected.state == S.REJECTED
    with pytest.raises(ValidationError):
        services.recommendation_progress(
            actor=setting.official, recommendation=rejected, progress=10
        )


def test_the_database_refuses_a_rejection_without_reasons_and_progress_above_100():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    rows = Recommendation.objects.filter(pk=recommendation.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(
            state=S.REJECTED,
            answer=AnswerKind.REJECTED,
            answer_text="",
            answered_on=date(2025, 3, 20),
            answered_by=setting.official,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(progress=101)


def test_an_extension_before_the_deadline_moves_it_and_tells_the_council(monkeypatch):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    freeze(monkeypatch, date(2025, 4, 7))  # the deadline day itself

    extension = services.recommendation_extend(
        actor=setting.official,
        recommendation=recommendation,
        new_due_on=date(2025, 4, 21),
        reason="The answer needs the opinion of the Ministry of Finance.",
    )

    recommendation.refresh_from_db()
    assert (extension.previous_due_on, recommendation.due_on) == (
        date(2025, 4, 7),
        date(2025, 4, 21),
    )
    assert recommendation.first_due_on == date(2025, 4, 7)
    assert mailed(setting.secretary.email) == 1
    # An answer after the first deadline but by the new one is on time.
    freeze(monkeypatch, date(2025, 4, 18))
    services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.ACCEPTED,
        text="",
    )
    assert AuditEvent.objects.get(action="recommendations.recommendation.answer").changes["on_time"]


@pytest.mark.parametrize(
    ("today", "new_due_on", "reason", "field"),
    [
        (date(2025, 4, 8), date(2025, 4, 30), "Too late", None),  # after the deadline
        (date(2025, 4, 1), date(2025, 4, 7), "Same day", "new_due_on"),
        (date(2025, 4, 1), date(2025, 4, 30), "   ", "reason"),
    ],
)
def test_an_extension_is_refused(monkeypatch, today, new_due_on, reason, field):
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    freeze(monkeypatch, today)

    with pytest.raises(ValidationError) as refused:
        services.recommendation_extend(
            actor=setting.official,
            recommendation=recommendation,
            new_due_on=new_due_on,
            reason=reason,
        )

    if field:
        assert field in refused.value.message_dict
    recommendation.refresh_from_db()
    assert recommendation.due_on == date(2025, 4, 7)
    assert not recommendation.extensions.exists()


def test_implementation_with_milestones_to_implemented():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.ACCEPTED,
        text="",
        answered_on=date(2025, 3, 20),
    )

    step = services.milestone_add(
        actor=setting.official,
        recommendation=recommendation,
        text="Publish the draft for public discussion",
        due_on=date(2025, 5, 1),
    )
    recommendation.refresh_from_db()
    assert recommendation.state == S.IMPLEMENTING
    services.recommendation_progress(
        actor=setting.official, recommendation=recommendation, progress=60
    )
    services.milestone_done(actor=setting.official, milestone=step, done_on=date(2025, 4, 28))
    with pytest.raises(ValidationError):
        services.recommendation_progress(
            actor=setting.official, recommendation=recommendation, progress=100
        )
    done = services.recommendation_implemented(
        actor=setting.official, recommendation=recommendation, implemented_on=date(2025, 6, 2)
    )

    step.refresh_from_db()
    assert step.done_on == date(2025, 4, 28)
    assert (done.state, done.progress, done.implemented_on) == (
        S.IMPLEMENTED,
        100,
        date(2025, 6, 2),
    )
    assert AuditEvent.objects.filter(action__startswith="recommendations.").count() == 7


def test_dates_in_the_future_and_before_sending_are_refused():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    tomorrow = services.today_of(recommendation) + timedelta(days=1)

    for answered_on in (tomorrow, date(2025, 3, 11)):
        with pytest.raises(ValidationError) as refused:
            services.recommendation_answer(
                actor=setting.official,
                recommendation=recommendation,
                answer=AnswerKind.ACCEPTED,
                text="",
                answered_on=answered_on,
            )
        assert "answered_on" in refused.value.message_dict
