"""The officials' evaluation page of a call: starting the review, the settings, drawing a
lot, the draw's record, progress and the ranking preview, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipStatus
from hamkori.applications.models import Application, ApplicationState, Compliance
from hamkori.calls.models import Criterion
from hamkori.calls.workflow import CallState
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import PASSWORD, organisation_build, user_make
from hamkori.reviews.models import Draw, Evaluation, Review, ReviewState, Score
from hamkori.reviews.tests.factories import (
    draw_make,
    drawn_call,
    evaluation_make,
    expert_make,
    experts_for,
    reviewing_call,
)

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_an_official_starts_the_review_of_a_closed_call_with_the_rules_defaults(client):
    call = reviewing_call(applications=1)
    call.state = CallState.CLOSED
    call.save(update_fields=["state"])
    _login(client, call.official)

    page = client.get(reverse("reviews:evaluation", args=[call.pk])).content.decode()
    assert "Start the review" in page and "3 experts per application and 3 reserves" in page
    client.post(reverse("reviews:review-start", args=[call.pk]))

    call.refresh_from_db()
    assert call.state == CallState.UNDER_REVIEW
    evaluation = Evaluation.objects.get(call=call)
    assert (evaluation.panel_size, evaluation.reserve_size) == (3, 3)


def test_settings_errors_are_shown_and_sizes_lock_after_a_draw(client):
    call = reviewing_call(applications=1)
    _login(client, call.official)
    url = reverse("reviews:evaluation", args=[call.pk])
    data = {"panel_size": "0", "reserve_size": "2", "tie_break": "earlier_submission"}

    invalid = client.post(url, data)
    assert invalid.status_code == 400
    assert "greater than or equal to 1" in invalid.content.decode()

    drawn = drawn_call(reserves=2)
    _login(client, drawn.official)
    url = reverse("reviews:evaluation", args=[drawn.pk])
    page = client.get(url).content.decode()
    ignored = client.post(url, {**data, "panel_size": "4", "experts_see_others": "on"})

    assert "Fixed by the first draw" in page
    assert ignored.status_code == 302
    evaluation = Evaluation.objects.get(call=drawn)
    assert (evaluation.panel_size, evaluation.reserve_size) == (3, 2)
    assert evaluation.tie_break == "earlier_submission"


def test_drawing_from_the_page_leads_to_the_record_and_errors_come_back_as_messages(client):
    call = reviewing_call(applications=2)
    evaluation_make(call, panel_size=3, reserve_size=1)
    lot = call.lots.get()
    _login(client, call.official)

    refused = client.post(reverse("reviews:lot-draw", args=[lot.pk]), follow=True)
    assert "Only 0 experts can be drawn" in refused.content.decode()
    experts_for(call, 4)
    response = client.post(reverse("reviews:lot-draw", args=[lot.pk]))

    assert response["Location"] == reverse("reviews:draw-detail", args=[lot.pk])
    record = Draw.objects.get(lot=lot)
    page = client.get(response["Location"]).content.decode()
    assert record.seed in page and ", ".join(map(str, record.pool)) in page


def test_the_draw_record_is_for_officials_until_the_result(client):
    call = drawn_call()
    url = reverse("reviews:draw-detail", args=[call.lots.get().pk])

    assert client.get(url).status_code == 404
    _login(client, call.experts[0].user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["expert", "applicant", "stranger"])
def test_the_evaluation_page_is_not_for_experts_applicants_or_others(client, who):
    call = drawn_call(applications=1)
    user = {
        "expert": call.experts[0].user,
        "applicant": Application.objects.get(call=call).created_by,
        "stranger": user_make(),
    }[who]
    _login(client, user)

    assert client.get(reverse("reviews:evaluation", args=[call.pk])).status_code == 404


# --- constant queries at 10 and 1,000 applications ---


def _add_reviewed(call, lot, count: int, experts, seats) -> None:
    """`count` more compliant submissions, each with a review by every panel expert: half
    submitted with scores, the rest still scoring; bulk-created."""
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        organisation_build(call.jurisdiction_id) for _ in range(count)
    )
    owner = call.official
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            lot=lot,
            organisation=organisation,
            created_by=owner,
            state=ApplicationState.SUBMITTED,
            title=f"Project {index}",
            amount_requested=Decimal("1000000.00"),
            currency=lot.currency,
            submitted_at=call.closes_at - timedelta(minutes=index + 1),
            compliance=Compliance.COMPLIANT,
        )
        for index, organisation in enumerate(organisations)
    )
    reviews = Review.objects.bulk_create(
        Review(
            call=call,
            lot=lot,
            application=application,
            seat=seats[expert.pk],
            expert=expert,
            state=ReviewState.SUBMITTED if index % 2 else ReviewState.SCORING,
            declared_at=now,
            total=Decimal("70.0000") if index % 2 else None,
            submitted_at=now if index % 2 else None,
        )
        for index, application in enumerate(applications)
        for expert in experts
    )
    criteria = list(Criterion.objects.filter(criteria_set__call=call))
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, points=Decimal(7), comment="ok")
        for review in reviews
        if review.state == ReviewState.SUBMITTED
        for criterion in criteria
    )


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_the_evaluation_page_costs_the_same_at_10_and_1000_applications(client):
    call = reviewing_call(applications=0)
    evaluation_make(call, panel_size=3, reserve_size=0)
    lot = call.lots.get()
    experts = [expert_make(areas=(lot.area_id,)) for _ in range(3)]
    seats = {seat.expert_id: seat for seat in draw_make(lot, experts, reserves=0).seats.all()}
    _add_reviewed(call, lot, 10, experts, seats)
    # one undisclosed conflict: a panel expert turns out to be a member of an applicant
    Membership.objects.create(
        user=experts[0].user,
        organisation=Application.objects.filter(call=call).first().organisation,
        role="member",
        status=MembershipStatus.ACTIVE,
    )
    _login(client, call.official)
    url = reverse("reviews:evaluation", args=[call.pk])

    small, page = _queries(client, url)
    _add_reviewed(call, lot, 990, experts, seats)
    large, big_page = _queries(client, url)

    assert large == small
    assert "undisclosed conflict" in page
    assert big_page.count("proposed award") + big_page.count("reserve list") == 500
    assert "Progress per expert" in big_page
