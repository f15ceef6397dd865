"""Shared model pieces and the hash-chained audit trail."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Writes Cyrillic as itself rather than \\uXXXX escapes: application texts take about a
    third of the space in SQLite's text storage (PostgreSQL's jsonb is binary either way)."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One business change. `hash` covers `prev_hash` and the event's own content, so an
    edited, inserted or deleted past event breaks the chain (see core.audit.audit_verify)."""

    position = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True, encoder=UnicodeJSONEncoder)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["object_type", "object_id", "position"])]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """A single row holding the last position and hash. Locking it serialises appends, and
    comparing it with the last event detects a deleted tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"head #{self.position} {self.hash[:12]}"


class OutboxEmail(models.Model):
    """An e-mail written in the same transaction as the change that causes it, and sent
    afterwards by the worker (`hamkori worker`): a rolled-back change sends nothing, a
    committed one is never lost to a crash between commit and sending."""

    to = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    language = models.CharField(max_length=5, default="ru")
    # Reminders and other repeatable messages name a key so they are queued once.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    send_after = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "send_after"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
