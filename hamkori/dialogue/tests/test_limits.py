"""Limits that keep the pages readable: a comment's length (form and service), and wide
content on a narrow screen (the delegation table scrolls in its own box, long words wrap)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.dialogue import services
from hamkori.dialogue.models import COMMENT_MAX_LENGTH, Comment, Participant
from hamkori.dialogue.tests.factories import consultation_make, programme_make
from hamkori.dialogue.workflow import ConsultationState
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db


def test_a_comment_is_at_most_five_thousand_characters_in_the_service_and_the_form(client):
    consultation = consultation_make(state=ConsultationState.OPEN)
    citizen = user_make()

    with pytest.raises(ValidationError) as refused:
        services.comment_add(actor=citizen, consultation=consultation, text="я" * 5_001)
    client.force_login(citizen)
    posted = client.post(
        reverse("dialogue:consultation-detail", args=[consultation.pk]),
        {"action": "comment", "text": "x" * 200_000},
    )
    longest = services.comment_add(
        actor=citizen, consultation=consultation, text="я" * COMMENT_MAX_LENGTH
    )

    assert COMMENT_MAX_LENGTH == 5_000
    assert "text" in refused.value.message_dict
    assert posted.status_code != 302
    assert f'maxlength="{COMMENT_MAX_LENGTH}"' in posted.content.decode()
    assert list(Comment.objects.values_list("pk", flat=True)) == [longest.pk]


def test_the_delegation_scrolls_in_its_own_box_and_long_comments_wrap(client):
    programme = programme_make()
    Participant.objects.create(
        programme=programme,
        full_name="Zarina Rahimova",
        position="Head of the department of international cooperation",
        organisation_name="Association of civil-society organisations of Tajikistan",
        country="TJ",
    )

    html = client.get(reverse("dialogue:programme-detail", args=[programme.pk])).content.decode()

    assert '<div class="table-scroll"><table id="delegation">' in html
    with open(finders.find("dialogue/dialogue.css"), encoding="utf-8") as css:
        rules = css.read()
    assert ".comment," in rules and "overflow-wrap: anywhere" in rules
