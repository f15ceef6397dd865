"""Applications of organisations to lots of a call, their frozen versions, attachments and
the checks made on them (issue 3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.core.models import TimeStamped, UnicodeJSONEncoder


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Compliance(models.TextChoices):
    PENDING = "pending", _("not checked yet")
    COMPLIANT = "compliant", _("compliant")
    NON_COMPLIANT = "non_compliant", _("not compliant")


class Application(TimeStamped):
    """One organisation's application to one lot. The editable draft lives in `content`
    (structure in applications/content.py); each submission freezes it as a version."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="applications")
    lot = models.ForeignKey("calls.Lot", on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    content = models.JSONField(default=dict, encoder=UnicodeJSONEncoder)
    # Optimistic locking: every save of the draft must name the version it was edited from.
    lock_version = models.PositiveIntegerField(default=1)
    # Denormalised from `content` on every save, for lists and checks.
    title = models.CharField(_("title"), max_length=300, blank=True)
    amount_requested = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    cofinancing = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    submitted_at = models.DateTimeField(null=True, blank=True)
    current_version = models.ForeignKey(
        "applications.ApplicationVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    compliance = models.CharField(
        _("compliance"), max_length=14, choices=Compliance.choices, default=Compliance.PENDING
    )
    compliance_reason = models.TextField(blank=True)
    compliance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    compliance_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "lot", "pk"]
        constraints = [
            # One application per organisation per lot (a withdrawn one does not count).
            models.UniqueConstraint(
                fields=["organisation", "lot"],
                condition=Q(state__in=["draft", "submitted"]),
                name="application_one_per_organisation_and_lot",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ApplicationState.values), name="application_state_known"
            ),
            models.CheckConstraint(
                condition=Q(compliance__in=Compliance.values), name="application_compliance_known"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0, cofinancing__gte=0),
                name="application_amounts_gte_0",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "state", "lot"]),
            # The officials' list of a call, in submission order.
            models.Index(fields=["call", "state", "submitted_at"]),
            models.Index(fields=["organisation", "state"]),
            # Compliance counts of a call's submissions without touching the wide rows.
            models.Index(fields=["call", "state", "compliance"]),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class ApplicationVersion(models.Model):
    """An immutable submitted snapshot with its SHA-256 digest. Resubmission adds a version
    and marks the earlier one superseded; the rows themselves are never changed otherwise."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField(encoder=UnicodeJSONEncoder)
    digest = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="application_version_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.number} {self.digest[:12]}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Stored under the data directory, never under the web root; names are ours, not the
    # uploader's, so no path or extension from the client reaches the file system.
    return f"applications/{instance.application_id}/{instance.sha256}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "calls.RequiredDocument", on_delete=models.PROTECT, null=True, blank=True
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8)  # detected from the content: pdf, image, docx, xlsx
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "document"])]

    def __str__(self) -> str:
        return self.original_name


class EligibilityCheck(models.Model):
    """One automatic check of a submitted version, with its result and reason."""

    version = models.ForeignKey(
        ApplicationVersion, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    code = models.CharField(max_length=40)
    passed = models.BooleanField()
    reason = models.TextField(blank=True)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="eligibility_check_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {'ok' if self.passed else 'failed'}"
