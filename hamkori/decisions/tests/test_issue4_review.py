"""Fixes after the review of issue 4: the meeting's date, competitors' recusal shown on the
meeting page, the appellant's sheets on the appeal page, and the notice that an upheld
appeal's application is being re-examined."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hamkori.applications.models import Application
from hamkori.decisions import services
from hamkori.decisions.tests.factories import (
    commission_make,
    meeting_make,
    official_of,
    published_call,
)
from hamkori.registry.tests.factories import member_make
from hamkori.reviews.models import Review
from hamkori.reviews.tests.factories import scored_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "message"),
    [(-30, "cannot be before the call closed"), (400, "within a year of the call")],
)
def test_a_meeting_is_dated_between_the_close_and_a_year_after(client, days, message):
    call = scored_call()
    client.force_login(official_of(call))
    day = services.local_today(call) + timedelta(days=days)

    response = client.post(
        reverse("decisions:meeting-create", args=[call.pk]),
        {"day": day.isoformat(), "time": "10:00", "place": "Hall"},
    )

    assert response.status_code == 400 and message in response.content.decode()
    with pytest.raises(ValidationError, match=message):
        services.meeting_create(
            actor=official_of(call),
            call=call,
            held_at=timezone.now() + timedelta(days=days),
            place="Hall",
        )


def test_adding_an_applicants_member_warns_and_the_page_shows_the_recused_lot(client):
    meeting = meeting_make()
    applicant = Application.objects.filter(call=meeting.call).first().organisation
    person = member_make(applicant)
    client.force_login(official_of(meeting.call))
    url = reverse("decisions:meeting-detail", args=[meeting.pk])

    added = client.post(
        url, {"action": "member_add", "email": person.email, "role": "member"}, follow=True
    )
    twice = client.post(url, {"action": "member_add", "email": person.email, "role": "member"})

    page = added.content.decode()
    assert "they do not vote on any application of those lots" in page
    assert "Recused (conflict of interest)" in page and "lot 1" in page
    assert twice.status_code == 400 and "is already a member" in twice.content.decode()


def test_the_appeal_page_shows_the_appellants_sheets_with_the_experts(client):
    result = published_call()
    application = Application.objects.filter(call=result.call).first()
    appeal = services.appeal_file(
        actor=application.created_by, application=application, grounds="Low points."
    )
    expert = Review.objects.filter(application=application).first().expert

    client.force_login(official_of(result.call))
    page = client.get(reverse("decisions:appeal-detail", args=[appeal.pk])).content.decode()

    assert expert.user.full_name in page and "Sound plan." in page


def test_an_upheld_appeal_is_announced_on_the_public_and_the_applicants_pages(client):
    # given a published result and an upheld appeal
    result = published_call()
    call = result.call
    application = Application.objects.filter(call=call).order_by("pk").first()
    appeal = services.appeal_file(
        actor=application.created_by, application=application, grounds="Reports attached."
    )
    services.appeal_answer(
        actor=official_of(call), appeal=appeal, upheld=True, answer="Scores to check."
    )
    # the experts resubmit, yet the revised decision is not published
    Review.objects.filter(application=application).update(state="submitted")

    public = client.get(reverse("decisions:results", args=[call.pk])).content.decode()
    client.force_login(application.created_by)
    own = client.get(reverse("decisions:application-result", args=[application.pk]))

    assert "Under revision" in public and application.title in public
    assert "being scored again" in own.content.decode()


def test_without_an_upheld_appeal_nothing_is_under_revision(client):
    result = published_call()

    page = client.get(reverse("decisions:results", args=[result.call.pk])).content.decode()

    assert "Under revision" not in page


def test_a_commission_member_is_not_shown_the_sheets_page_of_the_reviews(client):
    meeting = meeting_make()
    member = commission_make(meeting, members=3)[0]
    application = Application.objects.filter(call=meeting.call).first()
    client.force_login(member.user)

    response = client.get(reverse("reviews:application-sheets", args=[application.pk]))

    assert response.status_code == 404
