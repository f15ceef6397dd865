"""A council's recommendations to state bodies and the bodies' answers (issue 6, DOMAIN.md §4).

A recommendation is adopted at a held meeting and sent to an addressee body (the council's
host or another state body), which answers within the rule set's deadline in working days
(`council.recommendation_answer_working_days`: 15, by analogy with citizens' appeals). The
deadline moves only through an `Extension` row with a reason; whether an answer came on time is
decided against the deadline in force when it was given."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import multilingual_char, multilingual_text, translated
from hamkori.core.models import TimeStamped
from hamkori.recommendations.workflow import (
    ANSWERED_STATES,
    AnswerKind,
    RecommendationState,
)

# The longest free text a recommendation, an answer or an extension's reason may have: a
# reasoned answer of several pages, short enough to show on one page and in the annual report.
TEXT_MAX_LENGTH = 10_000


def _bounded(limit: int = TEXT_MAX_LENGTH) -> dict:
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


class Recommendation(TimeStamped):
    """One recommendation of a council, numbered per council."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="recommendations"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("adopted at the meeting"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveIntegerField(_("number"))
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    locals().update({f"text_{c}": f for c, f in multilingual_text(_("text"), **_bounded()).items()})
    addressee = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="recommendations_received",
        verbose_name=_("addressee body"),
    )
    state = models.CharField(
        _("state"),
        max_length=14,
        choices=RecommendationState.choices,
        default=RecommendationState.ADOPTED,
    )
    adopted_on = models.DateField(_("adopted on"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # The deadline in force: the first one, then the latest extension's.
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    first_due_on = models.DateField(_("first answer deadline"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=AnswerKind.choices, blank=True)
    answer_text = models.TextField(_("answer and reasons"), blank=True, **_bounded())
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    # Set by the periodic job when it told the body and the secretary the answer is overdue,
    # so the mail goes out once (an extension clears it: the new deadline may pass too).
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["council", "-number"]
        indexes = [
            models.Index(fields=["addressee", "state"]),
            models.Index(fields=["state", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="recommendation_number_once"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RecommendationState.values),
                name="recommendation_state_known",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="recommendation_progress_percent",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answer__in=AnswerKind.values),
                name="recommendation_answer_known",
            ),
            # Once sent, the dates of sending and of the deadline are known, and in order.
            models.CheckConstraint(
                condition=Q(state=RecommendationState.ADOPTED)
                | (
                    Q(sent_on__isnull=False, due_on__isnull=False, first_due_on__isnull=False)
                    & Q(sent_on__gte=F("adopted_on"))
                    & Q(first_due_on__gt=F("sent_on"))
                    & Q(due_on__gte=F("first_due_on"))
                ),
                name="recommendation_sent_dates",
            ),
            # Answered states carry the answer, its date and who gave it.
            models.CheckConstraint(
                condition=~Q(state__in=ANSWERED_STATES)
                | (
                    ~Q(answer="")
                    & Q(answered_on__isnull=False, answered_by__isnull=False)
                    & Q(answered_on__gte=F("sent_on"))
                ),
                name="recommendation_answer_complete",
            ),
            # A rejection or a partial acceptance gives its reasons.
            models.CheckConstraint(
                condition=Q(answer__in=["", AnswerKind.ACCEPTED]) | ~Q(answer_text=""),
                name="recommendation_answer_reasons",
            ),
            models.CheckConstraint(
                condition=Q(state=RecommendationState.REJECTED, answer=AnswerKind.REJECTED)
                | (~Q(state=RecommendationState.REJECTED) & ~Q(answer=AnswerKind.REJECTED)),
                name="recommendation_rejected_ends",
            ),
            models.CheckConstraint(
                condition=~Q(state=RecommendationState.IMPLEMENTED)
                | Q(progress=100, implemented_on__isnull=False),
                name="recommendation_implemented_complete",
            ),
        ]

    def clean(self) -> None:
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("Choose an item of the same meeting.")})

    def __str__(self) -> str:
        title = translated(self, "title")
        return f"№ {self.number}. {title}" if title else f"№ {self.number}"


class Extension(models.Model):
    """The addressee body moved the answer deadline, with a reason, before it passed."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="extensions"
    )
    previous_due_on = models.DateField(_("previous deadline"))
    new_due_on = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"), **_bounded())
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    extended_at = models.DateTimeField(_("extended at"))

    class Meta:
        ordering = ["recommendation", "extended_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_on__gt=F("previous_due_on")),
                name="recommendation_extension_later",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="recommendation_extension_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.previous_due_on} → {self.new_due_on}"


class Milestone(models.Model):
    """A step of implementing an accepted recommendation, planned by the body."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="milestones"
    )
    text = models.CharField(_("step"), max_length=500)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_milestone_text"),
        ]

    def __str__(self) -> str:
        return self.text
