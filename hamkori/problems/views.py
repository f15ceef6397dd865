"""Pages of social problems: the public list and detail, the report form with similar
problems shown while typing, support, answers and moderation. Views fetch through
selectors and change through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.problems import selectors, services
from hamkori.problems.forms import (
    AnswerForm,
    ModerationForm,
    ProblemFilterForm,
    ProblemReportForm,
)
from hamkori.problems.models import Problem
from hamkori.problems.permissions import (
    can_answer,
    can_decide,
    can_moderate,
    can_see_hidden,
    can_support,
    is_any_auditor,
    is_any_moderator,
    is_author,
    is_state_official,
)
from hamkori.problems.timeline import problem_timeline
from hamkori.problems.workflow import ProblemAction
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import RuleMissing, local_today, rule_value

PAGE_SIZE = 25


def problem_list(request):
    form = ProblemFilterForm(request.GET or None)
    problems = selectors.problem_list_for(user=request.user, **form.filters())
    page_obj = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "problems/problem_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "moderator": is_any_moderator(request.user),
            "auditor": is_any_auditor(request.user),
        },
        partial="problems/partials/_problem_results.html",
    )


@login_required
def problem_mine(request):
    """The signed-in person's reported and supported problems, each list paginated."""
    reported, supported = selectors.problems_of(request.user)
    return render(
        request,
        "problems/problem_mine.html",
        {
            "reported": Paginator(reported, PAGE_SIZE).get_page(request.GET.get("reported")),
            "supported": Paginator(supported, PAGE_SIZE).get_page(request.GET.get("supported")),
        },
    )


def _detail_context(request, problem: Problem, **extra) -> dict:
    user = request.user
    context = {
        "problem": problem,
        "supported": selectors.problem_supported_by(problem, user),
        "can_support": can_support(user, problem),
        "can_answer": can_answer(user, problem),
        "can_moderate": can_moderate(user, problem),
        "is_official": is_state_official(user, problem),
        "sees_hidden": can_see_hidden(user, problem),
        "timeline": problem_timeline(problem),
        "answer_form": AnswerForm() if can_answer(user, problem) else None,
        "moderation_form": (
            ModerationForm(jurisdiction=problem.jurisdiction_id, problem=problem, user=user)
            if can_moderate(user, problem)
            else None
        ),
        "is_author": is_author(user, problem),
        "threshold": _threshold_context(problem),
    }
    context.update(extra)
    return context


def _threshold_context(problem: Problem) -> dict | None:
    """The support threshold in force today, how many supports are still missing and the
    working days the body then has to answer; None when the rule is not set."""
    today = local_today(problem.jurisdiction_id)
    threshold = services.support_threshold(problem, today)
    if threshold is None:
        return None
    try:
        days = int(rule_value(problem.jurisdiction_id, "problem.answer_working_days", today))
    except RuleMissing:
        days = None
    return {
        "count": threshold,
        "missing": max(threshold - problem.support_count, 0),
        "days": days,
    }


def problem_detail(request, reference: str):
    problem = selectors.problem_get_for(user=request.user, reference=reference)
    return render(request, "problems/problem_detail.html", _detail_context(request, problem))


@login_required
def problem_report(request):
    form = ProblemReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"jurisdiction": request.GET.get("jurisdiction", "")[:8]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_report(
                actor=request.user,
                jurisdiction=data["jurisdiction"],
                title=data["title"],
                description=data["description"],
                language=data["language"],
                regions=data["regions"],
                target_group=data["target_group"],
                people_affected=data["people_affected"],
                organisation=form.organisation_obj(),
                responsible_body=form.responsible_body_obj(),
                evidence=list(form.evidence()),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your problem was reported as %(reference)s.") % {"reference": problem.reference},
            )
            return redirect("problems:problem-detail", problem.reference)
    return render(
        request,
        "problems/problem_report.html",
        {"form": form, "similar": []},
        status=400 if form.errors else 200,
    )


def problem_similar(request):
    """The htmx partial under the report form: existing problems like the typed text."""
    similar = selectors.problems_similar(
        user=request.user,
        title=request.GET.get("title", "")[:200],
        description=request.GET.get("description", "")[:5000],
        jurisdiction=request.GET.get("jurisdiction", "")[:8],
    )
    return render(request, "problems/partials/_similar.html", {"similar": similar})


def _support_response(request, problem: Problem, error: str = ""):
    problem.refresh_from_db(fields=["support_count", "threshold_reached_on", "answer_due_on"])
    context = _detail_context(request, problem, support_error=error)
    if getattr(request, "htmx", False):
        return render(request, "problems/partials/_support.html", context)
    if error:
        messages.error(request, error)
    return redirect("problems:problem-detail", problem.reference)


@login_required
@require_POST
def problem_support(request, reference: str):
    problem = selectors.problem_get_for(user=request.user, reference=reference)
    error = ""
    try:
        if request.POST.get("withdraw"):
            services.problem_unsupport(actor=request.user, problem=problem)
        else:
            services.problem_support(actor=request.user, problem=problem)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    except PermissionDenied:
        error = _("This problem cannot be supported.")
    return _support_response(request, problem, error)


@login_required
@require_POST
def problem_answer(request, reference: str):
    problem = selectors.problem_get_for(user=request.user, reference=reference)
    if not can_answer(request.user, problem):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.problem_answer(
                actor=request.user, problem=problem, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is published."))
            return redirect("problems:problem-detail", problem.reference)
    context = _detail_context(request, problem, answer_form=form)
    return render(request, "problems/problem_detail.html", context, status=400)


def _moderate(actor, problem: Problem, data: dict) -> str:
    action, reason = data["action"], data["reason"]
    if action == "hide":
        services.problem_hide(actor=actor, problem=problem, reason=reason)
        return _("The problem is hidden.")
    if action == "unhide":
        services.problem_unhide(actor=actor, problem=problem, reason=reason)
        return _("The problem is visible again.")
    if action == "duplicate":
        original = Problem.objects.filter(reference=data["original"].strip()).first()
        if original is None:
            raise ValidationError({"original": _("No problem has this reference.")})
        services.problem_mark_duplicate(
            actor=actor, problem=problem, original=original, reason=reason
        )
        return _("The problem is marked a duplicate of %(reference)s.") % {
            "reference": original.reference
        }
    if action == "route":
        body = Organisation.objects.filter(pk=data["responsible_body"] or None).first()
        if body is None:
            raise ValidationError({"responsible_body": _("Choose the responsible body.")})
        services.problem_route(actor=actor, problem=problem, responsible_body=body)
        return _("%(body)s is now responsible for the answer.") % {"body": body}
    if action == "not_duplicate":
        services.problem_unmark_duplicate(actor=actor, problem=problem)
        return _("The problem is no longer a duplicate.")
    services.problem_transition(actor=actor, problem=problem, action=action, reason=reason)
    return _("The problem is now %(state)s.") % {"state": problem.get_state_display()}


@login_required
@require_POST
def problem_moderate(request, reference: str):
    problem = selectors.problem_get_for(user=request.user, reference=reference)
    if not can_moderate(request.user, problem):
        raise PermissionDenied
    form = ModerationForm(
        request.POST, jurisdiction=problem.jurisdiction_id, problem=problem, user=request.user
    )
    if form.is_valid():
        try:
            done = _moderate(request.user, problem, form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, done)
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = problem_url_path(problem)
            return redirect(target)
    context = _detail_context(request, problem, moderation_form=form)
    return render(request, "problems/problem_detail.html", context, status=400)


def problem_url_path(problem: Problem) -> str:
    return reverse("problems:problem-detail", args=[problem.reference])


@login_required
def problem_moderation(request):
    """The moderators' queue (open, hidden, duplicates); auditors read it without acting."""
    acts = is_any_moderator(request.user)
    if not (acts or is_any_auditor(request.user)):
        raise Http404
    show = request.GET.get("show", "open")
    problems = selectors.moderation_queue_for(user=request.user, show=show)
    page_obj = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    for problem in page_obj:
        problem.acts = acts and can_moderate(request.user, problem)
        problem.decides = acts and can_decide(request.user, problem)
    return render(
        request,
        "problems/moderation.html",
        {
            "page_obj": page_obj,
            "show": show,
            "actions": ProblemAction,
        },
    )


def evidence_download(request, reference: str, pk: int):
    """An evidence file of a visible problem; served after the check, never from a path."""
    evidence = selectors.evidence_get_for(user=request.user, reference=reference, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.filename or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
