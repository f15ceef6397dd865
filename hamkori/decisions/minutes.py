"""The minutes of a commission meeting, as a page and as a PDF rendered by WeasyPrint from
the same partial (see applications/receipt.py for the fonts)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamkori.decisions.models import CommissionMeeting
from hamkori.decisions.selectors import meeting_view
from hamkori.rules.selectors import local_zone


def minutes_context(meeting: CommissionMeeting) -> dict:
    zone = local_zone(meeting.call.jurisdiction_id)
    return {
        "meeting": meeting,
        "call": meeting.call,
        "view": meeting_view(meeting),
        "held_local": timezone.localtime(meeting.held_at, zone),
        "decided_local": timezone.localtime(meeting.decided_at, zone)
        if meeting.decided_at
        else None,
        "zone": zone.key,
    }


def minutes_pdf(context: dict, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string("decisions/minutes_pdf.html", context)
    return HTML(string=html).write_pdf()
