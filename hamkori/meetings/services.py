"""Every change to council meetings: the meeting and its workflow, agenda and documents,
public registration with a waiting list, attendance, votes and elections, minutes.

Each service checks permission itself, validates, saves and writes its audit event in one
transaction; e-mail is queued in the same transaction and sent by the worker after commit."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import User
from hamkori.applications.files import clean_filename, file_sha256, file_type_or_error
from hamkori.core.audit import audit_record
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_template, email_queue_to_people
from hamkori.core.permissions import require
from hamkori.councils.models import Council, Member, Position
from hamkori.councils.permissions import can_manage_council, is_council_secretary
from hamkori.meetings.models import (
    AgendaDocument,
    AgendaItem,
    ApproverRole,
    Attendance,
    Ballot,
    BallotBox,
    BallotBoxState,
    BallotCast,
    Choice,
    Meeting,
    MeetingState,
    Registration,
    RegistrationStatus,
    Vote,
    VoteKind,
    VoteResult,
)
from hamkori.meetings.permissions import (
    can_approve_minutes,
    can_cast_ballot,
    can_manage_meeting,
    can_run_ballot,
    is_meeting_council_chair,
)
from hamkori.meetings.selectors import Quorum, council_members_on, meeting_day, meeting_quorum
from hamkori.meetings.workflow import (
    AGENDA_EDITABLE,
    MINUTES_EDITABLE,
    RECORDING,
    REGISTRATION_OPEN,
    TRANSITIONS,
    MeetingAction,
)
from hamkori.rules.selectors import local_zone

# Positions a meeting elects (Model regulation: chair, deputy chair, presidium).
ELECTED_POSITIONS = (Position.CHAIR, Position.DEPUTY_CHAIR, Position.PRESIDIUM)


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("council", "council__host")
        .get(pk=meeting.pk)
    )


def _refuse_unless(meeting: Meeting, states: Iterable[str], message: str) -> None:
    if meeting.state not in states:
        raise ValidationError(message, code="state")


# Places for the public at one meeting: a hall, not a stadium (and within a 32-bit column).
MAX_CAPACITY = 100_000


def _check_meeting(meeting: Meeting) -> None:
    """A meeting lies within its council's term and has a sane number of public places."""
    council = meeting.council
    errors: dict[str, str] = {}
    if meeting.starts_at is not None:
        day = meeting_day(meeting)
        if not council.term_start <= day <= council.term_end:
            errors["day"] = _(
                "The council's composition is in office from %(start)s to %(end)s: its "
                "meetings are held within that term."
            ) % {
                "start": date_format(council.term_start, "j E Y"),
                "end": date_format(council.term_end, "j E Y"),
            }
    if (
        meeting.starts_at is not None
        and meeting.ends_at is not None
        and meeting.ends_at <= meeting.starts_at
    ):
        errors["ends"] = _("The meeting ends after it starts: give a later end time.")
    if meeting.capacity is not None and not 0 < meeting.capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Give between 1 and %(max)s places.") % {
            "max": number_format(MAX_CAPACITY)
        }
    if errors:
        raise ValidationError(errors)


def _check_item_time(
    meeting: Meeting, starts_at: datetime | None, duration_minutes: int | None
) -> None:
    """An agenda item starts within the meeting's hours and ends by its end."""
    if starts_at is None:
        return
    zone = local_zone(meeting.council.jurisdiction_id)
    hours = {
        "start": timezone.localtime(meeting.starts_at, zone).strftime("%H:%M"),
        "end": timezone.localtime(meeting.ends_at, zone).strftime("%H:%M"),
    }
    if not meeting.starts_at <= starts_at < meeting.ends_at:
        raise ValidationError(
            {
                "starts": _("The meeting runs from %(start)s to %(end)s: start the item then.")
                % hours
            }
        )
    if duration_minutes and starts_at + timedelta(minutes=duration_minutes) > meeting.ends_at:
        raise ValidationError(
            {
                "duration_minutes": _("The item would end after the meeting's end at %(end)s.")
                % hours
            }
        )


def _texts(prefix: str, values: Mapping[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {f"{prefix}_{code}": (values.get(code) or "").strip() for code in CONTENT_LANGUAGES}


# --- meetings -----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    council: Council,
    title: Mapping[str, str],
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    is_open: bool = True,
    capacity: int | None = None,
    is_first: bool = False,
) -> Meeting:
    """Plan a meeting of the council; numbers follow on from the council's last meeting."""
    require(can_manage_council, actor, council)
    last = Meeting.objects.filter(council=council).aggregate(n=Max("number"))["n"] or 0
    meeting = Meeting(
        council=council,
        number=last + 1,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        is_open=is_open,
        capacity=capacity if is_open else None,
        is_first=is_first,
        created_by=actor,
        **_texts("title", title),
    )
    if not any(_texts("title", title).values()):
        # Not at the English field: any one language will do.
        raise ValidationError(_("Give the meeting a title in at least one language."), code="title")
    _check_meeting(meeting)
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        action="meetings.meeting.create",
        obj=meeting,
        organisation=council.host,
        changes={"number": meeting.number, "starts_at": starts_at, "is_open": is_open},
    )
    return meeting


MEETING_EDITABLE_FIELDS = ("starts_at", "ends_at", "place", "is_open", "capacity", "is_first")


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **changes: Any) -> Meeting:
    """Change the title, time, place or openness of a meeting until it is held. Lowering the
    capacity does not drop anyone already confirmed; raising it promotes the waiting list."""
    meeting = _locked(meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, AGENDA_EDITABLE, _("A held or cancelled meeting is not changed."))
    before: dict[str, Any] = {}
    if "title" in changes:
        for name, value in _texts("title", changes.pop("title")).items():
            before[name] = getattr(meeting, name)
            setattr(meeting, name, value)
    for name in MEETING_EDITABLE_FIELDS:
        if name in changes:
            before[name] = getattr(meeting, name)
            setattr(meeting, name, changes.pop(name))
    if changes:
        raise TypeError(f"meeting_update does not change {sorted(changes)}")
    if not meeting.is_open:
        meeting.capacity = None
    _check_meeting(meeting)
    meeting.full_clean()
    meeting.save()
    diff = {k: [v, getattr(meeting, k)] for k, v in before.items() if v != getattr(meeting, k)}
    audit_record(
        actor=actor,
        action="meetings.meeting.update",
        obj=meeting,
        organisation=meeting.council.host,
        changes=diff,
    )
    _promote_waiting(meeting)
    return meeting


@transaction.atomic
def meeting_transition(*, actor: User, meeting: Meeting, action: str, reason: str = "") -> Meeting:
    """Apply one transition of the TRANSITIONS table. Publishing the notice e-mails the
    members; approving the minutes is for the chair or the secretary and freezes them."""
    meeting = _locked(meeting)
    if action == MeetingAction.APPROVE_MINUTES:
        require(can_approve_minutes, actor, meeting)
    else:
        require(can_manage_meeting, actor, meeting)
    entry = TRANSITIONS.get((meeting.state, action))
    if entry is None:
        raise ValidationError(
            _("A meeting that is %(state)s cannot be changed by “%(action)s”.")
            % {
                "state": MeetingState(meeting.state).label,
                "action": MeetingAction(action).label,
            },
            code="state",
        )
    next_state, guard = entry
    why_not = guard(meeting) if guard else None
    if why_not:
        raise ValidationError(why_not, code="guard")
    if action == MeetingAction.CANCEL and not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    now = timezone.now()
    fields = ["state"]
    changes: dict[str, Any] = {"state": [meeting.state, next_state]}
    stamp = {
        MeetingAction.PUBLISH: "notice_published_at",
        MeetingAction.HOLD: "held_at",
        MeetingAction.DRAFT_MINUTES: "minutes_drafted_at",
        MeetingAction.APPROVE_MINUTES: "minutes_approved_at",
    }.get(MeetingAction(action))
    if stamp:
        setattr(meeting, stamp, now)
        fields.append(stamp)
    if action == MeetingAction.APPROVE_MINUTES:
        meeting.minutes_approved_by = actor
        meeting.minutes_approved_as = _approver_role(actor, meeting)
        fields += ["minutes_approved_by", "minutes_approved_as"]
        changes["approved_as"] = meeting.minutes_approved_as
    if action == MeetingAction.CANCEL:
        meeting.cancel_reason = reason.strip()
        fields.append("cancel_reason")
        changes["reason"] = meeting.cancel_reason
    meeting.state = next_state
    meeting.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=f"meetings.meeting.{action}",
        obj=meeting,
        organisation=meeting.council.host,
        changes=changes,
    )
    if action == MeetingAction.PUBLISH:
        _notify_members(meeting, "meetings/emails/notice")
    if action == MeetingAction.CANCEL and meeting.notice_published_at:
        _notify_members(meeting, "meetings/emails/cancelled")
        _notify_registrants(meeting, "meetings/emails/cancelled")
    return meeting


def _approver_role(actor: User, meeting: Meeting) -> str:
    """The capacity in which `actor` approves: the chair's seat first, then the secretary's;
    anyone else allowed to approve is a platform administrator."""
    if is_meeting_council_chair(actor, meeting):
        return ApproverRole.CHAIR
    if is_council_secretary(actor, meeting.council):
        return ApproverRole.SECRETARY
    return ApproverRole.ADMINISTRATOR


def _meeting_url(meeting: Meeting) -> str:
    return absolute_url(reverse("meetings:meeting-detail", args=[meeting.pk]))


def _mail_context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "council": meeting.council,
        "url": _meeting_url(meeting),
        "zone": local_zone(meeting.council.jurisdiction_id).key,
        **extra,
    }


def _notify_members(meeting: Meeting, template: str) -> None:
    members = council_members_on(meeting.council, meeting_day(meeting))
    people = [m.user for m in members if m.user is not None and m.user.is_active]
    email_queue_to_people(people, template, _mail_context(meeting))


def _notify_registrants(meeting: Meeting, template: str) -> None:
    for registration in meeting.registrations.exclude(status=RegistrationStatus.CANCELLED):
        email_queue_template(
            to=[registration.email],
            template=template,
            context=_mail_context(meeting, registration=registration),
            language=registration.language,
        )


# --- agenda -------------------------------------------------------------------------------


def _item_check_parent(meeting: Meeting, parent: AgendaItem | None) -> None:
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": _("The parent item belongs to another meeting.")})


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    parent: AgendaItem | None = None,
    order: int | None = None,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    speaker: str = "",
) -> AgendaItem:
    """Add an item (or a sub-item under `parent`) to the agenda, until the meeting is held."""
    meeting = _locked(meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed."))
    _item_check_parent(meeting, parent)
    if order is None:
        siblings = AgendaItem.objects.filter(meeting=meeting, parent=parent)
        order = (siblings.aggregate(n=Max("order"))["n"] or 0) + 1
    titles = _texts("title", title)
    if not any(titles.values()):
        raise ValidationError(_("Give the item a title in at least one language."), code="title")
    _check_item_time(meeting, starts_at, duration_minutes)
    item = AgendaItem(
        meeting=meeting,
        parent=parent,
        order=order,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        speaker=speaker.strip(),
        **titles,
        **_texts("description", description),
    )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="meetings.agenda_item.add",
        obj=item,
        organisation=meeting.council.host,
        changes={"meeting": meeting.pk, "parent": parent.pk if parent else None, "order": order},
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: User,
    item: AgendaItem,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    order: int,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    speaker: str = "",
) -> AgendaItem:
    """Change an agenda item until the meeting is held."""
    meeting = _locked(item.meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed."))
    titles = _texts("title", title)
    if not any(titles.values()):
        raise ValidationError(_("Give the item a title in at least one language."), code="title")
    _check_item_time(meeting, starts_at, duration_minutes)
    for name, value in {**titles, **_texts("description", description)}.items():
        setattr(item, name, value)
    item.order, item.starts_at, item.duration_minutes = order, starts_at, duration_minutes
    item.speaker = speaker.strip()
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="meetings.agenda_item.update",
        obj=item,
        organisation=meeting.council.host,
        changes={"order": order, "starts_at": starts_at, "speaker": item.speaker},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    """Remove an item and its sub-items and documents, until the meeting is held."""
    meeting = _locked(item.meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed."))
    audit_record(
        actor=actor,
        action="meetings.agenda_item.remove",
        obj=item,
        organisation=meeting.council.host,
        changes={"meeting": meeting.pk, "title": str(item)},
    )
    item.delete()


@transaction.atomic
def agenda_document_add(
    *, actor: User, item: AgendaItem, uploaded_file: UploadedFile
) -> AgendaDocument:
    """Attach a document to an agenda item. Its type is recognised from its content
    (applications/files.py); too large, empty, unknown and duplicate files are refused."""
    meeting = _locked(item.meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed."))
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    too_large = _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
    if uploaded_file.size is None or uploaded_file.size > limit:
        raise ValidationError(too_large, code="too_large")
    if not uploaded_file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    found = file_type_or_error(uploaded_file)
    sha256, size = file_sha256(uploaded_file)
    if size > limit:
        raise ValidationError(too_large, code="too_large")
    if AgendaDocument.objects.filter(item=item, sha256=sha256).exists():
        raise ValidationError(_("This file is already attached here."), code="duplicate")
    document = AgendaDocument(
        item=item,
        original_name=clean_filename(uploaded_file.name or ""),
        kind=found.kind,
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    document.file.save(sha256, uploaded_file, save=False)
    document.save()
    audit_record(
        actor=actor,
        action="meetings.agenda_document.add",
        obj=document,
        organisation=meeting.council.host,
        changes={"item": item.pk, "sha256": sha256, "size": size, "kind": found.kind},
    )
    return document


# --- public registration --------------------------------------------------------------------


def _taken(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


@transaction.atomic
def registration_create(
    *,
    meeting: Meeting,
    full_name: str,
    email: str,
    user: User | None = None,
    organisation_name: str = "",
    language: str | None = None,
    remind_duplicate: bool = False,
) -> Registration:
    """Register a person (signed in or not) for an open meeting whose notice is out: a place
    while there is capacity, then the waiting list. One registration per e-mail address; the
    confirmation e-mail carries the cancel link.

    With `remind_duplicate` (an anonymous form), an address already registered is not refused:
    its owner is e-mailed their registration again and that registration is returned, so the
    page answers alike whether or not the address was registered."""
    meeting = _locked(meeting)
    if not meeting.is_open:
        raise ValidationError(_("This meeting is closed: it takes no registration."), code="closed")
    _refuse_unless(meeting, REGISTRATION_OPEN, _("Registration for this meeting is not open."))
    if timezone.now() >= meeting.starts_at:
        raise ValidationError(_("The meeting has already started."), code="started")
    if user is not None and user.is_authenticated:
        full_name = full_name.strip() or user.full_name
        email = email.strip() or user.email
    else:
        user = None
    email = email.strip().lower()
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Give your name.")})
    live = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
    existing = live.filter(email=email).first()
    if existing is not None and remind_duplicate:
        _mail_registration(existing, "meetings/emails/registered")
        return existing
    if existing is not None:
        raise ValidationError(
            {"email": _("This e-mail address is already registered for this meeting.")}
        )
    has_place = meeting.capacity is None or _taken(meeting) < meeting.capacity
    registration = Registration(
        meeting=meeting,
        user=user,
        full_name=full_name,
        email=email,
        organisation_name=organisation_name.strip(),
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:2],
        status=RegistrationStatus.CONFIRMED if has_place else RegistrationStatus.WAITING,
        token=secrets.token_urlsafe(32),
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=user,
        action="meetings.registration.create",
        obj=registration,
        organisation=meeting.council.host,
        changes={"status": registration.status},
    )
    _mail_registration(registration, "meetings/emails/registered")
    return registration


def _mail_registration(registration: Registration, template: str) -> None:
    meeting = registration.meeting
    email_queue_template(
        to=[registration.email],
        template=template,
        context=_mail_context(
            meeting,
            registration=registration,
            waiting=registration.status == RegistrationStatus.WAITING,
            cancel_url=absolute_url(
                reverse("meetings:registration-cancel", args=[registration.token])
            ),
        ),
        language=registration.language,
    )


def _promote_waiting(meeting: Meeting) -> list[Registration]:
    """Give freed places to the waiting list in order of registration."""
    if meeting.state not in REGISTRATION_OPEN:
        return []
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    if meeting.capacity is not None:
        free = max(meeting.capacity - _taken(meeting), 0)
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            action="meetings.registration.promote",
            obj=registration,
            organisation=meeting.council.host,
            changes={"status": [RegistrationStatus.WAITING, RegistrationStatus.CONFIRMED]},
        )
        _mail_registration(registration, "meetings/emails/promoted")
    return promoted


@transaction.atomic
def registration_cancel(*, token: str) -> Registration:
    """Cancel the registration the link's token names; the first on the waiting list takes
    the freed place. Whoever holds the token may cancel (it was sent only to that address)."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(token=token)
    )
    meeting = _locked(registration.meeting)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    _refuse_unless(meeting, REGISTRATION_OPEN, _("This meeting no longer takes changes."))
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        actor=registration.user,
        action="meetings.registration.cancel",
        obj=registration,
        organisation=meeting.council.host,
        changes={"status": [before, RegistrationStatus.CANCELLED]},
    )
    _promote_waiting(meeting)
    return registration


@transaction.atomic
def registration_attendance_record(
    *, actor: User, meeting: Meeting, attended: Iterable[int]
) -> int:
    """Record which confirmed registrants came (the ids in `attended`); returns how many."""
    meeting = _locked(meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, RECORDING, _("Attendance is recorded for a held meeting."))
    came = set(attended)
    confirmed = list(meeting.registrations.filter(status=RegistrationStatus.CONFIRMED))
    unknown = came - {r.pk for r in confirmed}
    if unknown:
        raise ValidationError(_("Only confirmed registrations of this meeting can be marked."))
    for registration in confirmed:
        registration.attended = registration.pk in came
    Registration.objects.bulk_update(confirmed, ["attended"])
    audit_record(
        actor=actor,
        action="meetings.registration.attendance",
        obj=meeting,
        organisation=meeting.council.host,
        changes={"attended": len(came), "registered": len(confirmed)},
    )
    return len(came)


# --- members' attendance, votes and elections -------------------------------------------------


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, present: Iterable[Member]) -> int:
    """Record every current member as present (in `present`) or absent; returns how many
    were present. Recording again replaces the earlier record until the minutes are drafted."""
    meeting = _locked(meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, RECORDING, _("Attendance is recorded for a held meeting."))
    members = council_members_on(meeting.council, meeting_day(meeting))
    present_ids = {m.pk for m in present}
    if present_ids - {m.pk for m in members}:
        raise ValidationError(_("Only members of the council on the day can be present."))
    if Vote.objects.filter(item__meeting=meeting).exists():
        raise ValidationError(
            _("Votes were already taken with this attendance; it can no longer change."),
            code="voted",
        )
    if meeting.ballot_boxes.filter(state=BallotBoxState.OPEN).exists():
        raise ValidationError(
            _("A vote is open: close or cancel it before changing the attendance."),
            code="ballot_open",
        )
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, member=m, present=m.pk in present_ids, recorded_by=actor)
            for m in members
        ]
    )
    audit_record(
        actor=actor,
        action="meetings.attendance.record",
        obj=meeting,
        organisation=meeting.council.host,
        changes={"present": sorted(present_ids), "members": len(members)},
    )
    return len(present_ids)


def _require_quorum(meeting: Meeting) -> Quorum:
    """The meeting's quorum; refused when the rule is missing or the quorum is not reached."""
    quorum = meeting_quorum(meeting)
    if quorum.required is None:
        raise ValidationError(
            _("The quorum rule of this jurisdiction is not set: no vote can be recorded."),
            code="quorum_rule",
        )
    if not quorum.reached:
        raise ValidationError(
            _("There is no quorum: %(present)s of %(total)s members present, %(required)s needed.")
            % {
                "present": quorum.present,
                "total": quorum.members_total,
                "required": quorum.required,
            },
            code="no_quorum",
        )
    return quorum


def _vote_terms(
    meeting: Meeting, kind: str, position: str, candidate: Member | None
) -> tuple[str, Member | None]:
    """What is put to the vote: a decision names no position or candidate; an election, held
    only at the first meeting of a composition, names an elected position and a member."""
    if kind != VoteKind.ELECTION:
        return "", None
    if not meeting.is_first:
        raise ValidationError(
            _("Elections are held at the first meeting of a composition."), code="election"
        )
    if position not in ELECTED_POSITIONS:
        raise ValidationError({"position": _("Choose the position to elect.")})
    if candidate is None or candidate.council_id != meeting.council_id:
        raise ValidationError({"candidate": _("Choose a member of the council as candidate.")})
    return position, candidate


@transaction.atomic
def vote_record(
    *,
    actor: User,
    item: AgendaItem,
    question: str,
    choices: Mapping[int, str],
    kind: str = VoteKind.DECISION,
    position: str = "",
    candidate: Member | None = None,
    cast_by_member: Collection[int] = frozenset(),
    counting: BallotBox | None = None,
) -> Vote:
    """Record an open vote on an agenda item: `choices` maps each present member's id to
    for/against/abstain; `cast_by_member` names the members who chose from their own account
    (a ballot box), the others were recorded by the secretary. Refused without quorum (KZ: two
    thirds of all members). Adopted when more than half of the members present voted for. An
    adopted election gives the candidate the position through councils (which refuses a chair
    in public service)."""
    meeting = _locked(item.meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, RECORDING, _("Votes are recorded for a held meeting."))
    if not question.strip():
        raise ValidationError({"question": _("Write the question put to the vote.")})
    # While the members vote from their accounts, no other vote is recorded (the same question
    # would be counted twice); `counting` is the box being closed.
    open_boxes = meeting.ballot_boxes.filter(state=BallotBoxState.OPEN)
    if counting is not None:
        open_boxes = open_boxes.exclude(pk=counting.pk)
    if open_boxes.exists():
        raise ValidationError(
            _("Another vote of this meeting is open: close or cancel it first."), code="open"
        )
    quorum = _require_quorum(meeting)
    assert quorum.required is not None  # _require_quorum refuses a missing rule
    present = {
        a.member_id: a.member
        for a in meeting.attendances.filter(present=True).select_related("member")
    }
    if set(choices) != set(present) or not set(cast_by_member) <= set(choices):
        raise ValidationError(
            _("Record a vote (for, against or abstained) for every member present, and only them."),
            code="ballots",
        )
    if any(choice not in Choice.values for choice in choices.values()):
        raise ValidationError(_("A vote is for, against or abstained."), code="choice")
    position, candidate = _vote_terms(meeting, kind, position, candidate)
    tally = {c: sum(1 for v in choices.values() if v == c) for c in Choice.values}
    adopted = 2 * tally[Choice.FOR] > len(present)
    vote = Vote(
        item=item,
        kind=kind,
        question=question.strip(),
        position=position,
        candidate=candidate,
        members_total=quorum.members_total,
        quorum=quorum.required,
        present=len(present),
        votes_for=tally[Choice.FOR],
        votes_against=tally[Choice.AGAINST],
        abstentions=tally[Choice.ABSTAIN],
        result=VoteResult.ADOPTED if adopted else VoteResult.REJECTED,
        recorded_by=actor,
    )
    vote.full_clean()
    vote.save()
    Ballot.objects.bulk_create(
        [
            Ballot(
                vote=vote,
                member=present[pk],
                choice=choice,
                cast_by_member=pk in cast_by_member,
            )
            for pk, choice in choices.items()
        ]
    )
    audit_record(
        actor=actor,
        action="meetings.vote.record",
        obj=vote,
        organisation=meeting.council.host,
        changes={
            "item": item.pk,
            "kind": kind,
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstained": vote.abstentions,
            "result": vote.result,
            "candidate": candidate.pk if candidate else None,
            "position": position,
            "cast_by_member": sorted(cast_by_member),
        },
    )
    if kind == VoteKind.ELECTION and adopted:
        from hamkori.councils.services import member_position_set

        assert candidate is not None
        member_position_set(actor=actor, member=candidate, position=position, meeting=meeting)
    return vote


# --- members' own votes: ballot boxes ---------------------------------------------------------
# Every service here locks the meeting's row first: casts, closing and cancelling of one
# meeting's box are serialised, and the one-open-box rule is checked under the lock (the
# database keeps it too).


def _box_locked(box: BallotBox) -> BallotBox:
    meeting = _locked(box.meeting)
    box = BallotBox.objects.select_related("item", "candidate").get(pk=box.pk)
    box.meeting = meeting
    box.item.meeting = meeting
    return box


def _refuse_unless_open(box: BallotBox) -> None:
    if box.state != BallotBoxState.OPEN:
        raise ValidationError(
            _("This vote is no longer open: no choice can be cast or changed."), code="closed"
        )


def _present_members(meeting: Meeting) -> dict[int, Member]:
    return {
        a.member_id: a.member
        for a in meeting.attendances.filter(present=True)
        .select_related("member")
        .order_by("member__full_name", "member_id")
    }


@transaction.atomic
def ballot_box_open(
    *,
    actor: User,
    item: AgendaItem,
    question: str,
    kind: str = VoteKind.DECISION,
    position: str = "",
    candidate: Member | None = None,
) -> BallotBox:
    """Put a question on an agenda item to the members present, who then vote from their own
    accounts. Refused like vote_record (held meeting, quorum, elections only at a first
    meeting) and while another vote of the meeting is open."""
    meeting = _locked(item.meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(meeting, RECORDING, _("Votes are recorded for a held meeting."))
    if not question.strip():
        raise ValidationError({"question": _("Write the question put to the vote.")})
    _require_quorum(meeting)
    position, candidate = _vote_terms(meeting, kind, position, candidate)
    if meeting.ballot_boxes.filter(state=BallotBoxState.OPEN).exists():
        raise ValidationError(
            _("Another vote of this meeting is open: close or cancel it first."), code="open"
        )
    box = BallotBox(
        meeting=meeting,
        item=item,
        question=question.strip(),
        kind=kind,
        position=position,
        candidate=candidate,
        opened_by=actor,
    )
    box.full_clean()
    box.save()
    audit_record(
        actor=actor,
        action="meetings.ballot.open",
        obj=box,
        organisation=meeting.council.host,
        changes={
            "item": item.pk,
            "kind": kind,
            "position": position,
            "candidate": candidate.pk if candidate else None,
        },
    )
    return box


@transaction.atomic
def ballot_cast(
    *, actor: User, box: BallotBox, choice: str, member_id: int | None = None
) -> BallotCast:
    """Cast or change a choice in an open box. Without `member_id` the actor votes for their
    own seat (they must be recorded present); with it the secretary records the choice of a
    member present (one without an account, or on their word), marked as recorded by them."""
    box = _box_locked(box)
    meeting = box.meeting
    _refuse_unless_open(box)
    present = _present_members(meeting)
    own = [m for m in present.values() if m.user_id == actor.pk]
    if member_id is None or (own and own[0].pk == member_id):
        require(can_cast_ballot, actor, box)
        member, by_member = own[0], True
    else:
        require(can_run_ballot, actor, box)
        if member_id not in present:
            raise ValidationError(_("Only members recorded present vote."), code="not_present")
        member, by_member = present[member_id], False
    if choice not in Choice.values:
        raise ValidationError(_("A vote is for, against or abstained."), code="choice")
    cast = BallotCast.objects.filter(box=box, member=member).first()
    if cast is not None and cast.cast_by_member and not by_member:
        raise ValidationError(
            _("%(name)s voted from their own account: only they can change their vote.")
            % {"name": member.full_name},
            code="own_vote",
        )
    before = cast.choice if cast else None
    if cast is None:
        cast = BallotCast(box=box, member=member)
    cast.choice, cast.cast_by_member, cast.cast_by = choice, by_member, actor
    cast.cast_at = timezone.now()
    cast.full_clean()
    cast.save()
    audit_record(
        actor=actor,
        action="meetings.ballot.cast",
        obj=box,
        organisation=meeting.council.host,
        changes={"member": member.pk, "choice": [before, choice], "cast_by_member": by_member},
    )
    return cast


@transaction.atomic
def ballot_box_close(*, actor: User, box: BallotBox) -> Vote:
    """Close the box and count it: every member present must have a choice (the refusal names
    those without one); the vote is then recorded by vote_record, with each ballot marked as
    cast by the member or recorded by the secretary, and linked to the box."""
    box = _box_locked(box)
    meeting = box.meeting
    require(can_manage_meeting, actor, meeting)
    _refuse_unless_open(box)
    present = _present_members(meeting)
    casts = {c.member_id: c for c in box.casts.filter(member_id__in=present)}
    missing = [m.full_name for pk, m in present.items() if pk not in casts]
    if missing:
        raise ValidationError(
            _(
                "Every member present votes before the vote is closed. "
                "No choice yet from: %(names)s."
            )
            % {"names": ", ".join(missing)},
            code="missing",
        )
    vote = vote_record(
        actor=actor,
        item=box.item,
        question=box.question,
        choices={pk: c.choice for pk, c in casts.items()},
        kind=box.kind,
        position=box.position,
        candidate=box.candidate,
        cast_by_member={pk for pk, c in casts.items() if c.cast_by_member},
        counting=box,
    )
    box.vote, box.state = vote, BallotBoxState.CLOSED
    box.ended_by, box.ended_at = actor, timezone.now()
    box.full_clean()
    box.save(update_fields=["vote", "state", "ended_by", "ended_at"])
    audit_record(
        actor=actor,
        action="meetings.ballot.close",
        obj=box,
        organisation=meeting.council.host,
        changes={
            "vote": vote.pk,
            "result": vote.result,
            "cast_by_member": sum(1 for c in casts.values() if c.cast_by_member),
            "recorded_by_secretary": sum(1 for c in casts.values() if not c.cast_by_member),
        },
    )
    return vote


@transaction.atomic
def ballot_box_cancel(*, actor: User, box: BallotBox, reason: str) -> BallotBox:
    """Cancel an open box with a reason (a wrong question, a vote taken by show of hands
    instead); its choices are kept with it but no vote is recorded."""
    box = _box_locked(box)
    meeting = box.meeting
    require(can_manage_meeting, actor, meeting)
    _refuse_unless_open(box)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the vote is cancelled.")})
    box.state, box.cancel_reason = BallotBoxState.CANCELLED, reason.strip()
    box.ended_by, box.ended_at = actor, timezone.now()
    box.full_clean()
    box.save(update_fields=["state", "cancel_reason", "ended_by", "ended_at"])
    audit_record(
        actor=actor,
        action="meetings.ballot.cancel",
        obj=box,
        organisation=meeting.council.host,
        changes={"reason": box.cancel_reason, "casts": box.casts.count()},
    )
    return box


# --- minutes ------------------------------------------------------------------------------


@transaction.atomic
def minutes_update(
    *, actor: User, meeting: Meeting, note: str, item_texts: Mapping[int, str]
) -> Meeting:
    """Write the minutes: an opening note and the text per agenda item. Attendance, quorum
    and decisions come from the records. Approved minutes are never changed."""
    meeting = _locked(meeting)
    require(can_manage_meeting, actor, meeting)
    _refuse_unless(
        meeting, MINUTES_EDITABLE, _("The minutes are written after the meeting, until approved.")
    )
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if set(item_texts) - set(items):
        raise ValidationError(_("An item of another meeting was given."))
    changed = []
    for pk, text in item_texts.items():
        if items[pk].minutes_text != text.strip():
            items[pk].minutes_text = text.strip()
            changed.append(items[pk])
    AgendaItem.objects.bulk_update(changed, ["minutes_text"])
    meeting.minutes_note = note.strip()
    meeting.save(update_fields=["minutes_note", "updated_at"])
    audit_record(
        actor=actor,
        action="meetings.minutes.update",
        obj=meeting,
        organisation=meeting.council.host,
        changes={"items": sorted(i.pk for i in changed)},
    )
    return meeting
