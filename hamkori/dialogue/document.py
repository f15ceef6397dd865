"""The printable documents of the app, rendered by WeasyPrint from the same partials as the
pages (as decisions/minutes.py does): a consultation's closing report and a programme."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from hamkori.dialogue.models import Consultation, Programme
from hamkori.dialogue.selectors import consultation_page, programme_page


def _pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def report_pdf(consultation: Consultation, language: str) -> bytes:
    """The closing report: every comment with how it was handled and the response."""
    return _pdf(
        "dialogue/report_pdf.html",
        {"consultation": consultation, "page": consultation_page(consultation)},
        language,
    )


def programme_pdf(programme: Programme, language: str) -> bytes:
    """The programme day by day, with the delegation, notes and follow-up actions."""
    return _pdf("dialogue/programme_pdf.html", {"page": programme_page(programme)}, language)
