"""Pages of reports (both parties; auditors read), the officials' lists, monitoring visits
and the ex-post evaluation. Views fetch through selectors and change through services; a
refused change re-renders the page with the reasons (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamkori.core.forms import form_add_service_errors
from hamkori.monitoring import selectors, services
from hamkori.monitoring.forms import (
    EvaluationForm,
    PhotoForm,
    ReceiptForm,
    ReportForm,
    ReviewForm,
    VisitCancelForm,
    VisitPlanForm,
    VisitRecordForm,
)
from hamkori.monitoring.models import ExpostCriterion, FollowUp, ReportFile
from hamkori.monitoring.permissions import (
    can_add_visit_photo,
    can_edit_report,
    can_evaluate,
    can_plan_visit,
    can_record_visit,
    can_review_report,
    is_funder_official,
)
from hamkori.rules.selectors import local_zone

PAGE_SIZE = 50


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for ms in error.message_dict.values() for m in ms]
    return [str(m) for m in error.messages]


def _refuse(form, error: ValidationError, refusals: list[str]) -> None:
    """Field errors go to the form; a refusal of the whole action goes to the top of the
    page, where it is seen even when the form is no longer offered."""
    if hasattr(error, "error_dict"):
        form_add_service_errors(form, error)
    else:
        refusals.extend(_messages_of(error))


def _local(contract, moment):
    return timezone.localtime(moment, local_zone(contract.call.jurisdiction_id)) if moment else None


def _download(stored, name: str, content_type: str, inline: bool = False):
    """The file, only after the permission check; never served from a public path."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- lists ------------------------------------------------------------------------------


@login_required
def report_list(request):
    """Every report the person may see; officials filter those overdue or waiting for them."""
    show = request.GET.get("show", "all")
    if show not in selectors.REPORT_FILTERS:
        show = "all"
    reports = selectors.report_list_for(user=request.user, show=show)
    page_obj = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    todays = {}
    for report in page_obj.object_list:
        code = report.contract.call.jurisdiction_id
        if code not in todays:
            todays[code] = selectors.local_today_of(report.contract)
        selectors.report_flags(report, todays[code])
    return render(
        request,
        "monitoring/report_list.html",
        {"page_obj": page_obj, "show": show, "filters": selectors.REPORT_FILTERS},
    )


@login_required
def visit_list(request):
    show = request.GET.get("show", "planned")
    if show not in selectors.VISIT_FILTERS:
        show = "planned"
    visits = selectors.visit_list_for(user=request.user, show=show)
    page_obj = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/visit_list.html",
        {"page_obj": page_obj, "show": show, "filters": selectors.VISIT_FILTERS},
    )


# --- a contract's monitoring ------------------------------------------------------------


@login_required
def contract_monitoring(request, contract_pk: int):
    """A contract's reports, visits and evaluation; officials plan visits and complete the
    contract here once the final report is accepted and every tranche paid."""
    contract = selectors.contract_for_monitoring(user=request.user, pk=contract_pk)
    official = is_funder_official(request.user, contract)
    action = request.POST.get("action") if request.method == "POST" else None
    form = VisitPlanForm(request.POST if action == "plan" else None)
    refusals: list[str] = []
    if request.method == "POST":
        if not official:
            raise PermissionDenied("is_funder_official")
        if action == "plan" and form.is_valid():
            try:
                visit = services.visit_plan(
                    actor=request.user, contract=contract, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The visit was planned."))
                return redirect("monitoring:visit-detail", pk=visit.pk)
        elif action == "complete":
            try:
                services.contract_complete_after_reports(actor=request.user, contract=contract)
            except ValidationError as error:
                refusals = _messages_of(error)
            else:
                messages.success(request, _("The contract was completed."))
                return redirect("monitoring:contract-monitoring", contract_pk=contract.pk)
        elif action != "plan":
            refusals = [_("Unknown action.")]
    evaluation = selectors.evaluation_of(contract)
    return render(
        request,
        "monitoring/contract_monitoring.html",
        {
            "contract": contract,
            "reports": selectors.contract_reports(contract),
            "visits": selectors.contract_visits(contract),
            "evaluation": evaluation,
            "official": official,
            "plan_form": form if can_plan_visit(request.user, contract) else None,
            "completion_refusal": services.completion_refusal(contract) if official else None,
            "may_evaluate": can_evaluate(request.user, contract),
            "refusals": refusals,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- a report ---------------------------------------------------------------------------


def _report_context(request, report, **forms) -> dict:
    contract = report.contract
    selectors.report_flags(report, selectors.local_today_of(contract))
    editable = can_edit_report(request.user, report)
    groups = [contract.lot.target_group] if contract.lot_id else []
    added = request.GET.get("add")
    if added:
        groups.append(added)
    money_rows, money_total = selectors.report_money(report)
    reviews = list(report.reviews.all())
    context = {
        "last_review": reviews[-1] if reviews else None,
        "report": report,
        "contract": contract,
        "money_rows": money_rows,
        "money_total": money_total,
        "people": selectors.beneficiary_table(report),
        "submitted_local": _local(contract, report.submitted_at),
        "editable": editable,
        "reviewable": can_review_report(request.user, report),
        "problems": services.report_problems(report) if editable else [],
    }
    if editable:
        context["form"] = forms.get("form") or ReportForm(report=report, groups=groups)
        context["receipt_form"] = forms.get("receipt_form") or ReceiptForm(report=report)
    if context["reviewable"]:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    context["refusals"] = forms.get("refusals", [])
    return context


def _report_post(request, report):
    """Apply the posted action; returns a redirect, or the bound forms to show again."""
    action = request.POST.get("action", "")
    url = reverse("monitoring:report-detail", args=[report.pk])
    if action in ("save", "submit"):
        if not can_edit_report(request.user, report):
            raise PermissionDenied("can_edit_report")
        # people_<group>_<sex>_<band>; a group's code may itself contain "_".
        groups = [
            key.removeprefix("people_").rsplit("_", 2)[0]
            for key in request.POST
            if key.startswith("people_")
        ]
        form = ReportForm(request.POST, report=report, groups=groups)
        if not form.is_valid():
            return {"form": form}
        saved = None
        try:
            saved = services.report_save(
                actor=request.user,
                report=report,
                lock_version=form.cleaned_data["lock_version"],
                narrative=form.cleaned_data["narrative"],
                indicators=form.indicators(),
                financial=form.financial(),
                beneficiaries=form.beneficiaries(),
            )
            if action == "submit":
                services.report_submit(actor=request.user, report=report)
        except ValidationError as error:
            fresh = selectors.report_get_for(user=request.user, pk=report.pk)
            data = request.POST.copy()
            if saved is not None:
                # The draft was saved and only the submission refused: the next save
                # starts from the version just written.
                data["lock_version"] = str(saved.lock_version)
            form = ReportForm(data, report=fresh, groups=groups)
            form.is_valid()
            refusals: list[str] = []
            _refuse(form, error, refusals)
            return {"form": form, "report": fresh, "refusals": refusals}
        if action == "submit":
            messages.success(request, _("The report was submitted for review."))
        else:
            messages.success(request, _("The draft was saved."))
            added = form.cleaned_data.get("add_group")
            if added:
                return redirect(f"{url}?add={added}#people")
        return redirect(url)
    if action == "file_add":
        if not can_edit_report(request.user, report):
            raise PermissionDenied("can_edit_report")
        form = ReceiptForm(request.POST, request.FILES, report=report)
        if not form.is_valid():
            return {"receipt_form": form}
        try:
            services.report_file_add(
                actor=request.user,
                report=report,
                uploaded_file=form.cleaned_data["file"],
                financial_line=form.line(),
            )
        except ValidationError as error:
            refusals = []
            _refuse(form, error, refusals)
            return {"receipt_form": form, "refusals": refusals}
        messages.success(request, _("The file was attached."))
        return redirect(f"{url}#files")
    if action == "file_remove":
        if not can_edit_report(request.user, report):
            raise PermissionDenied("can_edit_report")
        attached = get_object_or_404(ReportFile, pk=request.POST.get("file") or 0, report=report)
        services.report_file_remove(actor=request.user, attached=attached)
        messages.success(request, _("The file was removed."))
        return redirect(f"{url}#files")
    if action == "review":
        if not is_funder_official(request.user, report):
            raise PermissionDenied("is_funder_official")
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return {"review_form": form}
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.report_review(
                actor=request.user,
                report=report,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            refusals: list[str] = []
            _refuse(form, error, refusals)
            return {"review_form": form, "refusals": refusals}
        if accept:
            messages.success(request, _("The report was accepted."))
        else:
            messages.success(request, _("The report was returned; the contractor was told."))
        return redirect(url)
    return {"refusals": [_("Unknown action.")]}


@login_required
def report_detail(request, pk: int):
    """The report: the contractor edits and submits it; the funder's officials review it;
    auditors read it."""
    report = selectors.report_get_for(user=request.user, pk=pk)
    bound: dict = {}
    if request.method == "POST":
        outcome = _report_post(request, report)
        if not isinstance(outcome, dict):
            return outcome
        bound = outcome
        report = bound.pop("report", report)
    return render(
        request,
        "monitoring/report_detail.html",
        _report_context(request, report, **bound),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_file(request, pk: int):
    attached = selectors.report_file_get_for(user=request.user, pk=pk)
    return _download(attached.file, attached.original_name, attached.content_type)


# --- visits -----------------------------------------------------------------------------


@login_required
def visit_detail(request, pk: int):
    """A visit: officials record it as done (findings, follow-ups), cancel it, add photos
    and tick follow-ups off; the contractor reads it."""
    visit = selectors.visit_get_for(user=request.user, pk=pk)
    official = is_funder_official(request.user, visit)
    record_form = VisitRecordForm(initial={"done_on": visit.planned_on})
    cancel_form = VisitCancelForm()
    photo_form = PhotoForm()
    refusals: list[str] = []
    if request.method == "POST":
        if not official:
            raise PermissionDenied("is_funder_official")
        action = request.POST.get("action")
        url = reverse("monitoring:visit-detail", args=[visit.pk])
        if action == "record":
            record_form = VisitRecordForm(request.POST)
            if record_form.is_valid():
                try:
                    services.visit_record(
                        actor=request.user,
                        visit=visit,
                        done_on=record_form.cleaned_data["done_on"],
                        findings=record_form.cleaned_data["findings"],
                        follow_ups=record_form.follow_ups(),
                    )
                except ValidationError as error:
                    _refuse(record_form, error, refusals)
                else:
                    messages.success(request, _("The visit was recorded."))
                    return redirect(url)
        elif action == "cancel":
            cancel_form = VisitCancelForm(request.POST)
            if cancel_form.is_valid():
                try:
                    services.visit_cancel(
                        actor=request.user, visit=visit, reason=cancel_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    _refuse(cancel_form, error, refusals)
                else:
                    messages.success(request, _("The visit was cancelled."))
                    return redirect(url)
        elif action == "photo":
            photo_form = PhotoForm(request.POST, request.FILES)
            if photo_form.is_valid():
                try:
                    services.visit_photo_add(
                        actor=request.user,
                        visit=visit,
                        uploaded_file=photo_form.cleaned_data["file"],
                        caption=photo_form.cleaned_data["caption"],
                    )
                except ValidationError as error:
                    _refuse(photo_form, error, refusals)
                else:
                    messages.success(request, _("The photo was added."))
                    return redirect(f"{url}#photos")
        elif action == "follow_up_done":
            follow_up = get_object_or_404(
                FollowUp, pk=request.POST.get("follow_up") or 0, visit=visit
            )
            services.follow_up_done(actor=request.user, follow_up=follow_up)
            messages.success(request, _("The follow-up action was marked done."))
            return redirect(url)
        else:
            refusals.append(_("Unknown action."))
    return render(
        request,
        "monitoring/visit_detail.html",
        {
            "visit": visit,
            "contract": visit.contract,
            "official": official,
            "record_form": record_form if can_record_visit(request.user, visit) else None,
            "cancel_form": cancel_form if can_record_visit(request.user, visit) else None,
            "photo_form": photo_form if can_add_visit_photo(request.user, visit) else None,
            "refusals": refusals,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def visit_photo(request, pk: int):
    photo = selectors.visit_photo_get_for(user=request.user, pk=pk)
    extension = "png" if photo.content_type == "image/png" else "jpg"
    return _download(
        photo.file,
        f"visit-{photo.visit_id}-{photo.pk}.{extension}",
        photo.content_type,
        inline=True,
    )


# --- the ex-post evaluation -------------------------------------------------------------


@login_required
def evaluation_edit(request, contract_pk: int):
    """The officials record the expert council's evaluation, correct it and publish it."""
    contract = selectors.contract_for_monitoring(user=request.user, pk=contract_pk)
    evaluation = selectors.evaluation_of(contract)
    if not is_funder_official(request.user, contract):
        raise PermissionDenied("is_funder_official")
    published = evaluation is not None and evaluation.published_at is not None
    form = EvaluationForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and not published:
        action = request.POST.get("action", "save")
        try:
            if action == "publish" and evaluation is not None:
                services.evaluation_publish(actor=request.user, evaluation=evaluation)
                messages.success(request, _("The evaluation was published with the contract."))
                return redirect("monitoring:evaluation-public", pk=evaluation.pk)
            if form.is_valid():
                evaluation = services.evaluation_record(
                    actor=request.user,
                    contract=contract,
                    evaluated_on=form.cleaned_data["evaluated_on"],
                    evaluators=form.cleaned_data["evaluators"],
                    summary=form.cleaned_data["summary"],
                    scores=form.scores(),
                )
                messages.success(request, _("The evaluation was saved."))
                return redirect("monitoring:evaluation-edit", contract_pk=contract.pk)
        except ValidationError as error:
            form_add_service_errors(form, error)
    elif request.method == "GET" and not published and not can_evaluate(request.user, contract):
        raise PermissionDenied("can_evaluate")
    return render(
        request,
        "monitoring/evaluation_edit.html",
        {"contract": contract, "evaluation": evaluation, "form": form, "published": published},
        status=400 if request.method == "POST" else 200,
    )


def evaluation_public(request, pk: int):
    """The published evaluation with the contract's summary, for anyone."""
    evaluation = selectors.evaluation_get_for(user=request.user, pk=pk)
    scores = list(evaluation.scores.all())
    return render(
        request,
        "monitoring/evaluation_public.html",
        {
            "evaluation": evaluation,
            "contract": evaluation.contract,
            "scores": scores,
            "total": services.evaluation_total(scores),
            "maximum": services.EXPOST_MAX_POINTS * len(ExpostCriterion.values),
        },
    )
