"""The council's annual report (page and PDF read back with pypdf) and the overdue job, which
e-mails the body's officials and the council's secretary once."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from hamkori.core.tasks import periodic_jobs
from hamkori.councils.models import Member
from hamkori.meetings.models import Attendance
from hamkori.recommendations import services
from hamkori.recommendations.report import annual_report
from hamkori.recommendations.tasks import overdue_notify
from hamkori.recommendations.tests.factories import (
    adopted_make,
    mailed,
    meeting_held,
    sent_make,
    setting_make,
)
from hamkori.recommendations.tests.test_services import freeze
from hamkori.recommendations.workflow import AnswerKind

pytestmark = pytest.mark.django_db


def _attend(meeting, members, present: int, by) -> None:
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, present=n < present, recorded_by=by)
        for n, member in enumerate(members)
    )


def _year_of_a_council():
    # 6 members (5 + the secretary): the quorum of two thirds is 4.
    setting = setting_make(held_on=date(2025, 3, 3), members=5)
    members = list(Member.objects.filter(council=setting.council))
    _attend(setting.meeting, members, 6, setting.manager)
    second = meeting_held(setting.council, date(2025, 6, 2))
    _attend(second, members, 3, setting.manager)
    meeting_held(setting.council, date(2026, 2, 2))  # another year
    on_time = sent_make(setting, sent_on=date(2025, 3, 12))
    late = sent_make(setting, sent_on=date(2025, 3, 12))
    sent_make(setting, sent_on=date(2025, 3, 12))  # never answered: overdue
    for recommendation, day in ((on_time, date(2025, 4, 7)), (late, date(2025, 4, 9))):
        services.recommendation_answer(
            actor=setting.official,
            recommendation=recommendation,
            answer=AnswerKind.PARTLY,
            text="Accepted for the regions, not for the capital.",
            answered_on=day,
        )
    services.recommendation_implemented(
        actor=setting.official, recommendation=on_time, implemented_on=date(2025, 9, 1)
    )
    return setting


def test_the_annual_report_counts_meetings_attendance_and_answers():
    setting = _year_of_a_council()

    report = annual_report(setting.council, 2025)

    assert [(line.present, line.members, line.quorum_met) for line in report.meetings] == [
        (6, 6, True),
        (3, 6, False),
    ]
    assert report.average_attendance == 75
    assert report.quorum_met_count == 1
    assert report.adopted == 3
    counters = report.counters
    assert (counters.answered_on_time, counters.answered_late) == (1, 1)
    assert (counters.unanswered, counters.overdue, counters.implemented) == (1, 1, 1)


def test_the_report_page_and_its_pdf(client):
    setting = _year_of_a_council()
    code = setting.council.code

    page = client.get(reverse("recommendations:report-detail", args=[code, 2025]))
    pdf = client.get(reverse("recommendations:report-pdf", args=[code, 2025]), {"language": "en"})
    future = client.get(reverse("recommendations:report-detail", args=[code, 2999]))

    html = page.content.decode()
    assert '<span data-count="meetings">2</span>' in html
    assert 'data-attendance="3/6"' in html
    assert 'data-quorum="not-met"' in html
    assert '<dd data-count="late">1</dd>' in html
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    with translation.override("en"):
        assert "Annual report 2025" in text
    assert "Accepted for the regions" in " ".join(text.split())
    assert "3 / 6" in text
    assert future.status_code == 404


def test_an_overdue_answer_is_told_once_to_the_body_and_the_secretary(monkeypatch):
    setting = setting_make(held_on=date(2025, 3, 3), other_body=True)
    recommendation = sent_make(setting, sent_on=date(2025, 3, 12))
    answered = sent_make(setting, sent_on=date(2025, 3, 12))
    services.recommendation_answer(
        actor=setting.official,
        recommendation=answered,
        answer=AnswerKind.ACCEPTED,
        text="",
        answered_on=date(2025, 4, 1),
    )
    assert overdue_notify in list(periodic_jobs())
    link = f"/recommendations/{recommendation.pk}/"
    people = (setting.official, setting.secretary, setting.manager)
    before = [mailed(person.email, link) for person in people]

    freeze(monkeypatch, date(2025, 4, 7))
    assert overdue_notify() == 0  # the deadline day: not overdue yet
    freeze(monkeypatch, date(2025, 4, 8))
    first, second = overdue_notify(), overdue_notify()

    assert (first, second) == (1, 0)
    after = [mailed(person.email, link) for person in people]
    # The official and the secretary once each; the host's official (not the body) not at all.
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 0]


def test_the_public_report_neither_lists_nor_counts_a_recommendation_not_sent(client):
    setting = _year_of_a_council()
    unsent = adopted_make(setting, title={"en": "Still a draft of the council"})
    code = setting.council.code

    report = annual_report(setting.council, 2025)
    page = client.get(reverse("recommendations:report-detail", args=[code, 2025])).content.decode()
    pdf = client.get(reverse("recommendations:report-pdf", args=[code, 2025]), {"language": "en"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    client.force_login(setting.manager)
    managed = client.get(reverse("recommendations:report-detail", args=[code, 2025]))

    assert (report.adopted, report.unsent) == (3, 1)
    assert unsent.pk not in [r.pk for r in report.recommendations]
    assert '<span data-count="adopted">3</span>' in page
    assert "Still a draft" not in page and 'id="unsent"' not in page
    assert "Still a draft" not in text
    # The council's managers are told it exists, still outside the report.
    managed_html = managed.content.decode()
    assert 'id="unsent"' in managed_html and "Still a draft" not in managed_html
