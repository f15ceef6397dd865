"""Forms of recommendations: adoption by the council, and the addressee body's actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkori.core.forms import form_add_language_fields, language_values
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
        form_add_language_fields(self, "title", _("Title"))
        form_add_language_fields(self, "text", _("Text"), text=True)

    def texts(self, field: str) -> dict[str, str]:
        return language_values(self.cleaned_data, field)


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
