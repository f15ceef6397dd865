"""The shared factories build valid rows in every state."""

import pytest

from hamkori.calls.tests.factories import call_make
from hamkori.calls.workflow import CallState


@pytest.mark.parametrize("state", CallState.values)
def test_call_make_builds_a_call_with_lots_in_any_state(db, state):
    call = call_make(state=state, lots=2)

    assert call.state == state
    assert call.lots.count() == 2
    assert call.opens_at < call.closes_at
