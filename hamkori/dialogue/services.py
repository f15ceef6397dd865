"""Writes of consultations and dialogue programmes. Each function checks permission, locks
what it changes, validates, saves and records an audit event in one transaction; e-mails
are queued in the outbox in that transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamkori.accounts.models import User
from hamkori.accounts.permissions import is_org_member
from hamkori.applications.files import PDF, clean_filename, file_sha256, file_type
from hamkori.calls.models import Call, FundingPlan
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.councils.models import Council
from hamkori.dialogue import selectors
from hamkori.dialogue.document import report_pdf
from hamkori.dialogue.models import (
    COMMENTS_PER_HOUR,
    REPORT_LAYOUT,
    City,
    Comment,
    Consultation,
    FollowUp,
    Handling,
    Participant,
    Programme,
    ReportDocument,
    Section,
    Session,
    city_zone,
)
from hamkori.dialogue.permissions import (
    can_comment,
    can_edit_consultation,
    can_handle_comments,
    can_manage_consultation,
    can_manage_programme,
    can_moderate,
    may_organise_for,
)
from hamkori.dialogue.workflow import (
    CONSULTATION_TRANSITIONS,
    PROGRAMME_TRANSITIONS,
    ConsultationAction,
    ConsultationState,
    ProgrammeAction,
    consultation_refusal,
    programme_refusal,
)
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import CalendarNotCovered, RuleMissing, rule_value, working_days_add

log = logging.getLogger(__name__)

COMMENT_PERIOD_RULE = "consultation.comment_working_days"
CONSULTATION_FIELDS = [
    "kind",
    *(f"title_{c}" for c in CONTENT_LANGUAGES),
    *(f"summary_{c}" for c in CONTENT_LANGUAGES),
    "council_id",
    "plan_id",
    "call_id",
    "opens_on",
    "closes_on",
]


def default_closing_day(jurisdiction_id: str, opens_on: date) -> date | None:
    """The rule's number of working days after the opening day, or None when the rule or the
    calendar of that year is missing (the organiser then sets the day: never guessed)."""
    try:
        days = int(rule_value(jurisdiction_id, COMMENT_PERIOD_RULE, opens_on))
        return working_days_add(jurisdiction_id, opens_on, days)
    except (RuleMissing, CalendarNotCovered):
        return None


def _languages(prefix: str, values: dict[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {f"{prefix}_{c}": (values.get(c) or "").strip() for c in CONTENT_LANGUAGES}


def _check_links(
    organiser: Organisation, council: Council | None, plan: FundingPlan | None, call: Call | None
) -> None:
    errors: dict[str, str] = {}
    if council is not None and council.host_id != organiser.pk:
        errors["council"] = _("The council must be the organiser's own public council.")
    if plan is not None and plan.body_id != organiser.pk:
        errors["plan"] = _("The funding plan must be the organiser's own.")
    if call is not None and call.body_id != organiser.pk:
        errors["call"] = _("The call must be the organiser's own.")
    if errors:
        raise ValidationError(errors)


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .get(pk=consultation.pk)
    )


def _report_changed(consultation_id: int) -> None:
    # In the caller's transaction, so the kept report PDFs are stale exactly when the change
    # is committed (an increment in the database: two changes at once both count).
    Consultation.objects.filter(pk=consultation_id).update(report_version=F("report_version") + 1)


# --- consultations ---------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    organiser: Organisation,
    kind: str,
    titles: dict[str, str],
    summaries: dict[str, str] | None = None,
    opens_on: date,
    closes_on: date | None = None,
    council: Council | None = None,
    plan: FundingPlan | None = None,
    call: Call | None = None,
) -> Consultation:
    """Start a draft consultation. Without `closes_on` the period ends the rule's number of
    working days after `opens_on` (`consultation.comment_working_days`)."""
    consultation = Consultation(
        jurisdiction_id=organiser.jurisdiction_id,
        organiser=organiser,
        council=council,
        kind=kind,
        plan=plan,
        call=call,
        opens_on=opens_on,
        created_by=actor,
        **_languages("title", titles),
        **_languages("summary", summaries),
    )
    # An official of the organiser body, or the secretary of its council.
    require(can_manage_consultation, actor, consultation)
    _check_links(organiser, council, plan, call)
    if closes_on is None:
        closes_on = default_closing_day(organiser.jurisdiction_id, opens_on)
        if closes_on is None:
            raise ValidationError(
                {
                    "closes_on": _(
                        "The comment period's rule or the holiday calendar is not set for "
                        "this date; give the closing day."
                    )
                }
            )
    consultation.closes_on = closes_on
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=actor,
        action="dialogue.consultation.create",
        obj=consultation,
        organisation=organiser,
        changes={f: getattr(consultation, f) for f in CONSULTATION_FIELDS},
    )
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    kind: str,
    titles: dict[str, str],
    summaries: dict[str, str] | None,
    opens_on: date,
    closes_on: date,
    council: Council | None = None,
    plan: FundingPlan | None = None,
    call: Call | None = None,
) -> Consultation:
    """Change a draft: its texts, links and comment period (only before it is published)."""
    consultation = _locked(consultation)
    require(can_edit_consultation, actor, consultation)
    _check_links(consultation.organiser, council, plan, call)
    before = snapshot(consultation, CONSULTATION_FIELDS)
    consultation.kind = kind
    for name, value in {**_languages("title", titles), **_languages("summary", summaries)}.items():
        setattr(consultation, name, value)
    consultation.council = council
    consultation.plan = plan
    consultation.call = call
    consultation.opens_on = opens_on
    consultation.closes_on = closes_on
    consultation.full_clean()
    consultation.save()
    changes = diff(consultation, before, CONSULTATION_FIELDS)
    if changes:
        audit_record(
            actor=actor,
            action="dialogue.consultation.update",
            obj=consultation,
            organisation=consultation.organiser,
            changes=changes,
        )
    return consultation


@transaction.atomic
def consultation_document_set(
    *, actor: User, consultation: Consultation, uploaded_file: UploadedFile
) -> Consultation:
    """Attach (or replace) the draft's PDF. The type is judged from the content, never from
    the name; anything but a PDF is refused."""
    consultation = _locked(consultation)
    require(can_edit_consultation, actor, consultation)
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(
            {"document": _("The file is larger than %(limit)s MB.") % {"limit": limit >> 20}}
        )
    if not uploaded_file.size:
        raise ValidationError({"document": _("The file is empty.")})
    if file_type(uploaded_file) != PDF:
        raise ValidationError({"document": _("The draft must be a PDF file.")})
    sha256, size = file_sha256(uploaded_file)
    old = consultation.document.name
    consultation.document.save(f"{sha256}.pdf", uploaded_file, save=False)
    consultation.document_name = clean_filename(uploaded_file.name or "")
    consultation.document_sha256 = sha256
    consultation.document_size = size
    consultation.save(
        update_fields=["document", "document_name", "document_sha256", "document_size"]
    )
    audit_record(
        actor=actor,
        action="dialogue.consultation.document",
        obj=consultation,
        organisation=consultation.organiser,
        changes={"name": consultation.document_name, "sha256": sha256, "size": size, "old": old},
    )
    return consultation


@transaction.atomic
def section_add(
    *, actor: User, consultation: Consultation, number: int, heading: str, text: str = ""
) -> Section:
    """Add a numbered section to a draft."""
    consultation = _locked(consultation)
    require(can_edit_consultation, actor, consultation)
    if consultation.sections.filter(number=number).exists():
        raise ValidationError({"number": _("A section with this number already exists.")})
    section = Section(
        consultation=consultation, number=number, heading=heading.strip(), text=text.strip()
    )
    section.full_clean()
    section.save()
    audit_record(
        actor=actor,
        action="dialogue.section.add",
        obj=consultation,
        organisation=consultation.organiser,
        changes={"section": section.pk, "number": number, "heading": section.heading},
    )
    return section


@transaction.atomic
def section_remove(*, actor: User, section: Section) -> None:
    """Remove a section from a draft (a draft has no comments yet)."""
    consultation = _locked(section.consultation)
    require(can_edit_consultation, actor, consultation)
    audit_record(
        actor=actor,
        action="dialogue.section.remove",
        obj=consultation,
        organisation=consultation.organiser,
        changes={"section": section.pk, "number": section.number, "heading": section.heading},
    )
    section.delete()


def _commenters(consultation: Consultation) -> list[User]:
    return list(
        User.objects.filter(consultation_comments__consultation=consultation, is_active=True)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def consultation_transition(
    *,
    actor: User | None,
    consultation: Consultation,
    action: str,
    report_summaries: dict[str, str] | None = None,
) -> Consultation:
    """Publish, close or publish the report (workflow.py). `actor` None is the worker closing
    a period that is over. Publishing the report e-mails everyone who commented."""
    consultation = _locked(consultation)
    if actor is not None or action != ConsultationAction.CLOSE:
        require(can_manage_consultation, actor, consultation)
    refusal = consultation_refusal(consultation, action)
    if refusal:
        raise ValidationError(refusal)
    next_state, _guard = CONSULTATION_TRANSITIONS[(consultation.state, action)]
    now = timezone.now()
    before = consultation.state
    consultation.state = next_state
    fields = ["state", "updated_at"]
    if action == ConsultationAction.PUBLISH:
        consultation.published_at = now
        fields.append("published_at")
    elif action == ConsultationAction.CLOSE:
        consultation.closed_at = now
        fields.append("closed_at")
    elif action == ConsultationAction.PUBLISH_REPORT:
        consultation.report_published_at = now
        for name, value in _languages("report_summary", report_summaries).items():
            setattr(consultation, name, value)
            fields.append(name)
        fields.append("report_published_at")
        consultation.report_version += 1
        fields.append("report_version")
    consultation.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"dialogue.consultation.{action}",
        obj=consultation,
        organisation=consultation.organiser,
        changes={"state": [before, consultation.state]},
    )
    if action == ConsultationAction.PUBLISH_REPORT:
        email_queue_to_people(
            _commenters(consultation),
            "dialogue/emails/report_published",
            {
                "consultation": consultation,
                "url": absolute_url(
                    reverse("dialogue:consultation-report", kwargs={"pk": consultation.pk})
                ),
            },
        )
    return consultation


def consultations_close_due() -> int:
    """Close every open consultation whose period is over (the worker's periodic job)."""
    closed = 0
    for consultation in Consultation.objects.filter(state=ConsultationState.OPEN):
        if consultation_refusal(consultation, ConsultationAction.CLOSE) is None:
            consultation_transition(
                actor=None, consultation=consultation, action=ConsultationAction.CLOSE
            )
            closed += 1
    return closed


@transaction.atomic
def comment_add(
    *,
    actor: User,
    consultation: Consultation,
    text: str,
    section: Section | None = None,
    organisation: Organisation | None = None,
    language: str = "",
) -> Comment:
    """A signed-in person's comment while the period runs, on a section or the whole draft,
    in their own name or on behalf of an organisation they are an active member of, in a
    language of the platform (empty: not said). The same text twice on the same section is
    refused, and so is a person's comment beyond `COMMENTS_PER_HOUR` on one consultation within
    the last hour."""
    # Locked so that two comments sent at once by one person are counted against each other.
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .get(pk=consultation.pk)
    )
    require(can_comment, actor, consultation)
    if section is not None and section.consultation_id != consultation.pk:
        raise ValidationError({"section": _("This section is not part of the draft.")})
    if organisation is not None and not is_org_member(actor, organisation):
        raise ValidationError(
            {"organisation": _("You can comment only on behalf of your own organisation.")}
        )
    text = (text or "").strip()
    given = Comment.objects.filter(consultation=consultation, author=actor)
    if text and given.filter(section=section, text=text).exists():
        raise ValidationError({"text": _("You have already given this comment here.")})
    since = timezone.now() - timedelta(hours=1)
    if given.filter(created_at__gt=since).count() >= COMMENTS_PER_HOUR:
        raise ValidationError(
            ngettext(
                "You have given %(count)d comment on this draft within the last hour; "
                "please wait a little before the next one.",
                "You have given %(count)d comments on this draft within the last hour; "
                "please wait a little before the next one.",
                COMMENTS_PER_HOUR,
            )
            % {"count": COMMENTS_PER_HOUR}
        )
    comment = Comment(
        consultation=consultation,
        section=section,
        author=actor,
        organisation=organisation,
        text=text,
        language=language or "",
    )
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        action="dialogue.comment.add",
        obj=comment,
        organisation=organisation,
        changes={"consultation": consultation.pk, "section": section.pk if section else None},
    )
    return comment


def _locked_comment(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "consultation__organiser")
        .get(pk=comment.pk)
    )


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Hide an abusive comment; the reason is shown in its place and the text stays in the
    database (and in the audit trail's reference) for review."""
    comment = _locked_comment(comment)
    require(can_moderate, actor, comment.consultation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
    if comment.hidden:
        raise ValidationError(_("The comment is already hidden."))
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    _report_changed(comment.consultation_id)
    audit_record(
        actor=actor,
        action="dialogue.comment.hide",
        obj=comment,
        organisation=comment.consultation.organiser,
        changes={"reason": reason},
    )
    return comment


@transaction.atomic
def comment_handle(*, actor: User, comment: Comment, handling: str, response: str) -> Comment:
    """Record how a comment was handled and the organiser's response (after the period)."""
    comment = _locked_comment(comment)
    require(can_handle_comments, actor, comment.consultation)
    if comment.hidden:
        raise ValidationError(_("A hidden comment is not part of the report."))
    response = (response or "").strip()
    if handling not in Handling.values:
        raise ValidationError({"handling": _("Choose how the comment was handled.")})
    if not response:
        raise ValidationError({"response": _("Write the response to the comment.")})
    before = snapshot(comment, ["handling", "response"])
    comment.handling = handling
    comment.response = response
    comment.handled_by = actor
    comment.handled_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["handling", "response", "handled_by", "handled_at", "updated_at"])
    _report_changed(comment.consultation_id)
    audit_record(
        actor=actor,
        action="dialogue.comment.handle",
        obj=comment,
        organisation=comment.consultation.organiser,
        changes=diff(comment, before, ["handling", "response"]),
    )
    return comment


# --- the report's PDF -------------------------------------------------------------------


def report_document_render(*, consultation: Consultation, language: str) -> ReportDocument:
    """Render the published report's PDF in `language` and keep it (no audit event: the
    report's content was recorded when it changed; this is its printed copy).

    Not one transaction: rendering takes seconds (about 10 s at 1,000 comments) and must hold
    no lock. The version is read before the comments, so a kept PDF is never labelled newer
    than what it shows; the file is written whole under a new name, then the row is switched
    to it in a short transaction, and the file it replaces is deleted after the commit. When
    two render at once the newer version is kept and the other file deleted."""
    consultation = Consultation.objects.select_related("organiser").get(pk=consultation.pk)
    pdf = report_pdf(consultation, language)
    rendered = ReportDocument(
        consultation=consultation,
        language=language,
        version=consultation.report_version,
        layout=REPORT_LAYOUT,
        size=len(pdf),
        rendered_at=timezone.now(),
    )
    rendered.file.save("report.pdf", ContentFile(pdf), save=False)
    try:
        return _report_document_switch(rendered)
    except BaseException:
        rendered.file.storage.delete(rendered.file.name)
        raise


@transaction.atomic
def _report_document_switch(rendered: ReportDocument) -> ReportDocument:
    # The consultation's row lock orders the switches of its documents (and the first insert
    # of a language: no second row, no IntegrityError).
    _locked(rendered.consultation)
    kept = (
        ReportDocument.objects.select_for_update()
        .filter(consultation_id=rendered.consultation_id, language=rendered.language)
        .first()
    )
    storage = rendered.file.storage
    if (
        kept is not None
        and kept.layout == rendered.layout
        and kept.version >= rendered.version
        and storage.exists(kept.file.name)
    ):
        unused = rendered.file.name
        transaction.on_commit(lambda: storage.delete(unused))
        return kept
    if kept is None:
        rendered.full_clean()
        rendered.save()
        return rendered
    replaced = kept.file.name
    kept.file.name = rendered.file.name
    kept.version = rendered.version
    kept.layout = rendered.layout
    kept.size = rendered.size
    kept.rendered_at = rendered.rendered_at
    kept.full_clean()
    kept.save(update_fields=["file", "version", "layout", "size", "rendered_at"])
    transaction.on_commit(lambda: storage.delete(replaced))
    return kept


def report_documents_render_due(limit: int = 2) -> int:
    """Render the missing or stale PDFs of published reports, at most `limit` a round so the
    worker's other jobs (e-mails) wait at most a few renderings (the worker's periodic job)."""
    rendered = 0
    for consultation, language in selectors.report_documents_due(limit=limit):
        # One report that fails to render must not hold back the others.
        try:
            report_document_render(consultation=consultation, language=language)
        except Exception:
            log.exception("report PDF of consultation %s (%s) failed", consultation.pk, language)
            continue
        rendered += 1
    return rendered


# --- programmes ------------------------------------------------------------------------

PROGRAMME_FIELDS = [
    *(f"title_{c}" for c in CONTENT_LANGUAGES),
    *(f"description_{c}" for c in CONTENT_LANGUAGES),
    "starts_on",
    "ends_on",
]


def _locked_programme(programme: Programme) -> Programme:
    return (
        Programme.objects.select_for_update(of=("self",))
        .prefetch_related("organisers")
        .get(pk=programme.pk)
    )


def _first_organiser(programme: Programme) -> Organisation | None:
    return next(iter(programme.organisers.all()), None)


@transaction.atomic
def programme_create(
    *,
    actor: User,
    organisers: list[Organisation],
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    starts_on: date,
    ends_on: date,
) -> Programme:
    """Start a draft programme; the actor must be an official of the first organiser body."""
    if not organisers:
        raise ValidationError({"organisers": _("A programme needs at least one organiser.")})
    require(may_organise_for, actor, organisers[0])
    programme = Programme(
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
        **_languages("title", titles),
        **_languages("description", descriptions),
    )
    programme.full_clean()
    programme.save()
    programme.organisers.set(organisers)
    audit_record(
        actor=actor,
        action="dialogue.programme.create",
        obj=programme,
        organisation=organisers[0],
        changes={
            **{f: getattr(programme, f) for f in PROGRAMME_FIELDS},
            "organisers": [o.pk for o in organisers],
        },
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    titles: dict[str, str],
    descriptions: dict[str, str] | None,
    starts_on: date,
    ends_on: date,
) -> Programme:
    """Change a programme's texts and days; sessions must stay within the days."""
    programme = _locked_programme(programme)
    require(can_manage_programme, actor, programme)
    before = snapshot(programme, PROGRAMME_FIELDS)
    for name, value in {
        **_languages("title", titles),
        **_languages("description", descriptions),
    }.items():
        setattr(programme, name, value)
    programme.starts_on = starts_on
    programme.ends_on = ends_on
    programme.full_clean()
    outside = [
        s
        for s in programme.sessions.all()
        if not starts_on <= s.starts_at.astimezone(s.zone).date() <= ends_on
    ]
    if outside:
        raise ValidationError(
            _("%(count)s session(s) would fall outside the programme's days.")
            % {"count": len(outside)}
        )
    programme.save()
    changes = diff(programme, before, PROGRAMME_FIELDS)
    if changes:
        audit_record(
            actor=actor,
            action="dialogue.programme.update",
            obj=programme,
            organisation=_first_organiser(programme),
            changes=changes,
        )
    return programme


@transaction.atomic
def programme_publish(*, actor: User, programme: Programme) -> Programme:
    """Publish the programme: its page, PDF and calendar become public."""
    programme = _locked_programme(programme)
    require(can_manage_programme, actor, programme)
    refusal = programme_refusal(programme, ProgrammeAction.PUBLISH)
    if refusal:
        raise ValidationError(refusal)
    before = programme.state
    programme.state = PROGRAMME_TRANSITIONS[(before, ProgrammeAction.PUBLISH)][0]
    programme.published_at = timezone.now()
    programme.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogue.programme.publish",
        obj=programme,
        organisation=_first_organiser(programme),
        changes={"state": [before, programme.state]},
    )
    return programme


@transaction.atomic
def participant_add(
    *,
    actor: User,
    programme: Programme,
    full_name: str,
    country: str,
    position: str = "",
    organisation_name: str = "",
) -> Participant:
    """Add a member of the delegation."""
    programme = _locked_programme(programme)
    require(can_manage_programme, actor, programme)
    participant = Participant(
        programme=programme,
        full_name=full_name.strip(),
        position=position.strip(),
        organisation_name=organisation_name.strip(),
        country=country.strip().upper(),
    )
    participant.full_clean()
    participant.save()
    audit_record(
        actor=actor,
        action="dialogue.participant.add",
        obj=programme,
        organisation=_first_organiser(programme),
        changes={"participant": participant.pk, "full_name": participant.full_name},
    )
    return participant


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> None:
    programme = _locked_programme(participant.programme)
    require(can_manage_programme, actor, programme)
    audit_record(
        actor=actor,
        action="dialogue.participant.remove",
        obj=programme,
        organisation=_first_organiser(programme),
        changes={"participant": participant.pk, "full_name": participant.full_name},
    )
    participant.delete()


@dataclass(frozen=True)
class SessionData:
    """What an organiser enters for a session: the day and wall-clock times in the city."""

    day: date
    starts: time
    ends: time
    city: str
    topics: dict[str, str]
    host: Organisation | None = None
    host_name: str = ""
    place: str = ""
    participants: str = ""
    notes: dict[str, str] | None = None


SESSION_FIELDS = [
    "starts_at",
    "ends_at",
    "city",
    "host_id",
    "host_name",
    "place",
    "participants",
    *(f"topic_{c}" for c in CONTENT_LANGUAGES),
    *(f"notes_{c}" for c in CONTENT_LANGUAGES),
]


def _session_values(programme: Programme, data: SessionData) -> dict[str, Any]:
    if data.city not in City.values:
        raise ValidationError({"city": _("Choose a city from the list.")})
    if not programme.starts_on <= data.day <= programme.ends_on:
        raise ValidationError({"day": _("The session must be on one of the programme's days.")})
    if data.ends <= data.starts:
        raise ValidationError({"ends": _("The session must end after it starts.")})
    zone = city_zone(data.city)
    if data.host is None and not data.host_name.strip():
        raise ValidationError({"host_name": _("Name the host organisation.")})
    return {
        "starts_at": datetime.combine(data.day, data.starts, tzinfo=zone),
        "ends_at": datetime.combine(data.day, data.ends, tzinfo=zone),
        "city": data.city,
        "host": data.host,
        "host_name": "" if data.host is not None else data.host_name.strip(),
        "place": data.place.strip(),
        "participants": data.participants.strip(),
        **_languages("topic", data.topics),
        **_languages("notes", data.notes),
    }


@transaction.atomic
def session_add(*, actor: User, programme: Programme, data: SessionData) -> Session:
    """Add a session at the city's local time."""
    programme = _locked_programme(programme)
    require(can_manage_programme, actor, programme)
    session = Session(programme=programme, **_session_values(programme, data))
    session.full_clean()
    session.save()
    audit_record(
        actor=actor,
        action="dialogue.session.add",
        obj=session,
        organisation=_first_organiser(programme),
        changes={f: getattr(session, f) for f in SESSION_FIELDS},
    )
    return session


@transaction.atomic
def session_update(*, actor: User, session: Session, data: SessionData) -> Session:
    """Change a session, e.g. write its notes after it was held."""
    programme = _locked_programme(session.programme)
    require(can_manage_programme, actor, programme)
    session = Session.objects.select_for_update().get(pk=session.pk, programme=programme)
    before = snapshot(session, SESSION_FIELDS)
    for name, value in _session_values(programme, data).items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    changes = diff(session, before, SESSION_FIELDS)
    if changes:
        audit_record(
            actor=actor,
            action="dialogue.session.update",
            obj=session,
            organisation=_first_organiser(programme),
            changes=changes,
        )
    return session


@transaction.atomic
def session_remove(*, actor: User, session: Session) -> None:
    programme = _locked_programme(session.programme)
    require(can_manage_programme, actor, programme)
    audit_record(
        actor=actor,
        action="dialogue.session.remove",
        obj=session,
        organisation=_first_organiser(programme),
        changes={"starts_at": session.starts_at, "topic": str(session)},
    )
    session.delete()


@transaction.atomic
def followup_add(
    *,
    actor: User,
    session: Session,
    action: str,
    responsible: str,
    due_on: date | None = None,
) -> FollowUp:
    """Record an action agreed at a session."""
    programme = _locked_programme(session.programme)
    require(can_manage_programme, actor, programme)
    follow_up = FollowUp(
        session=session, action=action.strip(), responsible=responsible.strip(), due_on=due_on
    )
    follow_up.full_clean()
    follow_up.save()
    audit_record(
        actor=actor,
        action="dialogue.followup.add",
        obj=session,
        organisation=_first_organiser(programme),
        changes={"follow_up": follow_up.pk, "action": follow_up.action, "due_on": due_on},
    )
    return follow_up


@transaction.atomic
def followup_set_done(
    *, actor: User, follow_up: FollowUp, done: bool, done_on: date | None = None
) -> FollowUp:
    """Mark an action done (on `done_on`, today in the city by default) or not done."""
    session = follow_up.session
    programme = _locked_programme(session.programme)
    require(can_manage_programme, actor, programme)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    before = snapshot(follow_up, ["done", "done_on"])
    follow_up.done = done
    follow_up.done_on = (
        (done_on or timezone.now().astimezone(session.zone).date()) if done else None
    )
    follow_up.full_clean()
    follow_up.save(update_fields=["done", "done_on"])
    audit_record(
        actor=actor,
        action="dialogue.followup.update",
        obj=session,
        organisation=_first_organiser(programme),
        changes={"follow_up": follow_up.pk, **diff(follow_up, before, ["done", "done_on"])},
    )
    return follow_up
