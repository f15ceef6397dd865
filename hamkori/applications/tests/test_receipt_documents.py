"""The receipt says which required document each attached file fills: from the name frozen
in the snapshot for new versions, from the call's document for versions frozen before the
snapshot held it, without changing what their digests cover."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hamkori.applications.models import ApplicationVersion
from hamkori.applications.receipt import snapshot_digest
from hamkori.applications.services import application_submit
from hamkori.applications.tests.submission_factories import attach, ready_application
from hamkori.calls.workflow import CallState
from hamkori.registry.tests.factories import PASSWORD, member_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _submitted(language: str = "en"):
    """A submitted application with the call's document attached as charter.pdf and one
    more file given as no particular document (other.pdf)."""
    application = ready_application(language=language, attach_documents=False)
    document = application.call.documents.get()
    document.name_en, document.name_ru = "Charter of the organisation", "Устав организации"
    document.save()
    attach(application, document, name="charter.pdf")
    attach(application, None, name="other.pdf")
    version = application_submit(
        actor=application.created_by, application=application, idempotency_key="docs"
    )
    return application, version


def _rows(html: str) -> dict[str, str]:
    """{file name: the document cell of its row} of the receipt's attachments table."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if len(cells) >= 2 and cells[1].endswith(".pdf"):
            rows[cells[1]] = cells[0]
    return rows


def _receipt(client, application, user, language: str = "en") -> str:
    client.login(email=user.email, password=PASSWORD)
    client.cookies["django_language"] = language
    url = reverse("applications:application-receipt", args=[application.pk, 1])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_version_freezes_each_files_document_name_in_every_language():
    _application, version = _submitted()

    stored = ApplicationVersion.objects.get(pk=version.pk)

    by_file = {item["name"]: item for item in stored.snapshot["attachments"]}
    charter = by_file["charter.pdf"]["document_name"]
    assert charter["en"] == "Charter of the organisation"
    assert charter["ru"] == "Устав организации"
    assert by_file["other.pdf"]["document_name"] is None
    assert stored.digest == snapshot_digest(stored.snapshot)


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Charter of the organisation"), ("ru", "Устав организации")]
)
def test_the_receipt_names_the_document_each_file_fills(client, language, name):
    application, _version = _submitted(language)

    html = _receipt(client, application, application.created_by, language)

    rows = _rows(html)
    assert rows["charter.pdf"] == name
    assert rows["other.pdf"] not in ("", name)  # "Other documents", in the reader's language


def test_the_frozen_name_is_shown_even_if_the_document_row_changes_later(client):
    application, _version = _submitted()
    document = application.call.documents.get()
    document.name_en = "Renamed behind the receipt's back"
    document.save()

    html = _receipt(client, application, application.created_by)

    assert _rows(html)["charter.pdf"] == "Charter of the organisation"


def test_a_version_frozen_before_names_were_stored_keeps_its_digest_and_gets_the_name(client):
    # given a version as it was frozen before the snapshot held document names: its digest
    # covers exactly that older snapshot
    application, version = _submitted()
    old = dict(version.snapshot)
    old["attachments"] = [
        {k: v for k, v in item.items() if k != "document_name"} for item in old["attachments"]
    ]
    ApplicationVersion.objects.filter(pk=version.pk).update(
        snapshot=old, digest=snapshot_digest(old)
    )

    # when its receipt is shown
    html = _receipt(client, application, application.created_by)

    # then each file still says which document it fills, read from the call's document
    rows = _rows(html)
    assert rows["charter.pdf"] == "Charter of the organisation"
    assert rows["other.pdf"] == "Other documents"
    # and the stored snapshot and its digest are as they were
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert stored.snapshot == old
    assert stored.digest == snapshot_digest(old) in html


def test_the_official_after_the_close_sees_each_files_document(client):
    application, _version = _submitted()
    call = application.call
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = call.closes_at - timedelta(days=25)
    call.state = CallState.CLOSED
    call.save(update_fields=["opens_at", "closes_at", "state"])
    official = member_make(call.body)
    client.login(email=official.email, password=PASSWORD)

    html = client.get(reverse("applications:official-detail", args=[application.pk]))

    text = html.content.decode()
    assert "Charter of the organisation: <a" in text
    assert "Other documents: <a" in text
