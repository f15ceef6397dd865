"""Limits on what the addressee body reports: one extension of the deadline, bounded in working
days and on a working day; implementation only with every step done; steps dated after sending."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hamkori.recommendations import services
from hamkori.recommendations.tests.factories import sent_make, setting_make
from hamkori.recommendations.tests.test_services import freeze
from hamkori.recommendations.workflow import AnswerKind, RecommendationState

pytestmark = pytest.mark.django_db

S = RecommendationState


def _extend(setting, recommendation, new_due_on):
    return services.recommendation_extend(
        actor=setting.official,
        recommendation=recommendation,
        new_due_on=new_due_on,
        reason="The answer needs the opinion of the Ministry of Finance.",
    )


@pytest.mark.parametrize(
    "new_due_on",
    [
        date(2025, 4, 29),  # one working day beyond 15 after 7 April (28 April)
        date(2099, 6, 1),
        date(2025, 4, 19),  # a Saturday within the limit
    ],
)
def test_an_extension_is_bounded_in_working_days_and_never_on_a_day_off(monkeypatch, new_due_on):
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    freeze(monkeypatch, date(2025, 4, 1))

    with pytest.raises(ValidationError) as refused:
        _extend(setting, recommendation, new_due_on)

    assert "new_due_on" in refused.value.message_dict
    assert services.extension_limit("KZ", date(2025, 4, 7)) == date(2025, 4, 28)
    recommendation.refresh_from_db()
    assert recommendation.due_on == date(2025, 4, 7)
    assert not recommendation.extensions.exists()


def test_an_extension_to_a_holiday_names_the_next_working_day(monkeypatch):
    setting = setting_make(held_on=date(2025, 12, 1))
    recommendation = sent_make(setting, sent_on=date(2025, 12, 3))
    freeze(monkeypatch, date(2025, 12, 10))

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        _extend(setting, recommendation, date(2026, 1, 2))  # New Year holidays in Kazakhstan

    assert "5 January 2026" in " ".join(refused.value.message_dict["new_due_on"])
    assert _extend(setting, recommendation, date(2026, 1, 5)).new_due_on == date(2026, 1, 5)


def test_a_deadline_is_extended_only_once(monkeypatch):
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    freeze(monkeypatch, date(2025, 4, 1))
    _extend(setting, recommendation, date(2025, 4, 14))

    with pytest.raises(ValidationError):
        _extend(setting, recommendation, date(2025, 4, 21))

    recommendation.refresh_from_db()
    assert recommendation.due_on == date(2025, 4, 14)
    assert recommendation.extensions.count() == 1


def _accepted(setting):
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    return services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.ACCEPTED,
        text="",
        answered_on=date(2025, 3, 20),
    )


def test_it_cannot_be_implemented_while_a_step_is_open():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = _accepted(setting)
    step = services.milestone_add(
        actor=setting.official,
        recommendation=recommendation,
        text="Publish",
        due_on=date(2025, 5, 1),
    )

    with pytest.raises(ValidationError):
        services.recommendation_implemented(
            actor=setting.official, recommendation=recommendation, implemented_on=date(2025, 6, 2)
        )
    recommendation.refresh_from_db()
    assert (recommendation.state, recommendation.progress) == (S.IMPLEMENTING, 0)

    services.milestone_done(actor=setting.official, milestone=step, done_on=date(2025, 5, 2))
    done = services.recommendation_implemented(
        actor=setting.official, recommendation=recommendation, implemented_on=date(2025, 6, 2)
    )
    assert done.state == S.IMPLEMENTED


def test_a_step_due_before_the_recommendation_was_sent_is_refused():
    setting = setting_make(held_on=date(2025, 3, 3))
    recommendation = _accepted(setting)

    with pytest.raises(ValidationError) as refused:
        services.milestone_add(
            actor=setting.official,
            recommendation=recommendation,
            text="Backdated",
            due_on=date(2020, 1, 1),
        )

    assert "due_on" in refused.value.message_dict
    assert not recommendation.milestones.exists()
    step = services.milestone_add(
        actor=setting.official,
        recommendation=recommendation,
        text="On the day it was sent",
        due_on=date(2025, 3, 12),
    )
    assert step.due_on == date(2025, 3, 12)
