"""Score arithmetic, exact and independent of the database (issue 4).

A sheet's score is the weighted sum of its points over the weighted sum of the maxima,
times 100. An application's score is the mean of its sheets' scores. Everything is computed in
fractions, so the result does not depend on the order of the sheets or criteria, and is
rounded only for display (`as_decimal`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    max_points: int
    weight: Decimal


def sheet_score(points: Mapping[int, Decimal], criteria: Sequence[CriterionSpec]) -> Fraction:
    """One sheet normalised to 0..100. Every criterion must be scored within its maximum."""
    top = sum((Fraction(c.weight) * c.max_points for c in criteria), Fraction(0))
    if top == 0:
        raise ValueError("criteria without points")
    got = Fraction(0)
    for c in criteria:
        value = Fraction(points[c.id])
        if value < 0 or value > c.max_points:
            raise ValueError(f"points out of range for criterion {c.id}")
        got += Fraction(c.weight) * value
    return got * HUNDRED / top


def mean(values: Iterable[Fraction]) -> Fraction:
    items = list(values)
    if not items:
        raise ValueError("mean of nothing")
    return sum(items, Fraction(0)) / len(items)


def spread(values: Iterable[Fraction]) -> Fraction:
    items = list(values)
    return max(items) - min(items) if items else Fraction(0)


def outliers(scores: Mapping[int, Fraction], threshold: Fraction) -> set[int]:
    """The experts whose score lies further than `threshold` from the median of the others'
    scores (only with at least three sheets: with two, each is "the others" of the other)."""
    if len(scores) < 3:
        return set()
    flagged = set()
    for expert, value in scores.items():
        others = [v for e, v in scores.items() if e != expert]
        if abs(value - Fraction(median(others))) > threshold:
            flagged.add(expert)
    return flagged


def as_decimal(value: Fraction, places: int = 2) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Candidate:
    """An application ready to be ranked: every review it needs is submitted."""

    application_id: int
    score: Fraction
    first_criterion: Fraction  # the mean normalised score on the first criterion
    submitted_at: datetime
    amount: Decimal


TIE_BREAKS = ("first_criterion", "earlier_submission", "lower_amount")


def _key(tie_break: str):
    if tie_break not in TIE_BREAKS:
        raise ValueError(f"unknown tie-break {tie_break}")

    def key(c: Candidate):
        if tie_break == "first_criterion":
            rest: tuple = (-c.first_criterion, c.submitted_at)
        elif tie_break == "lower_amount":
            rest = (c.amount, c.submitted_at)
        else:
            rest = (c.submitted_at,)
        # The application id makes the order total, so equal inputs rank the same every time.
        return (-c.score, *rest, c.application_id)

    return key


def rank(candidates: Iterable[Candidate], tie_break: str) -> list[Candidate]:
    """Highest score first; equal scores by the tie-break."""
    return sorted(candidates, key=_key(tie_break))


@dataclass
class Selection:
    winners: list[Candidate] = field(default_factory=list)
    reserves: list[Candidate] = field(default_factory=list)


def select(ranked: Sequence[Candidate], *, budget: Decimal, max_awards: int) -> Selection:
    """Walk the ranking: an application is a winner while awards are left and its amount fits
    in what remains of the lot's budget; otherwise it goes to the reserve list, in rank order.
    A lower-ranked application that still fits is funded (the budget is not left idle)."""
    chosen = Selection()
    left = budget
    for candidate in ranked:
        if len(chosen.winners) < max_awards and candidate.amount <= left:
            chosen.winners.append(candidate)
            left -= candidate.amount
        else:
            chosen.reserves.append(candidate)
    return chosen
