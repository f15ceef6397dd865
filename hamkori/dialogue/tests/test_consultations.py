"""Consultations through their services: the period from the rules, the workflow, comments,
moderation, the closing report and its e-mails, with an audit event for each change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamkori.calls.tests.factories import body_make, plan_make
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.councils.models import Position
from hamkori.councils.tests.factories import council_make, seat_make
from hamkori.dialogue import services
from hamkori.dialogue.models import Comment, ConsultationKind, Handling
from hamkori.dialogue.tests.factories import consultation_make, official_make
from hamkori.dialogue.workflow import ConsultationAction, ConsultationState
from hamkori.registry.tests.factories import member_make, organisation_make, user_make
from hamkori.rules.selectors import local_today

pytestmark = pytest.mark.django_db


def _create(actor, organiser, **fields):
    fields.setdefault("kind", ConsultationKind.REGULATION)
    fields.setdefault("titles", {"ru": "Проект правил", "kk": "Ереже жобасы"})
    fields.setdefault("opens_on", local_today("KZ") + timedelta(days=1))
    return services.consultation_create(actor=actor, organiser=organiser, **fields)


def _actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), action__startswith="dialogue.")
        .order_by("position")
        .values_list("action", flat=True)
    )


def test_the_period_closes_the_rules_working_days_after_opening_skipping_holidays():
    # Given 16 December 2026, Independence Day, inside the ten working days from the 14th
    body = body_make()
    consultation = _create(official_make(body), body, opens_on=date(2026, 12, 14))

    # Then the period ends on the 29th, one day later than by weekdays alone
    assert consultation.closes_on == date(2026, 12, 29)
    assert _actions(consultation) == ["dialogue.consultation.create"]


def test_a_period_outside_the_loaded_calendar_must_be_given():
    body = body_make()
    with pytest.raises(ValidationError) as error:
        _create(official_make(body), body, opens_on=date(2031, 3, 3))
    assert "closes_on" in error.value.message_dict
    consultation = _create(
        official_make(body), body, opens_on=date(2031, 3, 3), closes_on=date(2031, 3, 17)
    )
    assert consultation.closes_on == date(2031, 3, 17)


def test_only_officials_of_the_organiser_or_its_council_secretary_create():
    body = body_make()
    with pytest.raises(PermissionDenied):
        _create(official_make(body_make()), body)
    with pytest.raises(PermissionDenied):
        _create(member_make(organisation_make()), body)
    council = council_make(host=body)
    secretary = seat_make(council, position=Position.SECRETARY).user
    consultation = _create(secretary, body, council=council)
    assert consultation.council == council


def test_links_must_belong_to_the_organiser():
    body = body_make()
    with pytest.raises(ValidationError) as error:
        _create(official_make(body), body, plan=plan_make(body_make()))
    assert "plan" in error.value.message_dict
    consultation = _create(official_make(body), body, plan=plan_make(body))
    assert consultation.plan.body == body


def test_a_draft_is_edited_and_published_once_it_has_sections():
    body = body_make()
    official = official_make(body)
    consultation = _create(official, body)
    opens = consultation.opens_on
    services.consultation_update(
        actor=official,
        consultation=consultation,
        kind=ConsultationKind.PLAN,
        titles={"ru": "Проект плана"},
        summaries={"kk": "Қысқаша"},
        opens_on=opens,
        closes_on=opens + timedelta(days=20),
    )
    with pytest.raises(ValidationError):
        services.consultation_transition(
            actor=official, consultation=consultation, action=ConsultationAction.PUBLISH
        )
    services.section_add(actor=official, consultation=consultation, number=1, heading="Общие")
    with pytest.raises(ValidationError):
        services.section_add(actor=official, consultation=consultation, number=1, heading="Ещё")
    consultation = services.consultation_transition(
        actor=official, consultation=consultation, action=ConsultationAction.PUBLISH
    )

    assert consultation.state == ConsultationState.OPEN
    assert consultation.published_at is not None
    with pytest.raises(PermissionDenied):
        services.consultation_update(
            actor=official,
            consultation=consultation,
            kind=ConsultationKind.PLAN,
            titles={"ru": "Другое"},
            summaries={},
            opens_on=opens,
            closes_on=opens + timedelta(days=3),
        )
    assert _actions(consultation) == [
        "dialogue.consultation.create",
        "dialogue.consultation.update",
        "dialogue.section.add",
        "dialogue.consultation.publish",
    ]


def test_a_draft_cannot_be_published_to_open_in_the_past():
    consultation = consultation_make(state=ConsultationState.DRAFT)
    consultation.opens_on = local_today("KZ") - timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationError):
        services.consultation_transition(
            actor=consultation.created_by,
            consultation=consultation,
            action=ConsultationAction.PUBLISH,
        )


def test_the_document_must_really_be_a_pdf():
    consultation = consultation_make(state=ConsultationState.DRAFT)
    png = SimpleUploadedFile("draft.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with pytest.raises(ValidationError):
        services.consultation_document_set(
            actor=consultation.created_by, consultation=consultation, uploaded_file=png
        )
    pdf = SimpleUploadedFile("Проект правил.pdf", b"%PDF-1.7\n" + b"0" * 200)
    consultation = services.consultation_document_set(
        actor=consultation.created_by, consultation=consultation, uploaded_file=pdf
    )
    assert consultation.document_name == "Проект правил.pdf"
    assert consultation.document_size == 209
    assert consultation.document.name.endswith(f"{consultation.document_sha256}.pdf")
    consultation.document.delete(save=False)


def test_people_comment_only_while_the_period_runs():
    consultation = consultation_make(state=ConsultationState.OPEN)
    section = consultation.sections.first()
    citizen = user_make()
    comment = services.comment_add(
        actor=citizen, consultation=consultation, section=section, text=" Предлагаю уточнить "
    )
    assert comment.text == "Предлагаю уточнить"
    assert _actions(comment) == ["dialogue.comment.add"]

    consultation.closes_on = local_today("KZ") - timedelta(days=1)
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.comment_add(actor=citizen, consultation=consultation, text="Поздно")
    for state in (ConsultationState.DRAFT, ConsultationState.CLOSED):
        with pytest.raises(PermissionDenied):
            services.comment_add(
                actor=citizen, consultation=consultation_make(state=state), text="Нет"
            )


def test_a_comment_on_behalf_of_an_organisation_needs_membership():
    consultation = consultation_make(state=ConsultationState.OPEN)
    cso = organisation_make()
    person = member_make(cso)
    with pytest.raises(ValidationError):
        services.comment_add(
            actor=user_make(), consultation=consultation, text="От имени", organisation=cso
        )
    comment = services.comment_add(
        actor=person, consultation=consultation, text="От имени", organisation=cso
    )
    assert comment.organisation == cso
    other = consultation_make(state=ConsultationState.OPEN).sections.first()
    with pytest.raises(ValidationError):
        services.comment_add(actor=person, consultation=consultation, text="x", section=other)


def test_the_organiser_hides_an_abusive_comment_with_a_reason():
    consultation = consultation_make(state=ConsultationState.OPEN, comments=2)
    comment = consultation.comments.first()
    with pytest.raises(ValidationError):
        services.comment_hide(actor=consultation.created_by, comment=comment, reason=" ")
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=user_make(), comment=comment, reason="Оскорбление")
    comment = services.comment_hide(
        actor=consultation.created_by, comment=comment, reason="Оскорбление"
    )
    assert comment.hidden and comment.hidden_by == consultation.created_by
    event = AuditEvent.objects.get(action="dialogue.comment.hide")
    assert event.changes == {"reason": "Оскорбление"}
    with pytest.raises(ValidationError):
        services.comment_hide(actor=consultation.created_by, comment=comment, reason="Ещё")


def test_the_period_closes_when_over_and_not_before():
    running = consultation_make(state=ConsultationState.OPEN)
    with pytest.raises(ValidationError):
        services.consultation_transition(
            actor=running.created_by, consultation=running, action=ConsultationAction.CLOSE
        )
    over = consultation_make(state=ConsultationState.OPEN)
    over.opens_on = local_today("KZ") - timedelta(days=20)
    over.closes_on = local_today("KZ") - timedelta(days=1)
    over.save()

    assert services.consultations_close_due() == 1

    over.refresh_from_db()
    running.refresh_from_db()
    assert (over.state, running.state) == (ConsultationState.CLOSED, ConsultationState.OPEN)
    event = AuditEvent.objects.get(action="dialogue.consultation.close")
    assert event.actor_id is None


def test_the_report_needs_every_visible_comment_handled_and_tells_the_commenters():
    consultation = consultation_make(state=ConsultationState.CLOSED, comments=3)
    official = consultation.created_by
    first, second, abusive = consultation.comments.order_by("pk")
    Comment.objects.filter(pk=second.pk).update(author=first.author)
    first.author.preferred_language = "kk"
    first.author.save()
    services.comment_hide(actor=official, comment=abusive, reason="Спам")
    services.comment_handle(
        actor=official, comment=first, handling=Handling.ACCEPTED, response="Учтено"
    )
    with pytest.raises(ValidationError):
        services.comment_handle(
            actor=official, comment=abusive, handling=Handling.NOTED, response="x"
        )
    with pytest.raises(ValidationError):
        services.comment_handle(actor=official, comment=second, handling="maybe", response="x")
    with pytest.raises(ValidationError):
        services.consultation_transition(
            actor=official, consultation=consultation, action=ConsultationAction.PUBLISH_REPORT
        )
    services.comment_handle(
        actor=official,
        comment=second,
        handling=Handling.NOT_ACCEPTED,
        response="Противоречит закону",
    )
    consultation = services.consultation_transition(
        actor=official,
        consultation=consultation,
        action=ConsultationAction.PUBLISH_REPORT,
        report_summaries={"ru": "Итоги обсуждения"},
    )

    assert consultation.state == ConsultationState.REPORTED
    assert consultation.report_summary_ru == "Итоги обсуждения"
    mails = list(OutboxEmail.objects.order_by("pk"))
    # The commenters of the two visible comments and the hidden one, one e-mail per language.
    addresses = sorted(a for mail in mails for a in mail.to)
    assert addresses == sorted({first.author.email, abusive.author.email})
    assert {mail.language for mail in mails} == {"kk", abusive.author.preferred_language}
    assert all(f"/dialogue/consultations/{consultation.pk}/report/" in m.body for m in mails)
    with pytest.raises(PermissionDenied):
        services.comment_handle(
            actor=official, comment=first, handling=Handling.NOTED, response="x"
        )


def test_comments_are_handled_only_by_managers_after_the_period():
    consultation = consultation_make(state=ConsultationState.OPEN, comments=1)
    comment = consultation.comments.get()
    with pytest.raises(PermissionDenied):
        services.comment_handle(
            actor=consultation.created_by, comment=comment, handling=Handling.NOTED, response="x"
        )
    other_official = official_make(body_make())
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    with pytest.raises(PermissionDenied):
        services.comment_handle(
            actor=other_official, comment=comment, handling=Handling.NOTED, response="x"
        )
    assert not AuditEvent.objects.filter(action="dialogue.comment.handle").exists()


def test_the_worker_runs_the_closing_job():
    from hamkori.core.tasks import periodic_jobs

    assert services.consultations_close_due in list(periodic_jobs())
