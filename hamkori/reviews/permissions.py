"""Who may do what with experts, draws, declarations and score sheets, as named predicates
(default deny). Callers select_related what a predicate reads (`review.expert`,
`review.call__body`, `call.body`) so that the predicates do not query, except the two that
must look at reviews (`has_scored_in_call`, and the applications app's `is_assigned_expert`)."""

from __future__ import annotations

from hamkori.accounts.permissions import (
    is_auditor,
    is_authenticated,
    is_official,
    is_platform_admin,
)
from hamkori.calls.permissions import is_official_of_the_body
from hamkori.calls.workflow import CallState
from hamkori.core.permissions import predicate
from hamkori.reviews.models import Evaluation, ExpertStatus, Review, ReviewState

# --- the register (object: a Jurisdiction, or an Expert) ---


@predicate
def manages_experts(user, obj) -> bool:
    """An official or a platform administrator of the jurisdiction keeps its register."""
    return obj is not None and (is_official(user, obj) or is_platform_admin(user, obj))


@predicate
def is_the_expert(user, expert) -> bool:
    return expert is not None and is_authenticated(user) and expert.user_id == user.pk


can_manage_experts = manages_experts
can_see_expert = manages_experts | is_the_expert
# An expert declares their own affiliations; an official may record one they learnt of.
can_edit_relations = manages_experts | is_the_expert


# --- the evaluation of a call (object: a Call) ---


@predicate
def call_under_review(user, call) -> bool:
    return call is not None and call.state == CallState.UNDER_REVIEW


@predicate
def call_is_closed(user, call) -> bool:
    return call is not None and call.state == CallState.CLOSED


@predicate
def call_is_decided(user, call) -> bool:
    return call is not None and call.state == CallState.DECIDED


@predicate
def evaluation_settings_open(user, call) -> bool:
    return call is not None and call.state in (CallState.CLOSED, CallState.UNDER_REVIEW)


@predicate
def is_call_auditor(user, call) -> bool:
    return call is not None and is_auditor(user, call)


@predicate
def is_call_platform_admin(user, call) -> bool:
    return call is not None and is_platform_admin(user, call)


# The progress, the draws and the ranking preview: the body that runs the call, and those who
# oversee the jurisdiction (read only). Never applicants or the public before the result.
can_see_evaluation = is_official_of_the_body | is_call_auditor | is_call_platform_admin
can_set_evaluation = is_official_of_the_body & evaluation_settings_open
can_start_review = is_official_of_the_body & call_is_closed
can_draw = is_official_of_the_body & call_under_review
# An upheld appeal reopens the scoring of one application (decisions app).
can_reopen_reviews = is_official_of_the_body & call_is_decided


# --- reviews (object: a Review with its expert and call) ---


@predicate
def is_review_expert(user, review) -> bool:
    return review is not None and is_authenticated(user) and review.expert.user_id == user.pk


@predicate
def review_is_declaring(user, review) -> bool:
    return review is not None and review.state == ReviewState.DECLARING


@predicate
def review_is_open_to_read(user, review) -> bool:
    """Declared without a conflict: the expert may read the application."""
    return review is not None and review.state in (ReviewState.SCORING, ReviewState.SUBMITTED)


def application_rescored(call, application_id: int) -> bool:
    """The call is decided and the application's scoring was reopened after an upheld appeal
    since the result was last published (a revised decision is still to come)."""
    if call is None or call.state != CallState.DECIDED:
        return False
    from hamkori.decisions.models import Result

    published_at = (
        Result.objects.filter(call_id=call.pk).values_list("published_at", flat=True).first()
    )
    return (
        published_at is not None
        and Review.objects.filter(
            application_id=application_id, reopened_at__gt=published_at
        ).exists()
    )


def scoring_open(review: Review) -> bool:
    """Declarations and first scoring happen while the call is under review, or in a decided
    call on an application being scored again after an appeal (a reserve taking over)."""
    return review.call.state == CallState.UNDER_REVIEW or application_rescored(
        review.call, review.application_id
    )


def others_revealed(review: Review) -> bool:
    """Every non-recused sheet of the application is in and the evaluation lets experts see
    each other's scores: the expert has been shown the others' points."""
    evaluation = Evaluation.objects.filter(call_id=review.call_id).first()
    if evaluation is None or not evaluation.experts_see_others:
        return False
    states = set(
        Review.objects.filter(application_id=review.application_id)
        .exclude(state=ReviewState.RECUSED)
        .values_list("state", flat=True)
    )
    return states == {ReviewState.SUBMITTED}


@predicate
def expert_is_active(user, review) -> bool:
    """A suspended expert neither declares, scores nor reads an application."""
    return review is not None and review.expert.status == ExpertStatus.ACTIVE


@predicate
def review_is_draft(user, review) -> bool:
    """Being scored for the first time, while the call is under review (or, after an appeal,
    by a reserve taking over a re-scored application)."""
    return (
        review is not None
        and review.state == ReviewState.SCORING
        and review.reopened_at is None
        and scoring_open(review)
    )


@predicate
def review_is_correctable(user, review) -> bool:
    """A submitted sheet while the call is under review and before the other experts' scores
    were shown to its expert, or a sheet reopened after an appeal: either changes only with
    a reason."""
    if review is None:
        return False
    if review.state == ReviewState.SUBMITTED:
        return review.call.state == CallState.UNDER_REVIEW and not others_revealed(review)
    return (
        review.state == ReviewState.SCORING
        and review.reopened_at is not None
        and review.call.state in (CallState.UNDER_REVIEW, CallState.DECIDED)
    )


can_open_sheet = is_review_expert & expert_is_active & review_is_open_to_read
can_score = is_review_expert & expert_is_active & review_is_draft
can_correct = is_review_expert & expert_is_active & review_is_correctable
can_declare = is_review_expert & expert_is_active & review_is_declaring
# Officials of the body set aside a sheet whose expert turns out to have a conflict.
can_set_aside = is_official_of_the_body


@predicate
def has_scored_in_call(user, call) -> bool:
    """An expert with a review of the call that they did not recuse from: segregation of
    duties keeps them from approving the call's awards."""
    if call is None or not is_authenticated(user):
        return False
    # A sheet set aside after submission was still scored by them.
    return (
        Review.objects.filter(call=call, expert__user=user)
        .exclude(state=ReviewState.RECUSED, submitted_at__isnull=True)
        .exists()
    )


__all__ = [
    "can_correct",
    "can_declare",
    "can_draw",
    "can_edit_relations",
    "can_manage_experts",
    "can_open_sheet",
    "can_reopen_reviews",
    "can_score",
    "can_see_evaluation",
    "can_see_expert",
    "can_set_aside",
    "can_set_evaluation",
    "can_start_review",
    "expert_is_active",
    "has_scored_in_call",
    "is_review_expert",
    "is_the_expert",
]
