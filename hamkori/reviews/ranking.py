"""The ranking of a call's applications from the submitted score sheets: one read of each table,
whatever the number of applications, then exact arithmetic in reviews/scoring.py.

Callers decide who may see it: officials while the review runs, the commission for its
proposal, and everyone only once the result is published (decisions app)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.calls.models import Call, Criterion, Lot
from hamkori.reviews.models import Evaluation, Review, ReviewState, Score
from hamkori.reviews.scoring import (
    Candidate,
    CriterionSpec,
    as_decimal,
    mean,
    outliers,
    rank,
    select,
    sheet_score,
    spread,
)
from hamkori.rules.selectors import RuleMissing, rule_value


class RowStatus:
    RANKED = "ranked"
    SCORING = "scoring"  # reviews still to be declared, scored or submitted
    NOT_CHECKED = "not_checked"  # compliance not decided yet
    NON_COMPLIANT = "non_compliant"


@dataclass
class SheetRow:
    review: Review
    score: Decimal  # this sheet normalised to 100
    outlier: bool


@dataclass
class RankedRow:
    application: Application
    status: str
    rank: int | None = None
    score: Decimal | None = None  # mean of the sheets, normalised to 100, two places
    exact: Fraction | None = None
    criteria: list[Decimal | None] = field(default_factory=list)  # mean points per criterion
    spread: Decimal | None = None
    sheets: list[SheetRow] = field(default_factory=list)
    reviews_submitted: int = 0
    reviews_open: int = 0
    proposed: str | None = None  # "award" or "reserve" for ranked rows

    @property
    def has_outlier(self) -> bool:
        return any(sheet.outlier for sheet in self.sheets)


@dataclass
class LotRanking:
    lot: Lot
    rows: list[RankedRow]
    criteria: list[Criterion]

    @property
    def complete(self) -> bool:
        """Every compliant application is ranked and none waits for a compliance check."""
        return all(row.status in (RowStatus.RANKED, RowStatus.NON_COMPLIANT) for row in self.rows)

    @property
    def proposed_total(self) -> Decimal:
        return sum(
            (r.application.amount_requested for r in self.rows if r.proposed == "award"),
            Decimal(0),
        )


def outlier_threshold(call: Call) -> Fraction | None:
    try:
        value = rule_value(call.jurisdiction_id, "review.outlier_points", call.closes_at.date())
    except RuleMissing:
        return None
    return Fraction(str(value))


def call_rankings(call: Call, *, lots: list[int] | None = None) -> list[LotRanking]:
    """Every lot of the call with its applications: ranked ones in rank order with the
    proposed awards (within the lot's budget and number of awards) and reserves, then the ones
    not ranked yet and why. A constant number of queries."""
    evaluation = Evaluation.objects.filter(call=call).first()
    tie_break = evaluation.tie_break if evaluation else "first_criterion"
    lot_rows = list(Lot.objects.filter(call=call).order_by("number"))
    if lots is not None:
        lot_rows = [lot for lot in lot_rows if lot.pk in lots]
    criteria = list(Criterion.objects.filter(criteria_set__call=call).order_by("order", "pk"))
    specs = [CriterionSpec(c.pk, c.max_points, c.weight) for c in criteria]
    applications = list(
        Application.objects.filter(
            call=call, state=ApplicationState.SUBMITTED, lot__in=[lot.pk for lot in lot_rows]
        )
        .select_related("organisation")
        # The content is the wide part of a row; the ranking needs none of it.
        .defer("content")
        .order_by("submitted_at", "pk")
    )
    reviews_of: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(call=call)
        .exclude(state=ReviewState.RECUSED)
        .select_related("expert__user", "seat")
        .only(
            "pk",
            "application_id",
            "state",
            "comment",
            "submitted_at",
            "expert__id",
            "expert__user__full_name",
            "seat__position",
        )
        .order_by("seat__position", "pk")
    ):
        reviews_of[review.application_id].append(review)
    points_of: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for review_id, criterion_id, points in Score.objects.filter(
        review__call=call, review__state=ReviewState.SUBMITTED
    ).values_list("review_id", "criterion_id", "points"):
        points_of[review_id][criterion_id] = points
    threshold = outlier_threshold(call)

    result = []
    for lot in lot_rows:
        ranked: list[RankedRow] = []
        waiting: list[RankedRow] = []
        candidates: dict[int, Candidate] = {}
        for application in (a for a in applications if a.lot_id == lot.pk):
            row = _row(application, reviews_of[application.pk], points_of, specs, threshold)
            if row.status != RowStatus.RANKED:
                waiting.append(row)
                continue
            ranked.append(row)
            first = (
                mean(Fraction(points_of[s.review.pk][specs[0].id]) for s in row.sheets)
                if specs
                else Fraction(0)
            )
            # Submitted applications always have their submission time.
            assert row.exact is not None and application.submitted_at is not None
            candidates[application.pk] = Candidate(
                application_id=application.pk,
                score=row.exact,
                first_criterion=first,
                submitted_at=application.submitted_at,
                amount=application.amount_requested,
            )
        order = rank(candidates.values(), tie_break)
        selection = select(order, budget=lot.budget, max_awards=lot.max_awards)
        winners = {c.application_id for c in selection.winners}
        by_id = {row.application.pk: row for row in ranked}
        rows = []
        for position, candidate in enumerate(order, start=1):
            row = by_id[candidate.application_id]
            row.rank = position
            row.proposed = "award" if candidate.application_id in winners else "reserve"
            rows.append(row)
        result.append(LotRanking(lot=lot, rows=rows + waiting, criteria=criteria))
    return result


def _row(application, reviews, points_of, specs, threshold) -> RankedRow:
    if application.compliance == Compliance.NON_COMPLIANT:
        return RankedRow(application, RowStatus.NON_COMPLIANT)
    if application.compliance != Compliance.COMPLIANT:
        return RankedRow(application, RowStatus.NOT_CHECKED)
    submitted = [r for r in reviews if r.state == ReviewState.SUBMITTED]
    open_reviews = len(reviews) - len(submitted)
    if open_reviews or not submitted:
        return RankedRow(
            application,
            RowStatus.SCORING,
            reviews_submitted=len(submitted),
            reviews_open=open_reviews,
        )
    exact = {r.expert_id: sheet_score(points_of[r.pk], specs) for r in submitted}
    flagged = outliers(exact, threshold) if threshold is not None else set()
    value = mean(exact.values())
    return RankedRow(
        application,
        RowStatus.RANKED,
        score=as_decimal(value),
        exact=value,
        criteria=[
            as_decimal(mean(Fraction(points_of[r.pk][spec.id]) for r in submitted))
            for spec in specs
        ],
        spread=as_decimal(spread(exact.values())),
        sheets=[
            SheetRow(r, as_decimal(exact[r.expert_id]), r.expert_id in flagged) for r in submitted
        ],
        reviews_submitted=len(submitted),
    )
