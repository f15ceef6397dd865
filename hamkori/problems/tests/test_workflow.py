"""The moderation table: every state is reachable from new, decided states only reopen, and
the actions needing a reason are the ones the public reads a reason for."""

from __future__ import annotations

from hamkori.problems.models import ProblemState
from hamkori.problems.workflow import (
    OPEN_STATES,
    REASON_REQUIRED,
    TRANSITIONS,
    ProblemAction,
    actions_from,
)


def test_every_state_reachable_from_new():
    reached = {ProblemState.NEW}
    frontier = [ProblemState.NEW]
    while frontier:
        state = frontier.pop()
        for action in actions_from(state):
            target = TRANSITIONS[(state, action)][0]
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(ProblemState.values)


def test_decided_states_only_reopen():
    decided = set(ProblemState.values) - set(OPEN_STATES)
    for state in decided:
        assert actions_from(state) == [ProblemAction.REOPEN]
        assert TRANSITIONS[(state, ProblemAction.REOPEN)][0] == ProblemState.UNDER_REVIEW


def test_reasons_required_for_declined_and_addressed():
    assert set(REASON_REQUIRED) == {ProblemAction.DECLINE, ProblemAction.ADDRESS}
    targets = {TRANSITIONS[key][0] for key in TRANSITIONS if key[1] in REASON_REQUIRED}
    assert targets == {ProblemState.DECLINED, ProblemState.ADDRESSED}
