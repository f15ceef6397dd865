"""Pages of consultations and dialogue programmes. Views fetch through selectors and change
through services; a refused change re-renders the page with the reasons (status 400)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.core.forms import form_add_service_errors, language_values
from hamkori.core.htmx import render_page
from hamkori.core.i18n import CONTENT_LANGUAGES, translated
from hamkori.core.ical import IcalEvent, calendar_response
from hamkori.core.links import absolute_url
from hamkori.dialogue import selectors, services
from hamkori.dialogue.document import programme_pdf
from hamkori.dialogue.forms import (
    CommentForm,
    ConsultationForm,
    DocumentForm,
    FollowUpForm,
    HandleForm,
    HideForm,
    ParticipantForm,
    ProgrammeForm,
    ReportForm,
    SectionForm,
    SessionForm,
)
from hamkori.dialogue.models import Comment, Consultation, FollowUp, Participant, Section
from hamkori.dialogue.permissions import (
    can_comment,
    can_edit_consultation,
    can_handle_comments,
    can_manage_consultation,
    can_manage_programme,
    can_moderate,
    comment_period_running,
)
from hamkori.dialogue.workflow import ConsultationAction, ConsultationState, consultation_refusal

PAGE_SIZE = 25


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for ms in error.message_dict.values() for m in ms]
    return [str(m) for m in error.messages]


# --- consultations ---------------------------------------------------------------------


def consultation_list(request):
    """Public list of consultations, open or closed, by organiser."""
    show = request.GET.get("show", "")
    try:
        organiser_id = int(request.GET.get("organiser") or 0)
    except ValueError:
        organiser_id = 0
    queryset = selectors.consultation_list(show=show, organiser_id=organiser_id or None)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "dialogue/consultation_list.html",
        {
            "page_obj": page_obj,
            "show": show,
            "organiser_id": organiser_id,
            "organisers": selectors.consultation_organisers(),
            "managed": bool(selectors.managed_bodies(request.user)),
        },
        partial="dialogue/partials/_consultation_rows.html",
    )


@login_required
def consultation_mine(request):
    """Every consultation of the bodies the official works for, drafts included."""
    page_obj = Paginator(selectors.consultation_list_managed(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "dialogue/consultation_mine.html", {"page_obj": page_obj})


def _consultation_form_values(data: dict) -> dict:
    return {
        "kind": data["kind"],
        "titles": language_values(data, "title"),
        "summaries": language_values(data, "summary"),
        "opens_on": data["opens_on"],
        "closes_on": data.get("closes_on"),
        "council": data.get("council"),
        "plan": data.get("plan"),
        "call": data.get("call"),
    }


@login_required
def consultation_create(request):
    bodies = selectors.managed_bodies(request.user)
    if not bodies:
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, bodies=bodies, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                actor=request.user,
                organiser=form.cleaned_data["organiser"],
                **_consultation_form_values(form.cleaned_data),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was created; add its sections."))
            return redirect("dialogue:consultation-edit", pk=consultation.pk)
    return render(
        request,
        "dialogue/consultation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _consultation_initial(consultation: Consultation) -> dict:
    initial = {
        "kind": consultation.kind,
        "opens_on": consultation.opens_on,
        "closes_on": consultation.closes_on,
        "council": consultation.council_id,
        "plan": consultation.plan_id,
        "call": consultation.call_id,
    }
    for code in CONTENT_LANGUAGES:
        initial[f"title_{code}"] = getattr(consultation, f"title_{code}")
        initial[f"summary_{code}"] = getattr(consultation, f"summary_{code}")
    return initial


@login_required
def consultation_edit(request, pk: int):
    """The organiser's editor of a draft: description and period, the PDF, the sections,
    and publishing."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    if not can_edit_consultation(request.user, consultation):
        raise PermissionDenied
    bodies = [consultation.organiser]
    post = request.POST if request.method == "POST" else None
    form_name = request.POST.get("form", "") if post else ""
    form = ConsultationForm(
        post if form_name == "details" else None,
        bodies=bodies,
        creating=False,
        initial=_consultation_initial(consultation),
    )
    document_form = DocumentForm(
        post if form_name == "document" else None,
        request.FILES if form_name == "document" else None,
    )
    section_form = SectionForm(
        post if form_name == "section" else None,
        initial={"number": consultation.sections.count() + 1},
    )
    refusals: list[str] = []
    if post:
        try:
            if form_name == "details" and form.is_valid():
                services.consultation_update(
                    actor=request.user,
                    consultation=consultation,
                    **_consultation_form_values(form.cleaned_data),
                )
                messages.success(request, _("The draft was saved."))
                return redirect("dialogue:consultation-edit", pk=pk)
            if form_name == "document" and document_form.is_valid():
                services.consultation_document_set(
                    actor=request.user,
                    consultation=consultation,
                    uploaded_file=document_form.cleaned_data["document"],
                )
                messages.success(request, _("The draft document was attached."))
                return redirect("dialogue:consultation-edit", pk=pk)
            if form_name == "section" and section_form.is_valid():
                services.section_add(
                    actor=request.user, consultation=consultation, **section_form.cleaned_data
                )
                messages.success(request, _("The section was added."))
                return redirect("dialogue:consultation-edit", pk=pk)
            if form_name == "section_remove":
                section = get_object_or_404(
                    Section, pk=request.POST.get("section") or 0, consultation=consultation
                )
                services.section_remove(actor=request.user, section=section)
                messages.success(request, _("The section was removed."))
                return redirect("dialogue:consultation-edit", pk=pk)
            if form_name == "publish":
                services.consultation_transition(
                    actor=request.user,
                    consultation=consultation,
                    action=ConsultationAction.PUBLISH,
                )
                messages.success(request, _("The draft is published for comments."))
                return redirect("dialogue:consultation-detail", pk=pk)
        except ValidationError as error:
            target = {"details": form, "document": document_form, "section": section_form}.get(
                form_name
            )
            if target is not None and target.is_bound:
                form_add_service_errors(target, error)
            else:
                refusals = _messages_of(error)
    return render(
        request,
        "dialogue/consultation_edit.html",
        {
            "consultation": consultation,
            "form": form,
            "document_form": document_form,
            "section_form": section_form,
            "sections": list(consultation.sections.order_by("number")),
            "refusals": refusals,
        },
        status=400 if post else 200,
    )


def consultation_detail(request, pk: int):
    """The public page of a consultation: the draft by section with its comments, the
    comment form while the period runs, and the organiser's actions."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    user = request.user
    form = None
    status = 200
    refusals: list[str] = []
    if can_comment(user, consultation):
        form = CommentForm(
            request.POST or None,
            consultation=consultation,
            user=user,
            initial={"section": request.GET.get("section")},
        )
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        action = request.POST.get("action", "")
        try:
            if action == "comment":
                if form is None:
                    raise ValidationError(_("Comments are not being taken now."))
                if form.is_valid():
                    services.comment_add(actor=user, consultation=consultation, **form.cleaned_data)
                    messages.success(request, _("Thank you: your comment is published."))
                    return redirect(
                        f"{reverse('dialogue:consultation-detail', args=[pk])}#comments"
                    )
            elif action == "close":
                services.consultation_transition(
                    actor=user, consultation=consultation, action=ConsultationAction.CLOSE
                )
                messages.success(request, _("The comment period is closed."))
                return redirect("dialogue:consultation-report", pk=pk)
            else:
                refusals = [_("Unknown action.")]
        except ValidationError as error:
            if form is not None and form.is_bound:
                form_add_service_errors(form, error)
            else:
                refusals = _messages_of(error)
        status = 400
    page = selectors.consultation_page(consultation)
    return render(
        request,
        "dialogue/consultation_detail.html",
        {
            "consultation": consultation,
            "page": page,
            "form": form,
            "refusals": refusals,
            "manager": can_manage_consultation(user, consultation),
            "can_edit": can_edit_consultation(user, consultation),
            "can_moderate": can_moderate(user, consultation),
            "can_close": consultation.state == ConsultationState.OPEN
            and consultation_refusal(consultation, ConsultationAction.CLOSE) is None,
            "accepting": comment_period_running(user, consultation),
        },
        status=status,
    )


def consultation_document(request, pk: int):
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    if not consultation.document:
        raise Http404("no document")
    return FileResponse(
        consultation.document.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=consultation.document_name or "draft.pdf",
    )


def comment_list(request, pk: int, number: int | None = None):
    """Every comment on one section (`number`) or on the whole draft, newest first, a page at
    a time; the organiser hides abusive ones from here as from the consultation page."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    section = (
        selectors.section_get_for(consultation=consultation, number=number)
        if number is not None
        else None
    )
    comments = selectors.comment_list(consultation=consultation, section=section)
    page_obj = Paginator(comments, selectors.COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogue/comment_list.html",
        {
            "consultation": consultation,
            "section": section,
            "page_obj": page_obj,
            "visible": selectors.comment_list_visible(consultation=consultation, section=section),
            "can_moderate": can_moderate(request.user, consultation),
            "can_comment": can_comment(request.user, consultation),
        },
    )


def _comment_list_url(comment: Comment) -> str:
    """Where the comment is shown in full: its page of its section's (or the draft's) list."""
    if comment.section_id is None:
        url = reverse("dialogue:draft-comment-list", args=[comment.consultation_id])
    else:
        url = reverse(
            "dialogue:section-comment-list",
            args=[comment.consultation_id, comment.section.number],
        )
    page = selectors.comment_list_page_number(comment)
    return f"{url}{f'?page={page}' if page > 1 else ''}#comment-{comment.pk}"


@login_required
def comment_hide(request, pk: int, comment_pk: int):
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    if not can_moderate(request.user, consultation):
        raise PermissionDenied
    comment = selectors.comment_get_for_manager(consultation=consultation, pk=comment_pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_hide(
                actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The comment is hidden; the reason is shown instead."))
            return redirect(_comment_list_url(comment))
    return render(
        request,
        "dialogue/comment_hide.html",
        {"consultation": consultation, "comment": comment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def consultation_report(request, pk: int):
    """The closing report: public once published; before that the organiser records here
    how each comment was handled and publishes it."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    manager = can_manage_consultation(request.user, consultation)
    if consultation.state != ConsultationState.REPORTED and not (
        manager and consultation.state == ConsultationState.CLOSED
    ):
        raise Http404("no report yet")
    handling = can_handle_comments(request.user, consultation)
    report_form = ReportForm(request.POST if request.POST.get("form") == "report" else None)
    refusals: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if not handling:
            raise PermissionDenied
        try:
            if request.POST.get("form") == "report" and report_form.is_valid():
                services.consultation_transition(
                    actor=request.user,
                    consultation=consultation,
                    action=ConsultationAction.PUBLISH_REPORT,
                    report_summaries=language_values(report_form.cleaned_data, "report_summary"),
                )
                messages.success(request, _("The report is published; commenters are told."))
                return redirect("dialogue:consultation-report", pk=pk)
        except ValidationError as error:
            refusals = _messages_of(error)
    page_obj = Paginator(
        selectors.report_comments(consultation), selectors.COMMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    comments = list(page_obj.object_list)
    if handling:
        for comment in comments:
            comment.handle_form = HandleForm(  # type: ignore[attr-defined]
                initial={"handling": comment.handling, "response": comment.response},
                prefix=f"c{comment.pk}",
            )
    return render(
        request,
        "dialogue/consultation_report.html",
        {
            "consultation": consultation,
            "totals": selectors.report_totals(consultation),
            "groups": selectors.report_groups(comments),
            "page_obj": page_obj,
            "handling": handling,
            "report_form": report_form,
            "refusals": refusals,
        },
        status=status,
    )


@login_required
@require_POST
def comment_handle(request, pk: int, comment_pk: int):
    """Record the handling of one comment (htmx swaps in the updated row)."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    if not can_handle_comments(request.user, consultation):
        raise PermissionDenied
    comment = selectors.comment_get_for_manager(consultation=consultation, pk=comment_pk)
    form = HandleForm(request.POST, prefix=f"c{comment.pk}")
    status = 400
    if form.is_valid():
        try:
            comment = services.comment_handle(
                actor=request.user, comment=comment, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            status = 200
            if not getattr(request, "htmx", False):
                messages.success(request, _("The handling was saved."))
                url = reverse("dialogue:consultation-report", args=[pk])
                page = selectors.report_page_number(comment)
                return redirect(f"{url}{f'?page={page}' if page > 1 else ''}#comment-{comment.pk}")
    comment = Comment.objects.select_related("author", "organisation", "section").get(pk=comment.pk)
    comment.handle_form = form  # type: ignore[attr-defined]
    return render(
        request,
        "dialogue/partials/_report_comment.html",
        {"consultation": consultation, "comment": comment, "handling": True},
        status=status,
    )


def _report_language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _report_document_open(consultation: Consultation, language: str) -> File:
    """The kept PDF of the report, opened; rendered here (and kept for the next requests) when
    missing, e.g. the worker has not got to it yet, or stale, e.g. a comment hidden since."""
    document = selectors.report_document_kept(consultation=consultation, language=language)
    if document is None:
        document = services.report_document_render(consultation=consultation, language=language)
    try:
        return document.file.open("rb")
    except FileNotFoundError:
        # Replaced by a newer rendering (and deleted) between reading the row and opening the
        # file, or lost from the storage: take the newer one, or render it again.
        newer = selectors.report_document_kept(consultation=consultation, language=language)
        if newer is None or newer.file.name == document.file.name:
            newer = services.report_document_render(consultation=consultation, language=language)
        return newer.file.open("rb")


def consultation_report_pdf(request, pk: int):
    """The published report as a PDF in the reader's language: the kept file, streamed."""
    consultation = selectors.consultation_get_for(user=request.user, pk=pk)
    if consultation.state != ConsultationState.REPORTED:
        raise Http404("no report yet")
    return FileResponse(
        _report_document_open(consultation, _report_language()),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"consultation-{pk}-report.pdf",
    )


# --- programmes ------------------------------------------------------------------------


def programme_list(request):
    page_obj = Paginator(selectors.programme_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    managed = (
        list(selectors.programme_list_managed(request.user))
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "dialogue/programme_list.html",
        {
            "page_obj": page_obj,
            "managed": managed,
            "can_create": bool(selectors.managed_bodies(request.user)),
        },
    )


def _programme_values(data: dict) -> dict:
    return {
        "titles": language_values(data, "title"),
        "descriptions": language_values(data, "description"),
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
    }


@login_required
def programme_create(request):
    bodies = selectors.managed_bodies(request.user)
    if not bodies:
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, bodies=bodies, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user,
                organisers=list(form.cleaned_data["organisers"]),
                **_programme_values(form.cleaned_data),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The programme was created; add the delegation and sessions.")
            )
            return redirect("dialogue:programme-edit", pk=programme.pk)
    return render(
        request,
        "dialogue/programme_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def programme_detail(request, pk: int):
    """The programme day by day, with the delegation, notes and follow-up actions."""
    programme = selectors.programme_get_for(user=request.user, pk=pk)
    return render(
        request,
        "dialogue/programme_detail.html",
        {
            "programme": programme,
            "page": selectors.programme_page(programme),
            "manager": can_manage_programme(request.user, programme),
            "ical_url": absolute_url(reverse("dialogue:programme-ical", args=[pk])),
        },
    )


def _programme_initial(programme) -> dict:
    initial = {"starts_on": programme.starts_on, "ends_on": programme.ends_on}
    for code in CONTENT_LANGUAGES:
        initial[f"title_{code}"] = getattr(programme, f"title_{code}")
        initial[f"description_{code}"] = getattr(programme, f"description_{code}")
    return initial


@login_required
def programme_edit(request, pk: int):
    """The organisers' editor: description and days, the delegation, the sessions and
    publishing."""
    programme = selectors.programme_get_for(user=request.user, pk=pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    post = request.POST if request.method == "POST" else None
    form_name = request.POST.get("form", "") if post else ""
    form = ProgrammeForm(
        post if form_name == "details" else None,
        bodies=[],
        creating=False,
        initial=_programme_initial(programme),
    )
    participant_form = ParticipantForm(post if form_name == "participant" else None)
    refusals: list[str] = []
    if post:
        try:
            if form_name == "details" and form.is_valid():
                services.programme_update(
                    actor=request.user, programme=programme, **_programme_values(form.cleaned_data)
                )
                messages.success(request, _("The programme was saved."))
                return redirect("dialogue:programme-edit", pk=pk)
            if form_name == "participant" and participant_form.is_valid():
                services.participant_add(
                    actor=request.user, programme=programme, **participant_form.cleaned_data
                )
                messages.success(request, _("The delegation member was added."))
                return redirect("dialogue:programme-edit", pk=pk)
            if form_name == "participant_remove":
                participant = get_object_or_404(
                    Participant, pk=request.POST.get("participant") or 0, programme=programme
                )
                services.participant_remove(actor=request.user, participant=participant)
                messages.success(request, _("The delegation member was removed."))
                return redirect("dialogue:programme-edit", pk=pk)
            if form_name == "publish":
                services.programme_publish(actor=request.user, programme=programme)
                messages.success(request, _("The programme is published."))
                return redirect("dialogue:programme-detail", pk=pk)
        except ValidationError as error:
            target = {"details": form, "participant": participant_form}.get(form_name)
            if target is not None and target.is_bound:
                form_add_service_errors(target, error)
            else:
                refusals = _messages_of(error)
    return render(
        request,
        "dialogue/programme_edit.html",
        {
            "programme": programme,
            "page": selectors.programme_page(programme),
            "form": form,
            "participant_form": participant_form,
            "refusals": refusals,
        },
        status=400 if post else 200,
    )


def _session_initial(session) -> dict:
    start = session.starts_at.astimezone(session.zone)
    initial = {
        "day": start.date(),
        "starts": start.time(),
        "ends": session.ends_at.astimezone(session.zone).time(),
        "city": session.city,
        "host_identifier": session.host.identifier if session.host_id else "",
        "host_name": session.host_name,
        "place": session.place,
        "participants": session.participants,
    }
    for code in CONTENT_LANGUAGES:
        initial[f"topic_{code}"] = getattr(session, f"topic_{code}")
        initial[f"notes_{code}"] = getattr(session, f"notes_{code}")
    return initial


@login_required
def session_edit(request, pk: int, session_pk: int | None = None):
    """Add a session (no `session_pk`) or change one, its follow-up actions included."""
    programme = selectors.programme_get_for(user=request.user, pk=pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    session = (
        selectors.session_get_for_manager(programme=programme, pk=session_pk)
        if session_pk
        else None
    )
    post = request.POST if request.method == "POST" else None
    form_name = request.POST.get("form", "") if post else ""
    form = SessionForm(
        post if form_name == "session" else None,
        initial=_session_initial(session) if session else {"day": programme.starts_on},
    )
    follow_up_form = FollowUpForm(post if form_name == "follow_up" else None)
    refusals: list[str] = []
    if post:
        try:
            if form_name == "session" and form.is_valid():
                if session is None:
                    session = services.session_add(
                        actor=request.user, programme=programme, data=form.session_data()
                    )
                    messages.success(request, _("The session was added."))
                else:
                    services.session_update(
                        actor=request.user, session=session, data=form.session_data()
                    )
                    messages.success(request, _("The session was saved."))
                return redirect("dialogue:session-edit", pk=pk, session_pk=session.pk)
            if session is not None and form_name == "follow_up" and follow_up_form.is_valid():
                services.followup_add(
                    actor=request.user, session=session, **follow_up_form.cleaned_data
                )
                messages.success(request, _("The follow-up action was added."))
                return redirect("dialogue:session-edit", pk=pk, session_pk=session.pk)
            if session is not None and form_name in ("done", "not_done"):
                follow_up = get_object_or_404(
                    FollowUp, pk=request.POST.get("follow_up") or 0, session=session
                )
                services.followup_set_done(
                    actor=request.user, follow_up=follow_up, done=form_name == "done"
                )
                return redirect("dialogue:session-edit", pk=pk, session_pk=session.pk)
            if session is not None and form_name == "remove":
                services.session_remove(actor=request.user, session=session)
                messages.success(request, _("The session was removed."))
                return redirect("dialogue:programme-edit", pk=pk)
        except ValidationError as error:
            target = {"session": form, "follow_up": follow_up_form}.get(form_name)
            if target is not None and target.is_bound:
                form_add_service_errors(target, error)
            else:
                refusals = _messages_of(error)
    return render(
        request,
        "dialogue/session_edit.html",
        {
            "programme": programme,
            "session": session,
            "follow_ups": list(session.follow_ups.order_by("pk")) if session else [],
            "form": form,
            "follow_up_form": follow_up_form,
            "refusals": refusals,
        },
        status=400 if post else 200,
    )


def programme_pdf_view(request, pk: int):
    programme = selectors.programme_get_for(user=request.user, pk=pk)
    language = translation.get_language() or "ru"
    response = HttpResponse(programme_pdf(programme, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="programme-{pk}.pdf"'
    return response


def programme_ical(request, pk: int):
    """One event per session, times in UTC (the feed reader shows them in its own zone)."""
    programme = selectors.programme_get_for(user=request.user, pk=pk)
    page = selectors.programme_page(programme)
    url = absolute_url(reverse("dialogue:programme-detail", args=[pk]))
    events = [
        IcalEvent(
            uid=f"dialogue-session-{session.pk}@hamkori",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=translated(session, "topic"),
            description=translated(session, "notes"),
            location=", ".join(
                part
                for part in (session.host_label(), session.place, session.get_city_display())
                if part
            ),
            url=url,
        )
        for session in page.sessions
    ]
    return calendar_response(translated(programme, "title"), events, filename=f"programme-{pk}.ics")
