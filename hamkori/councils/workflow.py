"""The life of a formation competition: one table of transitions (STYLE.md §4).

announced → open → closed → decided → published. Opening and closing follow the window's
dates (the worker applies them, officials may too); deciding needs every candidacy decided;
publishing creates the next composition (services.competition_publish)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkori.councils.models import CandidacyState, CompetitionState

if TYPE_CHECKING:
    from datetime import date

    from hamkori.councils.models import Competition


class CompetitionAction(models.TextChoices):
    OPEN = "open", _("open for candidacies")
    CLOSE = "close", _("close the candidacies")
    DECIDE = "decide", _("record the working group's decisions")
    PUBLISH = "publish", _("publish the results")


Guard = Callable[["Competition", "date"], str | None]  # why not, or None when allowed


def _window_started(competition: Competition, today: date) -> str | None:
    if today < competition.opens_on:
        return str(_("Candidacies are accepted only from the competition's opening day."))
    return None


def _candidacies_decided(competition: Competition, today: date) -> str | None:
    if competition.candidacies.filter(state=CandidacyState.SUBMITTED).exists():
        return str(_("The working group has not decided every candidacy yet."))
    if not competition.candidacies.filter(state=CandidacyState.ACCEPTED).exists():
        return str(_("No candidacy was accepted: the new composition would have no members."))
    return None


def _always(competition: Competition, today: date) -> str | None:
    return None


TRANSITIONS: dict[tuple[str, str], tuple[str, Guard]] = {
    (CompetitionState.ANNOUNCED, CompetitionAction.OPEN): (CompetitionState.OPEN, _window_started),
    (CompetitionState.OPEN, CompetitionAction.CLOSE): (CompetitionState.CLOSED, _always),
    (CompetitionState.CLOSED, CompetitionAction.DECIDE): (
        CompetitionState.DECIDED,
        _candidacies_decided,
    ),
    (CompetitionState.DECIDED, CompetitionAction.PUBLISH): (CompetitionState.PUBLISHED, _always),
}


def transition_target(competition: Competition, action: str, today: date) -> tuple[str, str | None]:
    """(next state, why not) for applying `action` now; `why not` is None when allowed."""
    entry = TRANSITIONS.get((competition.state, action))
    if entry is None:
        return competition.state, str(
            _("This cannot be done while the competition is %(state)s.")
            % {"state": competition.get_state_display()}
        )
    target, guard = entry
    return target, guard(competition, today)


def allowed_actions(competition: Competition, today: date) -> list[str]:
    return [
        action
        for (state, action), (_target, guard) in TRANSITIONS.items()
        if state == competition.state and guard(competition, today) is None
    ]
