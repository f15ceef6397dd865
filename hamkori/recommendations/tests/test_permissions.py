"""Who may adopt, send and answer a recommendation, through the real services and pages
(role × action, and role × state for who sees a recommendation)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hamkori.accounts.models import MembershipStatus
from hamkori.councils.tests.factories import seat_make
from hamkori.recommendations import services
from hamkori.recommendations.tests.factories import adopted_make, sent_make, setting_make
from hamkori.recommendations.workflow import AnswerKind
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def _person(role: str, setting):
    """A person in `role` towards a council whose recommendation goes to another body."""
    if role == "host official":
        return setting.manager
    if role == "secretary":
        return setting.secretary
    if role == "council member":
        return seat_make(setting.council).user
    if role == "addressee official":
        return setting.official
    if role == "pending addressee member":
        return member_make(setting.body, status=MembershipStatus.PENDING)
    if role == "cso member":
        return member_make(organisation_make("KZ"))
    if role == "anonymous":
        return AnonymousUser()
    return user_make()


ROLES = [
    "host official",
    "secretary",
    "council member",
    "addressee official",
    "pending addressee member",
    "cso member",
    "anonymous",
    "someone",
]
MANAGERS = {"host official", "secretary"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_adopt_and_send(role):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    person = _person(role, setting)

    if role in MANAGERS:
        recommendation = services.recommendation_adopt(
            actor=person,
            meeting=setting.meeting,
            addressee=setting.body,
            title={"en": "Title"},
            text={"en": "Text"},
        )
        services.recommendation_send(
            actor=person, recommendation=recommendation, sent_on=date(2025, 3, 12)
        )
    else:
        with pytest.raises(PermissionDenied):
            services.recommendation_adopt(
                actor=person,
                meeting=setting.meeting,
                addressee=setting.body,
                title={"en": "Title"},
                text={"en": "Text"},
            )
        recommendation = adopted_make(setting)
        with pytest.raises(PermissionDenied):
            services.recommendation_send(
                actor=person, recommendation=recommendation, sent_on=date(2025, 3, 12)
            )


@pytest.mark.parametrize("role", ROLES)
def test_only_the_addressee_bodys_officials_answer(role):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    person = _person(role, setting)

    def answer():
        return services.recommendation_answer(
            actor=person,
            recommendation=recommendation,
            answer=AnswerKind.ACCEPTED,
            text="",
            answered_on=date(2025, 3, 20),
        )

    if role == "addressee official":
        assert answer().answered_by == person
    else:
        # The host's own officials manage the council but do not answer for another body.
        with pytest.raises(PermissionDenied):
            answer()
        with pytest.raises(PermissionDenied):
            services.recommendation_register(actor=person, recommendation=recommendation)


@pytest.mark.parametrize(
    ("role", "sent", "visible"),
    [
        ("anonymous", False, False),
        ("anonymous", True, True),
        ("cso member", False, False),
        ("addressee official", False, False),
        ("council member", False, False),
        ("secretary", False, True),
        ("host official", False, True),
    ],
)
def test_who_sees_a_recommendation_before_and_after_sending(client, role, sent, visible):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    recommendation = (
        sent_make(setting, sent_on=date(2025, 3, 12)) if sent else adopted_make(setting)
    )
    person = _person(role, setting)
    if role != "anonymous":
        client.force_login(person)

    response = client.get(
        reverse("recommendations:recommendation-detail", args=[recommendation.pk])
    )

    assert response.status_code == (200 if visible else 404)


def test_a_person_who_may_not_answer_cannot_post_the_answer(client):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    client.force_login(setting.manager)

    response = client.post(
        reverse("recommendations:recommendation-detail", args=[recommendation.pk]),
        {"action": "answer", "answer-answer": "accepted", "answer-answered_on": "2025-03-20"},
    )

    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.answer == ""
