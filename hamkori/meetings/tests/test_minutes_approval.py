"""The chair reads the draft minutes they approve, confirms having read them, and the minutes
then say who approved them and in what capacity; the secretary's steps say they succeeded;
the council's pages count council members, not a commission's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.councils.models import Position
from hamkori.councils.tests.factories import seat_make
from hamkori.meetings import services
from hamkori.meetings.models import ApproverRole, MeetingState
from hamkori.meetings.tests.factories import (
    ballot_box_make,
    held_meeting_make,
    meeting_make,
    secretary_of,
)

pytestmark = pytest.mark.django_db


def _drafted():
    meeting = held_meeting_make()
    secretary = secretary_of(meeting.council)
    return services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_chair_reads_the_draft_minutes_and_their_pdf(reference_data, client):
    meeting = _drafted()
    chair = seat_make(meeting.council, position=Position.CHAIR).user
    member = seat_make(meeting.council, position=Position.MEMBER).user
    minutes = reverse("meetings:minutes-detail", args=[meeting.pk])
    pdf = reverse("meetings:minutes-pdf", args=[meeting.pk]) + "?language=kk"

    client.force_login(member)
    assert client.get(minutes).status_code == 404  # a draft is not for every member
    client.force_login(chair)
    assert client.get(minutes).status_code == 200
    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).text
    assert minutes in page


def test_approving_needs_the_confirmation_and_says_it_is_done(reference_data, client):
    meeting = _drafted()
    chair = seat_make(meeting.council, position=Position.CHAIR).user
    client.force_login(chair)
    url = reverse("meetings:meeting-transition", args=[meeting.pk, "approve_minutes"])

    refused = client.post(url)
    meeting.refresh_from_db()
    assert refused.status_code == 400
    assert meeting.state == MeetingState.MINUTES_DRAFTED

    done = client.post(url, {"confirm": "yes"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED
    assert len(_messages(done)) == 1


@pytest.mark.parametrize(
    ("who", "role"), [("chair", ApproverRole.CHAIR), ("secretary", ApproverRole.SECRETARY)]
)
def test_the_minutes_say_who_approved_them_and_as_what(reference_data, client, settings, who, role):
    meeting = _drafted()
    council = meeting.council
    approver = (
        seat_make(council, position=Position.CHAIR).user
        if who == "chair"
        else secretary_of(council)
    )
    services.meeting_transition(actor=approver, meeting=meeting, action="approve_minutes")
    meeting.refresh_from_db()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    assert meeting.minutes_approved_as == role
    for url in (
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("meetings:minutes-detail", args=[meeting.pk]),
    ):
        page = client.get(url).text
        assert f"by {approver.full_name} ({role.label})" in page


def test_each_step_of_the_secretary_says_it_succeeded(reference_data, client):
    meeting = meeting_make(publish=False)
    client.force_login(secretary_of(meeting.council))

    def step(meeting, action):
        url = reverse("meetings:meeting-transition", args=[meeting.pk, action])
        return _messages(client.post(url, {"confirm": "yes"}, follow=True))

    assert len(step(meeting, "publish")) == 1
    held = held_meeting_make(meeting.council)
    attendance = client.post(
        reverse("meetings:attendance-edit", args=[held.pk]),
        {"which": "members", "present": [m.pk for m in held.council.members.all()]},
        follow=True,
    )
    assert len(_messages(attendance)) == 1
    assert len(step(held, "draft_minutes")) == 1
    assert len(step(held, "approve_minutes")) == 1


def test_hold_says_it_succeeded(reference_data, client):
    meeting = meeting_make(publish=True)
    meeting.__class__.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at.replace(year=meeting.starts_at.year - 1),
        ends_at=meeting.ends_at.replace(year=meeting.ends_at.year - 1),
    )
    client.force_login(secretary_of(meeting.council))

    url = reverse("meetings:meeting-transition", args=[meeting.pk, "hold"])
    assert len(_messages(client.post(url, follow=True))) == 1


def test_council_pages_count_council_members_not_a_commission(reference_data, client, settings):
    # The quorum line and the ballot tally use msgctxt "council": the grant commission's
    # wording ("членов комиссии", "Член комиссии") is not theirs.
    meeting = held_meeting_make()
    ballot_box_make(meeting)
    client.force_login(secretary_of(meeting.council))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).text

    assert "комиссии" not in page
