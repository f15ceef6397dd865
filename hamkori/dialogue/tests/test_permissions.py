"""Who may do what with a consultation, role × state, through the real views and services
(default deny); and who may see a programme."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamkori.accounts.models import PlatformRole
from hamkori.accounts.tests.factories import grant_make
from hamkori.calls.tests.factories import body_make
from hamkori.councils.models import Position
from hamkori.councils.tests.factories import council_make, seat_make
from hamkori.dialogue import services
from hamkori.dialogue.models import ConsultationKind, Handling
from hamkori.dialogue.tests.factories import (
    comments_grow,
    consultation_make,
    official_make,
    programme_make,
)
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "citizen",
    "cso_member",
    "organiser",
    "other_official",
    "council_secretary",
    "auditor",
    "administrator",
)
STATES = tuple(ConsultationState.values)
MANAGERS = {"organiser", "council_secretary"}


def _person(role: str, organiser, council=None):
    if role == "anonymous":
        return AnonymousUser()
    if role == "citizen":
        return user_make()
    if role == "cso_member":
        return member_make(organisation_make())
    if role == "organiser":
        return official_make(organiser)
    if role == "other_official":
        return official_make(body_make())
    if role == "council_secretary":
        return seat_make(council, position=Position.SECRETARY).user
    grant = PlatformRole.AUDITOR if role == "auditor" else PlatformRole.ADMINISTRATOR
    user = user_make()
    grant_make(user, grant, "KZ")
    return user


def _consultation(state: str):
    body = body_make()
    consultation = consultation_make(body, state=state, council=council_make(host=body))
    comments_grow(consultation, 1)
    return consultation


def _allowed(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return False
    except ValidationError:
        # Allowed past the permission check; refused on the content.
        return True
    return True


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_consultation(client, role, state):
    consultation = _consultation(state)
    person = _person(role, consultation.organiser, consultation.council)
    if role != "anonymous":
        client.force_login(person)
    response = client.get(reverse("dialogue:consultation-detail", args=[consultation.pk]))
    visible = state != ConsultationState.DRAFT or role in MANAGERS | {"auditor", "administrator"}
    assert response.status_code == (200 if visible else 404)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_comment_edit_moderate_and_handle(role, state):
    consultation = _consultation(state)
    person = _person(role, consultation.organiser, consultation.council)
    comment = consultation.comments.get()
    opens = consultation.opens_on
    manager = role in MANAGERS

    comment_allowed = _allowed(
        lambda: services.comment_add(actor=person, consultation=consultation, text="Замечание")
    )
    edit_allowed = _allowed(
        lambda: services.consultation_update(
            actor=person,
            consultation=consultation,
            kind=ConsultationKind.OTHER,
            titles={"ru": "Новое название"},
            summaries={},
            opens_on=opens,
            closes_on=opens + timedelta(days=30),
        )
    )
    handle_allowed = _allowed(
        lambda: services.comment_handle(
            actor=person, comment=comment, handling=Handling.NOTED, response="Принято к сведению"
        )
    )
    hide_allowed = _allowed(
        lambda: services.comment_hide(actor=person, comment=comment, reason="Оскорбление")
    )

    assert comment_allowed == (state == ConsultationState.OPEN and role != "anonymous")
    assert edit_allowed == (state == ConsultationState.DRAFT and manager)
    assert handle_allowed == (state == ConsultationState.CLOSED and manager)
    assert hide_allowed == (state != ConsultationState.DRAFT and manager)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "other_official"])
def test_organiser_pages_are_refused_to_others(client, role):
    consultation = _consultation(ConsultationState.CLOSED)
    person = _person(role, consultation.organiser, consultation.council)
    if role != "anonymous":
        client.force_login(person)
    comment = consultation.comments.get()
    urls = [
        reverse("dialogue:consultation-edit", args=[consultation.pk]),
        reverse("dialogue:comment-hide", args=[consultation.pk, comment.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    # The report is not public before it is published.
    assert (
        client.get(reverse("dialogue:consultation-report", args=[consultation.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("dialogue:comment-handle", args=[consultation.pk, comment.pk]),
        {f"c{comment.pk}-handling": "noted", f"c{comment.pk}-response": "x"},
    )
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.handling == ""


@pytest.mark.parametrize(
    ("role", "state", "visible"),
    [
        ("anonymous", ProgrammeState.DRAFT, False),
        ("anonymous", ProgrammeState.PUBLISHED, True),
        ("citizen", ProgrammeState.DRAFT, False),
        ("other_official", ProgrammeState.DRAFT, False),
        ("organiser", ProgrammeState.DRAFT, True),
        ("auditor", ProgrammeState.DRAFT, True),
        ("administrator", ProgrammeState.DRAFT, True),
    ],
)
def test_who_sees_a_programme(client, role, state, visible):
    body = body_make()
    programme = programme_make(body, state=state, sessions=1)
    person = _person(role, body)
    if role != "anonymous":
        client.force_login(person)
    for name in ("programme-detail", "programme-pdf", "programme-ical"):
        response = client.get(reverse(f"dialogue:{name}", args=[programme.pk]))
        assert response.status_code == (200 if visible else 404), name
