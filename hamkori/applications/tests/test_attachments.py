"""Attachments: the type from the content, never the name; size limits; downloads only
through the permission check."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamkori.applications import services
from hamkori.applications.files import WORD_MAIN, file_type
from hamkori.applications.models import Attachment
from hamkori.applications.tests.factories import application_make
from hamkori.calls.models import RequiredDocument
from hamkori.core.models import AuditEvent
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.HAMKORI_MAX_UPLOAD_BYTES = 1024 * 1024


def docx_bytes(main_type: str = WORD_MAIN) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" '
            f'ContentType="{main_type}"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's claimed type is deliberately wrong: it must not matter.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.docx", PDF, "pdf"),  # a PDF renamed .docx is a PDF
        ("photo.pdf", PNG, "image"),
        ("scan.txt", JPEG, "image"),
        ("plan.pdf", docx_bytes(), "docx"),
        ("budget", xlsx_bytes(), "xlsx"),
    ],
)
def test_the_type_comes_from_the_content(name, content, kind):
    assert file_type(upload(name, content)).kind == kind


@pytest.mark.parametrize(
    "content",
    [
        EXE,
        HTML,
        b"",
        b"PK\x03\x04 not really a zip",
        docx_bytes("application/vnd.ms-word.document.macroEnabled.main+xml"),
    ],
    ids=["exe", "html", "empty", "broken-zip", "docm"],
)
def test_other_content_is_not_recognised(content):
    assert file_type(upload("innocent.pdf", content)) is None


def test_a_zip_that_is_not_an_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/evil.exe", EXE)
    assert file_type(upload("x.docx", buffer.getvalue())) is None


def _document(application, kinds):
    return RequiredDocument.objects.create(
        call=application.call, name_en="Charter", kinds=kinds, required=True
    )


def test_an_attachment_is_stored_under_our_name_with_its_digest():
    # given a draft and a document accepting PDFs
    application = application_make()
    document = _document(application, ["pdf"])
    # when a PDF named .docx is attached
    attachment = services.attachment_add(
        actor=application.created_by,
        application=application,
        document=document,
        uploaded_file=upload("../../etc/charter.docx", PDF),
    )
    # then it is a PDF, under applications/<id>/<sha256>, with the cleaned original name
    assert attachment.kind == "pdf" and attachment.content_type == "application/pdf"
    assert attachment.original_name == "charter.docx"
    assert attachment.file.name.startswith(f"applications/{application.pk}/{attachment.sha256}")
    assert attachment.size == len(PDF)
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    assert AuditEvent.objects.filter(action="applications.attachment.add").exists()


@pytest.mark.parametrize("content", [EXE, HTML], ids=["exe", "html"])
def test_executables_and_html_named_pdf_are_refused(content):
    application = application_make()
    with pytest.raises(ValidationError, match="file type is not accepted"):
        services.attachment_add(
            actor=application.created_by,
            application=application,
            document=None,
            uploaded_file=upload("invoice.pdf", content),
        )
    assert not Attachment.objects.exists()


def test_the_documents_accepted_kinds_are_enforced():
    application = application_make()
    document = _document(application, ["pdf", "docx"])
    with pytest.raises(ValidationError, match="must be one of: PDF, DOCX"):
        services.attachment_add(
            actor=application.created_by,
            application=application,
            document=document,
            uploaded_file=upload("sheet.pdf", xlsx_bytes()),
        )


def test_files_over_the_limit_are_refused(settings):
    settings.HAMKORI_MAX_UPLOAD_BYTES = 1024 * 1024
    application = application_make()
    too_big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.attachment_add(
            actor=application.created_by,
            application=application,
            document=None,
            uploaded_file=upload("big.pdf", too_big),
        )
    assert not Attachment.objects.exists()


def test_withdrawn_applications_take_no_attachments():
    application = application_make(state="withdrawn")
    with pytest.raises(ValidationError, match="no longer a draft"):
        services.attachment_add(
            actor=application.created_by,
            application=application,
            document=None,
            uploaded_file=upload("a.pdf", PDF),
        )


def test_removing_an_attachment_deletes_its_file(django_capture_on_commit_callbacks):
    application = application_make()
    attachment = services.attachment_add(
        actor=application.created_by,
        application=application,
        document=None,
        uploaded_file=upload("a.pdf", PDF),
    )
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=application.created_by, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


def _attached(application, content=PDF, name="Устав организации.pdf"):
    return services.attachment_add(
        actor=application.created_by,
        application=application,
        document=None,
        uploaded_file=upload(name, content),
    )


def test_a_member_downloads_the_file_with_safe_headers(client):
    application = application_make()
    attachment = _attached(application)
    client.force_login(member_make(application.organisation))
    response = client.get(reverse("applications:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%A3%D1%81%D1%82%D0%B0%D0%B2" in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["anonymous", "other_cso", "stranger"])
def test_others_cannot_download(client, who):
    application = application_make()
    attachment = _attached(application)
    if who == "other_cso":
        client.force_login(member_make(organisation_make("KZ")))
    elif who == "stranger":
        client.force_login(user_make())
    response = client.get(reverse("applications:attachment-download", args=[attachment.pk]))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert reverse("accounts:login") in response.url


def test_the_file_path_never_appears_on_the_editor(client):
    application = application_make()
    attachment = _attached(application)
    client.force_login(application.created_by)
    html = client.get(reverse("applications:application-edit", args=[application.pk])).content
    assert attachment.sha256.encode() not in html
    assert attachment.file.name.encode() not in html
    assert reverse("applications:attachment-download", args=[attachment.pk]).encode() in html


def test_uploading_through_the_page_with_and_without_htmx(client):
    application = application_make()
    document = _document(application, ["pdf"])
    client.force_login(application.created_by)
    url = reverse("applications:attachment-add", args=[application.pk])
    # without JavaScript: back to the editor with a message
    response = client.post(url, {"document": document.pk, "file": upload("a.pdf", PDF)})
    assert response.status_code == 302 and response.url.endswith("#attachments")
    # with htmx: the attachments section, with the refusal in words
    response = client.post(
        url, {"document": document.pk, "file": upload("b.pdf", HTML)}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="attachments"' in html and "file type is not accepted" in html
    assert Attachment.objects.filter(application=application).count() == 1


def test_removing_through_the_page(client):
    application = application_make()
    attachment = _attached(application)
    client.force_login(application.created_by)
    response = client.post(
        reverse("applications:attachment-remove", args=[attachment.pk]), HTTP_HX_REQUEST="true"
    )
    assert "was removed" in response.content.decode()
    assert not Attachment.objects.exists()


def test_another_cso_cannot_attach_or_remove(client):
    application = application_make()
    attachment = _attached(application)
    client.force_login(member_make(organisation_make("KZ")))
    add = client.post(
        reverse("applications:attachment-add", args=[application.pk]),
        {"file": upload("x.pdf", PDF)},
    )
    remove = client.post(reverse("applications:attachment-remove", args=[attachment.pk]))
    assert add.status_code == remove.status_code == 404
    assert Attachment.objects.count() == 1
