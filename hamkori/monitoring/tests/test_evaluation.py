"""The ex-post evaluation of a Kazakh state social order project: five criteria 0–5 with a
conclusion each, a total out of 25, published with the contract."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from hamkori.calls.models import Instrument
from hamkori.contracts.tests.factories import tranche_paid
from hamkori.monitoring import services
from hamkori.monitoring.models import ExpostCriterion, ExpostScore, ReportKind
from hamkori.monitoring.services import CriterionScore
from hamkori.monitoring.tests.factories import (
    contract_with_reports,
    report_accepted,
    report_of,
)

pytestmark = pytest.mark.django_db


def delivered_sso():
    """An SSO contract in force whose final report is accepted (advance and final tranche)."""
    contract = contract_with_reports(
        schedule=[("0.5", "signature"), ("0.5", "final_report_accepted")],
        instrument=Instrument.SSO,
    )
    report_accepted(report_of(contract, ReportKind.FINAL), contract)
    return contract


def _scores(points=(5, 4, 3, 2, 1), positive=True, comment=""):
    return {
        criterion: CriterionScore(points=p, positive=positive, comment=comment)
        for criterion, p in zip(ExpostCriterion.values, points, strict=True)
    }


def _record(contract, **fields):
    values = {
        "evaluated_on": services.local_today(contract),
        "evaluators": "A. Expert\nB. Expert",
        "summary": "",
        "scores": _scores(),
    }
    values.update(fields)
    return services.evaluation_record(actor=contract.official, contract=contract, **values)


def test_the_council_records_and_publishes_an_evaluation():
    contract = delivered_sso()

    evaluation = _record(contract)
    published = services.evaluation_publish(actor=contract.official, evaluation=evaluation)

    assert published.published_at is not None
    assert services.evaluation_total(published.scores.all()) == 15
    with pytest.raises(ValidationError):
        _record(contract)


def test_a_negative_conclusion_needs_a_comment_and_points_stay_in_0_to_5():
    contract = delivered_sso()
    scores = _scores(points=(6, 4, 3, 2, 1))
    scores[2] = CriterionScore(points=1, positive=False, comment="")

    with pytest.raises(ValidationError) as error:
        _record(contract, scores=scores)

    assert set(error.value.message_dict) == {"points_1", "comment_2"}


def test_every_criterion_is_scored():
    contract = delivered_sso()
    scores = _scores()
    del scores[5]

    with pytest.raises(ValidationError):
        _record(contract, scores=scores)


def test_a_correction_replaces_the_scores_until_published():
    contract = delivered_sso()
    _record(contract)

    evaluation = _record(contract, scores=_scores(points=(0, 0, 0, 0, 1)))

    assert list(
        ExpostScore.objects.filter(evaluation=evaluation).values_list("points", flat=True)
    ) == [
        0,
        0,
        0,
        0,
        1,
    ]


def test_a_grant_or_an_unfinished_project_is_not_evaluated():
    grant = contract_with_reports()
    sso = contract_with_reports(
        schedule=[("0.5", "signature"), ("0.5", "final_report_accepted")],
        instrument=Instrument.SSO,
    )

    for contract in (grant, sso):
        with pytest.raises(ValidationError):
            _record(contract)


def test_a_completed_project_can_be_evaluated():
    contract = delivered_sso()
    tranche_paid(contract, 1)
    tranche_paid(contract, 2)
    services.contract_complete_after_reports(actor=contract.official, contract=contract)

    assert _record(contract).pk


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=5, max_size=5))
def test_the_total_is_the_sum_and_never_above_25(points):
    scores = [CriterionScore(points=p, positive=True) for p in points]

    total = services.evaluation_total(scores)

    assert total == sum(points)
    assert 0 <= total <= 25
