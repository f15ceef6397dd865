"""Periodic jobs of councils (run by `hamkori worker`, see core/tasks.py): the reminder to
start forming a council's next composition, and a competition's window opening and closing
on its dates."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from hamkori.accounts.models import MembershipStatus, User
from hamkori.core.audit import audit_record
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.councils.models import Competition, CompetitionState, Council, Position
from hamkori.councils.services import competition_transition, formation_start
from hamkori.councils.workflow import CompetitionAction
from hamkori.rules.selectors import local_today


def _reminder_recipients(council: Council) -> list[User]:
    today = local_today(council.jurisdiction_id)
    secretaries = User.objects.filter(
        council_seats__council=council,
        council_seats__position=Position.SECRETARY,
        council_seats__starts_on__lte=today,
        is_active=True,
    ).exclude(council_seats__ends_on__lt=today)
    officials = User.objects.filter(
        memberships__organisation_id=council.host_id,
        memberships__status=MembershipStatus.ACTIVE,
        is_active=True,
    )
    return list((secretaries | officials).distinct().order_by("pk"))


def formation_reminders() -> int:
    """E-mail the council's secretary and the host body's officials, once, when forming the
    next composition should start (term end minus rule council.formation_start_months) and no
    competition has been announced. Councils without the rule get no reminder (it is not
    guessed). Returns how many councils were reminded."""
    reminded = 0
    candidates = (
        Council.objects.filter(
            formation_reminded_on__isnull=True, competitions__isnull=True, successors__isnull=True
        )
        .select_related("host")
        .order_by("pk")
    )
    for council in candidates.iterator(chunk_size=200):
        today = local_today(council.jurisdiction_id)
        start = formation_start(council)
        if start is None or not (start <= today <= council.term_end):
            continue
        with transaction.atomic():
            # Marked in the same transaction as the queued mail: a second run, or a worker
            # running beside this one, finds the day set and sends nothing.
            updated = Council.objects.filter(
                pk=council.pk, formation_reminded_on__isnull=True
            ).update(formation_reminded_on=today)
            if not updated:
                continue
            people = _reminder_recipients(council)
            email_queue_to_people(
                people,
                "councils/emails/formation_reminder",
                {
                    "council": council,
                    "formation_start": start,
                    "url": absolute_url(reverse("councils:competition-create", args=[council.pk])),
                },
            )
            audit_record(
                actor=None,
                action="councils.formation.remind",
                obj=council,
                organisation=council.host,
                changes={"formation_start": start, "recipients": [p.pk for p in people]},
            )
        reminded += 1
    return reminded


def competition_windows() -> int:
    """Open announced competitions whose first day has come and close open ones whose last
    day has passed (in the council's jurisdiction). Returns how many changed state."""
    changed = 0
    for competition in (
        Competition.objects.filter(state__in=[CompetitionState.ANNOUNCED, CompetitionState.OPEN])
        .select_related("council")
        .order_by("pk")
    ):
        today = local_today(competition.council.jurisdiction_id)
        if competition.state == CompetitionState.ANNOUNCED and competition.opens_on <= today:
            action = CompetitionAction.OPEN
        elif competition.state == CompetitionState.OPEN and competition.closes_on < today:
            action = CompetitionAction.CLOSE
        else:
            continue
        competition_transition(actor=None, competition=competition, action=action)
        changed += 1
    return changed


PERIODIC = [formation_reminders, competition_windows]
