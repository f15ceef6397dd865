"""The periodic jobs: the reminder to start forming the next composition goes out once, to the
secretary and the host's officials, when the rule says formation starts and nothing is
announced; a competition's window opens and closes on its dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from conftest import message_text
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.core.outbox import outbox_send_pending
from hamkori.councils.models import CompetitionState
from hamkori.councils.tasks import competition_windows, formation_reminders
from hamkori.councils.tests.factories import competition_make, council_make, seat_make
from hamkori.registry.tests.factories import user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _council_ending_in(days: int, **fields):
    end = local_today("KZ") + timedelta(days=days)
    return council_make(term_start=end - timedelta(days=1000), term_end=end, **fields)


def test_the_reminder_goes_once_to_the_secretary_and_the_officials(reference_data, smtp_server):
    council = _council_ending_in(50)
    secretary = seat_make(council, position="secretary", user=user_make(preferred_language="kk"))
    seat_make(council)  # an ordinary member is not reminded

    assert formation_reminders() == 1
    assert formation_reminders() == 0

    council.refresh_from_db()
    assert council.formation_reminded_on == local_today("KZ")
    recipients = {address for email in OutboxEmail.objects.all() for address in email.to}
    assert recipients == {secretary.user.email, council.created_by.email}
    assert {e.language for e in OutboxEmail.objects.all()} == {"kk", "ru"}
    assert AuditEvent.objects.filter(action="councils.formation.remind").count() == 1
    outbox_send_pending()
    assert len(smtp_server.messages) == 2
    # Bodies in Kazakh and Russian are base64 on the wire: read them decoded.
    assert all(
        f"/councils/{council.pk}/competition/new/" in message_text(message)
        for message in smtp_server.messages
    )


# Two months are 59 to 62 days: 70 days before the end is always too early, 55 always in.
@pytest.mark.parametrize(
    ("days_left", "reminded"), [(70, False), (55, True), (0, True), (-1, False)]
)
def test_the_reminder_starts_two_months_before_the_end(reference_data, days_left, reminded):
    _council_ending_in(days_left)

    assert bool(formation_reminders()) is reminded


def test_no_reminder_when_a_competition_is_announced(reference_data):
    competition_make(_council_ending_in(30))

    assert formation_reminders() == 0
    assert not OutboxEmail.objects.exists()


def test_no_reminder_in_a_country_without_the_rule(reference_data):
    from hamkori.calls.tests.factories import body_make

    end = local_today("TJ") + timedelta(days=10)
    council_make(host=body_make("TJ"), term_start=end - timedelta(days=900), term_end=end)

    assert formation_reminders() == 0


def test_the_reminder_is_written_in_english_too(reference_data):
    council = _council_ending_in(20)
    council.created_by.preferred_language = "en"
    council.created_by.save()

    formation_reminders()

    email = OutboxEmail.objects.get()
    with translation.override("en"):
        assert council.name_en in email.subject
    assert str(council.term_end.year) in email.body


def test_windows_open_and_close_on_their_dates(reference_data):
    today = local_today("KZ")
    due = competition_make(_council_ending_in(40), state="announced", opens_on=today)
    later = competition_make(
        _council_ending_in(40), state="announced", opens_on=today + timedelta(days=1)
    )
    over = competition_make(
        _council_ending_in(40),
        state="open",
        opens_on=today - timedelta(days=20),
        closes_on=today - timedelta(days=1),
    )
    running = competition_make(_council_ending_in(40), state="open", closes_on=today)

    assert competition_windows() == 2

    states = {c.pk: c.state for c in type(due).objects.all()}
    assert states == {
        due.pk: CompetitionState.OPEN,
        later.pk: CompetitionState.ANNOUNCED,
        over.pk: CompetitionState.CLOSED,
        running.pk: CompetitionState.OPEN,
    }
    assert AuditEvent.objects.filter(action__startswith="councils.competition.").count() == 2
