"""Reviews taken away by the officials: suspending an expert withdraws their open reviews
(submitted sheets stay) and locks them out; a sheet whose expert had an undisclosed conflict
is set aside with a reason. In both cases the next reserve takes the application over."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamkori.applications.models import Application
from hamkori.core.models import AuditEvent
from hamkori.registry.tests.factories import PASSWORD, member_make, user_make
from hamkori.reviews.models import ExpertRelation, Review, ReviewState
from hamkori.reviews.ranking import call_rankings
from hamkori.reviews.services import (
    Answer,
    declarations_record,
    expert_status_set,
    review_save_draft,
    review_set_aside,
    review_submit,
)
from hamkori.reviews.tests.factories import (
    declare_free,
    drawn_call,
    panel_of,
    reserves_of,
    sheet,
)

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def _submit_all(call, experts, points=5):
    lot = call.lots.get()
    for expert in experts:
        if Review.objects.filter(expert=expert, state=ReviewState.DECLARING).exists():
            declare_free(expert, lot)
        for review in Review.objects.filter(expert=expert, state=ReviewState.SCORING):
            review_submit(actor=expert.user, review=review, **sheet(call, points=points))


def test_suspension_withdraws_open_reviews_keeps_submitted_ones_and_calls_reserves():
    # given an expert who submitted one sheet, has one being scored and one to declare
    call = drawn_call(applications=3, reserves=2)
    lot = call.lots.get()
    expert = panel_of(call)[0]
    first, second, third = Application.objects.filter(call=call).order_by("submitted_at")
    declare_free(expert, lot)
    submitted = Review.objects.get(expert=expert, application=first)
    review_submit(actor=expert.user, review=submitted, **sheet(call))
    scoring = Review.objects.get(expert=expert, application=second)
    review_save_draft(actor=expert.user, review=scoring, **sheet(call))
    declaring = Review.objects.get(expert=expert, application=third)
    Review.objects.filter(pk=declaring.pk).update(state=ReviewState.DECLARING, declared_at=None)

    # when an official suspends them
    expert_status_set(actor=call.official, expert=expert, status="suspended")

    # then the open reviews are withdrawn, the submitted sheet stays, and a reserve takes over
    states = dict(Review.objects.filter(expert=expert).values_list("application_id", "state"))
    assert states == {
        first.pk: ReviewState.SUBMITTED,
        second.pk: ReviewState.RECUSED,
        third.pk: ReviewState.RECUSED,
    }
    withdrawn = Review.objects.get(expert=expert, application=second)
    assert withdrawn.withdrawal == "suspended" and withdrawn.withdrawn_by == call.official
    reserve = reserves_of(call)[0]
    assert set(Review.objects.filter(expert=reserve).values_list("application_id", flat=True)) == {
        second.pk,
        third.pk,
    }
    event = AuditEvent.objects.get(action="reviews.expert.status")
    assert sorted(event.changes["withdrawn"]) == sorted([withdrawn.pk, declaring.pk])


def test_a_suspended_expert_can_neither_declare_score_nor_open_the_sheet(client):
    call = drawn_call(applications=1)
    expert = panel_of(call)[0]
    declare_free(expert, call.lots.get())
    review = Review.objects.get(expert=expert)
    review_submit(actor=expert.user, review=review, **sheet(call))
    expert_status_set(actor=call.official, expert=expert, status="suspended")

    _login(client, expert.user)
    assert client.get(reverse("reviews:review-sheet", args=[review.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        review_submit(actor=expert.user, review=review, **sheet(call))


def test_a_suspended_panel_member_cannot_declare_even_if_a_review_waits():
    call = drawn_call(applications=1)
    expert = panel_of(call)[0]
    review = Review.objects.get(expert=expert)
    # the status alone (the review left waiting, as no scoring is open) locks them out
    expert.status = "suspended"
    expert.save(update_fields=["status"])

    with pytest.raises(PermissionDenied):
        declarations_record(
            actor=expert.user, lot=call.lots.get(), answers={review.application_id: Answer(False)}
        )


def _flagged(call, points=5):
    """All sheets in; then the first panel expert turns out to be a member of the applicant."""
    _submit_all(call, panel_of(call), points=points)
    expert = panel_of(call)[0]
    application = Application.objects.get(call=call)
    member_make(application.organisation, user=expert.user)
    return expert, Review.objects.get(expert=expert, application=application)


def test_an_undisclosed_conflict_is_set_aside_and_the_next_reserve_takes_over():
    # given a complete ranking with an undisclosed conflict
    call = drawn_call(applications=1, reserves=1)
    _expert, review = _flagged(call, points=9)
    assert call_rankings(call)[0].complete

    # when the official sets the sheet aside
    review_set_aside(actor=call.official, review=review, reason="Member of the applicant.")

    # then it is recused with the reason, stops counting, and the reserve is called
    review.refresh_from_db()
    assert review.state == ReviewState.RECUSED and review.withdrawal == "set_aside"
    assert review.withdrawn_reason == "Member of the applicant." and review.scores.count() == 2
    assert Review.objects.filter(expert=reserves_of(call)[0], state="declaring").exists()
    assert not call_rankings(call)[0].complete
    event = AuditEvent.objects.get(action="reviews.review.set_aside")
    assert event.changes["reason"] == "Member of the applicant."


def test_setting_aside_needs_the_body_a_reason_and_a_known_conflict():
    call = drawn_call(applications=1)
    _submit_all(call, panel_of(call))
    review = Review.objects.filter(call=call).first()

    with pytest.raises(ValidationError, match="no known relation"):
        review_set_aside(actor=call.official, review=review, reason="Rumour.")
    ExpertRelation.objects.create(
        expert=review.expert, organisation=review.application.organisation, kind="family"
    )
    with pytest.raises(PermissionDenied):
        review_set_aside(actor=user_make(), review=review, reason="Relative.")
    with pytest.raises(ValidationError, match="reason"):
        review_set_aside(actor=call.official, review=review, reason=" ")


def test_setting_aside_is_refused_once_decided_unless_the_scoring_was_reopened():
    from hamkori.decisions.tests.factories import settled_result
    from hamkori.reviews.services import reviews_reopen

    call = drawn_call(applications=1, reserves=1)
    _expert, review = _flagged(call)
    settled_result(call)
    call.state = "decided"
    call.save(update_fields=["state"])

    with pytest.raises(ValidationError, match="decision is published"):
        review_set_aside(actor=call.official, review=review, reason="Member.")

    reviews_reopen(actor=call.official, application=review.application, reason="Upheld.")
    review_set_aside(actor=call.official, review=review, reason="Member.")

    # the reserve declares and scores the re-scored application in the decided call
    reserve = reserves_of(call)[0]
    declare_free(reserve, call.lots.get())
    taking_over = Review.objects.get(expert=reserve)
    review_submit(actor=reserve.user, review=taking_over, **sheet(call, points=6))
    assert Review.objects.get(pk=taking_over.pk).state == ReviewState.SUBMITTED


def test_the_dashboard_offers_the_set_aside_and_lists_it_after(client):
    call = drawn_call(applications=1, reserves=1)
    _expert, review = _flagged(call)
    _login(client, call.official)
    url = reverse("reviews:evaluation", args=[call.pk])

    assert reverse("reviews:review-set-aside", args=[review.pk]) in client.get(url).content.decode()
    client.post(reverse("reviews:review-set-aside", args=[review.pk]), {"reason": "Member."})

    page = client.get(url).content.decode()
    assert "Reviews withdrawn by the officials" in page and "Member." in page
