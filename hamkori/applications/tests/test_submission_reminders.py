"""Deadline reminders: 7 days and 1 day before the close, to every member of an
organisation with a draft, in each person's language, once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hamkori.applications.services import application_submit
from hamkori.applications.tasks import PERIODIC, deadline_reminders
from hamkori.applications.tests.submission_factories import open_call, ready_application
from hamkori.core.models import OutboxEmail
from hamkori.registry.tests.factories import member_make, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_worker_runs_the_reminders():
    assert deadline_reminders in PERIODIC


def test_seven_day_reminder_goes_to_every_member_once_in_their_language():
    # given a draft on a call closing in 5 days, with a Kazakh- and a Russian-speaking member
    application = ready_application(call=open_call(closes_in=timedelta(days=5)), language="kk")
    member_make(application.organisation, user_make(preferred_language="ru"))

    first = deadline_reminders()
    second = deadline_reminders()

    assert first == 2
    assert second == 0
    emails = list(OutboxEmail.objects.order_by("language"))
    assert [e.language for e in emails] == ["kk", "ru"]
    assert all(application.call.reference in e.subject for e in emails)
    assert all(":7d:" in e.dedupe_key for e in emails)


def test_one_day_reminder_replaces_the_week_reminder_on_the_last_day():
    application = ready_application(call=open_call(closes_in=timedelta(hours=20)))

    assert deadline_reminders() == 1

    [email] = OutboxEmail.objects.all()
    assert ":1d:" in email.dedupe_key
    assert application.created_by.email in email.to


def test_no_reminders_for_submitted_applications_or_distant_deadlines():
    submitted = ready_application(call=open_call(closes_in=timedelta(days=3)))
    application_submit(
        actor=submitted.created_by, application=submitted, idempotency_key="reminded"
    )
    OutboxEmail.objects.all().delete()
    ready_application(call=open_call(closes_in=timedelta(days=10)))

    assert deadline_reminders() == 0
    assert not OutboxEmail.objects.exists()


def test_an_extended_deadline_brings_a_new_reminder():
    application = ready_application(call=open_call(closes_in=timedelta(days=5)))
    deadline_reminders()
    call = application.call
    call.closes_at += timedelta(days=1)
    call.save(update_fields=["closes_at"])

    assert deadline_reminders() == 1
    assert OutboxEmail.objects.count() == 2
