"""The report PDF is rendered once per language and kept: the worker renders it after the
report is published, a download streams the kept file and renders only when it is missing or
stale (a comment hidden since), and two renderings at once never leave a half-written or a
stale file behind."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from hamkori.dialogue import services
from hamkori.dialogue.models import REPORT_LAYOUT, Consultation, Handling, ReportDocument
from hamkori.dialogue.tests.factories import consultation_make
from hamkori.dialogue.workflow import ConsultationAction, ConsultationState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def renders(monkeypatch):
    """Replace WeasyPrint (seconds a report) by a stand-in that says what it rendered, and
    record each rendering as (consultation, language, version)."""
    made: list[tuple[int, str, int]] = []

    def render(consultation, language):
        version = Consultation.objects.get(pk=consultation.pk).report_version
        made.append((consultation.pk, language, version))
        return f"%PDF-1.7\nreport {consultation.pk} {language} v{version}\n%%EOF\n".encode()

    monkeypatch.setattr(services, "report_pdf", render)
    return made


def _files(consultation) -> list[str]:
    folder = f"dialogue/reports/{consultation.pk}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def _download(client, consultation, language="ru"):
    url = reverse("dialogue:consultation-report-pdf", args=[consultation.pk])
    return client.get(url, headers={"accept-language": language})


def _hide_one(consultation) -> None:
    services.comment_hide(
        actor=consultation.created_by, comment=consultation.comments.first(), reason="Спам"
    )


def test_the_first_download_renders_and_keeps_the_pdf_the_next_ones_stream_it(client, renders):
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=3)

    first = _download(client, consultation, "kk")
    second = _download(client, consultation, "kk")

    assert renders == [(consultation.pk, "kk", 0)]
    assert first.streaming and second.streaming
    body = first.getvalue()
    assert (
        body == second.getvalue() == f"%PDF-1.7\nreport {consultation.pk} kk v0\n%%EOF\n".encode()
    )
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Length"] == str(len(body))
    assert first["Content-Disposition"] == (
        f'inline; filename="consultation-{consultation.pk}-report.pdf"'
    )
    kept = ReportDocument.objects.get()
    assert (kept.language, kept.version, kept.layout, kept.size) == (
        "kk",
        0,
        REPORT_LAYOUT,
        len(body),
    )
    assert _files(consultation) == [kept.file.name.rsplit("/", 1)[1]]
    # Each language is its own document.
    assert b" ru v0" in _download(client, consultation, "ru").getvalue()
    assert len(renders) == 2


def test_hiding_a_comment_after_publication_makes_the_kept_pdf_stale(
    client, renders, django_capture_on_commit_callbacks
):
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=3)
    _download(client, consultation)
    old = ReportDocument.objects.get().file.name

    _hide_one(consultation)
    with django_capture_on_commit_callbacks(execute=True):
        response = _download(client, consultation)

    assert b" v1\n" in response.getvalue()
    assert renders == [(consultation.pk, "ru", 0), (consultation.pk, "ru", 1)]
    kept = ReportDocument.objects.get()
    assert kept.version == 1 and kept.file.name != old
    # The replaced file is gone after the switch's commit; the new one is whole.
    assert _files(consultation) == [kept.file.name.rsplit("/", 1)[1]]
    assert default_storage.open(kept.file.name).read().endswith(b"%%EOF\n")


def test_publishing_the_report_lets_the_worker_render_every_language(renders):
    from hamkori.core.tasks import periodic_jobs

    consultation = consultation_make(state=ConsultationState.CLOSED, comments=2)
    consultation.comments.update(handling=Handling.NOTED, response="Принято к сведению")
    assert services.report_documents_render_due() == 0
    services.consultation_transition(
        actor=consultation.created_by,
        consultation=consultation,
        action=ConsultationAction.PUBLISH_REPORT,
    )

    rounds = [services.report_documents_render_due(limit=3) for _ in range(3)]

    assert rounds == [3, 1, 0]
    assert sorted(language for _pk, language, _v in renders) == ["en", "kk", "ru", "tg"]
    assert {version for _pk, _l, version in renders} == {1}
    _hide_one(consultation)
    assert services.report_documents_render_due(limit=10) == 4
    assert set(ReportDocument.objects.values_list("version", flat=True)) == {2}
    assert services.report_documents_render_due in list(periodic_jobs())


def test_a_change_of_layout_makes_the_kept_pdfs_stale(client, renders):
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=1)
    _download(client, consultation)
    ReportDocument.objects.update(layout=REPORT_LAYOUT - 1)

    _download(client, consultation)

    assert len(renders) == 2
    assert ReportDocument.objects.get().layout == REPORT_LAYOUT


def test_of_two_renderings_at_once_the_newer_is_kept_and_the_other_file_deleted(
    renders, monkeypatch, django_capture_on_commit_callbacks
):
    # Given a rendering of version 0 during which a comment is hidden and a second request
    # renders (and keeps) version 1
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=2)
    stand_in = services.report_pdf

    def slow_render(consultation, language):
        pdf = stand_in(consultation, language)
        monkeypatch.setattr(services, "report_pdf", stand_in)
        _hide_one(consultation)
        services.report_document_render(consultation=consultation, language=language)
        return pdf

    monkeypatch.setattr(services, "report_pdf", slow_render)

    # When the first one finishes
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.report_document_render(consultation=consultation, language="ru")

    # Then version 1 stays kept and the first one's file is deleted
    assert [version for _pk, _l, version in renders] == [0, 1]
    assert kept.version == 1 and ReportDocument.objects.get().version == 1
    assert _files(consultation) == [kept.file.name.rsplit("/", 1)[1]]
    assert default_storage.open(kept.file.name).read().endswith(b"v1\n%%EOF\n")


def test_a_change_while_rendering_leaves_the_pdf_stale_not_labelled_newer(
    client, renders, monkeypatch
):
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=2)
    stand_in = services.report_pdf

    def render_then_hide(consultation, language):
        pdf = stand_in(consultation, language)
        _hide_one(consultation)
        return pdf

    monkeypatch.setattr(services, "report_pdf", render_then_hide)
    _download(client, consultation)
    monkeypatch.setattr(services, "report_pdf", stand_in)

    # The kept PDF shows version 0 and says so: the next download renders version 1.
    assert ReportDocument.objects.get().version == 0
    assert b" v1\n" in _download(client, consultation).getvalue()


def test_a_kept_pdf_lost_from_the_storage_is_rendered_again(client, renders):
    consultation = consultation_make(state=ConsultationState.REPORTED, comments=1)
    _download(client, consultation)
    default_storage.delete(ReportDocument.objects.get().file.name)

    response = _download(client, consultation)

    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF-")
    assert len(renders) == 2
    assert default_storage.exists(ReportDocument.objects.get().file.name)


@pytest.mark.parametrize("state", [ConsultationState.OPEN, ConsultationState.CLOSED])
def test_there_is_no_report_pdf_before_the_report_is_published(client, renders, state):
    consultation = consultation_make(state=state, comments=1)
    client.force_login(consultation.created_by)

    assert _download(client, consultation).status_code == 404
    assert renders == [] and not ReportDocument.objects.exists()
