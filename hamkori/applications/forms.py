"""Forms of applications. The editor is one main form plus a formset per list section; it
reads and writes the content structure of applications/content.py. Every field is optional:
a draft may be incomplete, and content_problems() tells what is still missing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from hamkori.applications.content import (
    BUDGET_CATEGORIES,
    DECLARATIONS,
    INDICATOR_KINDS,
    empty_content,
)
from hamkori.core.i18n import translated

# --- editing ---

TEXTAREA = {"rows": 4}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationStartForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Applying organisation"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (o.pk, str(o)) for o in organisations if o.existing is None
        ]
        if len(self.fields["organisation"].choices) == 1:
            self.initial.setdefault("organisation", self.fields["organisation"].choices[0][0])


class ApplicationMainForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the application"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    problem = forms.CharField(
        label=_("Problem the project addresses"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    target_description = forms.CharField(
        label=_("Target group"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    target_size = forms.IntegerField(
        label=_("Number of people in the target group"),
        min_value=0,
        max_value=100_000_000,
        required=False,
    )
    target_regions = forms.MultipleChoiceField(
        label=_("Regions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    duration_months = forms.IntegerField(
        label=_("Duration, months"), min_value=1, max_value=120, required=False
    )
    sustainability = forms.CharField(
        label=_("Sustainability after the project"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, regions, languages, lot_months: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_regions"].choices = [(r.code, translated(r, "name")) for r in regions]
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"]) for code in languages
        ]
        if lot_months:
            self.fields["duration_months"].help_text = _(
                "The lot is planned for %(months)s months."
            ) % {"months": lot_months}
        for key, label in DECLARATIONS.items():
            self.fields[f"declaration_{key}"] = forms.BooleanField(label=label, required=False)

    @property
    def declaration_fields(self):
        return [self[f"declaration_{key}"] for key in DECLARATIONS]

    @staticmethod
    def initial_from(content: dict) -> dict:
        group = content.get("target_group") or {}
        declarations = content.get("declarations") or {}
        initial = {
            "language": content.get("language"),
            "title": content.get("title", ""),
            "summary": content.get("summary", ""),
            "problem": content.get("problem", ""),
            "target_description": group.get("description", ""),
            "target_size": group.get("size"),
            "target_regions": group.get("regions") or [],
            "objectives": content.get("objectives", ""),
            "duration_months": content.get("duration_months"),
            "sustainability": content.get("sustainability", ""),
        }
        for key in DECLARATIONS:
            initial[f"declaration_{key}"] = declarations.get(key) is True
        return initial


class RowForm(forms.Form):
    """A row of a list section. Blank rows are dropped; `as_content` gives the stored dict."""

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return all(data.get(name) in (None, "", []) for name in self.fields if name != "DELETE")

    def as_content(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name != "DELETE"}

    @classmethod
    def initial_from(cls, row: dict) -> dict:
        return {name: row.get(name, "") for name in cls.base_fields}


class ActivityForm(RowForm):
    title = forms.CharField(label=_("Activity"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start = forms.DateField(label=_("Start"), required=False, widget=_date_input())
    end = forms.DateField(label=_("End"), required=False, widget=_date_input())

    def as_content(self) -> dict:
        row = super().as_content()
        for name in ("start", "end"):
            value = self.cleaned_data.get(name)
            row[name] = value.isoformat() if value else ""
        return row

    @classmethod
    def initial_from(cls, row: dict) -> dict:
        initial = super().initial_from(row)
        for name in ("start", "end"):
            try:
                initial[name] = date.fromisoformat(str(row.get(name) or ""))
            except ValueError:
                initial[name] = None
        return initial


class IndicatorForm(RowForm):
    name = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *INDICATOR_KINDS.items()]
    )
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline = forms.CharField(label=_("Baseline"), max_length=60, required=False)
    target = forms.CharField(label=_("Target"), max_length=60, required=False)


class BudgetLineForm(RowForm):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", "—"), *BUDGET_CATEGORIES.items()]
    )
    item = forms.CharField(label=_("Item"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("Amount requested"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
    )
    cofinancing = forms.DecimalField(
        label=_("Co-financing"), min_value=0, max_digits=18, decimal_places=2, required=False
    )

    def as_content(self) -> dict:
        row = super().as_content()
        for name in ("amount", "cofinancing"):
            value = self.cleaned_data.get(name)
            row[name] = str(Decimal(value).quantize(Decimal("0.01"))) if value is not None else ""
        return row


class TeamMemberForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Role in the project"), max_length=200, required=False)
    experience = forms.CharField(label=_("Experience"), max_length=1000, required=False)


class PartnerForm(RowForm):
    name = forms.CharField(label=_("Partner"), max_length=300, required=False)
    contribution = forms.CharField(label=_("Contribution"), max_length=1000, required=False)


class RiskForm(RowForm):
    risk = forms.CharField(label=_("Risk"), max_length=1000, required=False)
    mitigation = forms.CharField(label=_("Mitigation"), max_length=1000, required=False)


# (content key, row form, heading)
SECTIONS = [
    ("activities", ActivityForm, _("Activities and work plan")),
    ("indicators", IndicatorForm, _("Indicators")),
    ("budget", BudgetLineForm, _("Budget")),
    ("team", TeamMemberForm, _("Team")),
    ("partners", PartnerForm, _("Partners")),
    ("risks", RiskForm, _("Risks")),
]
ROW_LIMIT = 200


class ApplicationEditor:
    """The main form and one formset per list section, bound to POST data or initialised
    from the content. Without JavaScript each section shows one blank row to fill."""

    def __init__(self, application, data=None, *, regions):
        content = application.content or empty_content()
        call = application.call
        self.main = ApplicationMainForm(
            data,
            initial=ApplicationMainForm.initial_from(content),
            regions=regions,
            languages=list(call.languages or []) or [content.get("language") or "ru"],
            lot_months=application.lot.duration_months,
        )
        self.formsets = {}
        for key, form_class, heading in SECTIONS:
            formset_class = forms.formset_factory(
                form_class,
                extra=1,
                can_delete=True,
                max_num=ROW_LIMIT,
                absolute_max=ROW_LIMIT,
                validate_max=True,
            )
            rows = content.get(key) or []
            formset = formset_class(
                data,
                prefix=key,
                initial=None if data is not None else [form_class.initial_from(r) for r in rows],
            )
            formset.heading = heading
            formset.key = key
            self.formsets[key] = formset

    def is_valid(self) -> bool:
        valid = self.main.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    def content(self) -> dict:
        data = self.main.cleaned_data
        content = empty_content(data.get("language") or "ru")
        content.update(
            {
                "title": data.get("title") or "",
                "summary": data.get("summary") or "",
                "problem": data.get("problem") or "",
                "target_group": {
                    "description": data.get("target_description") or "",
                    "size": data.get("target_size"),
                    "regions": list(data.get("target_regions") or []),
                },
                "objectives": data.get("objectives") or "",
                "duration_months": data.get("duration_months"),
                "sustainability": data.get("sustainability") or "",
                "declarations": {key: bool(data.get(f"declaration_{key}")) for key in DECLARATIONS},
            }
        )
        for key, formset in self.formsets.items():
            content[key] = [
                form.as_content()
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
            ]
        return content

    def error_messages(self) -> list[str]:
        """Every error as one line naming its field, for the autosave status."""
        lines = []
        for name, errors in self.main.errors.items():
            label = self.main.fields[name].label if name in self.main.fields else ""
            lines += [f"{label}: {e}" if label else str(e) for e in errors]
        for formset in self.formsets.values():
            lines += [f"{formset.heading}: {e}" for e in formset.non_form_errors()]
            for n, form in enumerate(formset.forms, start=1):
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    lines += [f"{formset.heading} {n}, {label}: {e}" for e in errors]
        return lines


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- submission ---


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplianceForm(forms.Form):
    compliance = forms.ChoiceField(
        label=_("Result of the compliance check"),
        choices=[("compliant", _("compliant")), ("non_compliant", _("not compliant"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the application does not comply; the applicant reads it."),
    )


class SubmissionFilterForm(forms.Form):
    lot = forms.TypedChoiceField(label=_("Lot"), coerce=int, required=False, empty_value=None)
    compliance = forms.ChoiceField(
        label=_("Compliance"),
        required=False,
        choices=[
            ("", _("all")),
            ("pending", _("not checked yet")),
            ("compliant", _("compliant")),
            ("non_compliant", _("not compliant")),
        ],
    )
    eligibility_failed = forms.BooleanField(label=_("Failed an eligibility check"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("submitted", _("submitted, earliest first")),
            ("-submitted", _("submitted, latest first")),
            ("amount", _("amount, smallest first")),
            ("-amount", _("amount, largest first")),
            ("organisation", _("organisation, A to Z")),
        ],
    )

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [("", _("all lots")), *((lot.pk, str(lot)) for lot in lots)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "lot": data.get("lot"),
            "compliance": data.get("compliance") or "",
            "eligibility_failed": bool(data.get("eligibility_failed")),
            "sort": data.get("sort") or "submitted",
        }
