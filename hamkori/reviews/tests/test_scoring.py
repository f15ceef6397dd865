"""Score arithmetic and ranking (reviews/scoring.py): exact, order-independent, ties by the
rule, and a lot's budget and number of awards never exceeded."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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

CRITERIA = [
    CriterionSpec(1, 10, Decimal("2")),
    CriterionSpec(2, 20, Decimal("1")),
    CriterionSpec(3, 5, Decimal("1.5")),
]
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_full_sheet_is_100_and_an_empty_one_0():
    full = {c.id: Decimal(c.max_points) for c in CRITERIA}
    empty = {c.id: Decimal(0) for c in CRITERIA}

    assert sheet_score(full, CRITERIA) == 100
    assert sheet_score(empty, CRITERIA) == 0


def test_the_sheet_score_is_the_weighted_sum_over_the_weighted_maxima():
    # (2·5 + 1·10 + 1.5·5) / (2·10 + 1·20 + 1.5·5) = 27.5 / 47.5
    points = {1: Decimal(5), 2: Decimal(10), 3: Decimal(5)}

    assert sheet_score(points, CRITERIA) == Fraction(275, 475) * 100
    assert as_decimal(sheet_score(points, CRITERIA)) == Decimal("57.89")


def test_points_above_the_maximum_or_below_zero_are_refused():
    with pytest.raises(ValueError):
        sheet_score({1: Decimal(11), 2: Decimal(0), 3: Decimal(0)}, CRITERIA)
    with pytest.raises(ValueError):
        sheet_score({1: Decimal(-1), 2: Decimal(0), 3: Decimal(0)}, CRITERIA)


def test_rounding_for_display_is_half_up():
    assert as_decimal(Fraction(1, 8)) == Decimal("0.13")
    assert as_decimal(Fraction(200, 3)) == Decimal("66.67")


def test_an_outlier_is_further_from_the_others_median_than_the_threshold():
    scores = {1: Fraction(80), 2: Fraction(82), 3: Fraction(84), 4: Fraction(40)}

    assert outliers(scores, Fraction(20)) == {4}
    assert outliers(scores, Fraction(45)) == set()
    # With three sheets the others' median is the mean of two, one of them the outlier's.
    assert outliers({1: Fraction(80), 2: Fraction(82), 3: Fraction(40)}, Fraction(20)) == {2, 3}
    # Two sheets cannot tell which one is off.
    assert outliers({1: Fraction(90), 2: Fraction(10)}, Fraction(5)) == set()


points_of_a_sheet = st.fixed_dictionaries(
    {
        c.id: st.decimals(min_value=0, max_value=c.max_points, places=2).map(Decimal)
        for c in CRITERIA
    }
)


@settings(max_examples=200, deadline=None)
@given(st.lists(points_of_a_sheet, min_size=1, max_size=7), st.randoms(use_true_random=False))
def test_the_application_score_does_not_depend_on_the_order_of_sheets_or_criteria(sheets, rnd):
    scores = [sheet_score(p, CRITERIA) for p in sheets]
    shuffled_criteria = CRITERIA[:]
    rnd.shuffle(shuffled_criteria)
    shuffled = [sheet_score(p, shuffled_criteria) for p in sheets]
    rnd.shuffle(shuffled)

    assert mean(scores) == mean(shuffled)
    assert spread(scores) == spread(shuffled)
    assert 0 <= mean(scores) <= 100


candidate = st.builds(
    Candidate,
    application_id=st.integers(min_value=1, max_value=10**6),
    # Few distinct scores so that ties are common.
    score=st.sampled_from([Fraction(50), Fraction(75), Fraction(200, 3), Fraction(90)]),
    first_criterion=st.sampled_from([Fraction(5), Fraction(7), Fraction(9)]),
    submitted_at=st.integers(min_value=0, max_value=5).map(lambda m: T0 + timedelta(minutes=m)),
    amount=st.sampled_from([Decimal("1000.00"), Decimal("2500.50"), Decimal("4000.00")]),
)
candidates = st.lists(candidate, max_size=25, unique_by=lambda c: c.application_id)
tie_breaks = st.sampled_from(["first_criterion", "earlier_submission", "lower_amount"])


@settings(max_examples=300, deadline=None)
@given(candidates, tie_breaks, st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_input_order(items, tie_break, rnd):
    shuffled = items[:]
    rnd.shuffle(shuffled)

    assert rank(items, tie_break) == rank(shuffled, tie_break)


@settings(max_examples=300, deadline=None)
@given(candidates, tie_breaks)
def test_equal_scores_are_ordered_by_the_tie_break(items, tie_break):
    ranked = rank(items, tie_break)

    for above, below in itertools.pairwise(ranked):
        assert above.score >= below.score
        if above.score != below.score:
            continue
        if tie_break == "first_criterion":
            key_above = (-above.first_criterion, above.submitted_at)
            key_below = (-below.first_criterion, below.submitted_at)
        elif tie_break == "lower_amount":
            key_above = (above.amount, above.submitted_at)
            key_below = (below.amount, below.submitted_at)
        else:
            key_above, key_below = (above.submitted_at,), (below.submitted_at,)
        assert key_above <= key_below
        if key_above == key_below:
            assert above.application_id < below.application_id


@settings(max_examples=300, deadline=None)
@given(
    candidates,
    tie_breaks,
    st.decimals(min_value=0, max_value=20000, places=2),
    st.integers(min_value=1, max_value=6),
)
def test_the_winners_never_exceed_the_budget_or_the_number_of_awards(
    items, tie_break, budget, max_awards
):
    ranked = rank(items, tie_break)

    chosen = select(ranked, budget=budget, max_awards=max_awards)

    assert sum((c.amount for c in chosen.winners), Decimal(0)) <= budget
    assert len(chosen.winners) <= max_awards
    # Everyone is either a winner or on the reserve list, in rank order.
    assert sorted(chosen.winners + chosen.reserves, key=ranked.index) == ranked
    assert chosen.reserves == [c for c in ranked if c not in chosen.winners]
    # Nobody on the reserve list would have fitted when their turn came.
    left, awards = budget, 0
    for c in ranked:
        if c in chosen.winners:
            left -= c.amount
            awards += 1
        else:
            assert awards >= max_awards or c.amount > left


def test_the_first_winner_that_does_not_fit_goes_to_the_reserve_and_the_next_that_fits_wins():
    def make(pk, score, amount):
        return Candidate(pk, Fraction(score), Fraction(0), T0, Decimal(amount))

    ranked = rank([make(1, 90, 600), make(2, 80, 600), make(3, 70, 400)], "earlier_submission")

    chosen = select(ranked, budget=Decimal(1000), max_awards=3)

    assert [c.application_id for c in chosen.winners] == [1, 3]
    assert [c.application_id for c in chosen.reserves] == [2]


def test_an_unknown_tie_break_is_refused():
    with pytest.raises(ValueError):
        rank([], "coin_toss")


def test_exact_arithmetic_survives_many_sheets():
    # 1/3-sized steps that float addition would round differently in different orders.
    sheets = [Fraction(100, 3)] * 3 + [Fraction(200, 3)] * 3
    for _ in range(20):
        random.shuffle(sheets)
        assert mean(sheets) == 50
