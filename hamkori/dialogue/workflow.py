"""The life of a consultation and of a dialogue programme: states and one table of
transitions each (STYLE.md §4).

Consultation: draft → open → closed → report published. While draft the organiser edits the
text, sections and period; publishing opens it (comments are taken from `opens_on` to
`closes_on`, local days of the jurisdiction); it is closed once the period is over (by the
organiser or the worker); the report is published when every visible comment has a handling.

Programme: draft → published. Sessions, notes and follow-up actions stay editable after
publication: notes are written after a session is held."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamkori.rules.selectors import local_today

if TYPE_CHECKING:
    from hamkori.dialogue.models import Consultation, Programme


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for comments")
    # Its own msgid: the calls' "closed" reads "closed for applications".
    CLOSED = "closed", pgettext_lazy("consultation", "closed")
    REPORTED = "reported", _("report published")


class ConsultationAction(models.TextChoices):
    PUBLISH = "publish", _("publish for comments")
    CLOSE = "close", _("close the comment period")
    PUBLISH_REPORT = "publish_report", _("publish the report")


class ProgrammeState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ProgrammeAction(models.TextChoices):
    PUBLISH = "publish", _("publish")


ConsultationGuard = Callable[["Consultation"], str | None]  # why not, or None when allowed
ProgrammeGuard = Callable[["Programme"], str | None]


def _publishable(consultation: Consultation) -> str | None:
    if consultation.opens_on < local_today(consultation.jurisdiction_id):
        return str(_("The comment period would open in the past; set new dates first."))
    if not consultation.sections.exists():
        return str(_("A draft needs at least one section to comment on."))
    return None


def _period_over(consultation: Consultation) -> str | None:
    if local_today(consultation.jurisdiction_id) <= consultation.closes_on:
        return str(_("The comment period is not over yet."))
    return None


def _all_handled(consultation: Consultation) -> str | None:
    waiting = consultation.comments.filter(hidden_at__isnull=True, handling="").count()
    if waiting:
        return str(
            _("%(count)s comment(s) still have no handling and response.") % {"count": waiting}
        )
    return None


def _has_sessions(programme: Programme) -> str | None:
    if not programme.sessions.exists():
        return str(_("A programme needs at least one session before it is published."))
    return None


CONSULTATION_TRANSITIONS: dict[
    tuple[str, str], tuple[ConsultationState, ConsultationGuard | None]
] = {
    (ConsultationState.DRAFT, ConsultationAction.PUBLISH): (ConsultationState.OPEN, _publishable),
    (ConsultationState.OPEN, ConsultationAction.CLOSE): (ConsultationState.CLOSED, _period_over),
    (ConsultationState.CLOSED, ConsultationAction.PUBLISH_REPORT): (
        ConsultationState.REPORTED,
        _all_handled,
    ),
}

PROGRAMME_TRANSITIONS: dict[tuple[str, str], tuple[ProgrammeState, ProgrammeGuard | None]] = {
    (ProgrammeState.DRAFT, ProgrammeAction.PUBLISH): (ProgrammeState.PUBLISHED, _has_sessions),
}


def consultation_refusal(consultation: Consultation, action: str) -> str | None:
    """Why `action` cannot be applied now, or None."""
    entry = CONSULTATION_TRANSITIONS.get((consultation.state, action))
    if entry is None:
        return str(
            _("This cannot be done while the consultation is %(state)s.")
            % {"state": consultation.get_state_display()}
        )
    guard = entry[1]
    return guard(consultation) if guard else None


def programme_refusal(programme: Programme, action: str) -> str | None:
    entry = PROGRAMME_TRANSITIONS.get((programme.state, action))
    if entry is None:
        return str(
            _("This cannot be done while the programme is %(state)s.")
            % {"state": programme.get_state_display()}
        )
    guard = entry[1]
    return guard(programme) if guard else None
