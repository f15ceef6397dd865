"""Every list and page of the app runs the same number of queries at 10 and at 1,000
comments, consultations or sessions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.calls.tests.factories import body_make
from hamkori.dialogue import services
from hamkori.dialogue.models import Comment, Consultation, FollowUp, Handling, Participant, Session
from hamkori.dialogue.tests.factories import (
    comments_grow,
    consultation_make,
    programme_make,
    sessions_grow,
)
from hamkori.dialogue.workflow import ConsultationState

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _more_consultations(body, count: int) -> None:
    template = consultation_make(body, state=ConsultationState.OPEN, sections=0)
    Consultation.objects.bulk_create(
        Consultation(
            jurisdiction_id=body.jurisdiction_id,
            organiser=body,
            kind=template.kind,
            title_ru=f"Проект {n}",
            opens_on=template.opens_on,
            closes_on=template.closes_on,
            state=[ConsultationState.OPEN, ConsultationState.CLOSED][n % 2],
            created_by=template.created_by,
        )
        for n in range(count)
    )


@pytest.fixture
def _kept_reports(settings, tmp_path, monkeypatch):
    # The serving of a kept PDF is measured here, not WeasyPrint.
    settings.MEDIA_ROOT = tmp_path / "files"
    monkeypatch.setattr(services, "report_pdf", lambda consultation, language: b"%PDF-1.7\n")


@pytest.mark.usefixtures("_kept_reports")
@pytest.mark.parametrize("manager", [False, True])
@pytest.mark.parametrize("state", [ConsultationState.OPEN, ConsultationState.REPORTED])
def test_a_consultation_page_runs_the_same_queries_at_10_and_1000_comments(client, state, manager):
    consultation = consultation_make(state=state, sections=5, comments=10)
    if manager:
        client.force_login(consultation.created_by)
    pages = [
        reverse("dialogue:consultation-detail", args=[consultation.pk]),
        reverse("dialogue:section-comment-list", args=[consultation.pk, 1]),
        reverse("dialogue:section-comment-list", args=[consultation.pk, 1]) + "?page=3",
        reverse("dialogue:draft-comment-list", args=[consultation.pk]),
    ]
    if state == ConsultationState.REPORTED:
        Comment.objects.update(handling=Handling.NOTED, response="Принято к сведению")
        report = reverse("dialogue:consultation-report", args=[consultation.pk])
        pdf = reverse("dialogue:consultation-report-pdf", args=[consultation.pk])
        client.get(pdf)  # rendered once and kept: the pages below serve the kept file
        pages += [report, f"{report}?page=2", f"{report}?page=99", pdf]
    small = [_queries(client, url) for url in pages]

    comments_grow(consultation, 990)
    Comment.objects.filter(handling="").update(handling=Handling.ACCEPTED, response="Учтено")

    assert [_queries(client, url) for url in pages] == small


def test_the_report_being_prepared_runs_the_same_queries_at_10_and_1000_comments(client):
    consultation = consultation_make(state=ConsultationState.CLOSED, sections=5, comments=10)
    client.force_login(consultation.created_by)
    url = reverse("dialogue:consultation-report", args=[consultation.pk])
    urls = [url, f"{url}?page=2"]
    small = [_queries(client, u) for u in urls]
    comments_grow(consultation, 990)
    assert [_queries(client, u) for u in urls] == small


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_consultation_lists_run_the_same_queries_at_10_and_1000(client, signed_in):
    body = body_make()
    _more_consultations(body, 9)
    if signed_in:
        client.force_login(Consultation.objects.first().created_by)
    urls = [
        reverse("dialogue:consultation-list"),
        reverse("dialogue:consultation-list") + f"?show=open&organiser={body.pk}",
    ]
    if signed_in:
        urls.append(reverse("dialogue:consultation-mine"))
    small = [_queries(client, url) for url in urls]
    _more_consultations(body, 990)
    assert [_queries(client, url) for url in urls] == small


def test_programme_pages_run_the_same_queries_at_10_and_1000_sessions(client):
    programme = programme_make(sessions=10)
    client.force_login(programme.created_by)
    urls = [
        reverse("dialogue:programme-list"),
        reverse("dialogue:programme-detail", args=[programme.pk]),
        reverse("dialogue:programme-edit", args=[programme.pk]),
        reverse("dialogue:programme-ical", args=[programme.pk]),
    ]
    FollowUp.objects.bulk_create(
        FollowUp(session=s, action="Действие", responsible="МКИ") for s in Session.objects.all()
    )
    Participant.objects.create(programme=programme, full_name="Делегат", country="TJ")
    small = [_queries(client, url) for url in urls]

    sessions_grow(programme, 990)
    FollowUp.objects.bulk_create(
        FollowUp(
            session=s, action="Действие", responsible="МКИ", done=True, done_on=s.starts_at.date()
        )
        for s in Session.objects.filter(follow_ups__isnull=True)
    )
    for _ in range(10):
        programme_make(sessions=1)
    Participant.objects.bulk_create(
        Participant(
            programme=programme, full_name=f"Делегат {n}", country=("KZ", "TJ", "UZ")[n % 3]
        )
        for n in range(30)
    )

    assert [_queries(client, url) for url in urls] == small
