"""Pages of the commission, the published results, the applicant's result and appeals.
Views fetch through selectors and change through services; a refused change re-renders
the page with the reasons (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamkori.core.forms import form_add_service_errors
from hamkori.decisions import selectors, services
from hamkori.decisions.forms import (
    AppealAnswerForm,
    AppealForm,
    AttendanceForm,
    LotDecisionForm,
    MeetingForm,
    MemberForm,
    VoteForm,
)
from hamkori.decisions.minutes import minutes_context, minutes_pdf
from hamkori.decisions.models import CommissionMember, DecisionEntry, MeetingState
from hamkori.decisions.permissions import can_file_appeal, can_manage_decision, result_of
from hamkori.reviews.selectors import application_sheets
from hamkori.rules.selectors import local_zone


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for ms in error.message_dict.values() for m in ms]
    return [str(m) for m in error.messages]


def _local(call, moment):
    return timezone.localtime(moment, local_zone(call.jurisdiction_id)) if moment else None


# --- the officials' pages ---------------------------------------------------------------


@login_required
def call_decision(request, call_pk: int):
    """The ranking as it stands, the commission's meetings, the published result and the
    appeals of a call."""
    call = selectors.call_for_decision(user=request.user, pk=call_pk)
    data = selectors.call_decision(call)
    return render(
        request,
        "decisions/call_decision.html",
        {
            "call": call,
            "data": data,
            "manages": can_manage_decision(request.user, call),
            "published_local": _local(call, data.result.published_at if data.result else None),
        },
    )


@login_required
def meeting_create(request, call_pk: int):
    call = selectors.call_for_decision(user=request.user, pk=call_pk)
    if not can_manage_decision(request.user, call):
        raise PermissionDenied("can_manage_decision")
    form = MeetingForm(request.POST or None)
    zone = local_zone(call.jurisdiction_id)
    closed_on = timezone.localtime(call.closes_at, zone).date()
    form.fields["day"].widget.attrs.update(
        min=closed_on.isoformat(),
        max=(closed_on + services.MEETING_LATEST_AFTER_CLOSE).isoformat(),
    )
    form.fields["day"].help_text = _("From the call's close (%(date)s) to a year after it.") % {
        "date": closed_on.strftime("%d.%m.%Y")
    }
    if request.method == "POST" and form.is_valid():
        held_at = services.meeting_local_datetime(
            call, form.cleaned_data["day"], form.cleaned_data["time"]
        )
        try:
            meeting = services.meeting_create(
                actor=request.user, call=call, held_at=held_at, place=form.cleaned_data["place"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was created from the proposed ranking."))
            return redirect("decisions:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "decisions/meeting_create.html",
        {
            "call": call,
            "form": form,
            "refusal": services.meeting_refusal(call),
            "zone": call.jurisdiction.timezone,
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting_action(request, meeting, view) -> tuple[dict, list[str]]:
    """Apply the posted action; returns the bound forms to show and the refusals."""
    action = request.POST.get("action", "")
    bound: dict = {}
    try:
        if action == "member_add":
            form = MemberForm(request.POST)
            bound["member_form"] = form
            if not form.is_valid():
                return bound, []
            try:
                member = services.member_add(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
                return bound, []
            messages.success(request, _("The member was added."))
            lots = selectors.member_recused_lots(member)
            if lots:
                messages.warning(
                    request,
                    _(
                        "%(name)s belongs to, or is related to, an applicant in lot(s) "
                        "%(lots)s: they do not vote on any application of those lots."
                    )
                    % {
                        "name": member.user.full_name,
                        "lots": ", ".join(str(lot.number) for lot in lots),
                    },
                )
        elif action == "member_remove":
            member = get_object_or_404(
                CommissionMember, pk=request.POST.get("member") or 0, meeting=meeting
            )
            services.member_remove(actor=request.user, member=member)
            messages.success(request, _("The member was removed."))
        elif action == "attendance":
            form = AttendanceForm(request.POST, members=view.members)
            bound["attendance_form"] = form
            form.is_valid()
            services.attendance_record(actor=request.user, meeting=meeting, present=form.present())
            messages.success(request, _("The attendance was recorded."))
        elif action == "votes":
            form = VoteForm(request.POST, members=view.present)
            bound["vote_form"] = form
            if not form.is_valid():
                return bound, []
            services.votes_record(actor=request.user, meeting=meeting, choices=form.choices())
            messages.success(request, _("The votes were recorded."))
        elif action == "adopt":
            meeting = services.meeting_adopt(actor=request.user, meeting=meeting)
            if meeting.state == MeetingState.ADOPTED:
                messages.success(request, _("The decision was adopted."))
            else:
                messages.warning(request, _("The decision was not adopted."))
        elif action == "publish":
            services.result_publish(actor=request.user, call=meeting.call, meeting=meeting)
            messages.success(request, _("The result was published and the applicants told."))
        else:
            return bound, [_("Unknown action.")]
    except ValidationError as error:
        return bound, _messages_of(error)
    return {}, []


@login_required
def meeting_detail(request, pk: int):
    """Members, attendance and quorum, the decision per lot, the votes with recusals, and
    the buttons to adopt and publish."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    manages = can_manage_decision(request.user, meeting.call)
    view = selectors.meeting_view(meeting)
    bound: dict = {}
    refusals: list[str] = []
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("can_manage_decision")
        bound, refusals = _meeting_action(request, meeting, view)
        if not bound and not refusals:
            return redirect("decisions:meeting-detail", pk=meeting.pk)
        meeting.refresh_from_db()
        view = selectors.meeting_view(meeting)
    result = result_of(meeting.call)
    context = {
        "meeting": meeting,
        "call": meeting.call,
        "view": view,
        "manages": manages,
        "prepared": meeting.state == MeetingState.PREPARED,
        "editable": manages and meeting.state == MeetingState.PREPARED,
        "held_local": _local(meeting.call, meeting.held_at),
        "published": result is not None and result.meeting_id == meeting.pk,
        "can_publish": manages
        and meeting.state == MeetingState.ADOPTED
        and (
            result is None
            or (
                result.meeting_id != meeting.pk
                and services.revision_needed(meeting.call)
                and meeting.number > result.meeting.number
            )
        ),
        "member_form": MemberForm(),
        "attendance_form": AttendanceForm(members=view.members),
        "vote_form": VoteForm(members=view.present),
        "refusals": refusals,
        **bound,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/meeting_detail.html", context, status=status)


@login_required
def decision_edit(request, pk: int, lot_pk: int):
    """The decision on the applications of one lot, against the proposal."""
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    lot = selectors.lot_decision_for(user=request.user, meeting=meeting, lot_pk=lot_pk)
    if not can_manage_decision(request.user, meeting.call):
        raise PermissionDenied("can_manage_decision")
    if meeting.state != MeetingState.PREPARED:
        raise PermissionDenied("meeting_is_prepared")
    entries = list(
        DecisionEntry.objects.filter(meeting=meeting, lot=lot)
        .select_related("application", "application__organisation")
        .defer("application__content")
    )
    form = LotDecisionForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                actor=request.user, meeting=meeting, lot=lot, changes=form.changes()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The decision on lot %(number)s was saved.") % {"number": lot.number}
            )
            return redirect("decisions:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "decisions/decision_edit.html",
        {"meeting": meeting, "call": meeting.call, "lot": lot, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_minutes(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    return render(request, "decisions/minutes.html", minutes_context(meeting))


@login_required
def meeting_minutes_pdf(request, pk: int):
    meeting = selectors.meeting_get_for(user=request.user, pk=pk)
    pdf = minutes_pdf(minutes_context(meeting), translation.get_language() or "ru")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"minutes-{meeting.call.reference}-{meeting.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- appeals (officials) ----------------------------------------------------------------


@login_required
def appeal_list(request, call_pk: int):
    call = selectors.call_for_decision(user=request.user, pk=call_pk)
    return render(
        request,
        "decisions/appeal_list.html",
        {"call": call, "appeals": selectors.appeal_rows(call)},
    )


@login_required
def appeal_detail(request, pk: int):
    """An appeal with the application's outcome; officials take it up and answer it."""
    appeal = selectors.appeal_get_for(user=request.user, pk=pk)
    manages = can_manage_decision(request.user, appeal.call)
    form = AppealAnswerForm()
    refusals: list[str] = []
    if request.method == "POST":
        if not manages:
            raise PermissionDenied("can_manage_decision")
        action = request.POST.get("action")
        try:
            if action == "review":
                services.appeal_review_start(actor=request.user, appeal=appeal)
                messages.success(request, _("The appeal is under review."))
                return redirect("decisions:appeal-detail", pk=appeal.pk)
            form = AppealAnswerForm(request.POST)
            if form.is_valid():
                upheld = form.cleaned_data["decision"] == "upheld"
                services.appeal_answer(
                    actor=request.user,
                    appeal=appeal,
                    upheld=upheld,
                    answer=form.cleaned_data["answer"],
                )
                messages.success(request, _("The answer was recorded and sent to the appellant."))
                return redirect("decisions:appeal-detail", pk=appeal.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_add_service_errors(form, error)
            else:
                refusals = _messages_of(error)
    result = result_of(appeal.call)
    entry = (
        DecisionEntry.objects.filter(
            meeting_id=result.meeting_id, application=appeal.application
        ).first()
        if result
        else None
    )
    return render(
        request,
        "decisions/appeal_detail.html",
        {
            "appeal": appeal,
            "call": appeal.call,
            "entry": entry,
            # The appellant's submitted sheets, with the experts' names: what the appeal
            # contests (officials and auditors only, as the page).
            "sheets": application_sheets(appeal.application),
            "form": form,
            "manages": manages,
            "refusals": refusals,
            "filed_local": _local(appeal.call, appeal.created_at),
            "answered_local": _local(appeal.call, appeal.answered_at),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- public and applicant ---------------------------------------------------------------


def results(request, call_pk: int):
    """The published decision of a call, for anyone."""
    data = selectors.results_for(pk=call_pk)
    return render(
        request,
        "decisions/results.html",
        {
            "data": data,
            "call": data.call,
            "published_local": _local(data.call, data.result.published_at),
        },
    )


@login_required
def application_result(request, pk: int):
    """The applicant's outcome, score sheets and appeals; POST files an appeal."""
    view = selectors.application_result_for(user=request.user, pk=pk)
    application = view.application
    form = AppealForm(request.POST or None)
    if request.method == "POST":
        if not can_file_appeal(request.user, application):
            raise PermissionDenied("can_file_appeal")
        if form.is_valid():
            try:
                services.appeal_file(
                    actor=request.user,
                    application=application,
                    grounds=form.cleaned_data["grounds"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Your appeal was filed."))
                return redirect("decisions:application-result", pk=application.pk)
    return render(
        request,
        "decisions/application_result.html",
        {
            "view": view,
            "application": application,
            "call": application.call,
            "form": form,
            "published_local": _local(
                application.call, view.result.published_at if view.result else None
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
