"""Pages of council meetings: the public list, meeting page and feeds, the registration of
the public, and the secretary's pages for the agenda, attendance, votes and minutes. Views
fetch through selectors and change through services; a refused change re-renders the page
with the reasons (status 400)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from hamkori.core.forms import form_add_service_errors, language_values
from hamkori.core.htmx import render_page
from hamkori.core.i18n import translated
from hamkori.core.ical import IcalEvent, calendar_response
from hamkori.core.links import absolute_url
from hamkori.councils.composition import composition_checks, size_violations
from hamkori.councils.permissions import can_manage_council
from hamkori.meetings import selectors, services
from hamkori.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    RegistrantAttendanceForm,
    RegistrationForm,
    VoteForm,
    VoteQuestionForm,
)
from hamkori.meetings.minutes import minutes_context, minutes_pdf
from hamkori.meetings.models import (
    AgendaItem,
    BallotBox,
    BallotBoxState,
    Choice,
    Meeting,
    MeetingState,
    RegistrationStatus,
    VoteResult,
)
from hamkori.meetings.permissions import can_approve_minutes, can_manage_meeting, can_open_ballot
from hamkori.meetings.workflow import (
    AGENDA_EDITABLE,
    MINUTES_EDITABLE,
    RECORDING,
    REGISTRATION_OPEN,
    MeetingAction,
    actions_from,
)
from hamkori.rules.selectors import local_datetime, local_zone


def _local(meeting: Meeting, moment):
    return timezone.localtime(moment, local_zone(meeting.council.jurisdiction_id))


def _require_manager(request, meeting: Meeting) -> None:
    if not can_manage_meeting(request.user, meeting):
        raise PermissionDenied("can_manage_meeting")


def _closed_for_editing(request, meeting: Meeting, states, message: str):
    """A form that could not be saved in the meeting's state is not shown: the manager goes
    back to the meeting with the reason instead of filling in a form only to be refused (the
    service refuses a post all the same)."""
    if request.method == "POST" or meeting.state in states:
        return None
    messages.info(request, message)
    return redirect("meetings:meeting-detail", pk=meeting.pk)


# --- public pages -------------------------------------------------------------------------


def council_meetings(request, code: str):
    """A council's meetings, newest first: the public sees those with a published notice."""
    council = selectors.council_get(code=code)
    meetings = selectors.meeting_list_for(user=request.user, council=council)
    zone = local_zone(council.jurisdiction_id)
    rows = [(m, timezone.localtime(m.starts_at, zone)) for m in meetings]
    return render_page(
        request,
        "meetings/council_meetings.html",
        {
            "council": council,
            "rows": rows,
            "manages": can_manage_council(request.user, council),
            "zone": zone.key,
        },
        partial="meetings/partials/_meeting_rows.html",
    )


def _event(meeting: Meeting) -> IcalEvent:
    summary = f"{translated(meeting.council, 'name')} — № {meeting.number}: {meeting}"
    if meeting.state == MeetingState.CANCELLED:
        summary = f"{_('Cancelled')}: {summary}"
    return IcalEvent(
        uid=f"meeting-{meeting.pk}@hamkori",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=summary,
        location=meeting.place,
        url=absolute_url(reverse("meetings:meeting-detail", args=[meeting.pk])),
    )


def council_ics(request, code: str):
    """The public iCal feed of a council's meetings."""
    council = selectors.council_get(code=code)
    meetings = selectors.council_public_meetings(council).select_related("council")
    return calendar_response(
        translated(council, "name") or council.code,
        [_event(m) for m in meetings],
        filename=f"{council.code}.ics",
    )


def meeting_ics(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    return calendar_response(str(meeting), [_event(meeting)], filename=f"meeting-{meeting.pk}.ics")


def _detail_context(request, meeting: Meeting, **extra) -> dict:
    manages = can_manage_meeting(request.user, meeting)
    view = selectors.meeting_view(meeting, with_registrations=manages)
    counts = selectors.registration_counts(meeting)
    registration_open = (
        meeting.is_open
        and meeting.state in REGISTRATION_OPEN
        and timezone.now() < meeting.starts_at
    )
    form = extra.pop("registration_form", None)
    # A signed-in visitor already registered sees their registration instead of the form.
    mine, waiting_position = (
        selectors.registration_of_user(meeting, request.user) if registration_open else (None, 0)
    )
    if form is None and registration_open and mine is None:
        user = request.user
        initial = (
            {"full_name": user.full_name, "email": user.email} if user.is_authenticated else {}
        )
        form = RegistrationForm(initial=initial)
    approved = meeting.state == MeetingState.MINUTES_APPROVED
    # The chair approves the minutes without managing the council: they read the draft too.
    approves = can_approve_minutes(request.user, meeting)
    box = selectors.meeting_open_ballot_box(meeting) if meeting.state in RECORDING else None
    actions = [
        (action, MeetingAction(action).label)
        for action in actions_from(meeting.state)
        if action != MeetingAction.CANCEL
        and (approves if action == MeetingAction.APPROVE_MINUTES else manages)
        and not (action == MeetingAction.HOLD and timezone.now() < meeting.starts_at)
        # the minutes wait for the open vote (workflow refuses them too)
        and not (action == MeetingAction.DRAFT_MINUTES and box is not None)
    ]
    # A first meeting of a composition below the legal size elects officers all the same,
    # but everyone should see that the composition is incomplete.
    too_small = (
        size_violations(composition_checks(meeting.council, selectors.meeting_day(meeting)))
        if meeting.is_first
        else []
    )
    ballot = (
        _ballot_context(request, box, present=[a.member for a in view.attendance if a.present])
        if box
        else {}
    )
    return {
        "meeting": meeting,
        "council": meeting.council,
        "size_violations": too_small,
        "view": view,
        "counts": counts,
        "places_left": None
        if meeting.capacity is None
        else max(meeting.capacity - counts["confirmed"], 0),
        "registration_open": registration_open,
        "registration_form": form,
        "my_registration": mine,
        "waiting_position": waiting_position,
        "manages": manages,
        "actions": actions,
        "can_cancel": manages and MeetingAction.CANCEL in actions_from(meeting.state),
        "agenda_editable": manages and meeting.state in AGENDA_EDITABLE,
        "recording": manages and meeting.state in RECORDING,
        "minutes_editable": manages and meeting.state in MINUTES_EDITABLE,
        # Results and minutes are the council's record once approved; managers see drafts.
        "show_results": approved or (manages and meeting.state != MeetingState.PLANNED),
        "minutes_visible": approved or ((manages or approves) and meeting.held_at is not None),
        "starts_local": _local(meeting, meeting.starts_at),
        "ends_local": _local(meeting, meeting.ends_at),
        "zone": local_zone(meeting.council.jurisdiction_id).key,
        "languages": settings.LANGUAGES,
        # Members vote from their own accounts in a ballot box, one open at a time.
        "can_open_ballot": box is None and can_open_ballot(request.user, meeting),
        **ballot,
        **extra,
    }


def meeting_detail(request, pk: int):
    """The meeting page: agenda and documents, registration, results and minutes."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    return render_page(
        request,
        "meetings/meeting_detail.html",
        _detail_context(request, meeting),
        partial="meetings/partials/_agenda.html",
    )


@require_POST
def registration_create(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    form = RegistrationForm(request.POST)
    anonymous = not request.user.is_authenticated
    if form.is_valid():
        try:
            registration = services.registration_create(
                meeting=meeting,
                user=None if anonymous else request.user,
                language=translation.get_language(),
                # An anonymous form must not tell whether an address is registered: its
                # owner gets their registration again by e-mail, the page answers alike.
                remind_duplicate=anonymous,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if anonymous:
                messages.success(
                    request,
                    _(
                        "Thank you. Check your e-mail: we sent you your registration and a "
                        "link to cancel it."
                    ),
                )
                return redirect("meetings:meeting-detail", pk=meeting.pk)
            if registration.status == RegistrationStatus.WAITING:
                messages.info(request, _("All places are taken: you are on the waiting list."))
            else:
                messages.success(request, _("Your place is confirmed."))
            messages.info(request, _("We sent you an e-mail with a link to cancel."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    context = _detail_context(request, meeting, registration_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=400)


def registration_cancel(request, token: str):
    """The cancel link of the confirmation e-mail: a page that asks, then cancels on POST
    (a mail scanner following the link must not cancel anything)."""
    registration = selectors.registration_by_token(token)
    meeting = registration.meeting
    refusal = ""
    if request.method == "POST":
        try:
            services.registration_cancel(token=token)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect("meetings:registration-cancel", token=token)
    return render(
        request,
        "meetings/registration_cancel.html",
        {
            "registration": registration,
            "meeting": meeting,
            "starts_local": _local(meeting, meeting.starts_at),
            "refusal": refusal,
            "cancellable": registration.status != RegistrationStatus.CANCELLED
            and meeting.state in REGISTRATION_OPEN,
        },
        status=400 if refusal else 200,
    )


def agenda_document(request, pk: int):
    document = selectors.agenda_document_get_for(user=request.user, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.kind != "pdf",
        filename=document.original_name,
    )


def minutes_detail(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_minutes_visible(request, meeting)
    # The page marks the ballots members cast themselves; the PDF does not.
    context = {**minutes_context(meeting), "own_vote_marks": True}
    return render(request, "meetings/minutes.html", context)


def _require_minutes_visible(request, meeting: Meeting) -> None:
    """Approved minutes are public; a draft is read by those who write it and by those who
    approve it (the chair reads what they are asked to approve)."""
    approved = meeting.state == MeetingState.MINUTES_APPROVED
    if approved:
        return
    user = request.user
    if not meeting.held_at or not (
        can_manage_meeting(user, meeting) or can_approve_minutes(user, meeting)
    ):
        raise Http404


def minutes_pdf_view(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_minutes_visible(request, meeting)
    language = request.GET.get("language") or translation.get_language() or "ru"
    if language not in dict(settings.LANGUAGES):
        raise Http404
    pdf = minutes_pdf(minutes_context(meeting), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"minutes-{meeting.council.code}-{meeting.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- the secretary's pages ------------------------------------------------------------------


def _meeting_form_values(form: MeetingForm) -> dict:
    data = form.cleaned_data
    return {
        "title": language_values(data, "title"),
        "place": data["place"],
        "is_open": data["is_open"],
        "capacity": data["capacity"],
        "is_first": data["is_first"],
    }


@login_required
def meeting_create(request, code: str):
    council = selectors.council_get(code=code)
    if not can_manage_council(request.user, council):
        raise PermissionDenied("can_manage_council")
    form = MeetingForm(request.POST or None, jurisdiction_id=council.jurisdiction_id)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]
        try:
            meeting = services.meeting_create(
                actor=request.user,
                council=council,
                starts_at=starts_at,
                ends_at=ends_at,
                **_meeting_form_values(form),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"council": council, "form": form, "heading": _("Plan a meeting")},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_edit(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_manager(request, meeting)
    closed = _closed_for_editing(
        request, meeting, AGENDA_EDITABLE, _("A held or cancelled meeting is not changed.")
    )
    if closed:
        return closed
    starts, ends = _local(meeting, meeting.starts_at), _local(meeting, meeting.ends_at)
    initial = {
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "place": meeting.place,
        "is_open": meeting.is_open,
        "capacity": meeting.capacity,
        "is_first": meeting.is_first,
        **{f"title_{c}": getattr(meeting, f"title_{c}") for c in ("kk", "ru", "tg", "en")},
    }
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        jurisdiction_id=meeting.council.jurisdiction_id,
        planned_start=meeting.starts_at,
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                starts_at=starts_at,
                ends_at=ends_at,
                **_meeting_form_values(form),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"council": meeting.council, "meeting": meeting, "form": form, "heading": _("Change")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def meeting_transition(request, pk: int, action: str):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    if action not in MeetingAction.values:
        raise Http404
    form = CancelForm(request.POST) if action == MeetingAction.CANCEL else None
    reason = request.POST.get("reason", "")
    try:
        # Approval cannot be undone: the approver confirms having read the minutes.
        if action == MeetingAction.APPROVE_MINUTES and not request.POST.get("confirm"):
            raise ValidationError(
                _("Confirm that you have read the minutes before approving them."),
                code="confirm",
            )
        services.meeting_transition(
            actor=request.user, meeting=meeting, action=action, reason=reason
        )
    except ValidationError as error:
        context = _detail_context(request, meeting, refusals=error.messages, cancel_form=form)
        return render(request, "meetings/meeting_detail.html", context, status=400)
    done = _transition_done(action)
    if done:
        messages.success(request, done)
    return redirect("meetings:meeting-detail", pk=meeting.pk)


def _transition_done(action: str) -> str:
    return {
        MeetingAction.PUBLISH: _("The notice is published and the members are informed."),
        MeetingAction.HOLD: _("The meeting is recorded as held."),
        MeetingAction.DRAFT_MINUTES: _("The draft minutes are finished: they await approval."),
        MeetingAction.APPROVE_MINUTES: _("The minutes are approved."),
        MeetingAction.CANCEL: _("The meeting is cancelled."),
    }.get(MeetingAction(action), "")


def _item_of(request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    item.meeting = selectors.meeting_get_for(user=request.user, pk=item.meeting_id)
    _require_manager(request, item.meeting)
    return item


def _item_values(meeting: Meeting, data: dict) -> dict:
    starts_at = None
    if data["starts"]:
        day = _local(meeting, meeting.starts_at).date()
        starts_at = local_datetime(meeting.council.jurisdiction_id, day, data["starts"])
    return {
        "title": language_values(data, "title"),
        "description": language_values(data, "description"),
        "starts_at": starts_at,
        "duration_minutes": data["duration_minutes"],
        "speaker": data["speaker"],
    }


@login_required
def item_add(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_manager(request, meeting)
    closed = _closed_for_editing(
        request, meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed.")
    )
    if closed:
        return closed
    agenda = selectors.meeting_view(meeting).agenda
    form = AgendaItemForm(request.POST or None, parents=agenda)
    if request.method == "POST" and form.is_valid():
        parent = next((v.item for v in agenda if v.item.pk == form.cleaned_data["parent"]), None)
        try:
            services.agenda_item_add(
                actor=request.user,
                meeting=meeting,
                parent=parent,
                order=form.cleaned_data["order"],
                **_item_values(meeting, form.cleaned_data),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/item_form.html",
        {"meeting": meeting, "form": form, "heading": _("Add an agenda item")},
        status=400 if form.errors else 200,
    )


@login_required
def item_edit(request, pk: int):
    item = _item_of(request, pk)
    meeting = item.meeting
    closed = _closed_for_editing(
        request, meeting, AGENDA_EDITABLE, _("The agenda of a held meeting is not changed.")
    )
    if closed:
        return closed
    starts = _local(meeting, item.starts_at).time() if item.starts_at else None
    initial = {
        "order": item.order,
        "starts": starts,
        "duration_minutes": item.duration_minutes,
        "speaker": item.speaker,
        **{
            f"{name}_{c}": getattr(item, f"{name}_{c}")
            for name in ("title", "description")
            for c in ("kk", "ru", "tg", "en")
        },
    }
    form = AgendaItemForm(request.POST or None, initial=initial)
    form.fields.pop("parent")
    document_form = DocumentForm()
    if request.method == "POST" and "file" in request.FILES:
        form = AgendaItemForm(initial=initial)
        form.fields.pop("parent")
        document_form = DocumentForm(request.POST, request.FILES)
        if document_form.is_valid():
            try:
                services.agenda_document_add(
                    actor=request.user, item=item, uploaded_file=document_form.cleaned_data["file"]
                )
            except ValidationError as error:
                form_add_service_errors(document_form, error)
            else:
                return redirect("meetings:item-edit", pk=item.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                actor=request.user,
                item=item,
                order=form.cleaned_data["order"] or item.order,
                **_item_values(meeting, form.cleaned_data),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/item_form.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "document_form": document_form,
            "documents": list(item.documents.all()),
            "heading": _("Change the agenda item"),
        },
        status=400 if form.errors or document_form.errors else 200,
    )


@login_required
def item_remove(request, pk: int):
    """Asks first (the item goes with its sub-items and documents), removes on POST."""
    item = _item_of(request, pk)
    if request.method != "POST":
        return render(
            request,
            "meetings/item_remove.html",
            {"meeting": item.meeting, "item": item, "sub_items": item.children.count()},
        )
    try:
        services.agenda_item_remove(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda item is removed."))
    return redirect("meetings:meeting-detail", pk=item.meeting.pk)


@login_required
def attendance_edit(request, pk: int):
    """Members present or absent, and which registered people came."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_manager(request, meeting)
    view = selectors.meeting_view(meeting, with_registrations=True)
    present_ids = {a.member_id for a in view.attendance if a.present}
    which = request.POST.get("which")
    form = AttendanceForm(
        request.POST if which == "members" else None,
        members=view.members,
        present_ids=present_ids,
    )
    public_form = RegistrantAttendanceForm(
        request.POST if which == "public" else None, registrations=view.confirmed
    )
    if request.method == "POST":
        try:
            if which == "members" and form.is_valid():
                chosen = set(form.cleaned_data["present"])
                services.attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    present=[m for m in view.members if m.pk in chosen],
                )
                messages.success(request, _("The members' attendance is saved."))
                return redirect("meetings:attendance-edit", pk=meeting.pk)
            if which == "public" and public_form.is_valid():
                services.registration_attendance_record(
                    actor=request.user,
                    meeting=meeting,
                    attended=public_form.cleaned_data["attended"],
                )
                messages.success(request, _("The attendance of the public is saved."))
                return redirect("meetings:attendance-edit", pk=meeting.pk)
        except ValidationError as error:
            form_add_service_errors(form if which == "members" else public_form, error)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "view": view,
            "form": form,
            "public_form": public_form,
            "recording": meeting.state in RECORDING,
        },
        status=400 if form.errors or public_form.errors else 200,
    )


def _vote_terms(form, members) -> dict:
    """The question, kind, position and candidate of a vote form, as the services take them."""
    data = form.cleaned_data
    candidate = next((m for m in members if m.pk == data["candidate"]), None)
    return {
        "question": data["question"],
        "kind": data["kind"],
        "position": data["position"],
        "candidate": candidate,
    }


@login_required
def vote_create(request, pk: int):
    """Record an open vote on an agenda item: each present member's choice."""
    item = _item_of(request, pk)
    meeting = item.meeting
    closed = _closed_for_editing(
        request, meeting, RECORDING, _("Votes are recorded for a held meeting.")
    )
    if closed:
        return closed
    view = selectors.meeting_view(meeting)
    present = [a.member for a in view.attendance if a.present]
    form = VoteForm(request.POST or None, present=present, members=view.members)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_record(
                actor=request.user,
                item=item,
                choices=form.choices(),
                **_vote_terms(form, view.members),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/vote_form.html",
        {"meeting": meeting, "item": item, "form": form, "quorum": view.quorum},
        status=400 if form.errors else 200,
    )


# --- members' own votes: ballot boxes --------------------------------------------------------


def _choice_buttons() -> list[tuple[str, str]]:
    return [(Choice.FOR, _("For")), (Choice.AGAINST, _("Against")), (Choice.ABSTAIN, _("Abstain"))]


def _ballot_context(request, box: BallotBox, *, present=None, **extra) -> dict:
    return {
        "meeting": box.meeting,
        "ballot": selectors.ballot_box_view(box, user=request.user, present=present),
        "choice_buttons": _choice_buttons(),
        **extra,
    }


def _ballot_answer(request, box: BallotBox, *, done: str = "", refusals=()):
    """After a change to a ballot box: htmx gets the box's partial (or a reload of the page
    once the box is closed, so the result shows); a plain form post goes back to the meeting
    page, or sees it again with the reasons (400) when refused."""
    box.refresh_from_db(fields=["state"])
    if getattr(request, "htmx", False):
        if box.state != BallotBoxState.OPEN:
            for message in refusals or ([done] if done else []):
                messages.info(request, message)
            return HttpResponseClientRefresh()
        context = _ballot_context(request, box, ballot_error=" ".join(refusals))
        return render(request, "meetings/partials/_ballot_box.html", context)
    if refusals:
        context = _detail_context(request, box.meeting, refusals=list(refusals))
        return render(request, "meetings/meeting_detail.html", context, status=400)
    if done:
        messages.success(request, done)
    return redirect(reverse("meetings:meeting-detail", args=[box.meeting_id]) + "#ballot")


@login_required
def ballot_open(request, pk: int):
    """Put a question on an agenda item to the members present, who vote from their
    accounts on the meeting page."""
    item = _item_of(request, pk)
    meeting = item.meeting
    closed = _closed_for_editing(
        request, meeting, RECORDING, _("Votes are recorded for a held meeting.")
    )
    if closed:
        return closed
    view = selectors.meeting_view(meeting)
    form = VoteQuestionForm(request.POST or None, members=view.members)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_box_open(
                actor=request.user, item=item, **_vote_terms(form, view.members)
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The vote is open: the members present vote on the meeting page.")
            )
            return redirect(reverse("meetings:meeting-detail", args=[meeting.pk]) + "#ballot")
    return render(
        request,
        "meetings/ballot_open_form.html",
        {"meeting": meeting, "item": item, "form": form, "quorum": view.quorum},
        status=400 if form.errors else 200,
    )


def ballot_detail(request, pk: int):
    """The live count of an open box (htmx polls it); once the box is closed the page
    reloads to show the result. Without htmx: the meeting page."""
    box = selectors.ballot_box_get_for(user=request.user, pk=pk)
    if not getattr(request, "htmx", False):
        return redirect(reverse("meetings:meeting-detail", args=[box.meeting_id]) + "#ballot")
    if box.state != BallotBoxState.OPEN:
        return HttpResponseClientRefresh()
    return render(request, "meetings/partials/_ballot_tally.html", _ballot_context(request, box))


@login_required
@require_POST
def ballot_cast(request, pk: int):
    """A member present votes for their own seat; the secretary records the choice of a
    member present (`member` in the post)."""
    box = selectors.ballot_box_get_for(user=request.user, pk=pk, to="cast")
    member = request.POST.get("member", "")
    choice = request.POST.get("choice", "")
    try:
        cast = services.ballot_cast(
            actor=request.user,
            box=box,
            choice=choice,
            member_id=int(member) if member.isdigit() else None,
        )
    except ValidationError as error:
        return _ballot_answer(request, box, refusals=error.messages)
    label = Choice(cast.choice).label
    done = (
        _("Your vote is recorded: %(choice)s. You can change it until the vote is closed.")
        % {"choice": label}
        if cast.cast_by_member
        else _("Recorded for %(name)s: %(choice)s.")
        % {"name": cast.member.full_name, "choice": label}
    )
    return _ballot_answer(request, box, done=done)


@login_required
@require_POST
def ballot_close(request, pk: int):
    box = selectors.ballot_box_get_for(user=request.user, pk=pk, to="run")
    try:
        vote = services.ballot_box_close(actor=request.user, box=box)
    except ValidationError as error:
        return _ballot_answer(request, box, refusals=error.messages)
    done = (
        _("The vote is closed and counted: adopted.")
        if vote.result == VoteResult.ADOPTED
        else _("The vote is closed and counted: rejected.")
    )
    return _ballot_answer(request, box, done=done)


@login_required
@require_POST
def ballot_cancel(request, pk: int):
    box = selectors.ballot_box_get_for(user=request.user, pk=pk, to="run")
    try:
        services.ballot_box_cancel(
            actor=request.user, box=box, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        return _ballot_answer(request, box, refusals=error.messages)
    return _ballot_answer(request, box, done=_("The vote is cancelled."))


@login_required
def minutes_edit(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    _require_manager(request, meeting)
    closed = _closed_for_editing(
        request,
        meeting,
        MINUTES_EDITABLE,
        _("The minutes are written after the meeting, until approved."),
    )
    if closed:
        return closed
    view = selectors.meeting_view(meeting)
    form = MinutesForm(
        request.POST or None, agenda=view.agenda, initial={"note": meeting.minutes_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_update(
                actor=request.user,
                meeting=meeting,
                note=form.cleaned_data["note"],
                item_texts=form.item_texts(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect("meetings:minutes-detail", pk=meeting.pk)
    return render(
        request,
        "meetings/minutes_form.html",
        {"meeting": meeting, "form": form, "view": view},
        status=400 if form.errors else 200,
    )
