"""The pages in the browser: convening, the commission's forms with their errors, the
minutes as a PDF, the public results (constant queries), the applicant's sheets and appeal,
and the officials' answer."""

from __future__ import annotations

import io
from datetime import time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hamkori.decisions import services
from hamkori.decisions.models import (
    Appeal,
    AppealState,
    CommissionMeeting,
    CommissionMember,
    DecisionEntry,
    MeetingState,
    Outcome,
)
from hamkori.decisions.tests.factories import (
    adopted_meeting,
    commission_make,
    meeting_make,
    official_of,
    published_call,
)
from hamkori.registry.tests.factories import member_make, user_make
from hamkori.reviews.models import Review, ScoreCorrection
from hamkori.reviews.tests.factories import scored_call

pytestmark = pytest.mark.django_db


def test_an_official_convenes_a_meeting_at_a_local_time(client):
    call = scored_call()
    client.force_login(official_of(call))
    url = reverse("decisions:meeting-create", args=[call.pk])

    day = services.local_today(call)
    missing = client.post(url, {"day": day.isoformat(), "time": "", "place": ""})
    assert missing.status_code == 400
    assert "This field is required." in missing.content.decode()

    response = client.post(url, {"day": day.isoformat(), "time": "15:00", "place": "Hall 2"})

    meeting = CommissionMeeting.objects.get(call=call)
    assert response.status_code == 302
    local = timezone.localtime(meeting.held_at, ZoneInfo("Asia/Almaty"))
    assert (local.date(), local.time()) == (day, time(15))


def test_the_commission_is_run_from_the_meeting_page(client):
    # given a meeting and its official
    meeting = meeting_make()
    client.force_login(official_of(meeting.call))
    url = reverse("decisions:meeting-detail", args=[meeting.pk])

    # an unknown e-mail is refused next to the field
    refused = client.post(url, {"action": "member_add", "email": "x@example.org", "role": "chair"})
    assert refused.status_code == 400
    assert "No active account has this e-mail address." in refused.content.decode()
    people = [user_make() for _ in range(3)]
    for person, role in zip(people, ["chair", "secretary", "member"], strict=True):
        assert client.post(url, {"action": "member_add", "email": person.email, "role": role})
    members = list(CommissionMember.objects.filter(meeting=meeting))
    # voting before attendance is refused with the reason
    no_quorum = client.post(url, {"action": "adopt"})
    assert "No quorum" in no_quorum.content.decode()
    client.post(url, {"action": "attendance", **{f"present_{m.pk}": "on" for m in members}})
    client.post(url, {"action": "votes", **{f"vote_{m.pk}": "for" for m in members}})
    assert client.post(url, {"action": "adopt"}).status_code == 302
    assert client.post(url, {"action": "publish"}).status_code == 302

    meeting.refresh_from_db()
    assert meeting.state == MeetingState.ADOPTED
    assert client.get(reverse("decisions:results", args=[meeting.call_id])).status_code == 200


def test_the_decision_form_asks_for_the_reason_of_a_departure(client):
    meeting = meeting_make()
    client.force_login(official_of(meeting.call))
    first = DecisionEntry.objects.filter(meeting=meeting).order_by("rank").first()
    url = reverse("decisions:decision-edit", args=[meeting.pk, first.lot_id])
    assert client.get(url).status_code == 200
    data = {
        f"{field}_{e.pk}": value
        for e in DecisionEntry.objects.filter(meeting=meeting)
        for field, value in [
            ("outcome", e.outcome),
            ("amount", e.amount if e.outcome == "award" else ""),
            ("reserve", e.reserve_position or ""),
            ("reason", ""),
        ]
    }
    data[f"outcome_{first.pk}"] = "reject"

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Give the reason for departing from the proposed ranking." in refused.content.decode()

    data[f"reason_{first.pk}"] = "The budget lists items outside the lot."
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.outcome == Outcome.REJECT


def test_the_minutes_pdf_reads_back_the_meeting(client):
    # given an adopted meeting where a member was recused and the decision departs
    meeting = meeting_make()
    entries = list(DecisionEntry.objects.filter(meeting=meeting).order_by("rank"))
    members = commission_make(meeting)
    member_make(entries[0].application.organisation, user=members[2].user)
    DecisionEntry.objects.filter(pk=entries[2].pk).update(
        outcome="reject", reserve_position=None, departure_reason="Duplicate funding"
    )
    client.force_login(official_of(meeting.call))

    response = client.get(reverse("decisions:meeting-minutes-pdf", args=[meeting.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert meeting.call.reference in text
    assert "Room 1" in text
    for member in members:
        assert member.user.full_name in text
    assert "Duplicate funding" in text
    assert "recused from" in text
    assert str(entries[0].score) in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_public_results_run_the_same_queries_at_two_sizes(client):
    small = published_call(applications=2, lots=1)
    large = published_call(applications=8, lots=3)

    small_count = _queries(client, reverse("decisions:results", args=[small.call_id]))
    large_count = _queries(client, reverse("decisions:results", args=[large.call_id]))

    assert small_count == large_count
    assert DecisionEntry.objects.filter(meeting=large.meeting).count() == 24


def test_the_public_results_show_scores_criteria_experts_and_the_draw(client):
    result = published_call()
    page = client.get(reverse("decisions:results", args=[result.call_id])).content.decode()

    winner = DecisionEntry.objects.get(meeting=result.meeting, outcome=Outcome.AWARD)
    assert winner.application.title in page and str(winner.score) in page
    assert result.meeting.proposed[0]["rows"][0]["criteria"][0] in page
    for review in Review.objects.filter(call=result.call).select_related("expert__user"):
        assert review.expert.user.full_name in page
    draw = result.call.draws.get()
    assert draw.seed in page and f"hamkori draw-verify {result.call.reference}" in page


def _name_the_experts(call) -> None:
    """The factory names experts "Expert n", like the anonymous labels; real names differ."""
    for review in Review.objects.filter(call=call).select_related("expert__user"):
        user = review.expert.user
        user.full_name = f"Aliya Reviewer-{user.pk}"
        user.save(update_fields=["full_name"])


def test_the_applicant_reads_anonymous_sheets_and_appeals(client):
    result = published_call()
    _name_the_experts(result.call)
    entry = DecisionEntry.objects.get(meeting=result.meeting, rank=2)
    person = entry.application.organisation.memberships.first().user
    client.force_login(person)
    url = reverse("decisions:application-result", args=[entry.application_id])

    page = client.get(url).content.decode()
    assert "Expert 1" in page and "Expert 3" in page and "Sound plan." in page
    for review in Review.objects.filter(application=entry.application):
        review.expert.user.refresh_from_db()
    assert review.expert.user.full_name not in page
    empty = client.post(url, {"grounds": ""})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()

    assert client.post(url, {"grounds": "Criterion 2 was misread."}).status_code == 302
    assert Appeal.objects.get(application=entry.application).state == AppealState.FILED
    assert "File the appeal" not in client.get(url).content.decode()


def test_the_official_answers_an_appeal_with_reasons(client):
    result = published_call()
    entry = DecisionEntry.objects.get(meeting=result.meeting, rank=3)
    person = entry.application.organisation.memberships.first().user
    client.force_login(person)
    client.post(
        reverse("decisions:application-result", args=[entry.application_id]), {"grounds": "G"}
    )
    appeal = Appeal.objects.get()
    client.force_login(official_of(result.call))
    url = reverse("decisions:appeal-detail", args=[appeal.pk])
    assert client.post(url, {"action": "review"}).status_code == 302

    empty = client.post(url, {"action": "answer", "decision": "dismissed", "answer": ""})
    assert empty.status_code == 400

    assert (
        client.post(
            url, {"action": "answer", "decision": "dismissed", "answer": "Scores stand."}
        ).status_code
        == 302
    )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED
    listing = client.get(reverse("decisions:appeal-list", args=[result.call_id]))
    assert "Scores stand." not in listing.content.decode()
    assert appeal.application.title in listing.content.decode()


def test_the_call_page_shows_the_ranking_and_the_meetings(client):
    meeting = adopted_meeting()
    client.force_login(official_of(meeting.call))

    page = client.get(reverse("decisions:call-decision", args=[meeting.call_id])).content.decode()

    assert "Meeting" in page and reverse("decisions:meeting-detail", args=[meeting.pk]) in page
    assert "complete" in page
    minutes = client.get(reverse("decisions:meeting-minutes", args=[meeting.pk]))
    assert minutes.status_code == 200


def test_the_applicant_reads_the_corrections_of_their_sheets(client):
    # given a published result and a correction made to one of the winner's sheets
    result = published_call()
    _name_the_experts(result.call)
    entry = DecisionEntry.objects.get(meeting=result.meeting, rank=1)
    review = Review.objects.filter(application=entry.application).order_by("seat__position")[1]
    score = review.scores.first()
    ScoreCorrection.objects.create(
        review=review,
        criterion=score.criterion,
        old_points=score.points,
        new_points=score.points - 1,
        reason="Typo in the sheet.",
        corrected_by=review.expert.user,
        corrected_at=timezone.now(),
    )
    client.force_login(entry.application.organisation.memberships.first().user)

    page = client.get(
        reverse("decisions:application-result", args=[entry.application_id])
    ).content.decode()

    assert "Typo in the sheet." in page and "Expert 2" in page
    review.expert.user.refresh_from_db()
    assert review.expert.user.full_name not in page
