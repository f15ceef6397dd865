"""What a meeting must respect (review of issue 6): its date lies within the council's term,
its notice goes out before it starts, agenda times lie within its hours, the public places
are bounded; a first meeting of a composition below the legal size says so."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hamkori.core.models import OutboxEmail
from hamkori.councils.tests.factories import council_make
from hamkori.meetings import services
from hamkori.meetings.forms import MeetingForm
from hamkori.meetings.models import Meeting
from hamkori.meetings.tests.factories import first_item, meeting_make, secretary_of
from hamkori.rules.selectors import local_datetime, local_today

pytestmark = pytest.mark.django_db


def _create(council, day: date, **fields) -> Meeting:
    starts_at = local_datetime("KZ", day, time(10, 0))
    return services.meeting_create(
        actor=secretary_of(council),
        council=council,
        title={"en": "Meeting"},
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        **fields,
    )


def test_a_meeting_is_planned_within_the_council_term(reference_data):
    council = council_make(members=3, term_start=date(2024, 1, 1), term_end=date(2027, 1, 13))

    for day in (date(2020, 12, 20), date(2030, 12, 20)):
        with pytest.raises(ValidationError) as refused:
            _create(council, day)
        assert "day" in refused.value.message_dict
    meeting = _create(council, date(2026, 12, 20))

    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=secretary_of(council),
            meeting=meeting,
            starts_at=local_datetime("KZ", date(2027, 2, 1), time(10, 0)),
            ends_at=local_datetime("KZ", date(2027, 2, 1), time(12, 0)),
        )
    assert Meeting.objects.count() == 1


def test_the_public_places_are_bounded(reference_data):
    council = council_make(members=3)
    day = local_today("KZ") + timedelta(days=5)

    with pytest.raises(ValidationError) as refused:
        _create(council, day, capacity=99_999_999_999_999)
    assert "capacity" in refused.value.message_dict
    assert _create(council, day, capacity=100_000).capacity == 100_000

    form = MeetingForm(
        {
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "12:00",
            "is_open": "on",
            "capacity": "99999999999999",
            "title_en": "Meeting",
        }
    )
    assert not form.is_valid() and "capacity" in form.errors


def test_no_notice_once_the_meeting_has_started(reference_data):
    meeting = meeting_make(starts_in=timedelta(days=2))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()

    with pytest.raises(ValidationError):
        services.meeting_transition(
            actor=secretary_of(meeting.council), meeting=meeting, action="publish"
        )
    meeting.refresh_from_db()
    assert meeting.notice_published_at is None


def test_agenda_times_lie_within_the_meeting(reference_data):
    council = council_make(members=3)
    day = local_today("KZ") + timedelta(days=5)
    meeting = _create(council, day)
    secretary = secretary_of(council)
    at = lambda hour: local_datetime("KZ", day, time(hour, 0))  # noqa: E731

    for starts_at, duration, field in ((at(23), 60, "starts"), (at(11), 600, "duration_minutes")):
        with pytest.raises(ValidationError) as refused:
            services.agenda_item_add(
                actor=secretary,
                meeting=meeting,
                title={"en": "Late item"},
                starts_at=starts_at,
                duration_minutes=duration,
            )
        assert field in refused.value.message_dict
    item = services.agenda_item_add(
        actor=secretary,
        meeting=meeting,
        title={"en": "Item"},
        starts_at=at(11),
        duration_minutes=60,
    )
    with pytest.raises(ValidationError):
        services.agenda_item_update(
            actor=secretary, item=item, title={"en": "Item"}, order=1, starts_at=at(9)
        )


def test_the_first_meeting_of_a_small_composition_warns_and_hold_waits(reference_data, client):
    council = council_make(members=3)
    meeting = meeting_make(council, is_first=True, publish=True)
    client.force_login(secretary_of(council))

    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))

    (violation,) = page.context["size_violations"]
    assert violation.rule == "council.republican.min_members"
    assert "hold" not in [action for action, _label in page.context["actions"]]
    assert first_item(meeting) is not None


def test_the_registration_mail_names_the_time_zone(reference_data):
    meeting = meeting_make(publish=True)
    OutboxEmail.objects.all().delete()

    services.registration_create(
        meeting=meeting, full_name="Aida", email="aida@example.org", language="ru"
    )

    assert "Asia/Almaty" in OutboxEmail.objects.get().body
