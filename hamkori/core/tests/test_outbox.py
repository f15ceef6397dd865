"""The e-mail outbox: queued in the caller's transaction, sent by the worker through SMTP,
retried with a growing delay when the server is away, never sent twice."""

import socket
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.db import transaction
from django.utils import timezone

from conftest import message_text
from hamkori.core.models import OutboxEmail
from hamkori.core.outbox import (
    MAX_ATTEMPTS,
    _claim,
    email_queue,
    email_queue_template,
    outbox_send_pending,
)

pytestmark = pytest.mark.django_db

KAZAKH = "Өтінішіңіз қабылданды: «Жүрек» қоғамдық бірлестігі, сома 4 325 000 ₸."
TAJIK = "Дархости шумо қабул шуд: Иттиҳодияи ҷамъиятии «Меҳр», маблағ 95 000 сомонӣ."


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_email_queued_in_a_rolled_back_transaction_leaves_nothing():
    # given a change that queues an e-mail and then fails
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(to=["a@example.org"], subject="Receipt", body="Your application ...")
        email_queue(to=["b@example.org"], subject="Reminder", body="...", dedupe_key="r:1")
        raise RuntimeError("the service failed after queueing")
    # then nothing is queued
    assert not OutboxEmail.objects.exists()


def test_an_email_with_a_dedupe_key_is_queued_once_and_the_transaction_goes_on():
    # given
    with transaction.atomic():
        first = email_queue(to=["a@example.org"], subject="7 days left", body="x", dedupe_key="k")
        # when the same reminder is queued again in the same transaction
        second = email_queue(to=["a@example.org"], subject="7 days left", body="x", dedupe_key="k")
        # then the duplicate is refused without breaking the transaction (a savepoint)
        third = email_queue(to=["b@example.org"], subject="other", body="y", dedupe_key="k2")
    assert first is not None and second is None and third is not None
    assert sorted(OutboxEmail.objects.values_list("dedupe_key", flat=True)) == ["k", "k2"]


def test_recipients_are_cleaned_and_an_email_to_nobody_is_not_queued():
    # when
    email = email_queue(to=["b@example.org", "", "a@example.org", "b@example.org"], subject="s",
                        body="b")  # fmt: skip
    nobody = email_queue(to=["", ""], subject="s", body="b")
    # then
    assert email.to == ["a@example.org", "b@example.org"]
    assert nobody is None and OutboxEmail.objects.count() == 1


def test_pending_emails_go_out_through_smtp_with_kazakh_and_tajik_text(smtp_server):
    # given two e-mails in Kazakh and Tajik, one with an HTML part, and one not yet due
    email_queue(to=["cso@example.kz", "member@example.kz"], subject=f"Түбіртек: {KAZAKH[:30]}",
                body=KAZAKH, language="kk", html=f"<p>{KAZAKH}</p>")  # fmt: skip
    email_queue(to=["cso@example.tj"], subject="Расид", body=TAJIK, language="tg")
    later = email_queue(to=["x@example.org"], subject="later", body="later",
                        send_after=timezone.now() + timedelta(hours=1))  # fmt: skip
    # when
    sent = outbox_send_pending()
    # then exactly the due ones arrived, intact
    assert sent == 2
    received = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    # each recipient gets a message of their own and sees no one else's address
    assert set(received) == {"cso@example.kz", "member@example.kz", "cso@example.tj"}
    assert {address: m["To"] for address, m in received.items()} == {
        address: address for address in received
    }
    assert message_text(received["member@example.kz"]).strip() == KAZAKH
    kazakh = received["cso@example.kz"]
    assert subject_of(kazakh) == f"Түбіртек: {KAZAKH[:30]}"
    assert message_text(kazakh).strip() == KAZAKH
    assert any(part.get_content_type() == "text/html" for part in kazakh.walk())
    assert message_text(received["cso@example.tj"]).strip() == TAJIK
    assert subject_of(received["cso@example.tj"]) == "Расид"
    # and they are marked sent, the later one is still waiting
    assert OutboxEmail.objects.filter(sent_at__isnull=False).count() == 2
    later.refresh_from_db()
    assert later.sent_at is None and later.attempts == 0
    # and a second round sends nothing again
    assert outbox_send_pending() == 0 and len(smtp_server.messages) == 3


def test_a_failed_send_is_retried_later_and_goes_out_when_the_server_is_back(
    smtp_server, settings, monkeypatch
):
    # given an e-mail and an SMTP server that cannot be reached
    email = email_queue(to=["cso@example.tj"], subject="Натиҷа", body=TAJIK)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = unused_port()
    started = timezone.now()
    # when the worker tries
    assert outbox_send_pending() == 0
    # then it counts the attempt and waits before the next one
    email.refresh_from_db()
    assert email.attempts == 1 and email.sent_at is None and email.last_error
    assert email.send_after >= started + timedelta(minutes=2)
    # and a round right away does not hammer the server
    settings.EMAIL_PORT = working_port
    assert outbox_send_pending() == 0 and smtp_server.messages == []
    # when the delay has passed and the server is back
    monkeypatch.setattr(timezone, "now", lambda: started + timedelta(minutes=3))
    assert outbox_send_pending() == 1
    # then it is delivered once
    email.refresh_from_db()
    assert email.attempts == 2 and email.sent_at is not None
    assert [message_text(m).strip() for m in smtp_server.messages] == [TAJIK]


def test_the_delay_grows_and_sending_stops_after_the_last_attempt(settings, monkeypatch):
    # given an unreachable server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", unused_port()
    email = email_queue(to=["a@example.org"], subject="s", body="b")
    now = timezone.now()
    delays = []
    # when the worker keeps trying, each time after the delay
    for _ in range(MAX_ATTEMPTS + 2):
        monkeypatch.setattr(timezone, "now", lambda moment=now: moment)
        outbox_send_pending()
        email.refresh_from_db()
        delays.append(email.send_after - now)
        now = max(now, email.send_after) + timedelta(seconds=1)
    # then the delay doubles and the attempts stop at the limit
    assert email.attempts == MAX_ATTEMPTS and email.sent_at is None
    assert delays[:3] == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]


def test_an_email_taken_by_another_worker_is_not_sent_again():
    # given two workers that read the same due e-mail
    email_queue(to=["a@example.org"], subject="s", body="b")
    mine, theirs = OutboxEmail.objects.get(), OutboxEmail.objects.get()
    now = timezone.now()
    # when both try to take it
    first, second = _claim(mine, now), _claim(theirs, now)
    # then only one gets it, and it is not due again until the lease ends
    assert (first, second) == (True, False)
    assert outbox_send_pending() == 0


def test_a_template_email_is_rendered_in_the_recipients_language(tmp_path, settings):
    # given a template with a translated string
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello_subject.txt").write_text(
        "{% load i18n %}{% translate 'Organisations' %}\n  {{ n }}"
    )
    (tmp_path / "t" / "hello_body.txt").write_text("{{ name }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    # when
    email = email_queue_template(to=["a@example.org"], template="t/hello", language="ru",
                                 context={"n": 3, "name": "Мехр"}, dedupe_key="hello")  # fmt: skip
    # then the subject is one line in Russian and the body is the rendered text
    assert email.subject == "Организации 3"
    assert email.body == "Мехр" and email.language == "ru" and email.dedupe_key == "hello"


def test_links_in_e_mails_use_the_public_address(settings):
    from hamkori.core.links import absolute_url

    settings.SITE_URL = "https://hamkori.gov.example"
    assert absolute_url("/calls/7/") == "https://hamkori.gov.example/calls/7/"


def test_a_server_failing_midway_retries_only_those_who_did_not_get_it(smtp_server, monkeypatch):
    # given an e-mail to three people and a server that refuses the third message
    from django.core.mail import EmailMultiAlternatives

    email = email_queue(to=["a@example.org", "b@example.org", "c@example.org"], subject="s",
                        body="Заседание переносится.")  # fmt: skip
    real_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["c@example.org"]:
            raise OSError("connection reset")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    # when the worker sends
    outbox_send_pending()
    # then the first two have it and are recorded as sent; the third waits for a retry
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "a@example.org",
        "b@example.org",
    ]
    email.refresh_from_db()
    assert email.to == ["a@example.org", "b@example.org"] and email.sent_at is not None
    rest = OutboxEmail.objects.exclude(pk=email.pk).get()
    assert rest.to == ["c@example.org"] and rest.sent_at is None and rest.attempts == 1
    assert "connection reset" in rest.last_error and rest.send_after > timezone.now()
    # when the server is back and the delay has passed
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert outbox_send_pending() == 1
    # then only the third receives it, once
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
