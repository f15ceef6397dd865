"""Public registration: capacity, the waiting list in order, cancel links, attendance of the
public; closed meetings take none."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.core.models import OutboxEmail
from hamkori.meetings import services
from hamkori.meetings.models import Registration, RegistrationStatus
from hamkori.meetings.tests.factories import held_meeting_make, meeting_make, secretary_of
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def _register(meeting, name: str, **fields):
    return services.registration_create(
        meeting=meeting, full_name=name, email=fields.pop("email", f"{name}@example.org"), **fields
    )


def _status(name: str) -> str:
    return Registration.objects.get(full_name=name).status


def test_beyond_capacity_people_wait_and_are_promoted_in_order(reference_data):
    meeting = meeting_make(publish=True, capacity=2)
    for name in ("ann", "bob", "cat", "dan"):
        _register(meeting, name)
    assert [_status(n) for n in ("ann", "bob", "cat", "dan")] == [
        S.CONFIRMED,
        S.CONFIRMED,
        S.WAITING,
        S.WAITING,
    ]
    OutboxEmail.objects.all().delete()

    services.registration_cancel(token=Registration.objects.get(full_name="bob").token)

    assert [_status(n) for n in ("ann", "bob", "cat", "dan")] == [
        S.CONFIRMED,
        S.CANCELLED,
        S.CONFIRMED,
        S.WAITING,
    ]
    promoted = OutboxEmail.objects.get()
    assert promoted.to == ["cat@example.org"]
    cat = Registration.objects.get(full_name="cat")
    assert reverse("meetings:registration-cancel", args=[cat.token]) in promoted.body


def test_raising_the_capacity_promotes_the_waiting_list(reference_data):
    meeting = meeting_make(publish=True, capacity=1)
    _register(meeting, "ann")
    _register(meeting, "bob")

    services.meeting_update(actor=secretary_of(meeting.council), meeting=meeting, capacity=2)

    assert _status("bob") == S.CONFIRMED


def test_confirmation_mail_has_a_cancel_link_that_works_once(reference_data, client):
    meeting = meeting_make(publish=True)
    OutboxEmail.objects.all().delete()
    _register(meeting, "ann", language="kk")

    mail = OutboxEmail.objects.get()
    assert mail.language == "kk" and mail.to == ["ann@example.org"]
    path = re.search(r"/meetings/registrations/[^/\s]+/cancel/", mail.body).group(0)
    assert client.get(path).status_code == 200
    assert _status("ann") == S.CONFIRMED  # following the link alone cancels nothing

    assert client.post(path).status_code == 302
    assert _status("ann") == S.CANCELLED
    assert client.post(path).status_code == 400


def test_one_registration_per_email_per_meeting(reference_data):
    meeting = meeting_make(publish=True)
    _register(meeting, "ann", email="Ann@Example.org")

    with pytest.raises(ValidationError):
        _register(meeting, "ann again", email="ann@example.org ")
    services.registration_cancel(token=Registration.objects.get().token)
    again = _register(meeting, "ann again", email="ann@example.org")
    assert again.status == S.CONFIRMED


def test_signed_in_person_registers_with_their_account(reference_data):
    meeting = meeting_make(publish=True)
    person = user_make(full_name="Aigerim")

    registration = services.registration_create(
        meeting=meeting, user=person, full_name="", email=""
    )

    assert (registration.user, registration.email, registration.full_name) == (
        person,
        person.email,
        "Aigerim",
    )


@pytest.mark.parametrize("case", ["closed", "planned", "held"])
def test_no_registration_for_closed_planned_or_held_meetings(reference_data, case):
    meeting = {
        "closed": lambda: meeting_make(publish=True, is_open=False),
        "planned": lambda: meeting_make(),
        "held": lambda: held_meeting_make(),
    }[case]()

    with pytest.raises(ValidationError):
        _register(meeting, "ann")
    assert not Registration.objects.exists()


def test_attendance_of_registrants_is_recorded(reference_data):
    meeting = meeting_make(publish=True)
    ann, bob = _register(meeting, "ann"), _register(meeting, "bob")
    from datetime import timedelta

    from django.utils import timezone

    # The meeting starts: move it into the past as time would.
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    meeting.refresh_from_db()
    secretary = secretary_of(meeting.council)
    meeting = services.meeting_transition(actor=secretary, meeting=meeting, action="hold")

    services.registration_attendance_record(actor=secretary, meeting=meeting, attended=[ann.pk])

    ann.refresh_from_db()
    bob.refresh_from_db()
    assert (ann.attended, bob.attended) == (True, False)


def _detail(client, meeting):
    return client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).text


def test_a_registered_visitor_sees_their_registration_not_the_form(
    reference_data, client, settings
):
    meeting = meeting_make(publish=True, capacity=1)
    first, second = user_make(full_name="Aigerim"), user_make(full_name="Bolat")
    _register(meeting, "someone")  # takes the only place
    _register(meeting, "waiting")
    services.registration_create(meeting=meeting, user=second, full_name="", email="")
    create = reverse("meetings:registration-create", args=[meeting.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.force_login(second)
    page = _detail(client, meeting)
    assert create not in page
    assert 'data-status="waiting"' in page and "position 2" in page
    token = Registration.objects.get(user=second).token
    assert reverse("meetings:registration-cancel", args=[token]) in page

    client.force_login(first)
    page = _detail(client, meeting)
    assert create in page and "Join the waiting list" in page
