"""Limits that keep the pages readable: a comment's length (form and service), no repeated
comment and at most COMMENTS_PER_HOUR of one person's comments on a consultation an hour, each
comment's language marked up, and wide content on a narrow screen (the delegation table
scrolls in its own box, long words wrap)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hamkori.dialogue import services
from hamkori.dialogue.models import COMMENT_MAX_LENGTH, COMMENTS_PER_HOUR, Comment, Participant
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


def _comment_ids(consultation) -> list[int]:
    return list(Comment.objects.filter(consultation=consultation).values_list("pk", flat=True))


def test_the_same_comment_twice_on_the_same_section_is_refused():
    consultation = consultation_make(state=ConsultationState.OPEN)
    first, second = consultation.sections.order_by("number")
    citizen = user_make()
    given = services.comment_add(
        actor=citizen, consultation=consultation, section=first, text="Уточнить срок"
    )

    with pytest.raises(ValidationError) as twice:
        services.comment_add(
            actor=citizen, consultation=consultation, section=first, text=" Уточнить срок "
        )
    elsewhere = services.comment_add(
        actor=citizen, consultation=consultation, section=second, text="Уточнить срок"
    )
    other_person = services.comment_add(
        actor=user_make(), consultation=consultation, section=first, text="Уточнить срок"
    )

    assert "text" in twice.value.message_dict
    assert sorted(_comment_ids(consultation)) == sorted([given.pk, elsewhere.pk, other_person.pk])


def test_a_person_gives_at_most_the_hourly_number_of_comments_on_a_consultation():
    consultation = consultation_make(state=ConsultationState.OPEN)
    citizen = user_make()
    for n in range(COMMENTS_PER_HOUR):
        services.comment_add(actor=citizen, consultation=consultation, text=f"Замечание {n}")

    with pytest.raises(ValidationError) as refused:
        services.comment_add(actor=citizen, consultation=consultation, text="Ещё одно")
    someone_else = services.comment_add(actor=user_make(), consultation=consultation, text="Моё")
    on_another_draft = services.comment_add(
        actor=citizen, consultation=consultation_make(state=ConsultationState.OPEN), text="Да"
    )
    # An hour later the earliest comment no longer counts.
    earliest = Comment.objects.filter(author=citizen, consultation=consultation).earliest("pk")
    Comment.objects.filter(pk=earliest.pk).update(
        created_at=timezone.now() - timedelta(hours=1, seconds=1)
    )
    later = services.comment_add(actor=citizen, consultation=consultation, text="Ещё одно")

    assert COMMENTS_PER_HOUR == 20
    assert str(COMMENTS_PER_HOUR) in refused.value.messages[0]
    assert someone_else.pk and on_another_draft.pk and later.pk
    assert Comment.objects.filter(author=citizen, consultation=consultation).count() == 21


def test_the_page_shows_the_refusal_of_a_repeated_comment(client):
    consultation = consultation_make(state=ConsultationState.OPEN)
    citizen = user_make()
    client.force_login(citizen)
    url = reverse("dialogue:consultation-detail", args=[consultation.pk])

    first = client.post(url, {"action": "comment", "text": "Дублирую", "language": "ru"})
    again = client.post(url, {"action": "comment", "text": "Дублирую", "language": "ru"})

    assert first.status_code == 302
    assert again.status_code == 400
    assert "You have already given this comment here." in again.content.decode()
    assert Comment.objects.filter(consultation=consultation).count() == 1
    # the form posts to its own anchor: the browser shows the refused form, not the page's top
    assert 'action="#comment-form"' in again.content.decode()


def test_a_comment_keeps_its_language_and_the_page_marks_it(client, settings):
    settings.LANGUAGE_CODE = "ru"
    consultation = consultation_make(state=ConsultationState.OPEN)
    client.force_login(user_make())
    url = reverse("dialogue:consultation-detail", args=[consultation.pk])

    form = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    client.post(url, {"action": "comment", "text": "Мерзімді нақтылау керек", "language": "kk"})
    client.post(url, {"action": "comment", "text": "Без языка"})
    refused = client.post(url, {"action": "comment", "text": "Klingon", "language": "tlh"})
    page = client.get(url).content.decode()

    assert '<option value="ru" selected>' in form
    assert dict(Comment.objects.values_list("text", "language")) == {
        "Мерзімді нақтылау керек": "kk",
        "Без языка": "ru",
    }
    assert refused.status_code == 400
    assert '<p lang="kk">Мерзімді нақтылау керек</p>' in page
    assert '<p lang="ru">Без языка</p>' in page
