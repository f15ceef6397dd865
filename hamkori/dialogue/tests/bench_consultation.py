"""Server time of a consultation's pages and of its report PDF at 1,000 comments.

Not part of the test suite (the name does not start with `test_`); run it by path:

    .venv/bin/pytest hamkori/dialogue/tests/bench_consultation.py -q -s -p no:cacheprovider

It builds one reported consultation (5 sections, 1,000 handled comments of ~400 characters,
by two people), then requests each page through the test client after a warm-up and prints
the median of REPEAT requests with the number of SQL queries, and the time of the first and
the second request of the report PDF (WeasyPrint for real; files under a temporary
MEDIA_ROOT). Add DATABASE_URL=postgres://... for PostgreSQL."""

from __future__ import annotations

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from hamkori.dialogue.models import Comment, Handling
from hamkori.dialogue.tests.factories import consultation_make
from hamkori.dialogue.workflow import ConsultationState

COMMENTS = 1_000
REPEAT = 5
TEXT = (
    "Предлагаем уточнить порядок отбора: критерии оценки заявок должны публиковаться вместе "
    "с объявлением о конкурсе, а состав экспертной комиссии — не позднее чем за пять рабочих "
    "дней до начала рассмотрения. Это повысит доверие организаций гражданского общества и "
    "позволит подготовить заявки с учётом требований. Просим также предусмотреть обратную "
    "связь по каждой отклонённой заявке."
)


def _time(client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    return elapsed * 1000, len(queries)


@pytest.mark.django_db
def test_bench_consultation_pages(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    consultation = consultation_make(
        state=ConsultationState.REPORTED, sections=5, comments=COMMENTS
    )
    Comment.objects.update(text=TEXT, handling=Handling.ACCEPTED, response="Учтено в разделе.")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    urls = [
        reverse("dialogue:consultation-detail", args=[consultation.pk]),
        reverse("dialogue:consultation-report", args=[consultation.pk]),
    ]
    try:
        section = consultation.sections.get(number=1)
        urls.append(
            reverse("dialogue:section-comment-list", args=[consultation.pk, section.number])
        )
    except NoReverseMatch:
        pass
    print(f"\n{COMMENTS} comments, {connection.vendor}, median of {REPEAT} after a warm-up")
    for url in urls:
        _time(client, url)
        runs = [_time(client, url) for _ in range(REPEAT)]
        median = statistics.median(ms for ms, _ in runs)
        print(f"{url:<60} {median:>9.1f} ms {runs[0][1]:>3} queries")
    pdf = reverse("dialogue:consultation-report-pdf", args=[consultation.pk])
    for label in ("first", "second"):
        ms, count = _time(client, pdf)
        print(f"{pdf} ({label:<6}) {ms:>30.1f} ms {count:>3} queries")
