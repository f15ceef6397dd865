"""Periodic jobs of calls: open announced calls whose window has started and close open calls
whose deadline has passed, through the same transition service as people (actor None, audited
as the system). Submission itself checks the deadline by the server's clock, so a close that
runs a minute late lets nobody in."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from hamkori.calls.models import Call
from hamkori.calls.services import call_transition
from hamkori.calls.workflow import CallAction, CallState

log = logging.getLogger(__name__)


def _apply(action: str, pks: list[int]) -> int:
    done = 0
    for pk in pks:
        call = Call.objects.get(pk=pk)
        try:
            call_transition(actor=None, call=call, action=action)
        except ValidationError as error:
            # Another worker or an official moved it first: nothing to do.
            log.info("call %s not %s: %s", pk, action, error.messages)
            continue
        done += 1
    return done


def calls_open_due() -> int:
    """Open every announced call whose opening time has passed."""
    pks = list(
        Call.objects.filter(state=CallState.ANNOUNCED, opens_at__lte=timezone.now())
        .order_by("opens_at", "pk")
        .values_list("pk", flat=True)
    )
    return _apply(CallAction.OPEN, pks)


def calls_close_due() -> int:
    """Close every open call whose deadline has passed and set its compliance deadline."""
    pks = list(
        Call.objects.filter(state=CallState.OPEN, closes_at__lte=timezone.now())
        .order_by("closes_at", "pk")
        .values_list("pk", flat=True)
    )
    return _apply(CallAction.CLOSE, pks)


PERIODIC = [calls_open_due, calls_close_due]
