"""Pages of recommendations: a council's list, adoption, a recommendation's page with the
actions of the council and of the addressee body, the public counters of a body and of every
body of a jurisdiction, the officials' inbox and the council's annual report (page and PDF).
Views fetch through selectors and change through services; a refused change re-renders the page
with the reasons (status 400)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.meetings.models import AgendaItem, Meeting, MeetingState
from hamkori.meetings.permissions import can_manage_meeting, can_view_meeting
from hamkori.recommendations import selectors, services
from hamkori.recommendations.forms import (
    AdoptForm,
    AnswerForm,
    ExtendForm,
    ImplementedForm,
    MilestoneForm,
    ProgressForm,
    RegisterForm,
    SendForm,
)
from hamkori.recommendations.models import Milestone
from hamkori.recommendations.permissions import (
    can_adopt_recommendation,
    can_answer_recommendation,
    can_send_recommendation,
)
from hamkori.recommendations.report import annual_report, annual_report_pdf
from hamkori.recommendations.workflow import (
    AWAITING_ANSWER,
    PUBLIC_STATES,
    RecommendationState,
)
from hamkori.registry.models import Organisation, Sector
from hamkori.rules.models import Jurisdiction
from hamkori.rules.selectors import local_today

PAGE_SIZE = 50
S = RecommendationState


def _state_choices():
    return [("overdue", _("overdue"))] + [
        (state, label) for state, label in S.choices if state in PUBLIC_STATES
    ]


def recommendation_list(request, code: str):
    """A council's recommendations (public), filtered by state or overdue and by body."""
    council = selectors.council_get(code=code)
    state = request.GET.get("state", "")
    if state not in selectors.FILTER_STATES:
        state = ""
    try:
        addressee_id = int(request.GET.get("body") or 0) or None
    except ValueError:
        addressee_id = None
    today = local_today(council.jurisdiction_id)
    recommendations = selectors.recommendation_list_for(
        council=council, state=state, addressee_id=addressee_id, today=today
    )
    page_obj = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.flag(page_obj.object_list, today)
    context = {
        "council": council,
        "page_obj": page_obj,
        "state": state,
        "body": addressee_id,
        "states": _state_choices(),
        "bodies": selectors.council_addressees(council),
        "counters": selectors.council_counters(council=council, today=today),
        "can_adopt": can_adopt_recommendation(request.user, council),
        "year": today.year,
    }
    return render_page(
        request,
        "recommendations/recommendation_list.html",
        context,
        partial="recommendations/partials/_recommendation_rows.html",
    )


@login_required
def recommendation_create(request, code: str):
    """The council's manager records a recommendation adopted at a held meeting."""
    council = selectors.council_get(code=code)
    if not can_adopt_recommendation(request.user, council):
        raise PermissionDenied("can_manage_council")
    meetings = Meeting.objects.filter(council=council, state__in=services.HELD_STATES).order_by(
        "-starts_at"
    )
    form = AdoptForm(
        request.POST or None,
        meetings=meetings,
        items=AgendaItem.objects.filter(meeting__in=meetings).select_related("meeting"),
        bodies=Organisation.objects.filter(
            jurisdiction_id=council.jurisdiction_id, sector=Sector.STATE
        ).order_by("name_ru", "pk"),
        initial={"addressee": council.host_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_adopt(
                actor=request.user,
                meeting=form.cleaned_data["meeting"],
                agenda_item=form.cleaned_data["agenda_item"],
                addressee=form.cleaned_data["addressee"],
                title=form.texts("title"),
                text=form.texts("text"),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The recommendation was recorded."))
            return redirect("recommendations:recommendation-detail", pk=recommendation.pk)
    return render(
        request,
        "recommendations/recommendation_create.html",
        {"council": council, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- one recommendation -----------------------------------------------------------------

ACTION_FORMS = {
    "send": SendForm,
    "register": RegisterForm,
    "answer": AnswerForm,
    "extend": ExtendForm,
    "progress": ProgressForm,
    "milestone": MilestoneForm,
    "implemented": ImplementedForm,
}


def _apply(request, recommendation, action: str, form) -> None:
    data, user = form.cleaned_data, request.user
    if action == "send":
        services.recommendation_send(
            actor=user, recommendation=recommendation, sent_on=data["sent_on"]
        )
    elif action == "register":
        services.recommendation_register(
            actor=user, recommendation=recommendation, registered_on=data["registered_on"]
        )
    elif action == "answer":
        services.recommendation_answer(
            actor=user,
            recommendation=recommendation,
            answer=data["answer"],
            text=data["text"],
            answered_on=data["answered_on"],
        )
    elif action == "extend":
        services.recommendation_extend(
            actor=user,
            recommendation=recommendation,
            new_due_on=data["new_due_on"],
            reason=data["reason"],
        )
    elif action == "progress":
        services.recommendation_progress(
            actor=user, recommendation=recommendation, progress=data["progress"]
        )
    elif action == "milestone":
        services.milestone_add(
            actor=user, recommendation=recommendation, text=data["text"], due_on=data["due_on"]
        )
    elif action == "implemented":
        services.recommendation_implemented(
            actor=user, recommendation=recommendation, implemented_on=data["implemented_on"]
        )


def recommendation_detail(request, pk: int):
    """A recommendation (public once sent): its history, the answer, extensions and the
    milestones of its implementation; the council's managers send it, the addressee body's
    officials register, answer, extend and report on it here."""
    recommendation = selectors.recommendation_get_for(user=request.user, pk=pk)
    user = request.user
    today = local_today(recommendation.council.jurisdiction_id)
    may_send = can_send_recommendation(user, recommendation)
    may_answer = can_answer_recommendation(user, recommendation)
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        name: form_class(
            request.POST if posted == name else None, prefix=name, initial=_initial(name, today)
        )
        for name, form_class in ACTION_FORMS.items()
    }
    if request.method == "POST":
        if posted == "done":
            return _milestone_done(request, recommendation)
        if posted not in ACTION_FORMS:
            raise Http404("unknown action")
        allowed = may_send if posted == "send" else may_answer
        if not allowed:
            raise PermissionDenied(posted)
        form = forms[posted]
        if form.is_valid():
            try:
                _apply(request, recommendation, posted, form)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("recommendations:recommendation-detail", pk=recommendation.pk)
    state = recommendation.state
    selectors.flag([recommendation], today)
    extensions = list(recommendation.extensions.all())
    can_extend = bool(
        may_answer
        and state in AWAITING_ANSWER
        and recommendation.due_on is not None
        and today <= recommendation.due_on
        and len(extensions) < services.MAX_EXTENSIONS
    )
    extension_latest = None
    if can_extend and recommendation.due_on is not None:
        try:
            extension_latest = services.extension_limit(
                recommendation.council.jurisdiction_id, recommendation.due_on
            )
        except ValidationError:
            can_extend = False
    context = {
        "recommendation": recommendation,
        "council": recommendation.council,
        "forms": forms,
        "today": today,
        "can_send": may_send and state == S.ADOPTED,
        "can_register": may_answer and state == S.SENT,
        "can_answer": may_answer and state in AWAITING_ANSWER,
        "can_extend": can_extend,
        "extension_latest": extension_latest,
        "can_implement": may_answer and state in (S.ANSWERED, S.IMPLEMENTING),
        "extensions": extensions,
        **_origin(user, recommendation),
        "milestones": list(recommendation.milestones.all()),
    }
    return render(
        request,
        "recommendations/recommendation_detail.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _origin(user, recommendation) -> dict:
    """Where the recommendation comes from, as far as the person may follow it: the meeting's
    page, its minutes once approved (or for the council's managers), and the votes on the
    agenda item it was adopted under, shown where the meeting shows its results."""
    meeting = recommendation.meeting
    manages = can_manage_meeting(user, meeting)
    results = meeting.state == MeetingState.MINUTES_APPROVED or (
        manages and meeting.state in services.HELD_STATES
    )
    item = recommendation.agenda_item
    return {
        "meeting_visible": can_view_meeting(user, meeting),
        "minutes_visible": results,
        "votes": list(item.votes.all()) if item is not None and results else [],
    }


def _initial(name: str, today) -> dict:
    field = {
        "send": "sent_on",
        "register": "registered_on",
        "answer": "answered_on",
        "implemented": "implemented_on",
    }.get(name)
    return {field: today} if field else {}


def _milestone_done(request, recommendation):
    milestone = get_object_or_404(
        Milestone, pk=request.POST.get("milestone") or 0, recommendation=recommendation
    )
    if not can_answer_recommendation(request.user, recommendation):
        raise PermissionDenied("can_answer_recommendation")
    try:
        services.milestone_done(actor=request.user, milestone=milestone)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("recommendations:recommendation-detail", pk=recommendation.pk)


# --- bodies and their counters ----------------------------------------------------------


def body_detail(request, pk: int):
    """A state body's public counters and the recommendations it received."""
    body = selectors.body_get(pk=pk)
    today = local_today(body.jurisdiction_id)
    page_obj = Paginator(selectors.body_recommendations(body=body), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.flag(page_obj.object_list, today)
    return render(
        request,
        "recommendations/body_detail.html",
        {
            "body": body,
            "counters": selectors.body_counters(body=body, today=today),
            "page_obj": page_obj,
        },
    )


def body_list(request, jurisdiction: str = ""):
    """The counters of every state body of a jurisdiction that received a recommendation (the
    first jurisdiction when none is named)."""
    places = Jurisdiction.objects.order_by("code")
    place = get_object_or_404(places, code=jurisdiction.upper()) if jurisdiction else places.first()
    if place is None:
        raise Http404("no jurisdictions")
    return render(
        request,
        "recommendations/body_list.html",
        {
            "jurisdiction": place,
            "rows": selectors.jurisdiction_counters(jurisdiction=place),
            "jurisdictions": places,
        },
    )


@login_required
def inbox(request):
    """Recommendations waiting for the bodies the official works in."""
    recommendations = selectors.inbox_for(user=request.user)
    page_obj = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    todays: dict[str, date] = {}
    for recommendation in page_obj.object_list:
        code = recommendation.council.jurisdiction_id
        if code not in todays:
            todays[code] = local_today(code)
        selectors.flag([recommendation], todays[code])
    return render(request, "recommendations/inbox.html", {"page_obj": page_obj})


# --- the annual report ------------------------------------------------------------------


def _report(code: str, year: int):
    council = selectors.council_get(code=code)
    if not 2000 <= year <= local_today(council.jurisdiction_id).year:
        raise Http404("no report for that year")
    return annual_report(council, year)


def report_detail(request, code: str, year: int):
    """A council's annual report (public)."""
    report = _report(code, year)
    return render(
        request,
        "recommendations/report_detail.html",
        {
            "report": report,
            "council": report.council,
            "can_manage": can_adopt_recommendation(request.user, report.council),
        },
    )


def report_pdf(request, code: str, year: int):
    """The annual report as a PDF in ?language= (the page's language by default)."""
    report = _report(code, year)
    asked = request.GET.get("language")
    if asked is not None and asked not in CONTENT_LANGUAGES:
        raise Http404("unknown language")
    language = asked or translation.get_language() or "ru"
    if language not in CONTENT_LANGUAGES:
        language = "ru"
    response = HttpResponse(annual_report_pdf(report, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{report.council.code}-{year}-{language}.pdf"'
    )
    return response
