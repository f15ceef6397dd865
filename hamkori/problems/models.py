"""Social problems reported by people, supported, answered by the responsible body and traced
to the plan lots, calls, contracts and results that address them (issue 7, DOMAIN.md §3 item 1)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.calls.models import TargetGroup
from hamkori.core.models import TimeStamped


class ProblemState(models.TextChoices):
    NEW = "new", _("new")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted into a plan")
    ADDRESSED = "addressed", _("already addressed")
    DECLINED = "declined", _("declined")


class Problem(TimeStamped):
    """A social problem as its author wrote it, in one language. Supports are rows
    (`Support`); `support_count` is kept equal to them by the services so lists sort on it."""

    jurisdiction = models.ForeignKey(
        "rules.Jurisdiction", on_delete=models.PROTECT, related_name="problems"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=2)
    regions = models.ManyToManyField(
        "registry.Region", related_name="problems", verbose_name=_("regions")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    people_affected = models.PositiveIntegerField(
        _("estimated number of people affected"), null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="problems_reported"
    )
    # Set when the author reports on behalf of an organisation they belong to.
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems_reported",
        verbose_name=_("on behalf of"),
    )
    # The body obliged to answer once the support threshold is reached.
    responsible_body = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems_to_answer",
        verbose_name=_("responsible body"),
    )
    state = models.CharField(
        _("state"), max_length=14, choices=ProblemState.choices, default=ProblemState.NEW
    )
    state_reason = models.TextField(_("reason"), blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    threshold_reached_on = models.DateField(null=True, blank=True)
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    # The first public answer's local date: the obligation is met (lists show it without a join).
    first_answered_on = models.DateField(_("first answered on"), null=True, blank=True)
    # When the responsible body was told the answer is overdue (once; tasks.py).
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Normalised character n-grams of title and description for similarity (similarity.py).
    fingerprint = models.TextField(editable=False, default="")
    lots = models.ManyToManyField(
        "calls.Lot", through="ProblemLot", related_name="problems", verbose_name=_("plan lots")
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["jurisdiction", "state"]),
            models.Index(fields=["target_group"]),
            models.Index(fields=["-support_count"]),
            models.Index(fields=["people_affected"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["answer_due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ProblemState.values), name="problem_state_known"
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=F("pk")),
                name="problem_not_own_duplicate",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="problem_hidden_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_overdue(self) -> bool:
        """The answer was due before today (the jurisdiction's day) and none was given."""
        if self.answer_due_on is None or self.first_answered_on is not None:
            return False
        from hamkori.rules.selectors import local_today

        return self.answer_due_on < local_today(self.jurisdiction)


class EvidenceKind(models.TextChoices):
    LINK = "link", _("link")
    FILE = "file", _("file")
    STATISTIC = "statistic", _("statistic")


class Evidence(TimeStamped):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="problems/evidence/", blank=True)
    text = models.TextField(_("description"), blank=True)
    # The uploader's file name for display; storage uses our own name.
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["problem", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="evidence_kind_known"
            ),
        ]


class Support(models.Model):
    """One person's support of a problem; never moved when the problem is marked a duplicate."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["problem", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "user"], name="support_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.problem_id}/{self.user_id}"


class Answer(TimeStamped):
    """The responsible body's public answer."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="answers")
    body = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))
    answered_on = models.DateField(_("answered on"))

    class Meta:
        ordering = ["problem", "answered_on", "pk"]


class ProblemLot(TimeStamped):
    """A plan lot that answers a problem; through the lot's calls come contracts, reports and
    results (the problem's timeline)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="lot_links")
    lot = models.ForeignKey("calls.Lot", on_delete=models.PROTECT, related_name="problem_links")
    note = models.TextField(_("note"), blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["problem", "pk"]
        constraints = [models.UniqueConstraint(fields=["problem", "lot"], name="problem_lot_once")]


class SimilaritySnapshot(models.Model):
    """The similarity index (similarity.Index) saved whole, so a process's first search reads
    it instead of building it from every problem's fingerprint. Written by the worker
    (services.problems_similarity_snapshot); only the latest row is kept."""

    format = models.PositiveSmallIntegerField()
    problems = models.PositiveIntegerField()
    # The latest `Problem.updated_at` it holds: problems changed since are applied on reading.
    latest = models.DateTimeField(null=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.problems} problems up to {self.latest}"
