"""The ranking read from the database (reviews/ranking.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamkori.applications.models import Application, Compliance
from hamkori.reviews.models import Evaluation, Review, ReviewState, TieBreak
from hamkori.reviews.ranking import RowStatus, call_rankings
from hamkori.reviews.tests.factories import scored_call

pytestmark = pytest.mark.django_db


def _ids(lot_ranking):
    return [row.application.pk for row in lot_ranking.rows]


def test_applications_rank_by_their_mean_score_with_awards_within_the_lot():
    # Points per expert on every criterion (max 10): means 90, 60, 80.
    call = scored_call(applications=3, points=[[9, 9, 9], [6, 6, 6], [8, 8, 8]])
    lot = call.lots.get()
    lot.max_awards = 2
    lot.budget = Decimal("100000000")
    lot.save()
    first, second, third = Application.objects.filter(call=call).order_by("submitted_at")

    (ranking,) = call_rankings(call)

    assert _ids(ranking) == [first.pk, third.pk, second.pk]
    assert [row.score for row in ranking.rows] == [
        Decimal("90.00"),
        Decimal("80.00"),
        Decimal("60.00"),
    ]
    assert [row.proposed for row in ranking.rows] == ["award", "award", "reserve"]
    assert ranking.rows[0].criteria == [Decimal("9.00"), Decimal("9.00")]
    assert ranking.complete


def test_equal_scores_follow_the_calls_tie_break():
    call = scored_call(applications=2, points=[[8, 8, 8], [8, 8, 8]])
    earlier, later = Application.objects.filter(call=call).order_by("submitted_at")
    Application.objects.filter(pk=earlier.pk).update(amount_requested=Decimal("900000"))
    Application.objects.filter(pk=later.pk).update(amount_requested=Decimal("100000"))

    assert _ids(call_rankings(call)[0]) == [earlier.pk, later.pk]

    Evaluation.objects.filter(call=call).update(tie_break=TieBreak.LOWER_AMOUNT)

    assert _ids(call_rankings(call)[0]) == [later.pk, earlier.pk]


def test_an_expert_far_from_the_others_is_flagged_by_the_rule_sets_threshold():
    # KZ review.outlier_points is 20 (of 100): 30 is 50 points below the others' 80.
    call = scored_call(applications=1, panel=4, points=[[8, 8, 8, 3]])

    (row,) = call_rankings(call)[0].rows

    assert [sheet.outlier for sheet in row.sheets] == [False, False, False, True]
    assert row.has_outlier
    assert row.spread == Decimal("50.00")


def test_applications_not_ready_are_listed_after_the_ranking_with_the_reason():
    call = scored_call(applications=4)
    a, b, c, d = Application.objects.filter(call=call).order_by("submitted_at")
    Application.objects.filter(pk=b.pk).update(compliance=Compliance.NON_COMPLIANT)
    Application.objects.filter(pk=c.pk).update(compliance=Compliance.PENDING)
    first_review = Review.objects.filter(application=d).order_by("pk").first()
    Review.objects.filter(pk=first_review.pk).update(
        state=ReviewState.SCORING, total=None, submitted_at=None
    )

    (ranking,) = call_rankings(call)

    statuses = {row.application.pk: row.status for row in ranking.rows}
    assert statuses == {
        a.pk: RowStatus.RANKED,
        b.pk: RowStatus.NON_COMPLIANT,
        c.pk: RowStatus.NOT_CHECKED,
        d.pk: RowStatus.SCORING,
    }
    assert ranking.rows[0].application.pk == a.pk
    assert not ranking.complete


def test_a_recused_review_does_not_count():
    call = scored_call(applications=1, panel=3, points=[[9, 9, 1]])
    Review.objects.filter(call=call, expert__seats__position=3).update(
        state=ReviewState.RECUSED, total=None, submitted_at=None
    )

    (row,) = call_rankings(call)[0].rows

    assert row.score == Decimal("90.00")
    assert row.reviews_submitted == 2


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        rankings = call_rankings(call)
        for lot in rankings:
            for row in lot.rows:
                str(row.application.organisation)
                [sheet.review.expert.user.full_name for sheet in row.sheets]
    return len(queries)


def test_the_ranking_reads_a_constant_number_of_queries():
    small = scored_call(applications=2, lots=1)
    large = scored_call(applications=12, lots=3)

    assert _queries(small) == _queries(large)
