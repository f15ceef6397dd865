"""Pages of contracts: the officials' and the CSOs' dashboards, preparing a contract, its
page with the actions each party may take, amendments, termination, payment and the PDF.
Views fetch through selectors and change through services; a refused change re-renders the
page with the reasons (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamkori.contracts import selectors, services
from hamkori.contracts.document import contract_pdf
from hamkori.contracts.forms import (
    AmendmentForm,
    ContractPrepareForm,
    PaymentPaidForm,
    SignForm,
    TerminateForm,
    TrancheScheduleForm,
)
from hamkori.contracts.models import (
    AmendmentState,
    ContractAmendment,
    Party,
    PaymentOrder,
    SignedCopy,
    Tranche,
)
from hamkori.contracts.permissions import (
    can_amend_contract,
    can_approve_contract,
    can_complete_contract,
    can_edit_contract,
    can_manage_payments,
    can_send_contract,
    can_sign_contract,
    can_terminate_contract,
    is_contract_official,
    is_contractor_member,
)
from hamkori.contracts.signing import PlatformConfirmation
from hamkori.core.forms import form_add_service_errors
from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES
from hamkori.rules.selectors import local_zone


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for ms in error.message_dict.values() for m in ms]
    return [str(m) for m in error.messages]


@login_required
def dashboard(request):
    """Officials: contracts by state, awards waiting for a contract, tranches due, orders
    waiting for approval and the money of each budget line of their bodies' plans."""
    data = selectors.official_dashboard(user=request.user)
    if not data.bodies:
        return redirect("contracts:mine")
    return render(request, "contracts/dashboard.html", {"data": data})


@login_required
def mine(request):
    """A CSO's contracts and what is due next."""
    return render(
        request, "contracts/mine.html", {"data": selectors.cso_dashboard(user=request.user)}
    )


@login_required
def contract_create(request, application_pk: int):
    application = selectors.application_for_contract(user=request.user, pk=application_pk)
    entry = services.award_of(application)
    form = ContractPrepareForm(
        request.POST or None,
        application=application,
        initial={
            "starts_on": services.local_today(application.call),
            "language": "ru" if application.call.jurisdiction_id == "KZ" else "tg",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_prepare(
                actor=request.user,
                application=application,
                budget_line=form.cleaned_data.get("budget_line"),
                starts_on=form.cleaned_data["starts_on"],
                language=form.cleaned_data["language"],
                check_start=True,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The draft contract was prepared."))
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_create.html",
        {"application": application, "call": application.call, "entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _detail_action(request, contract) -> list[str]:
    """Apply the posted action of the contract page; returns the refusals."""
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "approve":
            services.contract_approve(actor=user, contract=contract)
            messages.success(request, _("The contract was approved."))
        elif action == "send":
            services.contract_send(actor=user, contract=contract)
            messages.success(
                request, _("The contract was sent for signature; its amount is committed.")
            )
        elif action == "sign":
            form = SignForm(request.POST)
            form.is_valid()
            provider = PlatformConfirmation(confirmed=form.cleaned_data.get("confirm", False))
            services.contract_sign(actor=user, contract=contract, provider=provider)
            messages.success(request, _("Your signature was recorded."))
        elif action == "complete":
            services.contract_complete(actor=user, contract=contract)
            messages.success(request, _("The contract is completed."))
        elif action == "order":
            tranche = get_object_or_404(
                Tranche, pk=request.POST.get("tranche") or 0, contract=contract
            )
            services.payment_prepare(actor=user, tranche=tranche)
            messages.success(
                request, _("The payment order was prepared; another official approves it.")
            )
        elif action in ("order_approve", "order_cancel"):
            order = get_object_or_404(
                PaymentOrder, pk=request.POST.get("order") or 0, contract=contract
            )
            if action == "order_approve":
                services.payment_approve(actor=user, order=order)
                messages.success(request, _("The payment order was approved."))
            else:
                services.payment_cancel(actor=user, order=order)
                messages.success(request, _("The payment order was cancelled."))
        elif action in ("amendment_approve", "amendment_withdraw"):
            amendment = get_object_or_404(
                ContractAmendment, pk=request.POST.get("amendment") or 0, contract=contract
            )
            if action == "amendment_approve":
                services.contract_amendment_approve(actor=user, amendment=amendment)
                messages.success(
                    request,
                    _("Amendment № %(number)s was approved and is in effect.")
                    % {"number": amendment.number},
                )
            else:
                services.contract_amendment_withdraw(actor=user, amendment=amendment)
                messages.success(
                    request,
                    _("Amendment № %(number)s was withdrawn.") % {"number": amendment.number},
                )
        else:
            return [_("Unknown action.")]
    except ValidationError as error:
        return _messages_of(error)
    return []


@login_required
def contract_detail(request, pk: int):
    """The contract for both parties (auditors and platform administrators read it): terms,
    items, the payment schedule with orders, signatures, amendments and the actions the
    person may take."""
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    refusals: list[str] = []
    if request.method == "POST":
        refusals = _detail_action(request, contract)
        if not refusals:
            return redirect("contracts:contract-detail", pk=contract.pk)
        contract = selectors.contract_get_for(user=request.user, pk=pk)
    page = selectors.contract_page(contract)
    user = request.user
    official = is_contract_official(user, contract)
    zone = local_zone(contract.funder.jurisdiction_id)
    for signature in page.signatures.values():
        signature.signed_local = timezone.localtime(signature.signed_at, zone)
    my_party = Party.FUNDER if official else Party.CONTRACTOR
    context = {
        "contract": contract,
        "page": page,
        "official": official,
        "contractor": is_contractor_member(user, contract),
        "can_edit": can_edit_contract(user, contract),
        "can_approve": can_approve_contract(user, contract)
        and contract.approved_by_id is None
        and contract.created_by_id != user.pk,
        "approval_needed": services.approval_needed(contract)
        if contract.state == "draft"
        else False,
        "threshold": services.approval_threshold(contract) if contract.state == "draft" else None,
        "can_send": can_send_contract(user, contract),
        "send_refusal": services.send_refusal(contract, approval=False)
        if contract.state == "draft"
        else None,
        "can_sign": can_sign_contract(user, contract) and my_party not in page.signatures,
        "can_amend": can_amend_contract(user, contract),
        "can_terminate": can_terminate_contract(user, contract),
        "can_complete": can_complete_contract(user, contract),
        "complete_refusal": services.complete_refusal(contract)
        if contract.state == "in_force"
        else None,
        "payments": can_manage_payments(user, contract),
        "sign_form": SignForm(),
        "language_name": LANGUAGE_NAMES.get(contract.language, contract.language),
        "signed_copy": SignedCopy.objects.filter(contract=contract).only("sha256").first(),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES],
        "refusals": refusals,
        "zone": zone.key,
    }
    status = 400 if refusals else 200
    return render(request, "contracts/contract_detail.html", context, status=status)


@login_required
def contract_tranches(request, pk: int):
    """The draft's tranche schedule: shares and conditions."""
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    if not can_edit_contract(request.user, contract):
        raise PermissionDenied("can_edit_contract")
    tranches = list(contract.tranches.all())
    form = TrancheScheduleForm(request.POST or None, tranches=tranches, amount=contract.amount)
    if request.method == "POST" and form.is_valid():
        was_approved = contract.approved_by_id is not None
        try:
            services.contract_tranches_set(
                actor=request.user, contract=contract, schedule=form.schedule()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if was_approved:
                messages.warning(
                    request,
                    _(
                        "The tranche schedule was saved. The second official's approval was "
                        "withdrawn: the contract needs a new approval before it is sent."
                    ),
                )
            else:
                messages.success(request, _("The tranche schedule was saved."))
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_tranches.html",
        {
            "contract": contract,
            "form": form,
            "heading": _("Tranche schedule"),
            "button": _("Save the schedule"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def contract_amend(request, pk: int):
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    if not can_amend_contract(request.user, contract):
        raise PermissionDenied("can_amend_contract")
    items = list(contract.items.all())
    form = AmendmentForm(request.POST or None, contract=contract, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.contract_amend(
                actor=request.user, contract=contract, **form.changes()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if amendment.state == AmendmentState.PROPOSED:
                messages.success(
                    request,
                    _(
                        "Amendment № %(number)s is proposed: it takes effect when another "
                        "official approves it."
                    )
                    % {"number": amendment.number},
                )
            else:
                messages.success(
                    request, _("Amendment № %(number)s was made.") % {"number": amendment.number}
                )
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_amend.html",
        {
            "contract": contract,
            "form": form,
            "heading": _("Amend the contract"),
            "button": _("Make the amendment"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def contract_terminate(request, pk: int):
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    if not can_terminate_contract(request.user, contract):
        raise PermissionDenied("can_terminate_contract")
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_terminate(
                actor=request.user, contract=contract, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The contract was terminated."))
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_terminate.html",
        {
            "contract": contract,
            "form": form,
            "heading": _("Terminate the contract"),
            "button": _("Terminate"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def order_paid(request, pk: int):
    """Mark an approved payment order paid, with the date and the bank's reference."""
    order = get_object_or_404(PaymentOrder.objects.select_related("tranche"), pk=pk)
    contract = selectors.contract_get_for(user=request.user, pk=order.contract_id)
    if not can_manage_payments(request.user, contract):
        raise PermissionDenied("can_manage_payments")
    form = PaymentPaidForm(
        request.POST or None, initial={"paid_on": services.local_today(contract)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_mark_paid(
                actor=request.user,
                order=order,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/order_paid.html",
        {
            "contract": contract,
            "order": order,
            "form": form,
            "heading": _("Record the payment"),
            "button": _("Record the payment"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def contract_document(request, pk: int):
    """The contract as a PDF in ?language= (kk, ru, tg, en; the page's language by default)."""
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    asked = request.GET.get("language")
    if asked is not None and asked not in CONTENT_LANGUAGES:
        raise Http404("unknown language")
    language = asked or translation.get_language() or contract.language
    if language not in CONTENT_LANGUAGES:
        language = contract.language
    response = HttpResponse(contract_pdf(contract, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{contract.reference}-{language}.pdf"'
    return response


@login_required
def contract_signed_copy(request, pk: int):
    """Exactly the bytes both parties signed (the PDF in the contract's language with the
    signature block empty): its SHA-256 is the one on each signature."""
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    copy = get_object_or_404(SignedCopy, contract=contract)
    response = HttpResponse(bytes(copy.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{contract.reference}-{copy.language}-signed.pdf"'
    )
    return response


@login_required
@require_POST
def contract_discard(request, pk: int):
    """Discard a draft (deleted with its items and tranches); its award waits again."""
    contract = selectors.contract_get_for(user=request.user, pk=pk)
    if not can_edit_contract(request.user, contract):
        raise PermissionDenied("can_edit_contract")
    try:
        reference = services.contract_discard(actor=request.user, contract=contract)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect("contracts:contract-detail", pk=contract.pk)
    messages.success(
        request,
        _("The draft %(reference)s was discarded; the award is waiting for a contract again.")
        % {"reference": reference},
    )
    return redirect("contracts:dashboard")
