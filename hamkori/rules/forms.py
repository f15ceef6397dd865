from django import forms
from django.utils.translation import gettext_lazy as _


class RuleDateForm(forms.Form):
    """The date on which to compare the rules (today when left empty)."""

    on = forms.DateField(
        label=_("Rules in force on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD, for example 2026-01-31.")},
    )
