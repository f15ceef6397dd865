"""Submission: the frozen version and its digest, the receipt (page, PDF, e-mail), the
deadline by the server's clock, idempotency, resubmission and withdrawal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import message_text
from hamkori.applications.models import ApplicationState, ApplicationVersion, EligibilityCheck
from hamkori.applications.receipt import snapshot_digest
from hamkori.applications.services import application_submit, application_withdraw
from hamkori.applications.tests.submission_factories import open_call, ready_application
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.core.outbox import outbox_send_pending
from hamkori.registry.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_submit_freezes_a_version_with_a_reproducible_digest():
    # given a complete draft
    application = ready_application()
    user = application.created_by

    # when it is submitted
    version = application_submit(actor=user, application=application, idempotency_key="k-1")

    # then a version holds the content, the attachments and who applied to what
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.current_version == version
    assert version.number == 1
    stored = ApplicationVersion.objects.get(pk=version.pk)
    assert stored.digest == snapshot_digest(stored.snapshot)
    assert len(stored.digest) == 64
    assert stored.snapshot["content"] == application.content
    assert stored.snapshot["organisation"]["identifier"] == application.organisation.identifier
    [attached] = stored.snapshot["attachments"]
    assert len(attached["sha256"]) == 64
    # and every eligibility check passed, each with a reason
    checks = EligibilityCheck.objects.filter(version=version)
    assert checks.count() == 7
    assert all(check.passed and check.reason for check in checks), [
        (c.code, c.reason) for c in checks if not c.passed
    ]
    assert AuditEvent.objects.filter(action="applications.application.submit").count() == 1


def test_receipt_email_quotes_the_digest_and_links_the_receipt(smtp_server):
    application = ready_application()
    user = application.created_by

    version = application_submit(actor=user, application=application, idempotency_key="k-2")
    sent = outbox_send_pending()

    assert sent == 1
    [message] = smtp_server.messages
    assert user.email in message["X-Envelope-To"]
    body = message_text(message)
    assert version.digest in body
    assert reverse("applications:application-receipt", args=[application.pk, 1]) in body


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_receipt_page_and_pdf_quote_the_digest(client, language):
    application = ready_application(language=language)
    user = application.created_by
    version = application_submit(actor=user, application=application, idempotency_key="k-3")
    client.login(email=user.email, password=PASSWORD)
    client.cookies["django_language"] = language

    page = client.get(reverse("applications:application-receipt", args=[application.pk, 1]))
    pdf = client.get(reverse("applications:application-receipt-pdf", args=[application.pk, 1]))

    assert page.status_code == 200
    assert version.digest in page.content.decode()
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert version.digest in text.replace("\n", "").replace(" ", "")
    assert application.organisation.identifier in text


def test_one_second_late_is_refused_and_nothing_is_written():
    # given a call whose deadline passed a second ago
    call = open_call(closes_in=timedelta(days=1))
    application = ready_application(call=call)
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save(update_fields=["closes_at"])
    application.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        application_submit(
            actor=application.created_by, application=application, idempotency_key="k-4"
        )

    assert "The deadline passed at" in str(refused.value)
    assert not ApplicationVersion.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert not OutboxEmail.objects.exists()


def test_the_same_key_twice_gives_one_version():
    application = ready_application()
    user = application.created_by

    first = application_submit(actor=user, application=application, idempotency_key="k-5")
    second = application_submit(actor=user, application=application, idempotency_key="k-5")

    assert first.pk == second.pk
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    assert OutboxEmail.objects.count() == 1


def test_a_double_click_through_the_page_gives_one_version(client):
    application = ready_application()
    client.login(email=application.created_by.email, password=PASSWORD)
    url = reverse("applications:application-submit", args=[application.pk])

    first = client.post(url, {"idempotency_key": "page-key"})
    second = client.post(url, {"idempotency_key": "page-key"})

    receipt = reverse("applications:application-receipt", args=[application.pk, 1])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == receipt
    assert ApplicationVersion.objects.filter(application=application).count() == 1


def test_resubmission_supersedes_the_earlier_version():
    application = ready_application()
    user = application.created_by
    first = application_submit(actor=user, application=application, idempotency_key="k-6")
    # the applicant changes the submitted application before the deadline
    application.content = {**application.content, "summary": "A better summary."}
    application.save(update_fields=["content"])

    second = application_submit(actor=user, application=application, idempotency_key="k-7")

    first.refresh_from_db()
    application.refresh_from_db()
    assert second.number == 2
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert application.current_version == second
    assert second.digest != first.digest
    assert second.snapshot["content"]["summary"] == "A better summary."


def test_withdrawal_before_the_deadline():
    application = ready_application()
    user = application.created_by
    application_submit(actor=user, application=application, idempotency_key="k-8")

    application_withdraw(actor=user, application=application, reason="Changed our plans")

    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    event = AuditEvent.objects.get(action="applications.application.withdraw")
    assert event.changes["reason"] == "Changed our plans"


def test_withdrawal_after_the_deadline_is_refused():
    application = ready_application()
    call = application.call
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save(update_fields=["closes_at"])
    application.refresh_from_db()

    with pytest.raises(ValidationError):
        application_withdraw(actor=application.created_by, application=application)

    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_incomplete_application_lists_every_problem_and_writes_nothing():
    # given a draft without a title, without budget, over no document
    application = ready_application(attach_documents=False, title="", budget=[])

    with pytest.raises(ValidationError) as refused:
        application_submit(
            actor=application.created_by, application=application, idempotency_key="k-9"
        )

    problems = refused.value.message_dict
    assert "title" in problems
    assert "budget" in problems
    assert any("Document 1" in message for message in problems["attachments"])
    assert not ApplicationVersion.objects.exists()
    assert not OutboxEmail.objects.exists()
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_amount_over_the_lot_and_institutional_share_over_the_cap_are_refused():
    budget = [
        {"category": "staff", "item": "Staff", "amount": "4000000.00", "cofinancing": "0"},
        {"category": "institutional", "item": "Office", "amount": "2000000.00", "cofinancing": "0"},
    ]
    application = ready_application(budget=budget)  # 6,000,000 > lot 5,000,000; 33 % > 10 %

    with pytest.raises(ValidationError) as refused:
        application_submit(
            actor=application.created_by, application=application, idempotency_key="k-10"
        )

    messages = " ".join(refused.value.message_dict["budget"])
    assert "more than the lot budget" in messages
    assert "Institutional costs" in messages and "10%" in messages


def test_a_submitted_application_can_be_changed_and_resubmitted_before_the_deadline():
    from hamkori.applications.services import application_save_draft

    application = ready_application()
    user = application.created_by
    application_submit(actor=user, application=application, idempotency_key="r-1")
    application.refresh_from_db()

    application_save_draft(
        actor=user,
        application=application,
        lock_version=application.lock_version,
        content={**application.content, "summary": "Changed after submission."},
    )
    second = application_submit(actor=user, application=application, idempotency_key="r-2")

    assert second.number == 2
    assert second.snapshot["content"]["summary"] == "Changed after submission."


def test_the_submit_page_lists_what_is_missing(client):
    application = ready_application(attach_documents=False, title="")
    client.login(email=application.created_by.email, password=PASSWORD)
    url = reverse("applications:application-submit", args=[application.pk])

    page = client.get(url)
    refused = client.post(url, {"idempotency_key": "incomplete"})

    assert page.status_code == 200
    assert "Document 1" in page.content.decode()
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert not ApplicationVersion.objects.exists()
