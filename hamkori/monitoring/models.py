"""Reports on contracts, monitoring visits and the ex-post evaluation of projects (issue 5,
DOMAIN.md §3 item 11)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.models import TimeStamped


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("interim report")
    FINAL = "final", _("final report")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    ACCEPTED = "accepted", _("accepted")


class Report(TimeStamped):
    """A contractor's report on the contract's schedule: the narrative, indicator actuals,
    the financial report per contract item with receipts, and the beneficiaries reached as
    counts (no personal data). Accepting it releases the tranche that waits for it."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    number = models.PositiveSmallIntegerField()
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    narrative = models.TextField(_("what was done"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The official's review: working days after submission, from the rule set.
    review_due_on = models.DateField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="report_number_once"),
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="report_state_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="report_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_in_order"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["state", "review_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.kind} {self.number}"


class ReportReview(models.Model):
    """An official's decision on a submitted report: accepted, or returned with comments.
    Rows, so the history of returns stays visible."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    accepted = models.BooleanField()
    comment = models.TextField(_("comments"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "reviewed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(comment=""), name="report_return_has_comments"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {'accepted' if self.accepted else 'returned'}"


class IndicatorActual(models.Model):
    """An indicator of the application with its target and what the report says was reached."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2, default=0)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="indicator_actual_once"),
            models.CheckConstraint(
                condition=Q(actual__gte=0, target__gte=0), name="indicator_values_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.name}"


class FinancialLine(models.Model):
    """Spending on one contract item in the report's period; the variance is planned minus
    actual, shown, not stored."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="financial_lines")
    item = models.ForeignKey("contracts.ContractItem", on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(_("spent"), max_digits=18, decimal_places=2, default=0)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="financial_line_once"),
            models.CheckConstraint(condition=Q(actual__gte=0), name="financial_actual_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.item_id}: {self.actual}"


class Sex(models.TextChoices):
    FEMALE = "f", _("women and girls")
    MALE = "m", _("men and boys")


class AgeBand(models.TextChoices):
    CHILDREN = "0-17", _("0–17")
    YOUNG = "18-34", _("18–34")
    ADULT = "35-59", _("35–59")
    OLDER = "60+", _("60 and over")


class BeneficiaryCount(models.Model):
    """How many people of a target group, sex and age band the project reached in the period:
    counts only, never names."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="beneficiaries")
    group = models.CharField(_("target group"), max_length=20)  # calls.TargetGroup
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["report", "group", "sex", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "group", "sex", "age_band"], name="beneficiary_count_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.group} {self.sex} {self.age_band}: {self.count}"


def report_file_path(instance: "ReportFile", filename: str) -> str:
    # Our names, never the uploader's (as for application attachments).
    return f"reports/{instance.report_id}/{instance.sha256}"


class ReportFile(models.Model):
    """A receipt or other evidence attached to a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    financial_line = models.ForeignKey(
        FinancialLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="receipts"
    )
    file = models.FileField(upload_to=report_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class VisitState(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class MonitoringVisit(TimeStamped):
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="visits"
    )
    planned_on = models.DateField(_("planned on"))
    purpose = models.TextField(_("purpose"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=VisitState.choices, default=VisitState.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["contract", "planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=VisitState.values), name="visit_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | (Q(done_on__isnull=False) & ~Q(findings="")),
                name="visit_done_has_date_and_findings",
            ),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | ~Q(cancel_reason=""),
                name="visit_cancelled_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["state", "planned_on"])]

    def __str__(self) -> str:
        return f"{self.contract} {self.planned_on}"


class FollowUp(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["visit", "due_on", "pk"]

    def __str__(self) -> str:
        return self.action[:60]


def visit_photo_path(instance: "VisitPhoto", filename: str) -> str:
    return f"visits/{instance.visit_id}/{instance.sha256}"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=visit_photo_path, max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["visit", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.sha256[:12]


class ExpostCriterion(models.IntegerChoices):
    """Kazakhstan's ex-post evaluation of SSO projects: five criteria, 0–5 points each, each
    with a positive or negative conclusion (DOMAIN.md §3 item 11)."""

    RELEVANCE = 1, _("relevance")
    PLAN = 2, _("fulfilment of the plan")
    RESULT = 3, _("result of the project")
    CONTINUATION = 4, _("likelihood of continuing the activity")
    LONG_TERM = 5, _("likelihood of a long-term positive social effect")


class ExpostEvaluation(TimeStamped):
    """The expert council's ex-post evaluation of a completed contract: a total out of 25,
    published with the contract."""

    contract = models.OneToOneField(
        "contracts.Contract", on_delete=models.PROTECT, related_name="evaluation"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    evaluators = models.TextField(_("members of the expert council"))
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.contract}"


class ExpostScore(models.Model):
    evaluation = models.ForeignKey(
        ExpostEvaluation, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.PositiveSmallIntegerField(choices=ExpostCriterion.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    positive = models.BooleanField(_("positive conclusion"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["evaluation", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="expost_score_once"),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=5), name="expost_points_0_5"
            ),
            models.CheckConstraint(
                condition=Q(criterion__gte=1, criterion__lte=5), name="expost_criterion_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.criterion}: {self.points}"
