"""Builders for the submission tests: an application that is ready to submit (complete,
attached, from an eligible organisation) on an open call."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from hamkori.accounts.models import MembershipRole
from hamkori.applications.models import Application, Attachment
from hamkori.applications.tests.factories import application_make, complete_content
from hamkori.calls.models import Instrument
from hamkori.calls.tests.factories import body_make, call_make
from hamkori.calls.workflow import CallState
from hamkori.registry.models import AnnualReport
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def eligible_organisation(jurisdiction: str = "KZ", **fields):
    """An active CSO with last year's annual report filed on time."""
    organisation = organisation_make(jurisdiction, **fields)
    year = timezone.localdate().year - 1
    AnnualReport.objects.create(
        organisation=organisation,
        year=year,
        submitted_on=date(year + 1, 2, 1),
        currency="KZT" if jurisdiction == "KZ" else "TJS",
    )
    if timezone.localdate() <= date(timezone.localdate().year, 3, 31):
        # Before 31 March the report of the year before last is the one that counts.
        AnnualReport.objects.create(
            organisation=organisation,
            year=year - 1,
            submitted_on=date(year, 2, 1),
            currency="KZT" if jurisdiction == "KZ" else "TJS",
        )
    return organisation


def open_call(jurisdiction: str = "KZ", closes_in: timedelta = timedelta(days=20), **fields):
    instrument = fields.pop(
        "instrument", Instrument.GRANT_SHORT if jurisdiction == "KZ" else Instrument.SSO
    )
    call = call_make(
        body=body_make(jurisdiction),
        state=CallState.OPEN,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + closes_in,
        instrument=instrument,
        **fields,
    )
    # The complete content runs 12 months: within the short-grant and SSO bounds.
    call.lots.update(duration_months=12)
    return call


def attach(application: Application, document=None, content: bytes = PDF_BYTES, name="a.pdf"):
    """An attachment row with its file stored (as the editing service would)."""
    import hashlib

    attachment = Attachment(
        application=application,
        document=document,
        original_name=name,
        kind="pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=application.created_by,
    )
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment


def ready_application(
    jurisdiction: str = "KZ",
    call=None,
    organisation=None,
    user=None,
    language: str = "ru",
    attach_documents: bool = True,
    **content_overrides,
) -> Application:
    """A complete draft by an administrator of an eligible CSO, with every required
    document attached."""
    call = call or open_call(jurisdiction)
    organisation = organisation or eligible_organisation(call.jurisdiction_id)
    user = user or member_make(
        organisation, user_make(preferred_language=language), role=MembershipRole.ADMIN
    )
    regions = ["KZ-71"] if call.jurisdiction_id == "KZ" else ["TJ-DU"]
    content = complete_content(language=language, **content_overrides)
    content["target_group"]["regions"] = regions
    application = application_make(
        call=call,
        lot=call.lots.order_by("number").first(),
        organisation=organisation,
        user=user,
        content=content,
    )
    if attach_documents:
        for document in call.documents.filter(required=True):
            attach(application, document)
    return application
