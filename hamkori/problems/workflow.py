"""The moderation of a social problem: states and the one table of transitions (STYLE.md §4).

new → under review → accepted into a plan / already addressed / declined. Declining and
"already addressed" need a reason shown to the public. A problem is accepted by linking the
plan lot that answers it (services.problem_lot_link); `accept` by hand is possible only when
a lot is already linked (e.g. after reopening). A decided problem can be reopened."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkori.problems.models import ProblemState

if TYPE_CHECKING:
    from hamkori.problems.models import Problem


class ProblemAction(models.TextChoices):
    REVIEW = "review", _("start the review")
    ACCEPT = "accept", _("accept into a plan")
    ADDRESS = "address", _("mark already addressed")
    DECLINE = "decline", _("decline")
    REOPEN = "reopen", _("reopen")


Guard = Callable[["Problem"], str | None]  # returns why not, or None when allowed


def _has_lot(problem: Problem) -> str | None:
    if not problem.lot_links.exists():
        return str(_("A problem is accepted into a plan by linking the plan lot that answers it."))
    return None


S, A = ProblemState, ProblemAction

TRANSITIONS: dict[tuple[str, str], tuple[str, Guard | None]] = {
    (S.NEW, A.REVIEW): (S.UNDER_REVIEW, None),
    (S.NEW, A.ACCEPT): (S.ACCEPTED, _has_lot),
    (S.UNDER_REVIEW, A.ACCEPT): (S.ACCEPTED, _has_lot),
    (S.NEW, A.ADDRESS): (S.ADDRESSED, None),
    (S.UNDER_REVIEW, A.ADDRESS): (S.ADDRESSED, None),
    (S.NEW, A.DECLINE): (S.DECLINED, None),
    (S.UNDER_REVIEW, A.DECLINE): (S.DECLINED, None),
    (S.ACCEPTED, A.REOPEN): (S.UNDER_REVIEW, None),
    (S.ADDRESSED, A.REOPEN): (S.UNDER_REVIEW, None),
    (S.DECLINED, A.REOPEN): (S.UNDER_REVIEW, None),
}

# Actions whose reason the public reads (declined, already addressed).
REASON_REQUIRED = (A.ADDRESS, A.DECLINE)
# States a moderator still has to decide: the moderation queue.
OPEN_STATES = (S.NEW, S.UNDER_REVIEW)


def actions_from(state: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == state]
