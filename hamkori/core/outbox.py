"""Queue e-mails in the caller's transaction; the worker sends them after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamkori.core.models import OutboxEmail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# While one worker sends an e-mail, others leave it alone for this long (see _claim).
CLAIM_LEASE = timedelta(minutes=10)


def email_queue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    language: str = "ru",
    html: str = "",
    dedupe_key: str | None = None,
    send_after: datetime | None = None,
) -> OutboxEmail | None:
    """Queue one e-mail. With `dedupe_key`, a second call with the same key queues nothing
    and returns None (reminders run every few minutes and must go out once)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    email = OutboxEmail(
        to=recipients,
        subject=subject[:300],
        body=body,
        html=html,
        language=language,
        dedupe_key=dedupe_key,
        send_after=send_after or timezone.now(),
    )
    if dedupe_key is None:
        email.save()
        return email
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return None
    return email


def email_queue_to_people(people: Iterable, template: str, context: dict) -> None:
    """Queue `template` to these people (users), each group in its preferred language: one
    e-mail per language, so everyone reads it in theirs."""
    groups: dict[str, list[str]] = {}
    for person in people:
        groups.setdefault(person.preferred_language or settings.LANGUAGE_CODE, []).append(
            person.email
        )
    for language, addresses in groups.items():
        email_queue_template(to=addresses, template=template, context=context, language=language)


def email_queue_template(
    *,
    to: Iterable[str],
    template: str,
    context: dict,
    language: str = "ru",
    dedupe_key: str | None = None,
    send_after: datetime | None = None,
) -> OutboxEmail | None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and queue."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return email_queue(
        to=to,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=dedupe_key,
        send_after=send_after,
    )


def _claim(email: OutboxEmail, now: datetime) -> bool:
    """Take the e-mail for this worker by moving `send_after` past a lease, only if no other
    worker moved it first (the demo's worker thread and `hamkori worker` may both run; without
    this both would send the same message). A crash while sending retries after the lease."""
    claimed = OutboxEmail.objects.filter(
        pk=email.pk, sent_at__isnull=True, send_after=email.send_after
    ).update(send_after=now + CLAIM_LEASE)
    return claimed == 1


def _messages(email: OutboxEmail) -> list[EmailMultiAlternatives]:
    """One message per recipient: an e-mail to the members of a council, the candidates of a
    competition or the supporters of a problem must not show each of them everyone else's
    address."""
    messages = []
    for address in email.to:
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        messages.append(message)
    return messages


def _split_after_partial_send(email: OutboxEmail, delivered: int, error: Exception) -> None:
    """The server failed after some recipients had the message: they keep it (this row, sent)
    and the others get a new row retried later, so nobody receives it twice."""
    rest = email.to[delivered:]
    email.to = email.to[:delivered]
    email.attempts += 1
    email.sent_at = timezone.now()
    email.save(update_fields=["to", "attempts", "sent_at"])
    OutboxEmail.objects.create(
        to=rest,
        subject=email.subject,
        body=email.body,
        html=email.html,
        language=email.language,
        attempts=1,
        last_error=str(error)[:2000],
        send_after=timezone.now() + timedelta(minutes=2),
    )


def outbox_send_pending(*, limit: int = 100) -> int:
    """Send what is due; returns how many were sent. Failures are retried later with a
    growing delay, up to MAX_ATTEMPTS."""
    now = timezone.now()
    sent = 0
    due = list(
        OutboxEmail.objects.filter(
            sent_at__isnull=True, send_after__lte=now, attempts__lt=MAX_ATTEMPTS
        ).order_by("send_after", "pk")[:limit]
    )
    for email in due:
        if not _claim(email, now):
            continue
        delivered = 0
        try:
            with get_connection() as connection:
                for message in _messages(email):
                    message.connection = connection
                    message.send()
                    delivered += 1
        except Exception as error:
            log.warning("e-mail %s not sent to all: %s", email.pk, error)
            if delivered:
                _split_after_partial_send(email, delivered, error)
                sent += 1
                continue
            email.attempts += 1
            email.last_error = str(error)[:2000]
            email.send_after = now + timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "send_after"])
            continue
        email.attempts += 1
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at"])
        sent += 1
    return sent
