"""Meetings of public councils: notice and agenda, public registration, attendance, quorum,
votes, elections and minutes (issue 6, DOMAIN.md §4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import multilingual_char, translated
from hamkori.core.models import TimeStamped


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    NOTICE = "notice", _("notice published")
    HELD = "held", _("held")
    MINUTES_DRAFTED = "minutes_drafted", _("minutes drafted")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(TimeStamped):
    """One meeting of a council. Meetings are open to the public by law (DOMAIN.md §4); an
    open meeting takes registrations up to its capacity, then a waiting list."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    is_open = models.BooleanField(_("open to the public"), default=True)
    capacity = models.PositiveIntegerField(_("places for the public"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["council", "number"]
        indexes = [models.Index(fields=["council", "starts_at"]), models.Index(fields=["state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="council_meeting_number_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="council_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MeetingState.values), name="council_meeting_state_known"
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title") or f"{self.council} #{self.number}"
