"""Pages of the registry: the public directory and profiles, and the forms that create, edit,
claim and report. Views fetch through selectors, change through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.accounts.permissions import is_platform_admin
from hamkori.core.forms import form_add_service_errors
from hamkori.core.htmx import render_page
from hamkori.core.permissions import require
from hamkori.registry import selectors, services
from hamkori.registry.forms import (
    AnnualReportForm,
    ClaimForm,
    DecisionForm,
    OrganisationCreateForm,
    OrganisationFilterForm,
    OrganisationProfileForm,
    StatusForm,
    UnreliableFlagForm,
)
from hamkori.registry.permissions import (
    can_edit_organisation,
    can_flag_unreliable,
    can_see_audit,
    can_see_private_contacts,
    can_set_status,
    can_submit_annual_report,
)

PAGE_SIZE = 25


def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.organisation_list_for(user=request.user, **form.filters())
    page_obj = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "registry/organisation_list.html",
        {"form": form, "page_obj": page_obj},
        partial="registry/partials/_organisation_results.html",
    )


def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    user = request.user
    context = {
        "organisation": organisation,
        "reports": selectors.annual_reports_with_timeliness(organisation),
        "eligibility": selectors.organisation_eligibility(organisation),
        "members": organisation.active_memberships,
        "show_contacts": can_see_private_contacts(user, organisation),
        "can_edit": can_edit_organisation(user, organisation),
        "can_report": can_submit_annual_report(user, organisation),
        "can_see_audit": can_see_audit(user, organisation),
        "status_form": (
            StatusForm(initial={"status": organisation.status})
            if can_set_status(user, organisation)
            else None
        ),
        "unreliable_form": (
            UnreliableFlagForm() if can_flag_unreliable(user, organisation) else None
        ),
        "unreliable_flag": organisation.unreliable_flags.filter(lifted_at__isnull=True).first(),
    }
    return render(request, "registry/organisation_detail.html", context)


@login_required
def organisation_create(request):
    form = OrganisationCreateForm(
        request.POST or None, state_kinds=is_platform_admin(request.user, None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("The organisation was registered; you are its administrator.")
            )
            return redirect("registry:organisation-detail", pk=organisation.pk)
    claim_url = reverse("registry:organisation-claim")
    return render(
        request, "registry/organisation_create.html", {"form": form, "claim_url": claim_url}
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    require(can_edit_organisation, request.user, organisation)
    initial = {f: getattr(organisation, f) for f in services.PROFILE_FIELDS}
    initial["areas"] = list(organisation.areas.all())
    form = OrganisationProfileForm(
        request.POST or None, initial=initial, jurisdiction=organisation.jurisdiction_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("registry:organisation-detail", pk=organisation.pk)
    return render(
        request, "registry/organisation_edit.html", {"form": form, "organisation": organisation}
    )


@login_required
def organisation_claim(request):
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["jurisdiction"].code
        try:
            # A mistyped number must say so, not pretend the organisation is unregistered.
            identifier = services.clean_identifier(code, form.cleaned_data["identifier"])
        except ValidationError as error:
            form_add_service_errors(form, error)
            identifier = None
        organisation = (
            selectors.organisation_find(jurisdiction=code, identifier=identifier)
            if identifier
            else None
        )
        if identifier is None:
            pass
        elif organisation is None:
            form.add_error(
                "identifier",
                _("No organisation with this identifier is registered; you can register it."),
            )
        else:
            try:
                services.organisation_claim(
                    actor=request.user,
                    organisation=organisation,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your claim was sent; you will get an e-mail when it is decided.")
                )
                return redirect("registry:organisation-detail", pk=organisation.pk)
    create_url = reverse("registry:organisation-create")
    return render(
        request, "registry/organisation_claim.html", {"form": form, "create_url": create_url}
    )


@login_required
def claim_list(request):
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            claim = selectors.membership_claim_get_for(
                user=request.user, pk=form.cleaned_data["claim"]
            )
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.membership_decide(
                    actor=request.user,
                    membership=claim,
                    approve=approve,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The claim was approved.") if approve else _("The claim was rejected."),
                )
        else:
            messages.error(request, _("The decision could not be read; please try again."))
        return redirect("registry:claim-list")
    claims = selectors.membership_claims_for(user=request.user)
    page_obj = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/claim_list.html", {"page_obj": page_obj})


@login_required
def annual_report_create(request, pk: int):
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    require(can_submit_annual_report, request.user, organisation)
    form = AnnualReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annual_report_submit(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The annual report was submitted."))
            return redirect("registry:organisation-detail", pk=organisation.pk)
    return render(
        request,
        "registry/annual_report_form.html",
        {"form": form, "organisation": organisation},
    )


@require_POST
@login_required
def organisation_status(request, pk: int):
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    require(can_set_status, request.user, organisation)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_set_status(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a known status."))
    return redirect("registry:organisation-detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_unreliable(request, pk: int):
    """Set or lift the unreliable-supplier flag (the form says which)."""
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    require(can_flag_unreliable, request.user, organisation)
    form = UnreliableFlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("registry:organisation-detail", pk=organisation.pk)
    change = (
        services.organisation_unflag_unreliable
        if request.POST.get("action") == "lift"
        else services.organisation_flag_unreliable
    )
    try:
        change(actor=request.user, organisation=organisation, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The unreliable-supplier flag was changed."))
    return redirect("registry:organisation-detail", pk=organisation.pk)


def organisation_audit(request, pk: int):
    organisation = selectors.organisation_get_for(user=request.user, pk=pk)
    events = selectors.organisation_audit_events_for(user=request.user, organisation=organisation)
    page_obj = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/organisation_audit.html",
        {"organisation": organisation, "page_obj": page_obj},
    )
