"""The minutes of a council meeting as a page and as a PDF rendered by WeasyPrint from the
same partial (like decisions/minutes.py): the text per item written by the secretary, with
attendance, quorum and the votes taken from the records."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamkori.meetings.models import Meeting
from hamkori.meetings.selectors import meeting_view
from hamkori.rules.selectors import local_zone


def minutes_context(meeting: Meeting) -> dict:
    zone = local_zone(meeting.council.jurisdiction_id)
    view = meeting_view(meeting)
    return {
        "meeting": meeting,
        "council": meeting.council,
        "view": view,
        "present": [a.member for a in view.attendance if a.present],
        "absent": [a.member for a in view.attendance if not a.present],
        "starts_local": timezone.localtime(meeting.starts_at, zone),
        "ends_local": timezone.localtime(meeting.ends_at, zone),
        "zone": zone.key,
    }


def minutes_pdf(context: dict, language: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string("meetings/minutes_pdf.html", context)
    return HTML(string=html).write_pdf()
