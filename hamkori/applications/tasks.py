"""Periodic jobs of applications (run by `hamkori worker`, see core/tasks.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus, User
from hamkori.applications.models import Application, ApplicationState
from hamkori.calls.workflow import CallState
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_template
from hamkori.rules.selectors import local_zone

# Reminders before the deadline (issue 3): a week and a day ahead.
REMINDER_DAYS = (7, 1)


def deadline_reminders() -> int:
    """E-mail the members of every organisation with a draft when its call closes within 7
    days and within 1 day, each person in their language. The dedupe key names the
    application, the reminder, the deadline and the person, so each goes out once, and an
    extended deadline brings new reminders. Returns how many e-mails were queued."""
    now = timezone.now()
    queued = 0
    for days in REMINDER_DAYS:
        smaller = [d for d in REMINDER_DAYS if d < days]
        # The window of this reminder ends where the next (shorter) one begins, so a call
        # closing tomorrow gets the one-day reminder, not a late seven-day one.
        start = now + timedelta(days=max(smaller)) if smaller else now
        drafts = (
            Application.objects.filter(
                state=ApplicationState.DRAFT,
                call__state=CallState.OPEN,
                call__closes_at__gt=start,
                call__closes_at__lte=now + timedelta(days=days),
            )
            .select_related("call", "lot", "organisation")
            .order_by("pk")
        )
        for application in drafts.iterator(chunk_size=500):
            queued += _remind(application, days)
    return queued


def _remind(application: Application, days: int) -> int:
    call = application.call
    people = User.objects.filter(
        memberships__organisation=application.organisation,
        memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    ).order_by("pk")
    url = absolute_url(reverse("applications:application-edit", args=[application.pk]))
    context = {
        "application": application,
        "call": call,
        "lot": application.lot,
        "organisation": application.organisation,
        "closes_local": timezone.localtime(call.closes_at, local_zone(call.jurisdiction_id)),
        "days": days,
        "url": url,
    }
    queued = 0
    for person in people:
        key = f"reminder:{application.pk}:{days}d:{call.closes_at:%Y%m%d%H%M}:{person.pk}"
        email = email_queue_template(
            to=[person.email],
            template="applications/emails/reminder",
            context=context,
            language=person.preferred_language or settings.LANGUAGE_CODE,
            dedupe_key=key,
        )
        queued += email is not None
    return queued


PERIODIC = [deadline_reminders]
