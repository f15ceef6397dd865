"""The demo's council meetings (issue 6): what a visitor is promised to find. One test, since
loading the demo is the expensive part."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hamkori.core.ical import ical_unfold
from hamkori.core.models import AuditEvent
from hamkori.councils.models import Council, Member, Position
from hamkori.demo.load import demo_load
from hamkori.meetings.models import (
    BallotBoxState,
    Meeting,
    MeetingState,
    Registration,
    RegistrationStatus,
    VoteKind,
    VoteResult,
)
from hamkori.meetings.permissions import can_approve_minutes
from hamkori.meetings.selectors import meeting_quorum

pytestmark = pytest.mark.django_db


def test_each_demo_council_has_a_history_of_meetings(reference_data, settings, tmp_path, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_load()
    counts = AuditEvent.objects.get(action="portal.demo_load").changes
    assert counts["council_meetings"] == 9 and counts["council_meetings_in_progress"] == 1
    assert Meeting.objects.count() == 10
    assert counts["council_votes"] >= 3 * 3  # elections at each first meeting, then two votes

    for code in ("kz-mci", "kz-almaty", "tj-public-council"):
        council = Council.objects.get(code=code)
        meetings = Meeting.objects.filter(council=council).order_by("starts_at")
        first, held, coming = meetings.exclude(ballot_boxes__state=BallotBoxState.OPEN)

        # the first meeting of the composition elected the chair, who is not a civil servant
        assert first.is_first and first.state == MeetingState.MINUTES_APPROVED
        elections = [v for item in first.agenda_items.all() for v in item.votes.all()]
        assert all(
            v.kind == VoteKind.ELECTION and v.result == VoteResult.ADOPTED for v in elections
        )
        chair_vote = next(v for v in elections if v.position == Position.CHAIR)
        assert chair_vote.candidate.position == Position.CHAIR
        assert not chair_vote.candidate.in_public_service

        # a meeting held with quorum and votes on its items, in the past; its minutes are
        # approved, except in Almaty where they wait for the chair (the cso.kz sign-in)
        if code == "kz-almaty":
            assert held.state == MeetingState.MINUTES_DRAFTED
            chair = Member.objects.get(council=council, position=Position.CHAIR)
            assert chair.user.email == "cso.kz@demo.hamkori.org"
            assert chair.user.has_usable_password()
            assert can_approve_minutes(chair.user, held)
            assert first.minutes_approved_at < held.starts_at < held.minutes_drafted_at
        else:
            assert held.state == MeetingState.MINUTES_APPROVED
            assert first.minutes_approved_at < held.starts_at < held.minutes_approved_at
        # every notice went out before its meeting
        assert all(m.notice_published_at < m.starts_at for m in (first, held, coming))
        quorum = meeting_quorum(held)
        assert quorum.reached and quorum.present < quorum.members_total
        votes = [v for item in held.agenda_items.all() for v in item.votes.all()]
        assert len(votes) == 2 and all(v.present >= v.quorum for v in votes)
        assert any(v.votes_against for v in votes)

        # a coming open meeting: notice out, places taken, a waiting list, one cancellation
        assert coming.state == MeetingState.NOTICE and coming.is_open
        live = Registration.objects.filter(meeting=coming)
        assert live.filter(status=RegistrationStatus.CONFIRMED).count() == coming.capacity
        assert live.filter(status=RegistrationStatus.WAITING).count() == 2
        assert live.filter(user__email="citizen@demo.hamkori.org").exists()
        assert live.filter(status=RegistrationStatus.CANCELLED).count() == 1
        assert coming.agenda_items.filter(parent__isnull=False).exists()

        # the visitor's pages
        listing = client.get(reverse("meetings:council-meetings", args=[code]))
        for meeting in (first, held, coming):
            assert reverse("meetings:meeting-detail", args=[meeting.pk]) in listing.text
        page = client.get(reverse("meetings:meeting-detail", args=[coming.pk]))
        assert page.status_code == 200
        assert reverse("meetings:registration-create", args=[coming.pk]) in page.text
        feed = ical_unfold(client.get(reverse("meetings:council-ics", args=[code])).text)
        assert feed.count("BEGIN:VEVENT") == meetings.count()
        language = "tg" if code.startswith("tj") else "kk"
        # the public reads approved minutes (Almaty's held meeting waits for its chair)
        approved = first if code == "kz-almaty" else held
        pdf_url = reverse("meetings:minutes-pdf", args=[approved.pk])
        pdf = client.get(f"{pdf_url}?language={language}")
        text = " ".join(
            "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
        )
        title = getattr(approved.agenda_items.order_by("order", "pk").first(), f"title_{language}")
        assert title and " ".join(title.split()) in text
        assert str(approved.number) in text
        document = coming.agenda_items.get(parent__isnull=True).documents.get()
        download = client.get(reverse("meetings:document-download", args=[document.pk]))
        assert download.status_code == 200
        # a real PDF that opens
        content = b"".join(download.streaming_content)
        assert "Демонстрационный" in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_the_almaty_council_is_voting_as_the_demo_starts(
    reference_data, settings, tmp_path, client
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_load()
    # a meeting under way with a vote open to the members present
    [meeting] = Meeting.objects.filter(ballot_boxes__state=BallotBoxState.OPEN)
    assert meeting.council.code == "kz-almaty" and meeting.state == MeetingState.HELD
    assert meeting.notice_published_at < meeting.starts_at < timezone.now()
    box = meeting.ballot_boxes.get()
    # numbered in the order of the council's meetings in time
    numbers = Meeting.objects.filter(council=meeting.council).order_by("starts_at")
    assert list(numbers.values_list("number", flat=True)) == [1, 2, 3, 4]
    # the chair (the cso.kz sign-in) is present and has not voted yet: the vote waits for them
    chair = Member.objects.get(council=meeting.council, position=Position.CHAIR)
    assert meeting.attendances.filter(member=chair, present=True).exists()
    assert not box.casts.filter(member=chair).exists()
    assert box.casts.exists() and not box.casts.filter(cast_by_member=True).exists()
    client.force_login(chair.user)
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))
    assert reverse("meetings:ballot-cast", args=[box.pk]) in page.text
    # and the minutes of the meeting before wait for the chair's approval as before
    assert Meeting.objects.filter(
        council=meeting.council, state=MeetingState.MINUTES_DRAFTED
    ).exists()
