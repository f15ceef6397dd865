"""Roles × states for every page of the decisions app. What a person may not see is a 404,
what they see but may not change a 403; anonymous visitors of protected pages sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.decisions import services
from hamkori.decisions.models import DecisionEntry
from hamkori.decisions.tests.factories import (
    commission_make,
    meeting_make,
    official_of,
    published_call,
)
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.reviews.models import Review
from hamkori.reviews.tests.factories import reviewing_call

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "applicant",
    "other_cso",
    "expert",
    "official",
    "other_official",
    "auditor",
    "admin",
]
READERS = {"official", "auditor", "admin"}


def _state(state: str):
    """(meeting, appeal or None) of a call under review or with its result published."""
    if state == "review":
        meeting = meeting_make()
        commission_make(meeting)
        return meeting, None
    result = published_call()
    entry = DecisionEntry.objects.filter(meeting=result.meeting).order_by("rank").last()
    person = entry.application.organisation.memberships.first().user
    appeal = services.appeal_file(actor=person, application=entry.application, grounds="G")
    return result.meeting, appeal


def _user(role: str, meeting):
    call = meeting.call
    application = DecisionEntry.objects.filter(meeting=meeting).first().application
    if role == "anonymous":
        return None
    if role == "applicant":
        return member_make(application.organisation)
    if role == "other_cso":
        return member_make(organisation_make())
    if role == "expert":
        return Review.objects.filter(call=call).first().expert.user
    if role == "official":
        return official_of(call)
    if role == "other_official":
        return member_make(reviewing_call().body)
    user = user_make()
    if role in ("auditor", "admin"):
        grant = PlatformRole.AUDITOR if role == "auditor" else PlatformRole.ADMINISTRATOR
        RoleGrant.objects.create(user=user, role=grant, jurisdiction_id="KZ")
    return user


def _officials_page(role: str) -> int:
    if role == "anonymous":
        return 302
    return 200 if role in READERS else 404


def _officials_write(role: str, allowed: bool) -> int:
    if role == "anonymous":
        return 302
    if role not in READERS:
        return 404
    return 200 if role == "official" and allowed else 403


@pytest.mark.parametrize("state", ["review", "published"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_by_role_and_state(client, role, state):
    meeting, appeal = _state(state)
    call = meeting.call
    user = _user(role, meeting)
    if user is not None:
        client.force_login(user)
    application = DecisionEntry.objects.filter(meeting=meeting).first().application
    lot = application.lot_id
    published = state == "published"
    pages = {
        "call-decision": (
            reverse("decisions:call-decision", args=[call.pk]),
            _officials_page(role),
        ),
        "meeting-create": (
            reverse("decisions:meeting-create", args=[call.pk]),
            _officials_write(role, True),
        ),
        "meeting-detail": (
            reverse("decisions:meeting-detail", args=[meeting.pk]),
            _officials_page(role),
        ),
        "decision-edit": (
            reverse("decisions:decision-edit", args=[meeting.pk, lot]),
            _officials_write(role, not published),
        ),
        "meeting-minutes": (
            reverse("decisions:meeting-minutes", args=[meeting.pk]),
            _officials_page(role),
        ),
        "appeal-list": (reverse("decisions:appeal-list", args=[call.pk]), _officials_page(role)),
        "results": (reverse("decisions:results", args=[call.pk]), 200 if published else 404),
        "application-result": (
            reverse("decisions:application-result", args=[application.pk]),
            302 if role == "anonymous" else 200 if role == "applicant" else 404,
        ),
    }
    if appeal is not None:
        pages["appeal-detail"] = (
            reverse("decisions:appeal-detail", args=[appeal.pk]),
            _officials_page(role),
        )

    codes = {name: client.get(url).status_code for name, (url, _code) in pages.items()}

    assert codes == {name: code for name, (_url, code) in pages.items()}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bodys_officials_change_the_meeting(client, role):
    meeting, _appeal = _state("review")
    user = _user(role, meeting)
    if user is not None:
        client.force_login(user)

    response = client.post(
        reverse("decisions:meeting-detail", args=[meeting.pk]), {"action": "adopt"}
    )

    expected = {"anonymous": 302, "official": 400}.get(role, 403 if role in READERS else 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bodys_officials_answer_appeals(client, role):
    meeting, appeal = _state("published")
    user = _user(role, meeting)
    if user is not None:
        client.force_login(user)

    response = client.post(
        reverse("decisions:appeal-detail", args=[appeal.pk]), {"action": "review"}
    )

    expected = {"anonymous": 302, "official": 302}.get(role, 403 if role in READERS else 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["applicant", "official", "other_cso"])
def test_only_the_applicant_files_an_appeal(client, role):
    meeting, _appeal = _state("published")
    application = DecisionEntry.objects.filter(meeting=meeting).order_by("rank").first().application
    client.force_login(_user(role, meeting))

    response = client.post(
        reverse("decisions:application-result", args=[application.pk]), {"grounds": "G"}
    )

    assert response.status_code == {"applicant": 302}.get(role, 404)


def test_the_minutes_pdf_is_for_readers_only(client):
    meeting, _appeal = _state("review")
    url = reverse("decisions:meeting-minutes-pdf", args=[meeting.pk])
    client.force_login(_user("applicant", meeting))
    assert client.get(url).status_code == 404
    client.force_login(_user("auditor", meeting))
    assert client.get(url).status_code == 200
