"""Every list and page runs the same number of queries at 10 and at 1,000 recommendations (or
milestones, or meetings)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.councils.models import Member
from hamkori.meetings.models import Attendance, Meeting
from hamkori.recommendations.models import Milestone, Recommendation
from hamkori.recommendations.tests.factories import sent_make, setting_make
from hamkori.recommendations.workflow import AnswerKind, RecommendationState
from hamkori.registry.tests.factories import member_make

pytestmark = pytest.mark.django_db

S = RecommendationState
# A mix of every state, answered on time and late, overdue and not yet due.
STATES = [S.SENT, S.REGISTERED, S.ANSWERED, S.IMPLEMENTING, S.IMPLEMENTED, S.REJECTED]


def _grow(setting, count: int) -> None:
    start = setting.council.recommendations.count() + 1
    rows = []
    for n in range(count):
        state = STATES[n % len(STATES)]
        sent_on = date(2025, 3, 3) + timedelta(days=n % 200)
        due_on = sent_on + timedelta(days=21)
        answered = state not in (S.SENT, S.REGISTERED)
        answer = (
            AnswerKind.REJECTED if state == S.REJECTED else AnswerKind.ACCEPTED if answered else ""
        )
        rows.append(
            Recommendation(
                council=setting.council,
                meeting=setting.meeting,
                number=start + n,
                title_en=f"Recommendation {start + n}",
                addressee=setting.body,
                state=state,
                adopted_on=date(2025, 3, 3),
                sent_on=sent_on,
                due_on=due_on,
                first_due_on=due_on,
                answer=answer,
                answer_text="Reasons" if answer == AnswerKind.REJECTED else "",
                answered_on=due_on + timedelta(days=n % 3 - 1) if answered else None,
                answered_by=setting.official if answered else None,
                progress=100 if state == S.IMPLEMENTED else 0,
                implemented_on=due_on + timedelta(days=5) if state == S.IMPLEMENTED else None,
                created_by=setting.manager,
            )
        )
    Recommendation.objects.bulk_create(rows)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _pair():
    small = setting_make(held_on=date(2025, 3, 3))
    large = setting_make(held_on=date(2025, 3, 3))
    _grow(small, 10)
    _grow(large, 1000)
    return small, large


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("recommendations:recommendation-list", lambda s: [s.council.code]),
        ("recommendations:recommendation-list?state=overdue", lambda s: [s.council.code]),
        ("recommendations:body-detail", lambda s: [s.body.pk]),
        ("recommendations:report-detail", lambda s: [s.council.code, 2025]),
    ],
)
def test_public_pages_run_constant_queries(client, name, args):
    small, large = _pair()
    route, _, query = name.partition("?")

    def url(setting):
        return reverse(route, args=args(setting)) + (f"?{query}" if query else "")

    assert _queries(client, url(small)) == _queries(client, url(large))


def test_the_jurisdictions_table_runs_constant_queries(client):
    url = reverse("recommendations:body-list", args=["KZ"])
    small = setting_make(held_on=date(2025, 3, 3))
    _grow(small, 10)
    at_10 = _queries(client, url)
    for _ in range(3):
        _grow(setting_make(held_on=date(2025, 3, 3)), 330)

    assert _queries(client, url) == at_10


def test_the_inbox_runs_constant_queries(client):
    small, large = _pair()
    client.force_login(small.official)
    at_10 = _queries(client, reverse("recommendations:inbox"))
    client.force_login(large.official)

    assert _queries(client, reverse("recommendations:inbox")) == at_10


def test_a_recommendations_page_runs_constant_queries_with_its_milestones(client):
    small, large = _pair()
    pages = []
    for setting, count in ((small, 10), (large, 1000)):
        recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
        Milestone.objects.bulk_create(
            Milestone(
                recommendation=recommendation,
                text=f"Step {n}",
                due_on=date(2025, 5, 1) + timedelta(days=n % 90),
            )
            for n in range(count)
        )
        client.force_login(setting.official)
        pages.append(
            _queries(
                client, reverse("recommendations:recommendation-detail", args=[recommendation.pk])
            )
        )

    assert pages[0] == pages[1]


def test_the_annual_report_runs_constant_queries_with_its_meetings(client):
    small, large = _pair()
    counts = []
    for setting, meetings in ((small, 3), (large, 40)):
        members = list(Member.objects.filter(council=setting.council))
        for n in range(meetings):
            meeting = Meeting.objects.create(
                council=setting.council,
                number=100 + n,
                starts_at=setting.meeting.starts_at + timedelta(days=n + 1),
                ends_at=setting.meeting.ends_at + timedelta(days=n + 1),
                state=setting.meeting.state,
                created_by=setting.manager,
            )
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, member=m, present=True, recorded_by=setting.manager)
                for m in members
            )
        member_make(setting.body)
        counts.append(
            _queries(
                client, reverse("recommendations:report-detail", args=[setting.council.code, 2025])
            )
        )

    assert counts[0] == counts[1]
