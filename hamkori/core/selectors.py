"""Reads of the audit trail."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from hamkori.accounts.permissions import is_auditor, is_platform_admin
from hamkori.core.models import AuditEvent

can_browse_audit = is_auditor | is_platform_admin


def audit_event_list_for(
    *, user, object_type: str = "", object_id: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    """The whole trail, newest first, for auditors and platform administrators (404 for
    anyone else: the existence of the page is not a secret, its content is)."""
    if not can_browse_audit(user):
        raise Http404
    events = AuditEvent.objects.select_related("organisation", "organisation__jurisdiction")
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action__startswith=action)
    return events.order_by("-position")


def audit_events_for_object(obj) -> QuerySet[AuditEvent]:
    """Events about one object, oldest first (callers check permission on the object)."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("organisation")
        .order_by("position")
    )


def audit_page(events: QuerySet[AuditEvent], number: str | int | None, per_page: int = 50) -> Page:
    return Paginator(events, per_page).get_page(number)
