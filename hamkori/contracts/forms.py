"""Forms of the contract pages. They only parse what was posted; the services validate
against the contract, the ledger and the rules, and their errors are shown at the fields."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.calls.models import BudgetLine
from hamkori.contracts.models import TrancheCondition
from hamkori.contracts.services import ItemChange, TrancheSpec, plain_number
from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES]


class ContractPrepareForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    language = forms.ChoiceField(
        label=_("Language of the signed copy"),
        choices=LANGUAGE_CHOICES,
        help_text=_("Both parties sign the PDF in this language; it can be read in any."),
    )
    budget_line = forms.ModelChoiceField(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        help_text=_("The lot has no budget line: choose the plan's line the money comes from."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        lot = application.lot
        if lot.budget_line_id:
            del self.fields["budget_line"]
        else:
            self.fields["budget_line"].queryset = BudgetLine.objects.filter(
                plan_id=application.call.plan_id, currency=lot.currency
            )


class TrancheScheduleForm(forms.Form):
    """Rows of share (per cent) and condition; empty rows are left out."""

    ROWS_EXTRA = 2

    def __init__(self, *args, tranches, amount, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(len(tranches), 1) + self.ROWS_EXTRA
        conditions = [("", "—"), *TrancheCondition.choices]
        for index in range(self.rows):
            tranche = tranches[index] if index < len(tranches) else None
            share = (tranche.amount * 100 / amount).quantize(Decimal("0.0001")) if tranche else None
            self.fields[f"share_{index}"] = forms.DecimalField(
                label=format_lazy("{} {} — {}", _("Tranche"), index + 1, _("share, %")),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=4,
                initial=plain_number(share) if share is not None else None,
            )
            self.fields[f"condition_{index}"] = forms.ChoiceField(
                label=format_lazy("{} {} — {}", _("Tranche"), index + 1, _("paid after")),
                choices=conditions,
                required=False,
                initial=tranche.condition if tranche else "",
            )

    def clean(self):
        cleaned = super().clean()
        for index in range(self.rows):
            share, condition = cleaned.get(f"share_{index}"), cleaned.get(f"condition_{index}")
            if share and not condition:
                self.add_error(f"condition_{index}", _("Choose when this tranche is paid."))
            if condition and not share:
                self.add_error(f"share_{index}", _("Give this tranche's share."))
        return cleaned

    def schedule(self) -> list[TrancheSpec]:
        return [
            TrancheSpec(self.cleaned_data[f"share_{i}"] / 100, self.cleaned_data[f"condition_{i}"])
            for i in range(self.rows)
            if self.cleaned_data.get(f"share_{i}") and self.cleaned_data.get(f"condition_{i}")
        ]


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the contract and sign it for my organisation."), required=False
    )


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea)
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2, min_value=0)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    new_item_name = forms.CharField(label=_("New item"), max_length=300, required=False)
    new_item_amount = forms.DecimalField(
        label=_("New item's amount"), max_digits=18, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, contract, items, **kwargs):
        initial = {
            "amount": contract.amount,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.number}"] = forms.DecimalField(
                label=format_lazy("{} {}: {}", _("Item"), item.number, item.name),
                max_digits=18,
                decimal_places=2,
                min_value=0,
                initial=item.amount,
            )
        self.order_fields(
            ["reason", "amount", "starts_on", "ends_on"] + [f"item_{item.number}" for item in items]
        )

    def changes(self) -> dict:
        data = self.cleaned_data
        items = [
            ItemChange(item.number, item.name, data[f"item_{item.number}"]) for item in self.items
        ]
        if data.get("new_item_name") or data.get("new_item_amount"):
            items.append(
                ItemChange(None, data.get("new_item_name") or "", data.get("new_item_amount") or 0)
            )
        return {
            "reason": data["reason"],
            "amount": data["amount"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "items": items,
        }


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the termination"), widget=forms.Textarea)


class PaymentPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Bank's payment reference"), max_length=100)
