"""The demo's consultations and study visit (issue 6): what a visitor is promised to find."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hamkori.core.audit import audit_verify
from hamkori.core.ical import ical_unfold
from hamkori.demo.load import demo_load
from hamkori.dialogue.models import City, Comment, Consultation, Programme
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_and_a_reported_consultation_and_the_study_visit(
    client, reference_data, settings, tmp_path
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "files"
    demo_load()

    # An open consultation of the Ministry of Culture and Information, commented in kk and ru.
    running = Consultation.objects.get(state=ConsultationState.OPEN)
    assert running.organiser.name_en.startswith("Ministry of Culture and Information")
    page = client.get(reverse("dialogue:consultation-detail", args=[running.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Предлагаем увеличить срок приёма заявок" in html
    assert "Экологиялық бағыттарды" in html
    assert running.comments.filter(organisation__isnull=False).count() == 2

    # The Almaty akimat's closed plan, with its report as a page and a PDF.
    reported = Consultation.objects.get(state=ConsultationState.REPORTED)
    assert reported.closes_on < running.opens_on
    assert not Comment.objects.filter(consultation=reported, handling="").exists()
    # its comments were written during its comment period, not on the day the demo loads
    written = [
        timezone.localdate(c.created_at) for c in Comment.objects.filter(consultation=reported)
    ]
    assert written and all(reported.opens_on <= day <= reported.closes_on for day in written)
    assert (
        client.get(reverse("dialogue:consultation-report", args=[reported.pk])).status_code == 200
    )
    pdf = client.get(reverse("dialogue:consultation-report-pdf", args=[reported.pk]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.getvalue())).pages)
    assert "Лот разделён" in text
    listed = client.get(reverse("dialogue:consultation-list")).content.decode()
    assert all(
        reverse("dialogue:consultation-detail", args=[c.pk]) in listed for c in (running, reported)
    )

    # The week-long study visit: Monday to Friday, Astana then Almaty, with follow-ups.
    programme = Programme.objects.get()
    assert programme.state == ProgrammeState.PUBLISHED
    assert (
        programme.starts_on.weekday() == 0 and (programme.ends_on - programme.starts_on).days == 4
    )
    sessions = list(programme.sessions.order_by("starts_at"))
    assert [s.city for s in sessions[:5]] == [City.ASTANA] * 5
    assert {s.city for s in sessions[5:]} == {City.ALMATY}
    hosts = {s.host.name_en for s in sessions if s.host}
    assert (
        "Akimat of Almaty city" in hosts and "NJSC Center for Support of Civil Initiatives" in hosts
    )
    assert any("Мажилис" in s.host_name for s in sessions)
    assert programme.participants.filter(country="TJ").count() == 6
    assert {f.done for s in sessions for f in s.follow_ups.all()} == {True, False}
    assert client.get(reverse("dialogue:programme-list")).status_code == 200
    detail = client.get(reverse("dialogue:programme-detail", args=[programme.pk])).content.decode()
    assert detail.count('class="programme-day"') == 5
    feed = client.get(reverse("dialogue:programme-ical", args=[programme.pk])).content.decode()
    assert sum(line == "BEGIN:VEVENT" for line in ical_unfold(feed)) == len(sessions)
    pdf = client.get(reverse("dialogue:programme-pdf", args=[programme.pk]))
    assert pdf.status_code == 200

    assert list(audit_verify()) == []
