"""Periodic jobs of recommendations (run by `hamkori worker`, see core/tasks.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hamkori.core.outbox import email_queue_to_people
from hamkori.recommendations.models import Recommendation
from hamkori.recommendations.services import (
    body_officials,
    council_secretaries,
    recommendation_url,
)
from hamkori.recommendations.workflow import AWAITING_ANSWER
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_today


def overdue_notify() -> int:
    """E-mail the addressee body's officials and the council's secretary once when a
    recommendation's answer becomes overdue (not answered by its deadline in the
    jurisdiction's local date). An extension clears the mark, so a new deadline that passes
    is told again. Returns how many recommendations were reported."""
    reported = 0
    for jurisdiction in Jurisdiction.objects.order_by("code"):
        today = local_today(jurisdiction)
        overdue = (
            Recommendation.objects.filter(
                council__jurisdiction=jurisdiction,
                state__in=AWAITING_ANSWER,
                due_on__lt=today,
                overdue_notified_at__isnull=True,
            )
            .select_related("council", "addressee")
            .order_by("pk")
        )
        for recommendation in overdue.iterator(chunk_size=200):
            reported += _notify(recommendation.pk, today)
    return reported


@transaction.atomic
def _notify(pk: int, today) -> int:
    # Locked and re-checked: two workers may run the job at once, and mail must go out once.
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("council", "addressee")
        .filter(
            pk=pk,
            state__in=AWAITING_ANSWER,
            due_on__lt=today,
            overdue_notified_at__isnull=True,
        )
        .first()
    )
    if recommendation is None:
        return 0
    people = {
        person.pk: person
        for person in [
            *body_officials(recommendation.addressee),
            *council_secretaries(recommendation.council, today),
        ]
    }
    email_queue_to_people(
        people.values(),
        "recommendations/emails/overdue",
        {
            "recommendation": recommendation,
            "council": recommendation.council,
            "body": recommendation.addressee,
            "url": recommendation_url(recommendation),
        },
    )
    recommendation.overdue_notified_at = timezone.now()
    recommendation.save(update_fields=["overdue_notified_at"])
    return 1


PERIODIC = [overdue_notify]
