"""Pages of plans and calls: the public lists and details, and the officials' forms. Views
fetch through selectors (404 for what is not visible) and change through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.applications.permissions import can_see_application_counts
from hamkori.calls import selectors, services
from hamkori.calls.forms import (
    AmendmentForm,
    BudgetLineForm,
    CallFilterForm,
    CallForm,
    LotForm,
    PlanForm,
    criteria_text,
    documents_text,
    initial_texts,
    texts,
)
from hamkori.calls.models import PlanStatus
from hamkori.calls.permissions import (
    can_amend_call,
    can_edit_call,
    can_edit_plan,
    can_transition_call,
)
from hamkori.calls.validation import call_rule_check
from hamkori.calls.workflow import CallAction, CallState, actions_from
from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.core.permissions import require
from hamkori.rules.selectors import local_zone

PAGE_SIZE = 20


def _apply_url(lot_pk: int) -> str:
    try:
        base = reverse("applications:application-start")
    except NoReverseMatch:
        base = "/applications/start/"
    return f"{base}?lot={lot_pk}"


def call_list(request):
    form = CallFilterForm(request.GET or None)
    calls = selectors.call_list_for(user=request.user, **form.filters())
    page_obj = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "calls/call_list.html",
        {"form": form, "page_obj": page_obj, "region_counts": selectors.region_counts()},
        partial="calls/partials/_call_list_update.html",
    )


# From the close on, the review (reviews app); from the review on, the commission (decisions);
# once decided, the published results.
REVIEW_STATES = (CallState.CLOSED, CallState.UNDER_REVIEW, CallState.DECIDED, CallState.FINAL)


def _result_published(call) -> bool:
    from hamkori.decisions.models import Result

    return Result.objects.filter(call=call).exists()


def call_detail(request, pk: int):
    call = selectors.call_get_for(user=request.user, pk=pk)
    user = request.user
    manages = can_transition_call(user, call)
    lots = list(call.lots.all())
    applying = selectors.applying_organisations(user, call)
    # Lots where the user's organisations already applied lead to that application.
    mine = selectors.existing_applications(call, applying)
    context = {
        "call": call,
        "lots": [
            (
                lot,
                _apply_url(lot.pk) if len(mine.get(lot.pk, [])) < len(applying) else None,
                reverse("applications:application-edit", args=[mine[lot.pk][0]])
                if lot.pk in mine
                else None,
            )
            for lot in lots
        ],
        "countdown": selectors.call_countdown(call),
        "opens_local": call.opens_at.astimezone(local_zone(call.jurisdiction)),
        "criteria": list(call.criteria_set.criteria.all()) if hasattr(call, "criteria_set") else [],
        "manages": manages,
        "can_edit": can_edit_call(user, call),
        "can_amend": can_amend_call(user, call),
        # A call is decided by publishing the commission's decision, not by a button here.
        "actions": [CallAction(a) for a in actions_from(call.state) if a != CallAction.DECIDE]
        if manages
        else [],
        "reviewing": manages and call.state in REVIEW_STATES,
        "deciding": manages and call.state in REVIEW_STATES[1:],
        "result_published": call.state in REVIEW_STATES[2:] and _result_published(call),
        "rule_check": call_rule_check(call, lots) if manages else None,
        # Counts before the close, the submissions after it (applications decides which).
        "sees_applications": can_see_application_counts(user, call),
        "region_counts": selectors.region_counts(),
    }
    return render(request, "calls/call_detail.html", context)


def plan_list(request):
    plans = selectors.plan_list_for(
        user=request.user, jurisdiction=request.GET.get("jurisdiction") or None
    )
    page_obj = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "calls/plan_list.html",
        {"page_obj": page_obj, "bodies": selectors.official_bodies(request.user)},
        partial="calls/partials/_plan_results.html",
    )


def plan_detail(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    context = {
        "plan": plan,
        "can_edit": can_edit_plan(request.user, plan),
        "region_counts": selectors.region_counts(),
    }
    return render(request, "calls/plan_detail.html", context)


@login_required
def my_calls(request):
    mine = selectors.my_calls_for(user=request.user)
    if not mine.bodies:
        raise PermissionDenied("not an official")
    return render(request, "calls/my_calls.html", {"mine": mine})


def _form_page(request, form, *, heading: str, back: str, intro: str = "", status=200):
    context = {"form": form, "heading": heading, "back": back, "intro": intro}
    return render(request, "calls/form_page.html", context, status=status)


@login_required
def plan_create(request):
    bodies = selectors.official_bodies(request.user)
    if not bodies:
        raise PermissionDenied("not an official")
    form = PlanForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                body=form.bodies[form.cleaned_data["body"]],
                year=form.cleaned_data["year"],
                title=texts(form.cleaned_data, "title"),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was created as a draft."))
            return redirect("calls:plan-detail", pk=plan.pk)
    return _form_page(request, form, heading=_("New funding plan"), back=reverse("calls:plan-list"))


@login_required
def plan_edit(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    require(can_edit_plan, request.user, plan)
    initial = {"year": plan.year, **initial_texts(plan, "title")}
    form = PlanForm(request.POST or None, initial=initial, editing=True)
    if plan.status != PlanStatus.DRAFT:
        form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                title=texts(form.cleaned_data, "title"),
                year=form.cleaned_data["year"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("calls:plan-detail", pk=plan.pk)
    back = reverse("calls:plan-detail", args=[plan.pk])
    return _form_page(request, form, heading=_("Edit the plan"), back=back)


@login_required
@require_POST
def plan_publish(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    try:
        services.plan_publish(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is now public."))
    return redirect("calls:plan-detail", pk=plan.pk)


@login_required
def budget_line_create(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    require(can_edit_plan, request.user, plan)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_add(
                actor=request.user,
                plan=plan,
                programme_code=form.cleaned_data["programme_code"],
                name=texts(form.cleaned_data, "name"),
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The budget line was added."))
            return redirect("calls:plan-detail", pk=plan.pk)
    back = reverse("calls:plan-detail", args=[plan.pk])
    return _form_page(request, form, heading=_("New budget line"), back=back)


@login_required
def lot_create(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    require(can_edit_plan, request.user, plan)
    form = LotForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_add(actor=request.user, plan=plan, **form.service_kwargs())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The lot was added."))
            return redirect("calls:plan-detail", pk=plan.pk)
    back = reverse("calls:plan-detail", args=[plan.pk])
    return _form_page(request, form, heading=_("New lot"), back=back)


@login_required
def lot_edit(request, pk: int):
    lot = selectors.lot_get_for(user=request.user, pk=pk)
    plan = lot.plan
    require(can_edit_plan, request.user, plan)
    initial = {
        "instrument": lot.instrument,
        "area": lot.area_id,
        "regions": [r.pk for r in lot.regions.all()],
        "target_group": lot.target_group,
        "budget": lot.budget,
        "duration_months": lot.duration_months,
        "max_awards": lot.max_awards,
        "budget_line": str(lot.budget_line_id or ""),
        "service_standard": lot.service_standard,
        **initial_texts(lot, "title", "description"),
    }
    form = LotForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_update(actor=request.user, lot=lot, **form.service_kwargs())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The lot was saved."))
            return redirect("calls:plan-detail", pk=plan.pk)
    back = reverse("calls:plan-detail", args=[plan.pk])
    return _form_page(
        request, form, heading=_("Edit lot %(number)s") % {"number": lot.number}, back=back
    )


@login_required
def call_create(request, pk: int):
    plan = selectors.plan_get_for(user=request.user, pk=pk)
    require(can_edit_plan, request.user, plan)
    initial = {"languages": plan.jurisdiction.languages, "financial_year": plan.year}
    form = CallForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.call_create(
                actor=request.user,
                body=plan.body,
                plan=plan,
                instrument=data["instrument"],
                financial_year=data["financial_year"],
                **form.call_fields(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The call was created as a draft."))
            return redirect("calls:call-detail", pk=call.pk)
    back = reverse("calls:plan-detail", args=[plan.pk])
    intro = _("Times are local to %(zone)s.") % {"zone": plan.jurisdiction.timezone}
    return _form_page(request, form, heading=_("New call"), back=back, intro=intro)


@login_required
def call_edit(request, pk: int):
    call = selectors.call_get_visible(user=request.user, pk=pk)
    require(can_edit_call, request.user, call)
    zone = local_zone(call.jurisdiction)
    opens, closes = call.opens_at.astimezone(zone), call.closes_at.astimezone(zone)
    initial = {
        "opens_on": opens.date(),
        "opens_time": opens.time(),
        "closes_on": closes.date(),
        "closes_time": closes.time(),
        "languages": call.languages,
        "lots": [str(pk) for pk in call.lots.values_list("pk", flat=True)],
        "documents": documents_text(call),
        "criteria": criteria_text(call),
        **initial_texts(call, "title", "description"),
    }
    form = CallForm(request.POST or None, plan=call.plan, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **form.call_fields())
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("calls:call-detail", pk=call.pk)
    back = reverse("calls:call-detail", args=[call.pk])
    intro = _("Times are local to %(zone)s.") % {"zone": call.jurisdiction.timezone}
    return _form_page(request, form, heading=_("Edit the call"), back=back, intro=intro)


@login_required
@require_POST
def call_transition(request, pk: int):
    call = selectors.call_get_visible(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    if action not in CallAction.values:
        messages.error(request, _("Unknown action."))
        return redirect("calls:call-detail", pk=call.pk)
    try:
        call = services.call_transition(actor=request.user, call=call, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The call is now %(state)s.") % {"state": CallState(call.state).label}
        )
    return redirect("calls:call-detail", pk=call.pk)


@login_required
def call_amend(request, pk: int):
    call = selectors.call_get_visible(user=request.user, pk=pk)
    require(can_amend_call, request.user, call)
    zone = local_zone(call.jurisdiction)
    opens, closes = call.opens_at.astimezone(zone), call.closes_at.astimezone(zone)
    initial = {
        "opens_on": opens.date(),
        "opens_time": opens.time(),
        "closes_on": closes.date(),
        "closes_time": closes.time(),
        "languages": call.languages,
    }
    form = AmendmentForm(request.POST or None, initial=initial)
    if call.state == CallState.OPEN:
        form.fields["opens_on"].disabled = True
        form.fields["opens_time"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            "opens_at": services.local_moment(
                call.jurisdiction_id, data["opens_on"], data["opens_time"], deadline=False
            ),
            "closes_at": services.local_moment(
                call.jurisdiction_id, data["closes_on"], data["closes_time"], deadline=True
            ),
            "languages": data["languages"],
        }
        field_of = {"opens_at": "opens_on", "closes_at": "closes_on"}
        try:
            amendment = services.call_amend(
                actor=request.user, call=call, reason=data["reason"], changes=changes
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {field_of.get(k, k): v for k, v in error.error_dict.items()}
                )
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Amendment %(number)s was published.") % {"number": amendment.number}
            )
            return redirect("calls:call-detail", pk=call.pk)
    back = reverse("calls:call-detail", args=[call.pk])
    intro = _("Times are local to %(zone)s. The reason is shown to applicants.") % {
        "zone": call.jurisdiction.timezone
    }
    return _form_page(request, form, heading=_("Amend the call"), back=back, intro=intro)
