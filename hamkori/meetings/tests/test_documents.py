"""Documents of agenda items are judged by their content, like application attachments."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamkori.meetings import services
from hamkori.meetings.models import AgendaDocument
from hamkori.meetings.tests.factories import first_item, meeting_make, secretary_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_pdf_is_attached_and_downloadable(reference_data, media, client):
    meeting = meeting_make(publish=True)
    item = first_item(meeting)

    document = services.agenda_document_add(
        actor=secretary_of(meeting.council),
        item=item,
        uploaded_file=SimpleUploadedFile("../../draft plan.pdf", PDF),
    )

    assert (document.kind, document.original_name, document.size) == (
        "pdf",
        "draft plan.pdf",
        len(PDF),
    )
    response = client.get(f"/meetings/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", b"MZ\x90\x00 not a pdf"), ("empty.pdf", b"")],
)
def test_files_that_are_not_what_they_claim_are_refused(reference_data, media, name, content):
    meeting = meeting_make()

    with pytest.raises(ValidationError):
        services.agenda_document_add(
            actor=secretary_of(meeting.council),
            item=first_item(meeting),
            uploaded_file=SimpleUploadedFile(name, content),
        )
    assert not AgendaDocument.objects.exists()


def test_the_same_file_twice_is_refused(reference_data, media):
    meeting = meeting_make()
    secretary = secretary_of(meeting.council)
    item = first_item(meeting)
    services.agenda_document_add(
        actor=secretary, item=item, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )

    with pytest.raises(ValidationError):
        services.agenda_document_add(
            actor=secretary, item=item, uploaded_file=SimpleUploadedFile("b.pdf", PDF)
        )


def test_documents_of_a_planned_meeting_are_not_public(reference_data, media, client):
    meeting = meeting_make()
    document = services.agenda_document_add(
        actor=secretary_of(meeting.council),
        item=first_item(meeting),
        uploaded_file=SimpleUploadedFile("a.pdf", PDF),
    )

    assert client.get(f"/meetings/documents/{document.pk}/").status_code == 404


def test_secretary_uploads_through_the_item_page(reference_data, media, client):
    meeting = meeting_make()
    item = first_item(meeting)
    client.force_login(secretary_of(meeting.council))
    url = f"/meetings/items/{item.pk}/"

    accepted = client.post(url, {"file": SimpleUploadedFile("plan.pdf", PDF)})
    refused = client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"not a pdf at all")})

    assert accepted.status_code == 302
    assert refused.status_code == 400
    assert item.documents.count() == 1
