"""The printable documents of the app, rendered by WeasyPrint from the same partials as the
pages (as decisions/minutes.py does): a consultation's closing report and a programme.

The report is rendered once per language and kept (services.report_document_render; the
worker renders it after publication, the download renders it only when missing or stale)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from hamkori.dialogue.models import Consultation, Programme
from hamkori.dialogue.selectors import (
    programme_page,
    report_comments,
    report_groups,
    report_totals,
)


def _pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def report_pdf(consultation: Consultation, language: str) -> bytes:
    """The closing report: the totals, then every comment under its section with how it was
    handled and the response (several seconds at a thousand comments: never per request)."""
    return _pdf(
        "dialogue/report_pdf.html",
        {
            "consultation": consultation,
            "totals": report_totals(consultation),
            "groups": report_groups(report_comments(consultation)),
        },
        language,
    )


def programme_pdf(programme: Programme, language: str) -> bytes:
    """The programme day by day, with the delegation, notes and follow-up actions."""
    return _pdf("dialogue/programme_pdf.html", {"page": programme_page(programme)}, language)
