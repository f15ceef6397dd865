"""The life of a council's recommendation: states and the one table of transitions
(STYLE.md §4).

adopted (at a held meeting) → sent to the addressee body → registered by the body →
answered (accepted or partly accepted) → being implemented → implemented; a rejected answer
ends the recommendation (answered-rejected). Extending the answer deadline is not a transition:
it adds a row (`Extension`) while the recommendation is sent or registered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecommendationState(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    SENT = "sent", _("sent")
    REGISTERED = "registered", _("registered")
    ANSWERED = "answered", _("answered")
    IMPLEMENTING = "implementing", _("being implemented")
    IMPLEMENTED = "implemented", _("implemented")
    REJECTED = "rejected", _("answered: rejected")


class RecommendationAction(models.TextChoices):
    SEND = "send", _("send")
    REGISTER = "register", _("register")
    ANSWER = "answer", _("answer")
    REJECT = "reject", _("answer with a rejection")
    START = "start", _("start implementing")
    COMPLETE = "complete", _("mark implemented")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


S, A = RecommendationState, RecommendationAction

# Guards live in the services (who may act is a permission; when is a date in the
# jurisdiction): the table says only which moves exist.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.ADOPTED, A.SEND): S.SENT,
    (S.SENT, A.REGISTER): S.REGISTERED,
    # A body may answer without registering first: the answer is what the council waits for.
    (S.SENT, A.ANSWER): S.ANSWERED,
    (S.SENT, A.REJECT): S.REJECTED,
    (S.REGISTERED, A.ANSWER): S.ANSWERED,
    (S.REGISTERED, A.REJECT): S.REJECTED,
    (S.ANSWERED, A.START): S.IMPLEMENTING,
    (S.ANSWERED, A.COMPLETE): S.IMPLEMENTED,
    (S.IMPLEMENTING, A.COMPLETE): S.IMPLEMENTED,
}

# Waiting for the body's answer: these can become overdue and can be extended.
AWAITING_ANSWER = (S.SENT, S.REGISTERED)
# Answered, in whatever way.
ANSWERED_STATES = (S.ANSWERED, S.IMPLEMENTING, S.IMPLEMENTED, S.REJECTED)
# Seen by the public: everything once sent.
PUBLIC_STATES = (S.SENT, S.REGISTERED, *ANSWERED_STATES)


def transition(state: str, action: str) -> str | None:
    """The next state, or None when the action is not possible from `state`."""
    return TRANSITIONS.get((state, action))


def actions_from(state: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == state]
