"""A consultation's life through its pages: the organiser drafts and publishes, people
comment, an abusive comment is hidden, the period closes, every comment is handled and the
report is published as a page and a PDF."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from pypdf import PdfReader

from hamkori.calls.tests.factories import body_make
from hamkori.core.models import OutboxEmail
from hamkori.dialogue.models import Consultation
from hamkori.dialogue.tests.factories import consultation_make, official_make
from hamkori.dialogue.workflow import ConsultationState
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


def test_a_consultation_from_draft_to_published_report(client):
    body = body_make(name_ru="Министерство культуры и информации")
    official = official_make(body)
    client.force_login(official)
    today = local_today("KZ")

    # The organiser creates a draft; the period's end comes from the rules.
    response = client.post(
        reverse("dialogue:consultation-create"),
        {
            "organiser": body.pk,
            "kind": "regulation",
            "title_ru": "Проект правил предоставления грантов",
            "title_kk": "Гранттар беру қағидаларының жобасы",
            "opens_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.closes_on > today
    edit = reverse("dialogue:consultation-edit", args=[consultation.pk])
    assert response["Location"] == edit
    for number, heading in ((1, "Общие положения"), (2, "Порядок отбора")):
        response = client.post(
            edit, {"form": "section", "number": number, "heading": heading, "text": "Текст"}
        )
        assert response.status_code == 302
    pdf = SimpleUploadedFile("draft.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(edit, {"form": "document", "document": pdf}).status_code == 302
    not_pdf = SimpleUploadedFile("draft.pdf", b"PK\x03\x04 not a pdf")
    assert client.post(edit, {"form": "document", "document": not_pdf}).status_code == 400
    assert client.post(edit, {"form": "publish"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    document = client.get(reverse("dialogue:consultation-document", args=[consultation.pk]))
    assert b"".join(document.streaming_content).startswith(b"%PDF-")
    consultation.document.delete(save=False)
    Consultation.objects.filter(pk=consultation.pk).update(document="")

    # People comment: one in their own name on a section, one for their organisation.
    detail = reverse("dialogue:consultation-detail", args=[consultation.pk])
    section = consultation.sections.get(number=2)
    citizen = user_make(full_name="Ольга Петренко")
    client.force_login(citizen)
    response = client.post(
        detail, {"action": "comment", "section": section.pk, "text": "Сократить сроки отбора"}
    )
    assert response.status_code == 302
    cso = organisation_make(name_ru="ОО «Бірге»", name_en="Birge association")
    member = member_make(cso)
    member.preferred_language = "kk"
    member.save()
    client.force_login(member)
    response = client.post(
        detail, {"action": "comment", "organisation": cso.pk, "text": "Жалпы ескерту"}
    )
    assert response.status_code == 302
    client.force_login(user_make())
    client.post(detail, {"action": "comment", "text": "Оскорбительный текст"})
    assert client.post(detail, {"action": "comment", "text": " "}).status_code == 400

    page = client.get(detail).content.decode()
    assert "Ольга Петренко" in page and "Birge association" in page
    assert page.index("Сократить сроки отбора") > page.index("Порядок отбора")

    # The organiser hides the abusive one with a reason shown in its place.
    client.force_login(official)
    abusive = consultation.comments.get(text="Оскорбительный текст")
    hide = reverse("dialogue:comment-hide", args=[consultation.pk, abusive.pk])
    assert client.post(hide, {"reason": ""}).status_code == 400
    assert client.post(hide, {"reason": "Нарушение правил"}).status_code == 302
    client.logout()
    page = client.get(detail).content.decode()
    assert "Оскорбительный текст" not in page and "Нарушение правил" in page

    # The period ends; the organiser closes it and handles every comment.
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=1)
    )
    client.force_login(official)
    response = client.post(detail, {"action": "close"})
    report = reverse("dialogue:consultation-report", args=[consultation.pk])
    assert response["Location"] == report
    assert client.get(report).status_code == 200
    response = client.post(report, {"form": "report"})
    assert response.status_code == 400
    for comment, handling in zip(
        consultation.comments.filter(hidden_at__isnull=True).order_by("pk"),
        ("partly", "noted"),
        strict=True,
    ):
        response = client.post(
            reverse("dialogue:comment-handle", args=[consultation.pk, comment.pk]),
            {f"c{comment.pk}-handling": handling, f"c{comment.pk}-response": f"Ответ {handling}"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert f'id="comment-{comment.pk}"' in response.content.decode()
    response = client.post(report, {"form": "report", "report_summary_ru": "Итоги"})
    assert response.status_code == 302

    # The report is public, as a page and a PDF; the commenters were told.
    client.logout()
    page = client.get(report).content.decode()
    assert "Ответ partly" in page and "Итоги" in page
    pdf = client.get(reverse("dialogue:consultation-report-pdf", args=[consultation.pk]))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.getvalue())).pages)
    assert "Проект правил предоставления грантов" in text
    assert "Сократить сроки отбора" in text and "Ответ noted" in text
    assert "Оскорбительный текст" not in text
    recipients = {a for mail in OutboxEmail.objects.all() for a in mail.to}
    assert {citizen.email, member.email} <= recipients
    assert any(
        member.email in mail.to and mail.language == "kk" for mail in OutboxEmail.objects.all()
    )


def test_the_list_filters_by_state_and_organiser(client):
    mci = body_make(name_ru="МКИ")
    akimat = body_make(name_ru="Акимат")
    running = consultation_make(mci, state=ConsultationState.OPEN, title_ru="Открытый проект")
    closed = consultation_make(akimat, state=ConsultationState.REPORTED, title_ru="Закрытый")
    draft = consultation_make(mci, state=ConsultationState.DRAFT, title_ru="Черновик")
    url = reverse("dialogue:consultation-list")

    def listed(query: str) -> set[str]:
        page = client.get(url + query).content.decode()
        return {
            c.title_ru
            for c in (running, closed, draft)
            if reverse("dialogue:consultation-detail", args=[c.pk]) in page
        }

    assert listed("") == {"Открытый проект", "Закрытый"}
    assert listed("?show=open") == {"Открытый проект"}
    assert listed("?show=closed") == {"Закрытый"}
    assert listed(f"?organiser={akimat.pk}") == {"Закрытый"}
    assert listed("?organiser=x") == {"Открытый проект", "Закрытый"}
    partial = client.get(url + "?show=open", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert reverse("dialogue:consultation-detail", args=[running.pk]) in partial


def test_the_list_filter_and_badges_say_closed_in_the_consultations_own_words(client):
    # In Russian the calls' bare "closed" reads "прием заявок завершен" (applications).
    consultation_make(state=ConsultationState.CLOSED)

    html = client.get(
        reverse("dialogue:consultation-list"), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    with translation.override("ru"):
        own = pgettext("consultation", "closed")
        label = str(ConsultationState.CLOSED.label)
    assert label == own
    assert f'<option value="closed" >{own}</option>' in html
