"""Pages of applications. Views fetch through selectors, change through services; htmx
requests get partials of the same pages."""

from __future__ import annotations

import csv
import itertools
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamkori.applications import selectors, services
from hamkori.applications.content import BUDGET_CATEGORIES, content_totals
from hamkori.applications.eligibility import check_label
from hamkori.applications.forms import (
    ApplicationEditor,
    ApplicationStartForm,
    AttachmentForm,
    ComplianceForm,
    SubmissionFilterForm,
    WithdrawForm,
)
from hamkori.applications.models import Attachment
from hamkori.applications.permissions import (
    call_accepts_applications,
    can_edit_application,
    can_list_submissions,
    can_set_compliance,
    can_submit_application,
    can_withdraw_application,
    is_applicant,
)
from hamkori.applications.receipt import receipt_pdf
from hamkori.core.htmx import render_page
from hamkori.core.i18n import translated
from hamkori.registry.models import Region
from hamkori.rules.selectors import local_zone

# --- editing ---

MY_PAGE_SIZE = 25
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "problem": gettext_lazy("Problem"),
    "target_group": gettext_lazy("Target group"),
    "objectives": gettext_lazy("Objectives"),
    "duration_months": gettext_lazy("Duration"),
    "activities": gettext_lazy("Activities"),
    "indicators": gettext_lazy("Indicators"),
    "budget": gettext_lazy("Budget"),
    "team": gettext_lazy("Team"),
    "partners": gettext_lazy("Partners"),
    "sustainability": gettext_lazy("Sustainability"),
    "risks": gettext_lazy("Risks"),
    "declarations": gettext_lazy("Declarations"),
}
# Where each content field is edited: the checklist links to these anchors.
SECTION_OF_FIELD = {
    "title": "section-title",
    "summary": "section-title",
    "problem": "section-problem",
    "target_group": "section-problem",
    "objectives": "section-objectives",
    "duration_months": "section-objectives",
    "activities": "section-activities",
    "indicators": "section-indicators",
    "budget": "section-budget",
    "team": "section-team",
    "partners": "section-partners",
    "sustainability": "section-sustainability",
    "risks": "section-risks",
    "declarations": "section-declarations",
}


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _local(application, moment):
    return timezone.localtime(moment, local_zone(application.call.jurisdiction))


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@login_required
def application_start(request):
    """Choose which of the person's organisations applies to the lot, then open a draft."""
    lot = selectors.lot_for_application(pk=_int(request.GET.get("lot") or request.POST.get("lot")))
    call = lot.call
    organisations = selectors.applicant_organisations_for(user=request.user, lot=lot)
    form = ApplicationStartForm(request.POST or None, organisations=organisations)
    existing = None
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            application = services.application_start(
                actor=request.user, lot=lot, organisation=organisation
            )
        except services.ApplicationExists as error:
            existing = error.application
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You cannot apply on behalf of this organisation."))
        else:
            messages.success(request, _("Your draft was created. It saves as you type."))
            return redirect("applications:application-edit", pk=application.pk)
    context = {
        "lot": lot,
        "call": call,
        "form": form,
        "organisations": organisations,
        "existing": existing,
        "accepting": call_accepts_applications(request.user, call),
        "closes_local": timezone.localtime(call.closes_at, local_zone(call.jurisdiction)),
    }
    return render(request, "applications/application_start.html", context)


def _editor_context(request, application, editor, *, status=None) -> dict:
    content = application.content or {}
    totals = content_totals(content)
    documents = selectors.application_documents(application)
    problems = [
        {
            "label": FIELD_LABELS.get(field, ""),
            "message": message,
            "anchor": SECTION_OF_FIELD.get(field, ""),
        }
        # The same checks as submission (amounts against the lot, the band and the cap too),
        # so nothing new appears only when the applicant presses "Submit".
        for field, message in services.submission_problems(application)
        if field != "attachments"  # listed below, each with a link to its upload
    ]
    problems += [
        {
            "label": _("Attachments"),
            "message": _("Attach “%(name)s”.") % {"name": translated(document, "name")},
            "anchor": f"document-{document.pk}",
        }
        for document in documents
        if document.required and document.pk and not document.uploads
    ]
    return {
        "application": application,
        "call": application.call,
        "lot": application.lot,
        "editor": editor,
        "can_edit": can_edit_application(request.user, application),
        "problems": problems,
        "totals": totals,
        "categories": [(BUDGET_CATEGORIES[k], v) for k, v in totals.by_category.items()],
        "over_lot": totals.requested > application.lot.budget,
        "documents": documents,
        "max_upload_mb": settings.HAMKORI_MAX_UPLOAD_BYTES // (1024 * 1024),
        "attachment_form": AttachmentForm(),
        "closes_local": _local(application, application.call.closes_at),
        "status": status,
        "receipt_url": (
            _url_or_none(
                "applications:application-receipt",
                application.pk,
                application.current_version.number,
            )
            if application.current_version_id
            else None
        ),
    }


def _regions(application):
    return list(Region.objects.filter(jurisdiction_id=application.call.jurisdiction_id))


def _save(request, application) -> tuple[ApplicationEditor, dict]:
    """Validate the posted editor and save the draft; the status says what happened."""
    editor = ApplicationEditor(application, request.POST, regions=_regions(application))
    if not editor.is_valid():
        return editor, {
            "kind": "error",
            "message": _("Not saved: correct the fields below."),
            "details": editor.error_messages(),
        }
    try:
        lock_version = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock_version = -1
    try:
        services.application_save_draft(
            actor=request.user,
            application=application,
            lock_version=lock_version,
            content=editor.content(),
        )
    except services.DraftConflict as error:
        return editor, {"kind": "conflict", "message": _messages_of(error)}
    except ValidationError as error:
        return editor, {"kind": "error", "message": _messages_of(error)}
    saved_at = time_format(_local(application, timezone.now()), "H:i")
    return editor, {"kind": "saved", "message": _("Saved at %(time)s") % {"time": saved_at}}


@login_required
def application_edit(request, pk: int):
    """The structured form in sections, with attachments and the completeness checklist.
    Works without JavaScript: the Save button posts here."""
    application = selectors.application_get_for(user=request.user, pk=pk)
    if not is_applicant(request.user, application):
        raise Http404
    status = None
    if request.method == "POST":
        editor, status = _save(request, application)
        if status["kind"] == "saved":
            messages.success(request, status["message"])
            url = reverse("applications:application-edit", args=[application.pk])
            section = request.POST.get("add_row", "")
            # "Save and add a row" comes back to its section, where the new empty row is.
            if section in editor.formsets:
                url += f"#section-{section}"
            return redirect(url)
    else:
        editor = ApplicationEditor(application, regions=_regions(application))
    return render(
        request,
        "applications/application_edit.html",
        _editor_context(request, application, editor, status=status),
    )


@login_required
@require_POST
def application_autosave(request, pk: int):
    """The editor posts itself here (htmx) as the person types; the answer is a status
    line plus out-of-band swaps of the lock version, the totals and the checklist."""
    application = selectors.application_get_for(user=request.user, pk=pk)
    if not is_applicant(request.user, application):
        raise Http404
    if not request.htmx:
        return application_edit(request, pk)
    editor, status = _save(request, application)
    return render(
        request,
        "applications/partials/_autosave.html",
        _editor_context(request, application, editor, status=status),
    )


def _attachments_response(request, application, *, status=None):
    if request.htmx:
        context = _editor_context(request, application, None, status=status)
        return render(request, "applications/partials/_attachments.html", context)
    if status and status["kind"] == "saved":
        messages.success(request, status["message"])
    elif status:
        messages.error(request, status["message"])
    return redirect(
        reverse("applications:application-edit", args=[application.pk]) + "#attachments"
    )


@login_required
@require_POST
def attachment_add(request, pk: int):
    application = selectors.application_get_for(user=request.user, pk=pk)
    if not is_applicant(request.user, application):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _attachments_response(
            request, application, status={"kind": "error", "message": _("Choose a file to upload.")}
        )
    document = None
    if form.cleaned_data.get("document"):
        document = next(
            (
                d
                for d in selectors.application_documents(application)
                if d.pk == form.cleaned_data["document"]
            ),
            None,
        )
        if document is None:
            raise Http404
    try:
        attachment = services.attachment_add(
            actor=request.user,
            application=application,
            document=document,
            uploaded_file=form.cleaned_data["file"],
        )
    except ValidationError as error:
        status = {"kind": "error", "message": _messages_of(error)}
    except PermissionDenied:
        raise Http404 from None
    else:
        status = {
            "kind": "saved",
            "message": _("%(name)s was attached.") % {"name": attachment.original_name},
        }
    return _attachments_response(request, application, status=status)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = selectors.attachment_get_for(user=request.user, pk=pk)
    application = attachment.application
    if not is_applicant(request.user, application):
        raise Http404
    name = attachment.original_name
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as error:
        status = {"kind": "error", "message": _messages_of(error)}
    else:
        status = {"kind": "saved", "message": _("%(name)s was removed.") % {"name": name}}
    return _attachments_response(request, application, status=status)


@login_required
def attachment_download(request, pk: int):
    """The file, only after the permission check; never served from a public path."""
    attachment = selectors.attachment_get_for(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_application_list(request):
    """The person's drafts and submissions across their organisations."""
    applications = selectors.my_application_list_for(user=request.user)
    page_obj = Paginator(applications, MY_PAGE_SIZE).get_page(request.GET.get("page"))
    receipts = _url_or_none("applications:application-receipt", 1, 1) is not None
    for application in page_obj.object_list:
        application.closes_local = _local(application, application.call.closes_at)
    return render(
        request,
        "applications/my_application_list.html",
        {"page_obj": page_obj, "receipts": receipts},
    )


# --- submission ---


def _problems_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for messages_ in error.message_dict.values() for m in messages_]
    return [str(m) for m in error.messages]


@login_required
def application_submit(request, pk: int):
    """GET: what is still missing, and the button. POST: submit with the page's key, so a
    double click or a retry yields the same version."""
    application = selectors.application_get_for(user=request.user, pk=pk)
    if not is_applicant(request.user, application):
        raise Http404
    problems: list[str] = []
    if request.method == "POST":
        try:
            version = services.application_submit(
                actor=request.user,
                application=application,
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except ValidationError as error:
            problems = _problems_of(error)
        else:
            messages.success(request, _("Your application was submitted."))
            return redirect(
                "applications:application-receipt", pk=application.pk, number=version.number
            )
    else:
        problems = [str(message) for _field, message in services.submission_problems(application)]
    return render(
        request,
        "applications/receipt_confirm.html",
        {
            "application": application,
            "problems": problems,
            "idempotency_key": uuid.uuid4().hex,
            "can_submit": can_submit_application(request.user, application),
            "can_withdraw": can_withdraw_application(request.user, application),
            "withdraw_form": WithdrawForm(),
            "closes_local": timezone.localtime(
                application.call.closes_at, local_zone(application.call.jurisdiction_id)
            ),
        },
        status=400 if problems and request.method == "POST" else 200,
    )


@require_POST
@login_required
def application_withdraw(request, pk: int):
    application = selectors.application_get_for(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_withdraw(actor=request.user, application=application, reason=reason)
    except ValidationError as error:
        for problem in _problems_of(error):
            messages.error(request, problem)
        return redirect("applications:application-submit", pk=application.pk)
    messages.success(request, _("The application was withdrawn."))
    return redirect("applications:application-submit", pk=application.pk)


def _receipt_context(version) -> dict:
    application = version.application
    zone = local_zone(application.call.jurisdiction_id)
    checks = list(version.eligibility_checks.all())
    return {
        "version": version,
        "application": application,
        "call": application.call,
        "lot": application.lot,
        "organisation": application.organisation,
        "submitted_local": timezone.localtime(version.submitted_at, zone),
        "zone": zone.key,
        "attachments": selectors.receipt_attachments(version),
        "checks": [(check, check_label(check.code)) for check in checks],
        "all_passed": all(check.passed for check in checks),
        "superseded": version.superseded_at is not None,
    }


@login_required
def application_receipt(request, pk: int, number: int):
    version = selectors.version_get_for(user=request.user, pk=pk, number=number)
    return render(request, "applications/receipt.html", _receipt_context(version))


@login_required
def application_receipt_pdf(request, pk: int, number: int):
    version = selectors.version_get_for(user=request.user, pk=pk, number=number)
    pdf = receipt_pdf(version, _receipt_context(version), translation.get_language() or "ru")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"receipt-{version.application_id}-v{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


OFFICIAL_PAGE_SIZE = 50


@login_required
def official_list(request, call_pk: int):
    """Before the close: counts per lot only (sealed). After: the submissions."""
    call = selectors.call_for_officials(user=request.user, pk=call_pk)
    counts = selectors.application_counts_for(user=request.user, call=call)
    context = {
        "call": call,
        "counts": counts,
        "closes_local": timezone.localtime(call.closes_at, local_zone(call.jurisdiction_id)),
    }
    if not can_list_submissions(request.user, call):
        return render(request, "applications/official_list.html", {**context, "sealed": True})
    form = SubmissionFilterForm(request.GET or None, lots=[row.lot for row in counts])
    applications = selectors.submission_list_for(user=request.user, call=call, **form.filters())
    page_obj = Paginator(applications, OFFICIAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "applications/official_list.html",
        {
            **context,
            "sealed": False,
            "form": form,
            "page_obj": page_obj,
            "clock": selectors.compliance_clock(call),
        },
        partial="applications/partials/_sealed_results.html",
    )


@login_required
def official_detail(request, pk: int):
    application = selectors.submission_get_for(user=request.user, pk=pk)
    version = application.current_version
    checks = list(version.eligibility_checks.all()) if version else []
    form = None
    if can_set_compliance(request.user, application):
        form = ComplianceForm(
            request.POST or None,
            initial={"compliance": application.compliance, "reason": application.compliance_reason},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.application_compliance_set(
                    actor=request.user, application=application, **form.cleaned_data
                )
            except ValidationError as error:
                for problem in _problems_of(error):
                    form.add_error(None, problem)
            else:
                messages.success(request, _("The compliance result was recorded."))
                return redirect("applications:official-detail", pk=application.pk)
    elif request.method == "POST":
        raise PermissionDenied("can_set_compliance")
    snapshot = version.snapshot if version else {}
    return render(
        request,
        "applications/official_detail.html",
        {
            "application": application,
            "call": application.call,
            "version": version,
            "content": snapshot.get("content", {}),
            "attachments": Attachment.objects.filter(
                pk__in=[a.get("id") for a in snapshot.get("attachments", [])]
            )
            .select_related("document")
            .order_by("pk"),
            "checks": [(check, check_label(check.code)) for check in checks],
            "form": form,
            "categories": BUDGET_CATEGORIES,
        },
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def official_export(request, call_pk: int):
    call = selectors.call_for_officials(user=request.user, pk=call_pk)
    rows = selectors.submission_export_rows(user=request.user, call=call)
    header = [
        "application",
        "lot",
        "identifier",
        "organisation",
        "title",
        "amount_requested",
        "cofinancing",
        "currency",
        "submitted_at",
        "version",
        "sha256",
        "eligible",
        "compliance",
    ]
    writer = csv.writer(_Echo())
    stream = (writer.writerow(row) for row in itertools.chain([header], rows))
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.reference}-applications.csv"'
    return response
