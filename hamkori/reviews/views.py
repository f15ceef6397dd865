"""Pages of the review: the expert register, the expert's own page and terms, the officials'
evaluation dashboard of a call, the draw's record, declarations and score sheets. Views fetch
through selectors and change through services."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.applications.content import BUDGET_CATEGORIES
from hamkori.applications.models import Attachment
from hamkori.calls.models import Lot
from hamkori.calls.permissions import is_official_of_the_body
from hamkori.calls.workflow import CallState
from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.reviews import selectors, services
from hamkori.reviews.forms import (
    DeclarationForm,
    EvaluationForm,
    ExpertAddForm,
    ExpertFieldsForm,
    ExpertFilterForm,
    RelationForm,
    ReviewStartForm,
    ScoreSheetForm,
    SetAsideForm,
)
from hamkori.reviews.models import ExpertStatus, ReviewState
from hamkori.reviews.permissions import (
    can_correct,
    can_draw,
    can_manage_experts,
    can_score,
    can_see_evaluation,
    can_set_aside,
    can_set_evaluation,
    can_start_review,
    others_revealed,
)
from hamkori.reviews.selectors import MEMBERSHIP
from hamkori.rules.selectors import RuleMissing

EXPERT_PAGE_SIZE = 50


def _problems(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for items in error.message_dict.values() for m in items]
    return [str(m) for m in error.messages]


# --- the register ---


@login_required
def expert_list(request):
    jurisdictions = selectors.manageable_jurisdictions(request.user)
    if not jurisdictions:
        raise Http404
    form = ExpertFilterForm(request.GET or None, jurisdictions=jurisdictions)
    experts = selectors.expert_list_for(user=request.user, **form.filters())
    page_obj = Paginator(experts, EXPERT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "reviews/expert_list.html",
        {"form": form, "page_obj": page_obj},
        partial="reviews/partials/_expert_results.html",
    )


@login_required
def expert_add(request):
    jurisdictions = selectors.manageable_jurisdictions(request.user)
    if not jurisdictions:
        raise Http404
    form = ExpertAddForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expert = services.expert_add(
                actor=request.user,
                email=data["email"],
                jurisdiction=data["jurisdiction"],
                areas=list(data["areas"]),
                languages=data["languages"],
                qualification=data["qualification"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the register. They are drawn once they accept the terms.")
                % {"name": expert.user.full_name},
            )
            return redirect("reviews:expert-detail", pk=expert.pk)
    return render(
        request,
        "reviews/expert_form.html",
        {"form": form, "heading": _("Add an expert"), "expert": None},
        status=400 if form.errors else 200,
    )


def _detail_context(request, expert, relation_form=None) -> dict:
    return {
        "expert": expert,
        "relation_form": relation_form or RelationForm(jurisdiction=expert.jurisdiction_id),
        "manages": can_manage_experts(request.user, expert),
        "statuses": ExpertStatus,
        "membership": MEMBERSHIP,
    }


@login_required
def expert_detail(request, pk: int):
    expert = selectors.expert_get_for(user=request.user, pk=pk)
    if not can_manage_experts(request.user, expert):
        return redirect("reviews:me")
    return render(request, "reviews/expert_detail.html", _detail_context(request, expert))


@login_required
def expert_edit(request, pk: int):
    expert = selectors.expert_get_for(user=request.user, pk=pk)
    if not can_manage_experts(request.user, expert):
        raise Http404
    initial = {
        "areas": list(expert.areas.all()),
        "languages": expert.languages,
        "qualification": expert.qualification,
    }
    form = ExpertFieldsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(
                actor=request.user,
                expert=expert,
                areas=list(form.cleaned_data["areas"]),
                languages=form.cleaned_data["languages"],
                qualification=form.cleaned_data["qualification"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The expert's details were saved."))
            return redirect("reviews:expert-detail", pk=expert.pk)
    return render(
        request,
        "reviews/expert_form.html",
        {"form": form, "heading": expert.user.full_name, "expert": expert},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def expert_status(request, pk: int):
    expert = selectors.expert_get_for(user=request.user, pk=pk)
    status = request.POST.get("status", "")
    try:
        services.expert_status_set(actor=request.user, expert=expert, status=status)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("The expert is now %(status)s.") % {"status": ExpertStatus(status).label},
        )
    return redirect("reviews:expert-detail", pk=expert.pk)


@login_required
@require_POST
def relation_add(request, pk: int):
    expert = selectors.expert_get_for(user=request.user, pk=pk)
    form = RelationForm(request.POST, jurisdiction=expert.jurisdiction_id)
    own = expert.user_id == request.user.pk and not can_manage_experts(request.user, expert)
    if form.is_valid():
        try:
            services.relation_add(
                actor=request.user,
                expert=expert,
                organisation=form.cleaned_data["organisation"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The relation was recorded."))
            if own:
                return redirect("reviews:me")
            return redirect("reviews:expert-detail", pk=expert.pk)
    expert = selectors.expert_get_for(user=request.user, pk=pk)
    if own:
        return render(request, "reviews/me.html", _me_context(expert, form), status=400)
    return render(
        request, "reviews/expert_detail.html", _detail_context(request, expert, form), status=400
    )


@login_required
@require_POST
def relation_remove(request, pk: int):
    relation = selectors.relation_get_for(user=request.user, pk=pk)
    expert = relation.expert
    services.relation_remove(actor=request.user, relation=relation)
    messages.success(request, _("The relation was removed."))
    if can_manage_experts(request.user, expert):
        return redirect("reviews:expert-detail", pk=expert.pk)
    return redirect("reviews:me")


# --- the expert's own page ---


def _me_context(expert, relation_form=None) -> dict:
    return {
        "expert": expert,
        "home": selectors.expert_home(expert),
        "relation_form": relation_form or RelationForm(jurisdiction=expert.jurisdiction_id),
        "membership": MEMBERSHIP,
    }


@login_required
def me(request):
    expert = selectors.expert_of(request.user)
    if expert is None:
        return render(request, "reviews/me.html", {"expert": None})
    return render(request, "reviews/me.html", _me_context(expert))


@login_required
def terms(request):
    expert = selectors.expert_of(request.user)
    if request.method == "POST":
        if expert is None:
            raise Http404
        services.terms_accept(actor=request.user)
        messages.success(request, _("Thank you: you accepted the terms of service."))
        return redirect("reviews:me")
    return render(request, "reviews/terms.html", {"expert": expert})


# --- the evaluation of a call ---


def _evaluation_form(call, evaluation, data=None, *, drawn: bool = False) -> EvaluationForm:
    if evaluation is not None:
        initial = {
            "panel_size": evaluation.panel_size,
            "reserve_size": evaluation.reserve_size,
            "size_reason": evaluation.size_reason,
            "tie_break": evaluation.tie_break,
            "experts_see_others": evaluation.experts_see_others,
        }
    else:
        initial = {"experts_see_others": True}
        with contextlib.suppress(RuleMissing):
            initial["panel_size"], initial["reserve_size"] = selectors.evaluation_defaults(call)
    return EvaluationForm(data, initial=initial, drawn=drawn)


@login_required
def evaluation(request, call_pk: int):
    """The officials' page of a call's evaluation; POST saves its settings."""
    call = selectors.evaluation_call_for(user=request.user, pk=call_pk)
    dashboard = selectors.evaluation_dashboard(call)
    form = None
    status = 200
    if can_set_evaluation(request.user, call):
        form = _evaluation_form(
            call, dashboard.evaluation, request.POST or None, drawn=dashboard.drawn
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.evaluation_save(actor=request.user, call=call, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The evaluation's settings were saved."))
                return redirect("reviews:evaluation", call_pk=call.pk)
        if form.errors:
            status = 400
    elif request.method == "POST":
        raise PermissionDenied("can_set_evaluation")
    try:
        defaults = selectors.evaluation_defaults(call)
    except RuleMissing:
        defaults = None
    for panel in dashboard.lots:
        if panel.ranking is not None:
            for row in panel.ranking.rows:
                row.progress = dashboard.progress.get(row.application.pk)
    return render(
        request,
        "reviews/evaluation.html",
        {
            "call": call,
            "dashboard": dashboard,
            "form": form,
            "defaults": defaults,
            "can_start": can_start_review(request.user, call),
            "start_form": ReviewStartForm(),
            "can_draw": can_draw(request.user, call),
            "can_set_aside": can_set_aside(request.user, call),
            "set_aside_form": SetAsideForm(),
            "is_body_official": is_official_of_the_body(request.user, call),
        },
        status=status,
    )


@login_required
@require_POST
def review_start(request, call_pk: int):
    call = selectors.evaluation_call_for(user=request.user, pk=call_pk)
    form = ReviewStartForm(request.POST)
    form.is_valid()
    try:
        services.review_start(
            actor=request.user,
            call=call,
            despite_unchecked=bool(form.cleaned_data.get("despite_unchecked")),
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
    else:
        messages.success(request, _("The review has started. Draw the experts of each lot."))
    return redirect("reviews:evaluation", call_pk=call.pk)


@login_required
@require_POST
def review_set_aside(request, pk: int):
    """An official sets aside the sheet of an expert with an undisclosed conflict."""
    review = selectors.review_for_officials(user=request.user, pk=pk)
    form = SetAsideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.review_set_aside(actor=request.user, review=review, reason=reason)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("The sheet of %(name)s was set aside; the next reserve, if any, takes over.")
            % {"name": review.expert.user.full_name},
        )
    return redirect("reviews:evaluation", call_pk=review.call_id)


@login_required
def application_sheets(request, pk: int):
    """The submitted sheets of an application, for the officials of the body and auditors."""
    data = selectors.application_sheets_for(user=request.user, pk=pk)
    return render(
        request,
        "reviews/application_sheets.html",
        {"data": data, "application": data.application, "call": data.application.call},
    )


@login_required
@require_POST
def lot_draw(request, lot_pk: int):
    lot = Lot.objects.filter(pk=lot_pk, call__isnull=False).first()
    if lot is None:
        raise Http404
    call = selectors.evaluation_call_for(user=request.user, pk=lot.call_id)
    try:
        services.draw_lot(actor=request.user, lot=lot)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
        return redirect("reviews:evaluation", call_pk=call.pk)
    messages.success(request, _("The experts were drawn and notified."))
    return redirect("reviews:draw-detail", lot_pk=lot.pk)


def draw_detail(request, lot_pk: int):
    """The published record of a lot's draw, enough to repeat it."""
    record = selectors.draw_get_for(user=request.user, lot_pk=lot_pk)
    return render(
        request,
        "reviews/draw_detail.html",
        {
            "record": selectors.draw_record(record),
            "membership": MEMBERSHIP,
            # After publication the public sees that a conflict was known, not with whom.
            "officials": can_see_evaluation(request.user, record.call),
        },
    )


# --- declarations ---


@login_required
def declaration(request, lot_pk: int):
    """One page per lot: for each applicant, "no conflict" or "conflict" with a description.
    Only the applicant's name and the application's title are shown."""
    lot, reviews = selectors.declaration_lot_for(user=request.user, lot_pk=lot_pk)
    pending = [r for r in reviews if r.state == ReviewState.DECLARING]
    form = DeclarationForm(request.POST or None, reviews=pending)
    if request.method == "POST" and pending and form.is_valid():
        answers = {
            key: services.Answer(conflict=conflict, description=description)
            for key, (conflict, description) in form.answers().items()
        }
        try:
            services.declarations_record(actor=request.user, lot=lot, answers=answers)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your declarations were recorded."))
            return redirect("reviews:declaration", lot_pk=lot.pk)
    return render(
        request,
        "reviews/declaration.html",
        {
            "lot": lot,
            "call": lot.call,
            "form": form,
            "pending": pending,
            "declared": [r for r in reviews if r.state != ReviewState.DECLARING],
        },
        status=400 if form.errors else 200,
    )


# --- score sheets ---


def _sheet_initial(review, scores) -> dict:
    initial = {"comment": review.comment}
    for criterion_id, score in scores.items():
        initial[f"points_{criterion_id}"] = score.points
        initial[f"comment_{criterion_id}"] = score.comment
    return initial


@login_required
def review_sheet(request, pk: int):
    """The application read-only beside its score sheet, for the review's expert only."""
    review = selectors.review_get_for(user=request.user, pk=pk)
    criteria = services.call_criteria(review.call_id)
    scores = selectors.sheet_scores(review)
    scoring = can_score(request.user, review)
    correcting = can_correct(request.user, review) and (
        review.state == ReviewState.SCORING
        or request.GET.get("correct")
        or request.method == "POST"
    )
    form = ScoreSheetForm(
        request.POST or None,
        initial=_sheet_initial(review, scores),
        criteria=criteria,
        correcting=bool(correcting) and not scoring,
    )
    if request.method == "POST":
        if not (scoring or correcting):
            raise PermissionDenied("can_score")
        if form.is_valid():
            action = request.POST.get("action", "")
            try:
                if scoring and action == "submit":
                    services.review_submit(actor=request.user, review=review, **form.sheet())
                    messages.success(request, _("Your score sheet was submitted."))
                elif scoring:
                    services.review_save_draft(actor=request.user, review=review, **form.sheet())
                    messages.success(request, _("Your draft was saved."))
                else:
                    services.review_correct(
                        actor=request.user,
                        review=review,
                        reason=form.cleaned_data.get("reason", ""),
                        **form.sheet(),
                    )
                    messages.success(request, _("The correction was recorded."))
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return redirect("reviews:review-sheet", pk=review.pk)
    application = review.application
    version = application.current_version
    snapshot = version.snapshot if version else {}
    return render(
        request,
        "reviews/review_sheet.html",
        {
            "review": review,
            "application": application,
            "call": review.call,
            "lot": review.lot,
            "content": snapshot.get("content", {}) or application.content,
            "attachments": Attachment.objects.filter(
                application=application,
                pk__in=[a.get("id") for a in snapshot.get("attachments", [])],
            )
            .select_related("document")
            .order_by("pk"),
            "categories": BUDGET_CATEGORIES,
            "criteria_rows": form.rows,
            "form": form,
            "scores": scores,
            "editable": scoring or correcting,
            "scoring": scoring,
            "correcting": bool(correcting) and not scoring,
            "may_correct": can_correct(request.user, review),
            "correction_closed": review.state == ReviewState.SUBMITTED
            and review.call.state == CallState.UNDER_REVIEW
            and others_revealed(review),
            "appeal": selectors.reopening_appeal(review),
            "corrections": selectors.sheet_corrections(review),
            "others": selectors.other_sheets(review, criteria)
            if review.state == ReviewState.SUBMITTED
            else None,
        },
        status=400 if form.errors else 200,
    )
