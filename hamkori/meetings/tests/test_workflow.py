"""The meeting's life through the services: notice, holding, minutes, cancelling."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.councils.models import Position
from hamkori.councils.tests.factories import council_make, official_make, seat_make
from hamkori.meetings import services
from hamkori.meetings.models import Meeting, MeetingState
from hamkori.meetings.tests.factories import (
    first_item,
    held_meeting_make,
    meeting_make,
    secretary_of,
)
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db


def test_notice_needs_an_agenda_and_emails_members_in_their_language(reference_data):
    council = council_make(members=2)
    seat_make(council, user=user_make(preferred_language="kk"))
    seat_make(council, user=user_make(preferred_language="ru"))
    meeting = meeting_make(council, items=0)
    secretary = secretary_of(council)

    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="publish")
    services.agenda_item_add(actor=secretary, meeting=meeting, title={"kk": "Есеп"})
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="publish")

    assert meeting.state == MeetingState.NOTICE and meeting.notice_published_at
    mails = OutboxEmail.objects.order_by("language")
    languages = {mail.language for mail in mails}
    assert {"kk", "ru"} <= languages
    everyone = {address for mail in mails for address in mail.to}
    assert everyone == {m.user.email for m in council.members.all()}
    assert all(f"/meetings/{meeting.pk}/" in mail.body for mail in mails)
    assert AuditEvent.objects.filter(action="meetings.meeting.publish").count() == 1


def test_a_meeting_is_held_only_once_it_has_started(reference_data):
    meeting = meeting_make(publish=True)
    secretary = secretary_of(meeting.council)

    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="hold")
    assert meeting.state == MeetingState.NOTICE


def test_full_path_to_approved_minutes_which_then_never_change(reference_data):
    meeting = held_meeting_make()
    secretary = secretary_of(meeting.council)
    item = first_item(meeting)

    services.minutes_update(
        actor=secretary, meeting=meeting, note="Opened at 10:00", item_texts={item.pk: "Heard."}
    )
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")
    meeting = services.meeting_transition(
        actor=secretary, meeting=meeting, action="approve_minutes"
    )

    assert meeting.state == MeetingState.MINUTES_APPROVED
    assert meeting.minutes_approved_by == secretary
    item.refresh_from_db()
    assert item.minutes_text == "Heard."
    with pytest.raises(ValidationError):
        services.minutes_update(actor=secretary, meeting=meeting, note="x", item_texts={})
    with pytest.raises(ValidationError):
        services.attendance_record(actor=secretary, meeting=meeting, present=[])
    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="cancel", reason="x")


def test_minutes_are_drafted_only_after_attendance_is_recorded(reference_data):
    meeting = meeting_make(starts_in=timedelta(hours=-1), publish=True)
    secretary = secretary_of(meeting.council)
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="hold")

    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("chair", True), ("secretary", True), ("host_official", False), ("member", False)],
)
def test_who_approves_the_minutes(reference_data, who, allowed):
    meeting = held_meeting_make()
    council = meeting.council
    secretary = secretary_of(council)
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="draft_minutes")
    actor = {
        "chair": lambda: seat_make(council, position=Position.CHAIR).user,
        "secretary": lambda: secretary,
        "host_official": lambda: official_make(council.host),
        "member": lambda: council.members.filter(position=Position.MEMBER).first().user,
    }[who]()

    if allowed:
        meeting = services.meeting_transition(
            actor=actor, meeting=meeting, action="approve_minutes"
        )
        assert meeting.state == MeetingState.MINUTES_APPROVED
    else:
        with pytest.raises(PermissionDenied):
            services.meeting_transition(actor=actor, meeting=meeting, action="approve_minutes")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("host_official", True), ("secretary", True), ("member", False), ("stranger", False)],
)
def test_who_manages_a_meeting(reference_data, who, allowed):
    council = council_make(members=3)
    actor = {
        "host_official": lambda: official_make(council.host),
        "secretary": lambda: secretary_of(council),
        "member": lambda: council.members.filter(position=Position.MEMBER).first().user,
        "stranger": lambda: user_make(),
    }[who]()

    if allowed:
        meeting = meeting_make(council, items=0)
        services.agenda_item_add(actor=actor, meeting=meeting, title={"ru": "Вопрос"})
        assert meeting.agenda_items.count() == 1
    else:
        from datetime import UTC, datetime

        with pytest.raises(PermissionDenied):
            services.meeting_create(
                actor=actor,
                council=council,
                title={"en": "x"},
                starts_at=datetime(2026, 12, 1, 5, tzinfo=UTC),
                ends_at=datetime(2026, 12, 1, 7, tzinfo=UTC),
            )


def test_cancel_needs_a_reason_and_tells_members_and_registrants(reference_data):
    meeting = meeting_make(publish=True)
    secretary = secretary_of(meeting.council)
    services.registration_create(meeting=meeting, full_name="Aida", email="aida@example.org")
    OutboxEmail.objects.all().delete()

    with pytest.raises(ValidationError):
        services.meeting_transition(actor=secretary, meeting=meeting, action="cancel")
    meeting = services.meeting_transition(
        actor=secretary, meeting=meeting, action="cancel", reason="No hall"
    )

    assert meeting.state == MeetingState.CANCELLED and meeting.cancel_reason == "No hall"
    addresses = {a for mail in OutboxEmail.objects.all() for a in mail.to}
    assert "aida@example.org" in addresses
    assert secretary.email in addresses


def test_agenda_is_nested_and_frozen_once_held(reference_data):
    meeting = meeting_make(starts_in=timedelta(hours=1), items=0)
    secretary = secretary_of(meeting.council)
    parent = services.agenda_item_add(actor=secretary, meeting=meeting, title={"en": "Budget"})
    child = services.agenda_item_add(
        actor=secretary, meeting=meeting, parent=parent, title={"en": "Education"}
    )
    services.agenda_item_add(actor=secretary, meeting=meeting, title={"en": "Other"})
    from hamkori.meetings.selectors import meeting_view

    numbers = [(row.number, str(row.item)) for row in meeting_view(meeting).agenda]
    assert numbers == [("1", "Budget"), ("1.1", "Education"), ("2", "Other")]

    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="publish")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="hold")
    with pytest.raises(ValidationError):
        services.agenda_item_update(actor=secretary, item=child, title={"en": "x"}, order=1)
    with pytest.raises(ValidationError):
        services.agenda_item_remove(actor=secretary, item=child)
