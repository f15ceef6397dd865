"""The demo's reviews, decisions and appeals (issue 4): what a visitor is promised to find."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from hamkori.calls.models import Call
from hamkori.calls.workflow import CallState
from hamkori.decisions.models import Appeal, AppealState, MeetingState, Result
from hamkori.demo.load import demo_load
from hamkori.reviews.models import Draw, Expert, Review, ReviewState
from hamkori.reviews.ranking import RowStatus, call_rankings

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    return demo_load()


def test_every_decided_call_has_full_reviews_an_adopted_meeting_and_published_results(demo):
    decided = list(Call.objects.filter(state=CallState.DECIDED))

    assert len(decided) >= 3
    for call in decided:
        result = Result.objects.get(call=call)
        assert result.meeting.state == MeetingState.ADOPTED
        assert Review.objects.filter(call=call, state=ReviewState.SUBMITTED).count() >= 3
        ranked = [row for lot in call_rankings(call) for row in lot.rows if row.rank]
        assert ranked


def test_the_demo_shows_a_recusal_an_outlier_and_appeals_upheld_and_dismissed(demo):
    recused = Review.objects.get(state=ReviewState.RECUSED)
    assert recused.conflict_description
    # The reserve took the recused expert's place on that application.
    assert (
        Review.objects.filter(application=recused.application, seat__is_reserve=True).count() == 1
    )
    outliers = [
        row
        for call in Call.objects.filter(state=CallState.DECIDED)
        for lot in call_rankings(call)
        for row in lot.rows
        if row.status == RowStatus.RANKED and row.has_outlier
    ]
    assert outliers
    states = set(Appeal.objects.values_list("state", flat=True))
    assert {AppealState.UPHELD, AppealState.DISMISSED} <= states
    upheld = Appeal.objects.get(state=AppealState.UPHELD)
    assert Review.objects.filter(
        application=upheld.application, state=ReviewState.SCORING, reopened_at__isnull=False
    ).exists()


def test_the_demo_expert_has_declarations_waiting_in_a_review_under_way(demo):
    expert = Expert.objects.get(user__email="expert@demo.hamkori.org")

    waiting = Review.objects.filter(expert=expert, state=ReviewState.DECLARING)

    assert waiting.exists()
    assert {r.call.state for r in waiting} == {CallState.UNDER_REVIEW}
    assert expert.terms_accepted_at is not None


def test_every_demo_draw_can_be_repeated_by_anyone(demo):
    references = set(Draw.objects.values_list("call__reference", flat=True))

    assert len(references) >= 5
    for reference in sorted(references):
        out = StringIO()
        call_command("draw-verify", reference, stdout=out)
        assert f"{reference}: every draw repeats exactly" in out.getvalue()
