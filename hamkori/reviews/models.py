"""Experts, the draw of a lot's panel, conflict-of-interest declarations and score sheets
(issue 4, DOMAIN.md §3 items 6–7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.models import TimeStamped


class ExpertStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")


class Expert(TimeStamped):
    """A person in a jurisdiction's expert register, with the directions (areas) and languages
    they can review in. An expert is drawn only after accepting the terms of service."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile"
    )
    jurisdiction = models.ForeignKey("rules.Jurisdiction", on_delete=models.PROTECT)
    areas = models.ManyToManyField("registry.Area", verbose_name=_("directions"))
    languages = models.JSONField(_("languages"), default=list)
    qualification = models.TextField(_("qualification and experience"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExpertStatus.choices, default=ExpertStatus.ACTIVE
    )
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["user__full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExpertStatus.values), name="expert_status_known"
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "status"])]

    def __str__(self) -> str:
        return str(self.user.full_name)


class RelationKind(models.TextChoices):
    EMPLOYEE = "employee", _("works or worked there")
    MEMBER = "member", _("member or volunteer")
    FOUNDER = "founder", _("founder or board member")
    FAMILY = "family", _("a close relative works there")
    OTHER = "other", _("other relation")


class ExpertRelation(models.Model):
    """An affiliation the expert declared with an organisation. Together with the expert's
    memberships in the registry it is a known conflict: such an expert is not drawn for a lot
    the organisation applied to, and a later one flags an undisclosed conflict."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="expert_relations"
    )
    kind = models.CharField(_("relation"), max_length=10, choices=RelationKind.choices)
    description = models.TextField(_("description"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expert", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "organisation", "kind"], name="expert_relation_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="expert_relation_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "expert"])]

    def __str__(self) -> str:
        return f"{self.expert} — {self.organisation} ({self.kind})"


class TieBreak(models.TextChoices):
    FIRST_CRITERION = (
        "first_criterion",
        _("the higher score on the first criterion, then the earlier submission"),
    )
    EARLIER_SUBMISSION = "earlier_submission", _("the earlier submission")
    LOWER_AMOUNT = "lower_amount", _("the lower amount requested, then the earlier submission")


class Evaluation(TimeStamped):
    """How a call's applications are reviewed: panel and reserve sizes (rule-set defaults),
    the tie-break, and whether experts see each other's scores once all are in."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="evaluation")
    panel_size = models.PositiveSmallIntegerField(_("experts per application"))
    reserve_size = models.PositiveSmallIntegerField(_("reserve experts per lot"))
    tie_break = models.CharField(
        _("tie-break"), max_length=20, choices=TieBreak.choices, default=TieBreak.FIRST_CRITERION
    )
    experts_see_others = models.BooleanField(
        _("experts see each other's scores once all sheets are in"), default=True
    )
    # Why the panel or the reserves are smaller than the rule set's (required then).
    size_reason = models.TextField(_("reason for fewer experts than the rules"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(panel_size__gt=0), name="evaluation_panel_gt_0"),
            models.CheckConstraint(
                condition=Q(tie_break__in=TieBreak.values), name="evaluation_tie_break_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call}"


class Draw(models.Model):
    """The random draw of one lot's experts. Anyone can repeat it: the eligible pool (expert
    ids, ascending) and the seed are published, and the order is the pool sorted by
    SHA-256(seed ":" id) — see reviews/draw.py. The first `panel_size` are the panel, the
    next `reserve_size` the reserves in order."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="draws")
    lot = models.OneToOneField("calls.Lot", on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField(max_length=20)
    seed = models.CharField(max_length=64)
    panel_size = models.PositiveSmallIntegerField()
    reserve_size = models.PositiveSmallIntegerField()
    pool = models.JSONField(default=list)  # eligible expert ids, ascending
    # [{"expert": id, "reason": code, "organisation": id}]: left out before the draw, and why
    excluded = models.JSONField(default=list)
    order = models.JSONField(default=list)  # the drawn expert ids: panel, then reserves
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["call", "lot__number"]

    def __str__(self) -> str:
        return f"{self.lot} {self.seed[:12]}"


class Seat(models.Model):
    """One drawn expert's place in a lot: position 1..panel_size on the panel, after it a
    reserve in draw order."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="seats")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="seats")
    position = models.PositiveSmallIntegerField()
    is_reserve = models.BooleanField(default=False)

    class Meta:
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "expert"], name="seat_expert_once"),
            models.UniqueConstraint(fields=["draw", "position"], name="seat_position_once"),
        ]
        indexes = [models.Index(fields=["expert", "draw"])]

    def __str__(self) -> str:
        return f"{self.draw} #{self.position} {self.expert}"


class ReviewState(models.TextChoices):
    DECLARING = "declaring", _("waiting for the declaration of interests")
    RECUSED = "recused", _("recused: conflict of interest")
    SCORING = "scoring", _("being scored")
    SUBMITTED = "submitted", _("submitted")


class Withdrawal(models.TextChoices):
    """Why an official took a review away from its expert (the review is then RECUSED)."""

    SUSPENDED = "suspended", _("the expert was suspended")
    SET_ASIDE = "set_aside", _("set aside: a conflict of interest the expert did not disclose")


class Review(TimeStamped):
    """One expert's review of one application: first the declaration of interests, then the
    score sheet. The expert sees the application only in SCORING and SUBMITTED; a RECUSED
    review hands the application to the next reserve. A submitted sheet is immutable except
    through a correction with a reason (ScoreCorrection) or a reopening after an appeal."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="reviews")
    lot = models.ForeignKey("calls.Lot", on_delete=models.PROTECT, related_name="reviews")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="reviews"
    )
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="reviews")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.DECLARING
    )
    conflict_description = models.TextField(_("conflict of interest"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    # This sheet's score normalised to 100, set at submission (4 places, from exact fractions).
    total = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    # Set when an official took the review away (RECUSED): the expert was suspended, or their
    # sheet was set aside for a conflict they did not disclose. The reason is kept for the
    # record; a set-aside sheet keeps its scores but no longer counts.
    withdrawal = models.CharField(
        _("withdrawal"), max_length=10, choices=Withdrawal.choices, blank=True
    )
    withdrawn_reason = models.TextField(_("reason for the withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "application", "seat__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="review_once"),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="review_state_known"
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="review_total_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(state="submitted")
                | Q(total__isnull=False, submitted_at__isnull=False),
                name="review_submitted_has_total",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["expert", "state"]),
            models.Index(fields=["application", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application_id} ({self.state})"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("calls.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["review", "criterion__order", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.criterion_id}: {self.points}"


class ScoreCorrection(models.Model):
    """A change to a submitted score, with its reason: the history the applicant and the
    auditor can read (each also an audit event)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="corrections")
    criterion = models.ForeignKey("calls.Criterion", on_delete=models.PROTECT, related_name="+")
    old_points = models.DecimalField(max_digits=6, decimal_places=2)
    new_points = models.DecimalField(max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_points__gte=0, new_points__gte=0), name="correction_points_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.criterion_id}: {self.old_points} → {self.new_points}"
