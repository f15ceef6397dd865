"""Forms of recommendations: adoption by the council, and the addressee body's actions."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from hamkori.core.forms import form_add_language_fields, language_values
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.meetings.models import AgendaItem, Meeting
from hamkori.recommendations.models import TEXT_MAX_LENGTH
from hamkori.recommendations.workflow import AnswerKind
from hamkori.registry.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _bound(field: forms.CharField) -> None:
    """At most TEXT_MAX_LENGTH characters, also told to the browser (`maxlength`)."""
    field.max_length = TEXT_MAX_LENGTH
    field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
    field.widget.attrs["maxlength"] = str(TEXT_MAX_LENGTH)


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
        for code in CONTENT_LANGUAGES:
            _bound(self.fields[f"text_{code}"])

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
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required for a rejection or a partial acceptance."),
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class ExtendForm(forms.Form):
    new_due_on = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=99)


class MilestoneForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ImplementedForm(forms.Form):
    implemented_on = forms.DateField(label=_("Implemented on"), widget=DATE)
