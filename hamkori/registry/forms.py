"""Forms of the registry: they check shapes; services check rules."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import language_fields, translated
from hamkori.registry.models import (
    SECTOR_OF_KIND,
    AnnualReport,
    Area,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
    Sector,
)
from hamkori.registry.services import PROFILE_FIELDS
from hamkori.rules.models import Jurisdiction


def _choices(blank: str, choices) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or identifier"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    area = forms.ChoiceField(label=_("Area of activity"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_choices(_("any"), OrganisationKind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(_("any"), OrganisationStatus.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = _choices(
            _("any"), [(j.code, translated(j, "name")) for j in Jurisdiction.objects.all()]
        )
        self.fields["region"].choices = _choices(
            _("any"), [(r.code, str(r)) for r in Region.objects.all()]
        )
        self.fields["area"].choices = _choices(
            _("any"), [(a.code, str(a)) for a in Area.objects.all()]
        )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; an unknown value of one filter drops only that one."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return field.formfield(**kwargs)


class OrganisationProfileForm(forms.Form):
    """Names and descriptions in four languages, address, region, areas, contacts, website."""

    locals().update(
        forms.fields_for_model(
            Organisation,
            fields=[*PROFILE_FIELDS, "areas"],
            formfield_callback=_formfield,
        )
    )

    def __init__(self, *args, jurisdiction: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if jurisdiction:
            self.fields["region"].queryset = Region.objects.filter(jurisdiction_id=jurisdiction)
        self.fields["areas"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["areas"].choices
        )
        for name in language_fields("description"):
            self.fields[name].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in language_fields("name")):
            raise forms.ValidationError(_("Give the name in at least one language."))
        return data


class OrganisationCreateForm(OrganisationProfileForm):
    jurisdiction = forms.ModelChoiceField(
        label=_("Country"), queryset=Jurisdiction.objects.all(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    identifier = forms.CharField(
        label=_("Identifier"),
        max_length=30,
        help_text=_("Kazakhstan: the 12-digit BIN; Tajikistan: the 9-digit TIN."),
    )
    registered_on = forms.DateField(
        label=_("Registration date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_order = ["jurisdiction", "kind", "identifier", "registered_on"]

    def __init__(self, *args, state_kinds: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["jurisdiction"].empty_label = None
        if not state_kinds:
            # Only platform administrators register state bodies; offering those kinds to
            # everyone else would end in a refusal after the whole form is filled in.
            self.fields["kind"].choices = [
                (kind, label)
                for kind, label in OrganisationKind.choices
                if SECTOR_OF_KIND[OrganisationKind(kind)] == Sector.CSO
            ]


class ClaimForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label=_("Country"), queryset=Jurisdiction.objects.all(), to_field_name="code"
    )
    identifier = forms.CharField(label=_("Identifier"), max_length=30)
    message = forms.CharField(
        label=_("Message to whoever decides"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are in the organisation and how to confirm it."),
    )


class DecisionForm(forms.Form):
    claim = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=OrganisationStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class UnreliableFlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "year",
            "staff_count",
            "volunteer_count",
            "beneficiary_count",
            "income",
            "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same bounds as the model's constraints, so the reader meets them at the field.
        self.fields["year"].min_value = 1991
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=1991, max=timezone.localdate().year)
        self.fields["year"].validators += [
            MinValueValidator(1991),
            MaxValueValidator(timezone.localdate().year),
        ]
        self.fields["income"].min_value = 0
        self.fields["income"].widget.attrs["min"] = 0
        self.fields["income"].validators.append(MinValueValidator(0))

    def _post_clean(self):
        # The service validates the whole report (organisation, currency, date).
        pass
