"""The frozen form of a submission: its snapshot, the SHA-256 digest that a receipt quotes,
and the receipt as a PDF.

The digest is over canonical JSON (keys sorted, UTF-8, no spaces) so that anyone holding the
snapshot can recompute it; the receipt page prints the same canonical form's digest."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation

from hamkori.core.i18n import CONTENT_LANGUAGES

if TYPE_CHECKING:
    from hamkori.applications.models import Application, ApplicationVersion


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def snapshot_digest(snapshot: dict) -> str:
    """SHA-256 of the snapshot's canonical JSON, as 64 hex digits."""
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def _names(obj, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}", "") for code in CONTENT_LANGUAGES}


def snapshot_build(application: Application, *, number: int, submitted_at) -> dict:
    """Everything a submission consists of: the content, the attachments by name, hash, size
    and the required document each fills, and who applied to what. Read from rows the caller
    has locked or fetched."""
    call, lot, organisation = application.call, application.lot, application.organisation
    attachments = [
        {
            "id": attachment.pk,
            "document": attachment.document_id,
            # The document's name as the call stated it at submission, so the receipt says
            # what each file was for. Versions frozen before this key have only the id.
            "document_name": _names(attachment.document, "name") if attachment.document else None,
            "name": attachment.original_name,
            "kind": attachment.kind,
            "size": attachment.size,
            "sha256": attachment.sha256,
        }
        for attachment in application.attachments.select_related("document").order_by("pk")
    ]
    return {
        "version": number,
        "submitted_at": submitted_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "application": application.pk,
        "call": {"id": call.pk, "reference": call.reference, "title": _names(call, "title")},
        "lot": {
            "id": lot.pk,
            "number": lot.number,
            "title": _names(lot, "title"),
            "instrument": lot.instrument,
        },
        "organisation": {
            "id": organisation.pk,
            "jurisdiction": organisation.jurisdiction_id,
            "identifier": organisation.identifier,
            "name": _names(organisation, "name"),
        },
        "currency": application.currency,
        "content": application.content,
        "attachments": attachments,
    }


def receipt_pdf(version: ApplicationVersion, context: dict, language: str) -> bytes:
    """The receipt rendered from its HTML template by WeasyPrint, in `language`. DejaVu Sans
    covers the Kazakh and Tajik Cyrillic letters (ә ғ қ ң ө ұ ү һ і, ӣ ӯ ҳ ҷ)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string("applications/receipt_pdf.html", context)
    return HTML(string=html).write_pdf()
