"""Forms of recommendations: adoption by the council, and the addressee body's actions."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES
from hamkori.meetings.models import AgendaItem, Meeting
from hamkori.recommendations.workflow import AnswerKind
from hamkori.registry.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AdoptForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Adopted at the meeting"), queryset=Meeting.objects)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects, required=False
    )
    addressee = forms.ModelChoiceField(label=_("Addressee body"), queryset=Organisation.objects)

    def __init__(self, *args, meetings, items, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["agenda_item"].queryset = items
        self.fields["addressee"].queryset = bodies
        for code in CONTENT_LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=format_lazy("{} ({})", _("Title"), LANGUAGE_NAMES[code]),
                max_length=300,
                required=False,
            )
        for code in CONTENT_LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=format_lazy("{} ({})", _("Text"), LANGUAGE_NAMES[code]),
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
            )

    def texts(self, field: str) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"{field}_{code}", "") for code in CONTENT_LANGUAGES}


class SendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)


class RegisterForm(forms.Form):
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=AnswerKind.choices)
    text = forms.CharField(
        label=_("Answer and reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required for a rejection or a partial acceptance."),
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class ExtendForm(forms.Form):
    new_due_on = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=99)


class MilestoneForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ImplementedForm(forms.Form):
    implemented_on = forms.DateField(label=_("Implemented on"), widget=DATE)
