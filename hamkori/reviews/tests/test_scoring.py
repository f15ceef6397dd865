"""Score sheets: drafts, submission and its total, immutability, corrections with a reason,
reopening after an appeal, the others' scores, and the segregation-of-duties predicate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamkori.applications.models import Application
from hamkori.calls.models import Criterion
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.registry.tests.factories import PASSWORD, user_make
from hamkori.reviews.models import Review, ReviewState, Score, ScoreCorrection
from hamkori.reviews.permissions import has_scored_in_call
from hamkori.reviews.selectors import other_sheets
from hamkori.reviews.services import (
    Answer,
    declarations_record,
    review_correct,
    review_save_draft,
    review_submit,
    reviews_reopen,
)
from hamkori.reviews.tests.factories import declare_free, drawn_call, panel_of, sheet

pytestmark = pytest.mark.django_db


def _scoring_review(applications: int = 1):
    call = drawn_call(applications=applications)
    expert = panel_of(call)[0]
    declare_free(expert, call.lots.get())
    return call, expert, Review.objects.filter(expert=expert).order_by("pk").first()


def _criteria(call):
    return list(Criterion.objects.filter(criteria_set__call=call).order_by("order"))


def test_a_draft_keeps_partial_points_privately():
    call, expert, review = _scoring_review()
    first, second = _criteria(call)

    review_save_draft(
        actor=expert.user,
        review=review,
        points={first.pk: Decimal("6.5"), second.pk: None},
        comments={first.pk: "Clear aims."},
        comment="",
    )

    review.refresh_from_db()
    assert review.state == ReviewState.SCORING and review.total is None
    assert list(review.scores.values_list("criterion_id", "points")) == [
        (first.pk, Decimal("6.50"))
    ]
    event = AuditEvent.objects.get(action="reviews.review.save_draft")
    assert event.changes == {"criteria_scored": 1, "of": 2}


@pytest.mark.parametrize(
    ("value", "message"),
    [("10.5", "from 0 to 10"), ("-1", "from 0 to 10"), ("3.125", "two decimal places")],
)
def test_points_out_of_range_or_too_precise_are_refused(value, message):
    call, expert, review = _scoring_review()
    data = sheet(call)
    data["points"][_criteria(call)[0].pk] = Decimal(value)

    with pytest.raises(ValidationError, match=message):
        review_submit(actor=expert.user, review=review, **data)


def test_submission_needs_every_criterion_scored_and_commented():
    call, expert, review = _scoring_review()
    first, second = _criteria(call)
    data = sheet(call, comment="")
    data["points"][second.pk] = None
    data["comments"][first.pk] = ""

    with pytest.raises(ValidationError) as error:
        review_submit(actor=expert.user, review=review, **data)

    assert set(error.value.message_dict) == {
        f"points_{second.pk}",
        f"comment_{first.pk}",
        "comment",
    }


def test_submission_sets_the_exact_total_and_freezes_the_sheet():
    call, expert, review = _scoring_review()
    first, second = _criteria(call)
    data = sheet(call)
    data["points"] = {first.pk: Decimal("7.25"), second.pk: Decimal("8")}

    review_submit(actor=expert.user, review=review, **data)

    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED
    # (7.25 + 8) / 20 × 100, both weights 1
    assert review.total == Decimal("76.2500")
    with pytest.raises(ValidationError, match="correction with a reason"):
        review_save_draft(actor=expert.user, review=review, **sheet(call, points=1))
    with pytest.raises(ValidationError, match="correction with a reason"):
        review_submit(actor=expert.user, review=review, **sheet(call, points=1))
    assert set(review.scores.values_list("points", flat=True)) == {Decimal("7.25"), Decimal("8")}


def test_only_the_reviews_expert_scores():
    call, _expert, review = _scoring_review()
    other = panel_of(call)[1]

    with pytest.raises(PermissionDenied):
        review_submit(actor=other.user, review=review, **sheet(call))


def test_a_declaring_expert_cannot_score():
    call = drawn_call(applications=1)
    review = Review.objects.filter(call=call).first()

    with pytest.raises(ValidationError, match="Declare your interests"):
        review_submit(actor=review.expert.user, review=review, **sheet(call))


def test_a_correction_needs_a_reason_and_keeps_the_history():
    call, expert, review = _scoring_review()
    first, second = _criteria(call)
    review_submit(actor=expert.user, review=review, **sheet(call, points=6))
    changed = sheet(call, points=6)
    changed["points"][first.pk] = Decimal("9")

    with pytest.raises(ValidationError, match="reason"):
        review_correct(actor=expert.user, review=review, reason=" ", **changed)
    review_correct(actor=expert.user, review=review, reason="Misread the budget.", **changed)

    review.refresh_from_db()
    assert review.total == Decimal("75.0000")
    correction = ScoreCorrection.objects.get()
    assert (correction.criterion_id, correction.old_points, correction.new_points) == (
        first.pk,
        Decimal("6"),
        Decimal("9"),
    )
    assert Score.objects.get(review=review, criterion=second).points == Decimal("6")
    event = AuditEvent.objects.get(action="reviews.review.correct")
    assert event.changes["reason"] == "Misread the budget."


def test_a_correction_that_changes_nothing_is_refused():
    call, expert, review = _scoring_review()
    review_submit(actor=expert.user, review=review, **sheet(call))

    with pytest.raises(ValidationError, match="Nothing was changed"):
        review_correct(actor=expert.user, review=review, reason="Just because.", **sheet(call))


def test_no_correction_after_the_review_is_over():
    call, expert, review = _scoring_review()
    review_submit(actor=expert.user, review=review, **sheet(call))
    call.state = "decided"
    call.save(update_fields=["state"])

    with pytest.raises(ValidationError, match="no longer be corrected"):
        review_correct(actor=expert.user, review=review, reason="Late.", **sheet(call, points=2))


def _all_submitted(call):
    lot = call.lots.get()
    for expert in panel_of(call):
        if Review.objects.filter(expert=expert, state=ReviewState.DECLARING).exists():
            declare_free(expert, lot)
        for review in Review.objects.filter(expert=expert, state=ReviewState.SCORING):
            review_submit(actor=expert.user, review=review, **sheet(call, points=5))


def test_reopening_after_an_appeal_puts_sheets_back_and_resubmission_needs_a_reason():
    # given a decided call whose application has three submitted sheets
    call = drawn_call(applications=1)
    _all_submitted(call)
    call.state = "decided"
    call.save(update_fields=["state"])
    application = Application.objects.get(call=call)
    OutboxEmail.objects.all().delete()

    # when the scoring of the application is reopened
    count = reviews_reopen(actor=call.official, application=application, reason="Appeal upheld.")

    # then every sheet is back in scoring with its scores, and each expert is e-mailed
    assert count == 3
    reviews = Review.objects.filter(application=application)
    assert set(reviews.values_list("state", flat=True)) == {ReviewState.SCORING}
    assert all(r.reopened_at and r.scores.count() == 2 for r in reviews)
    assert OutboxEmail.objects.count() == 3
    # a reopened sheet is not a draft: it is resubmitted through a correction
    review = reviews.first()
    with pytest.raises(ValidationError, match="correction with a reason"):
        review_save_draft(actor=review.expert.user, review=review, **sheet(call))
    review_correct(
        actor=review.expert.user, review=review, reason="Checked again.", **sheet(call, points=5)
    )
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED and review.total == Decimal("50.0000")


def test_reopening_is_for_the_bodys_officials_on_a_decided_call():
    call = drawn_call(applications=1)
    _all_submitted(call)
    application = Application.objects.get(call=call)

    with pytest.raises(ValidationError, match="after the decision"):
        reviews_reopen(actor=call.official, application=application, reason="Appeal.")
    call.state = "decided"
    call.save(update_fields=["state"])
    with pytest.raises(PermissionDenied):
        reviews_reopen(actor=user_make(), application=application, reason="Appeal.")
    with pytest.raises(ValidationError, match="reason"):
        reviews_reopen(actor=call.official, application=application, reason="")


def test_others_scores_stay_hidden_until_every_sheet_is_in_then_anonymised():
    call = drawn_call(applications=1)
    lot = call.lots.get()
    first, *_others = panel_of(call)
    declare_free(first, lot)
    own = Review.objects.get(expert=first)
    review_submit(actor=first.user, review=own, **sheet(call, points=4))
    criteria = _criteria(call)

    assert other_sheets(own, criteria) is None
    _all_submitted(call)

    others = other_sheets(own, criteria)
    assert [o.label for o in others] == ["A", "B"]
    assert all(o.total == Decimal("50.0000") for o in others)
    call.evaluation.experts_see_others = False
    call.evaluation.save(update_fields=["experts_see_others"])
    assert other_sheets(own, criteria) is None


def test_has_scored_in_call_counts_every_review_but_recused_ones():
    call = drawn_call(applications=1)
    lot = call.lots.get()
    scorer, recused, _ = panel_of(call)
    application = Application.objects.get(call=call)
    declare_free(scorer, lot)
    declarations_record(
        actor=recused.user,
        lot=lot,
        answers={application.pk: Answer(conflict=True, description="Relative.")},
    )

    assert has_scored_in_call(scorer.user, call)
    assert not has_scored_in_call(recused.user, call)
    assert not has_scored_in_call(call.official, call)


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_the_sheet_page_saves_a_draft_then_submits_with_errors_in_place(client):
    call, expert, review = _scoring_review()
    first, second = _criteria(call)
    _login(client, expert.user)
    url = reverse("reviews:review-sheet", args=[review.pk])

    page = client.get(url).content.decode()
    assert review.application.title in page and "Submit the sheet" in page

    draft = client.post(url, {"action": "save", f"points_{first.pk}": "5.5"})
    assert draft.status_code == 302
    assert Score.objects.get(review=review).points == Decimal("5.5")

    incomplete = client.post(url, {"action": "submit", f"points_{first.pk}": "5.5"})
    assert incomplete.status_code == 400
    assert "Give the points for this criterion." in incomplete.content.decode()

    data = {
        "action": "submit",
        f"points_{first.pk}": "5.5",
        f"comment_{first.pk}": "Good.",
        f"points_{second.pk}": "11",
        f"comment_{second.pk}": "Fine.",
        "comment": "Solid.",
    }
    too_many = client.post(url, data)
    assert too_many.status_code == 400
    assert "less than or equal to 10" in too_many.content.decode()
    data[f"points_{second.pk}"] = "8"
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED

    submitted = client.get(url).content.decode()
    assert "Submit the sheet" not in submitted and "Correct this sheet" in submitted
    correction = client.post(url, {**data, "action": "correct", f"points_{second.pk}": "9"})
    assert correction.status_code == 400
    assert "Give the reason for the correction." in correction.content.decode()
