"""The life of a council meeting: states and the one table of transitions (STYLE.md §4).

planned → notice published → held → minutes drafted → minutes approved; a meeting can be
cancelled until it is held. Agenda, attendance and votes change only in the states listed
below; approved minutes never change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.meetings.models import MeetingState

if TYPE_CHECKING:
    from hamkori.meetings.models import Meeting


class MeetingAction(models.TextChoices):
    PUBLISH = "publish", _("publish the notice")
    HOLD = "hold", _("record as held")
    DRAFT_MINUTES = "draft_minutes", _("finish the draft minutes")
    APPROVE_MINUTES = "approve_minutes", _("approve the minutes")
    CANCEL = "cancel", _("cancel the meeting")


Guard = Callable[["Meeting"], str | None]  # returns why not, or None when allowed


def _can_give_notice(meeting: Meeting) -> str | None:
    if timezone.now() >= meeting.starts_at:
        return str(_("The meeting has already started: a notice is published before a meeting."))
    if not meeting.agenda_items.exists():
        return str(_("Add at least one agenda item before publishing the notice."))
    return None


def _has_started(meeting: Meeting) -> str | None:
    if timezone.now() < meeting.starts_at:
        return str(_("A meeting is recorded as held once it has started."))
    return None


def _ready_for_minutes(meeting: Meeting) -> str | None:
    if not meeting.attendances.exists():
        return str(_("Record the attendance of the members before drafting the minutes."))
    # A vote still open would be lost: it can only be counted while the meeting is held.
    if meeting.ballot_boxes.filter(state="open").exists():
        return str(_("Close or cancel the open vote before drafting the minutes."))
    return None


S, A = MeetingState, MeetingAction

TRANSITIONS: dict[tuple[str, str], tuple[str, Guard | None]] = {
    (S.PLANNED, A.PUBLISH): (S.NOTICE, _can_give_notice),
    (S.NOTICE, A.HOLD): (S.HELD, _has_started),
    (S.HELD, A.DRAFT_MINUTES): (S.MINUTES_DRAFTED, _ready_for_minutes),
    (S.MINUTES_DRAFTED, A.APPROVE_MINUTES): (S.MINUTES_APPROVED, None),
    (S.PLANNED, A.CANCEL): (S.CANCELLED, None),
    (S.NOTICE, A.CANCEL): (S.CANCELLED, None),
}

# The agenda (items, times, documents) can change until the meeting is held.
AGENDA_EDITABLE = (S.PLANNED, S.NOTICE)
# The public registers while the notice is out.
REGISTRATION_OPEN = (S.NOTICE,)
# Attendance and votes are recorded for a held meeting, before the minutes are finished.
RECORDING = (S.HELD,)
# The minutes text is written from holding the meeting until approval.
MINUTES_EDITABLE = (S.HELD, S.MINUTES_DRAFTED)
# What the public sees; a planned meeting is the secretary's draft.
PUBLIC_STATES = (S.NOTICE, S.HELD, S.MINUTES_DRAFTED, S.MINUTES_APPROVED, S.CANCELLED)


def actions_from(state: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == state]
