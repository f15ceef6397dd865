"""The life of a call: states and the one table of transitions (STYLE.md §4).

draft → announced → open → closed → under review → decided → final; a call can be cancelled
before it closes. `open` and `close` also happen on their own at the window's times (the worker
applies them), but submission itself always checks the deadline by the server's clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hamkori.calls.models import Call


class CallState(models.TextChoices):
    DRAFT = "draft", _("draft")
    ANNOUNCED = "announced", _("announced")
    OPEN = "open", _("open for applications")
    CLOSED = "closed", _("closed")
    UNDER_REVIEW = "under_review", _("under review")
    DECIDED = "decided", _("decided")
    FINAL = "final", _("final")
    CANCELLED = "cancelled", _("cancelled")


class CallAction(models.TextChoices):
    ANNOUNCE = "announce", _("announce")
    OPEN = "open", _("open")
    CLOSE = "close", _("close")
    START_REVIEW = "start_review", _("start the review")
    DECIDE = "decide", _("record the decision")
    FINALISE = "finalise", _("make final")
    CANCEL = "cancel", _("cancel")


Guard = Callable[["Call"], str | None]  # returns why not, or None when allowed


def _has_lots(call: Call) -> str | None:
    if not call.lots.exists():
        return str(_("A call needs at least one lot."))
    return None


def _announceable(call: Call) -> str | None:
    if timezone.now() >= call.closes_at:
        return str(_("The application window is already over; set new dates before announcing."))
    return _has_lots(call)


def _window_started(call: Call) -> str | None:
    if timezone.now() < call.opens_at:
        return str(_("The application window has not opened yet."))
    return None


def _window_ended(call: Call) -> str | None:
    if timezone.now() < call.closes_at:
        return str(_("The application window is still open."))
    return None


def _result_published(call: Call) -> str | None:
    # A call is decided by publishing the commission's adopted decision (decisions app),
    # which writes the result first and then applies this transition.
    from hamkori.decisions.models import Result

    if not Result.objects.filter(call=call).exists():
        return str(_("A call is decided by publishing the commission's adopted decision."))
    return None


def _appeals_settled(call: Call) -> str | None:
    # The decisions app owns results and appeals; imported here to keep the import graph
    # one-way (decisions depends on calls).
    from hamkori.decisions.services import finalise_refusal

    return finalise_refusal(call)


S, A = CallState, CallAction

TRANSITIONS: dict[tuple[str, str], tuple[str, Guard | None]] = {
    (S.DRAFT, A.ANNOUNCE): (S.ANNOUNCED, _announceable),
    (S.ANNOUNCED, A.OPEN): (S.OPEN, _window_started),
    (S.OPEN, A.CLOSE): (S.CLOSED, _window_ended),
    (S.CLOSED, A.START_REVIEW): (S.UNDER_REVIEW, None),
    (S.UNDER_REVIEW, A.DECIDE): (S.DECIDED, _result_published),
    (S.DECIDED, A.FINALISE): (S.FINAL, _appeals_settled),
    (S.DRAFT, A.CANCEL): (S.CANCELLED, None),
    (S.ANNOUNCED, A.CANCEL): (S.CANCELLED, None),
    (S.OPEN, A.CANCEL): (S.CANCELLED, None),
}

# States in which the public sees the call.
PUBLIC_STATES = (S.ANNOUNCED, S.OPEN, S.CLOSED, S.UNDER_REVIEW, S.DECIDED, S.FINAL, S.CANCELLED)
# States in which changes are amendments with a reason, shown to applicants.
AMENDABLE_STATES = (S.ANNOUNCED, S.OPEN)


def actions_from(state: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == state]
