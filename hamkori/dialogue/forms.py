"""Forms of the consultation and programme pages. They only parse what was posted; the
services check permission, states and links, and their errors are shown at the fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.calls.models import Call, FundingPlan
from hamkori.core.forms import form_add_language_fields, language_values
from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES
from hamkori.councils.models import Council
from hamkori.dialogue.models import (
    COMMENT_MAX_LENGTH,
    City,
    ConsultationKind,
    Handling,
    Section,
)
from hamkori.dialogue.services import SessionData
from hamkori.registry.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ConsultationForm(forms.Form):
    """A draft's description and period; the organiser is chosen only when it is created."""

    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind of draft"), choices=ConsultationKind.choices)
    opens_on = forms.DateField(label=_("Comments open on"), widget=DATE)
    closes_on = forms.DateField(
        label=_("Comments close on"),
        widget=DATE,
        required=False,
        help_text=_(
            "Leave empty to take the rule set's comment period, counted in working days "
            "after the opening day."
        ),
    )
    council = forms.ModelChoiceField(
        label=_("Held through the public council"), queryset=Council.objects.none(), required=False
    )
    plan = forms.ModelChoiceField(
        label=_("Draft of the funding plan"), queryset=FundingPlan.objects.none(), required=False
    )
    call = forms.ModelChoiceField(
        label=_("Terms of the call"), queryset=Call.objects.none(), required=False
    )

    def __init__(self, *args, bodies: list[Organisation], creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [body.pk for body in bodies]
        if creating:
            self.fields["organiser"].queryset = Organisation.objects.filter(pk__in=ids)
        else:
            del self.fields["organiser"]
            self.fields["closes_on"].required = True
            self.fields["closes_on"].help_text = ""
        form_add_language_fields(self, "title", _("Title"))
        form_add_language_fields(self, "summary", _("Summary"), text=True)
        self.fields["council"].queryset = Council.objects.filter(host_id__in=ids)
        self.fields["plan"].queryset = FundingPlan.objects.filter(body_id__in=ids)
        self.fields["call"].queryset = Call.objects.filter(body_id__in=ids)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{c}") for c in CONTENT_LANGUAGES):
            raise forms.ValidationError(_("Give the title in at least one language."))
        return cleaned


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Draft document (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )


class SectionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    heading = forms.CharField(label=_("Heading"), max_length=300)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("The comment is about"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("the whole draft"),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("myself"),
    )
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=ngettext_lazy(
            "Up to %(count)d character.", "Up to %(count)d characters.", "count"
        )
        % {"count": COMMENT_MAX_LENGTH},
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES],
        required=False,
    )

    def __init__(self, *args, consultation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = self.interface_language()
        self.fields["section"].queryset = Section.objects.filter(consultation=consultation)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__status="active"
        )

    @staticmethod
    def interface_language() -> str:
        """Most people write in the language they read the page in."""
        code = (get_language() or "")[:2]
        return code if code in CONTENT_LANGUAGES else settings.LANGUAGE_CODE

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.interface_language()


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown in place of the comment"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandleForm(forms.Form):
    handling = forms.ChoiceField(label=_("How it was handled"), choices=Handling.choices)
    response = forms.CharField(
        label=_("Response"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_add_language_fields(self, "report_summary", _("Summary of the report"), text=True)


class ProgrammeForm(forms.Form):
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)

    def __init__(self, *args, bodies: list[Organisation], creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["organisers"].queryset = Organisation.objects.filter(
                pk__in=[body.pk for body in bodies]
            )
        else:
            del self.fields["organisers"]
        form_add_language_fields(self, "title", _("Title"))
        form_add_language_fields(self, "description", _("Description"), text=True)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{c}") for c in CONTENT_LANGUAGES):
            raise forms.ValidationError(_("Give the title in at least one language."))
        return cleaned


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        min_length=2,
        help_text=_("Two-letter code, e.g. TJ or KZ."),
    )


class SessionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    starts = forms.TimeField(label=_("Starts (local time)"), widget=TIME)
    ends = forms.TimeField(label=_("Ends (local time)"), widget=TIME)
    city = forms.ChoiceField(label=_("City"), choices=City.choices)
    host_identifier = forms.CharField(
        label=_("Host: identifier of a registered organisation"),
        max_length=20,
        required=False,
        help_text=_("BIN or TIN as in the registry; leave empty and name the host below."),
    )
    host_name = forms.CharField(
        label=_("Host: name, if not registered"), max_length=300, required=False
    )
    place = forms.CharField(label=_("Address or room"), max_length=300, required=False)
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who takes part besides the delegation, one per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_add_language_fields(self, "topic", _("Topic"))
        form_add_language_fields(self, "notes", _("Notes"), text=True)

    def clean_host_identifier(self):
        identifier = self.cleaned_data["host_identifier"].strip()
        if not identifier:
            return None
        host = Organisation.objects.filter(identifier=identifier).first()
        if host is None:
            raise forms.ValidationError(_("No registered organisation has this identifier."))
        return host

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"topic_{c}") for c in CONTENT_LANGUAGES):
            raise forms.ValidationError(_("Give the topic in at least one language."))
        return cleaned

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            day=data["day"],
            starts=data["starts"],
            ends=data["ends"],
            city=data["city"],
            topics=language_values(data, "topic"),
            host=data.get("host_identifier"),
            host_name=data.get("host_name", ""),
            place=data.get("place", ""),
            participants=data.get("participants", ""),
            notes=language_values(data, "notes"),
        )


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)
