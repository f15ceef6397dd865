"""The commission's meeting and decision on a call, the published results and appeals
(issue 4, DOMAIN.md §3 items 7–8)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamkori.core.models import TimeStamped


class MeetingState(models.TextChoices):
    PREPARED = "prepared", _("being prepared")
    ADOPTED = "adopted", _("decision adopted")
    NOT_ADOPTED = "not_adopted", _("decision not adopted")


class CommissionMeeting(TimeStamped):
    """A meeting of the call's commission. It starts from the ranking proposed by the scores
    (a snapshot in `proposed`), records attendance, the decision entries and every member's
    vote; adopting it needs a quorum and more votes for than against."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField()
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=MeetingState.choices, default=MeetingState.PREPARED
    )
    # [{"lot": id, "rows": [{"application": id, "rank": n, "score": "87.50", "proposed": "award"}]}]
    proposed = models.JSONField(default=list)
    notes = models.TextField(_("notes for the minutes"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="meeting_number_once"),
            models.CheckConstraint(
                condition=Q(state__in=MeetingState.values), name="meeting_state_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} #{self.number}"


class CommissionRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")


class CommissionMember(models.Model):
    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=CommissionRole.choices)
    # None until attendance is recorded.
    present = models.BooleanField(_("present"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="commission_member_once"),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(role="chair"), name="commission_one_chair"
            ),
            models.CheckConstraint(
                condition=Q(role__in=CommissionRole.values), name="commission_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.user} ({self.role})"


class VoteChoice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


class CommissionVote(models.Model):
    """A present member's vote on the decision as a whole. A member with a conflict with an
    applicant does not vote on that application: the minutes list them as recused from it
    and its tally leaves them out."""

    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="votes")
    member = models.OneToOneField(CommissionMember, on_delete=models.CASCADE, related_name="vote")
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "member"]
        constraints = [
            models.CheckConstraint(
                condition=Q(choice__in=VoteChoice.values), name="vote_choice_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class Outcome(models.TextChoices):
    # "award" alone is also the name of an instrument (a state award to NGOs).
    AWARD = "award", pgettext_lazy("decision outcome", "funded")
    RESERVE = "reserve", _("reserve list")
    REJECT = "reject", _("not funded")


class DecisionEntry(models.Model):
    """The decision on one application: award (with the amount), reserve (with its place) or
    not funded. Any departure from the proposed ranking needs a reason."""

    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="decision_entries"
    )
    lot = models.ForeignKey("calls.Lot", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    proposed = models.CharField(max_length=8, choices=Outcome.choices)
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, default=0)
    reserve_position = models.PositiveSmallIntegerField(null=True, blank=True)
    departure_reason = models.TextField(_("reason for departing from the ranking"), blank=True)

    class Meta:
        ordering = ["meeting", "lot", F("rank").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="decision_entry_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values) & Q(proposed__in=Outcome.values),
                name="decision_outcome_known",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="award") & Q(amount__gt=0))
                | (~Q(outcome="award") & Q(amount=0)),
                name="decision_amount_only_for_awards",
            ),
            models.CheckConstraint(
                condition=Q(outcome=F("proposed")) | ~Q(departure_reason=""),
                name="decision_departure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.application_id} {self.outcome}"


class Result(models.Model):
    """A call's published decision. Until it exists no score, rank or count of reviews reaches
    applicants or the public. Appeals run from `published_at` for the rule set's window."""

    call = models.OneToOneField("calls.Call", on_delete=models.PROTECT, related_name="result")
    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The last local day on which an appeal may be filed (None: the rule or calendar is unset).
    appeal_until = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.call}"


class AppealState(models.TextChoices):
    FILED = "filed", _("filed")
    UNDER_REVIEW = "under_review", _("under review")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Appeal(TimeStamped):
    """An applicant's appeal against the published result, answered with reasons by `due_on`
    (working days from filing). Upholding it reopens the scoring of the application."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="appeals")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="appeals"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    grounds = models.TextField(_("grounds of the appeal"))
    state = models.CharField(
        _("state"), max_length=12, choices=AppealState.choices, default=AppealState.FILED
    )
    due_on = models.DateField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state__in=["filed", "under_review"]),
                name="appeal_one_open_per_application",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AppealState.values), name="appeal_state_known"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["filed", "under_review"]) | ~Q(answer=""),
                name="appeal_answer_has_reasons",
            ),
        ]
        indexes = [models.Index(fields=["call", "state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.state}"
