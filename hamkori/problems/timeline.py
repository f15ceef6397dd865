"""The public timeline of a problem: reported → supported → answered → in a plan → funded →
results. Owned by the traceability work (see docs/problems.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimelineStep:
    stage: str  # reported, supported, answered, in_plan, funded, results
    on: date | None
    label: str
    url: str = ""


def problem_timeline(problem) -> list[TimelineStep]:
    """The steps reached so far, oldest first."""
    raise NotImplementedError
