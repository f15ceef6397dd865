"""Meeting pages and feeds run the same number of queries at 10 and at 1,000 agenda items,
registrations and meetings."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.councils.tests.factories import council_make
from hamkori.meetings.models import (
    AgendaItem,
    BallotCast,
    Choice,
    Meeting,
    MeetingState,
    Registration,
    RegistrationStatus,
)
from hamkori.meetings.tests.factories import (
    ballot_box_make,
    held_meeting_make,
    meeting_make,
    present_members,
    secretary_of,
)

pytestmark = pytest.mark.django_db


def _grow_meeting(meeting: Meeting, count: int) -> None:
    parents = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n + 10, title_en=f"Item {n}") for n in range(count // 2)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, parent=parents[n % len(parents)], order=n, title_ru=f"П {n}")
        for n in range(count - count // 2)
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            full_name=f"Person {n}",
            email=f"p{n}@example.org",
            status=RegistrationStatus.CONFIRMED if n % 3 else RegistrationStatus.WAITING,
            token=secrets.token_urlsafe(16),
        )
        for n in range(count)
    )


def _grow_council(meeting: Meeting, count: int) -> None:
    Meeting.objects.bulk_create(
        Meeting(
            council=meeting.council,
            number=meeting.number + n + 1,
            title_en=f"Meeting {n}",
            starts_at=meeting.starts_at + timedelta(days=n + 1),
            ends_at=meeting.ends_at + timedelta(days=n + 1),
            state=MeetingState.NOTICE,
            notice_published_at=meeting.notice_published_at,
            created_by=meeting.created_by,
        )
        for n in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _measure(client, size: int, who: str, page: str) -> int:
    meeting = meeting_make(publish=True, capacity=5)
    _grow_meeting(meeting, size)
    _grow_council(meeting, size)
    if who == "secretary":
        client.force_login(secretary_of(meeting.council))
    url = {
        "detail": reverse("meetings:meeting-detail", args=[meeting.pk]),
        "list": reverse("meetings:council-meetings", args=[meeting.council.code]),
        "feed": reverse("meetings:council-ics", args=[meeting.council.code]),
        "attendance": reverse("meetings:attendance-edit", args=[meeting.pk]),
        "items": reverse("meetings:item-add", args=[meeting.pk]),
    }[page]
    return _queries(client, url)


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("public", "detail"),
        ("secretary", "detail"),
        ("public", "list"),
        ("secretary", "list"),
        ("public", "feed"),
        ("secretary", "attendance"),
        ("secretary", "items"),
    ],
)
def test_same_queries_at_10_and_1000(reference_data, client, who, page):
    small = _measure(client, 10, who, page)
    client.logout()
    large = _measure(client, 1000, who, page)

    assert small == large


def _measure_ballot(client, members: int, who: str, page: str) -> int:
    # every member present, an open vote, half of them voted (one recorded by the secretary)
    meeting = held_meeting_make(council_make(members=members))
    box = ballot_box_make(meeting)
    present = present_members(meeting)
    secretary = secretary_of(meeting.council)
    BallotCast.objects.bulk_create(
        BallotCast(
            box=box,
            member=member,
            choice=Choice.values[n % 3],
            cast_by=member.user if n else secretary,
            cast_by_member=bool(n),
        )
        for n, member in enumerate(present[: len(present) // 2])
    )
    member = present_members(meeting, secretary=False)[-1]
    user = {"secretary": secretary, "member": member.user, "public": None}[who]
    if user is not None:
        client.force_login(user)
    if page == "tally":
        url = reverse("meetings:ballot-detail", args=[box.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        return len(queries)
    return _queries(client, reverse("meetings:meeting-detail", args=[meeting.pk]))


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("public", "detail"),
        ("member", "detail"),
        ("secretary", "detail"),
        ("member", "tally"),
        ("secretary", "tally"),
    ],
)
def test_an_open_vote_runs_the_same_queries_at_10_and_100_members(
    reference_data, client, who, page
):
    small = _measure_ballot(client, 10, who, page)
    client.logout()
    large = _measure_ballot(client, 100, who, page)

    assert small == large
