"""Free text in recommendations is bounded (TEXT_MAX_LENGTH characters: the recommendation's
text, the body's answer, an extension's reason) in the service and the form, and long words
written into it wrap on the page instead of widening it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.recommendations import services
from hamkori.recommendations.models import TEXT_MAX_LENGTH
from hamkori.recommendations.tests.factories import adopted_make, sent_make, setting_make
from hamkori.recommendations.tests.test_services import freeze
from hamkori.recommendations.workflow import AnswerKind, RecommendationState

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (TEXT_MAX_LENGTH + 1)


def _detail(recommendation) -> str:
    return reverse("recommendations:recommendation-detail", args=[recommendation.pk])


def test_the_answer_is_at_most_ten_thousand_characters():
    setting = setting_make()
    recommendation = sent_make(setting)

    with pytest.raises(ValidationError) as refused:
        services.recommendation_answer(
            actor=setting.official,
            recommendation=recommendation,
            answer=AnswerKind.REJECTED,
            text=TOO_LONG,
        )
    recommendation.refresh_from_db()
    state_after_refusal = recommendation.state
    answered = services.recommendation_answer(
        actor=setting.official,
        recommendation=recommendation,
        answer=AnswerKind.REJECTED,
        text="я" * TEXT_MAX_LENGTH,
    )

    assert TEXT_MAX_LENGTH == 10_000
    assert list(refused.value.message_dict) == ["text"]
    assert state_after_refusal == RecommendationState.SENT
    assert len(answered.answer_text) == TEXT_MAX_LENGTH


def test_the_text_and_an_extensions_reason_are_bounded_too(monkeypatch):
    setting = setting_make(held_on=date(2025, 3, 3))

    with pytest.raises(ValidationError) as long_text:
        adopted_make(setting, text={"ru": "Опубликовать", "en": TOO_LONG})
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    freeze(monkeypatch, date(2025, 4, 1))
    with pytest.raises(ValidationError) as long_reason:
        services.recommendation_extend(
            actor=setting.official,
            recommendation=recommendation,
            new_due_on=date(2025, 4, 14),
            reason=TOO_LONG,
        )

    assert list(long_text.value.message_dict) == ["text_en"]
    assert list(long_reason.value.message_dict) == ["reason"]
    assert not recommendation.extensions.exists()


def test_the_answer_form_refuses_a_too_long_answer_and_tells_the_browser_the_limit(client):
    setting = setting_make()
    recommendation = sent_make(setting)
    client.force_login(setting.official)

    refused = client.post(
        _detail(recommendation),
        {"action": "answer", "answer-answer": "rejected", "answer-text": TOO_LONG},
    )

    html = refused.content.decode()
    assert refused.status_code == 400
    assert 'id="id_answer-text_error"' in html
    assert re.search(r'<textarea name="answer-text"[^>]*maxlength="10000"', html)
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.SENT


def test_long_words_in_written_text_wrap_site_wide():
    with open(finders.find("hamkori/hamkori.css"), encoding="utf-8") as css:
        rules = re.sub(r"/\*.*?\*/", "", css.read(), flags=re.S)

    wrapped = re.search(r"([^{}]*)\{\s*overflow-wrap:\s*anywhere;\s*\}", rules)
    assert wrapped is not None
    selectors = {s.strip() for s in wrapped.group(1).split(",")}
    assert {"main p", "main dd", "main td", "main li", "main blockquote"} <= selectors
    assert ".table-scroll td.free-text" in selectors
