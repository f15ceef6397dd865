"""Forms of plans and calls: they check shapes; services check rules and permissions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hamkori.calls.models import FundingPlan, Instrument, Lot, TargetGroup
from hamkori.calls.workflow import PUBLIC_STATES, CallState
from hamkori.core.i18n import CONTENT_LANGUAGES, translated
from hamkori.registry.models import Area, Region
from hamkori.rules.models import Jurisdiction

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "tg": "Тоҷикӣ", "en": "English"}


def _choices(blank, choices) -> list[tuple[str, str]]:
    return [("", blank), *choices]


def _multilingual(form: forms.Form, name: str, label, *, textarea: bool = False) -> None:
    for code in CONTENT_LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, widget=widget
        )


def _texts_first(form: forms.Form, *names: str) -> None:
    """Put the multilingual text fields (added last) before the others."""
    first = [f"{n}_{c}" for n in names for c in CONTENT_LANGUAGES]
    form.order_fields([*first, *(name for name in form.fields if name not in first)])


def texts(cleaned: dict, name: str) -> dict[str, str]:
    return {code: cleaned.get(f"{name}_{code}", "") for code in CONTENT_LANGUAGES}


def initial_texts(obj, *names: str) -> dict[str, str]:
    return {f"{n}_{c}": getattr(obj, f"{n}_{c}", "") for n in names for c in CONTENT_LANGUAGES}


class CallFilterForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    instrument = forms.ChoiceField(
        label=_("Instrument"), required=False, choices=_choices(_("any"), Instrument.choices)
    )
    area = forms.ChoiceField(label=_("Area of activity"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices(_("any"), [(s, CallState(s).label) for s in PUBLIC_STATES]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdictions = {j.code: translated(j, "name") for j in Jurisdiction.objects.all()}
        self.fields["jurisdiction"].choices = _choices(_("any"), list(jurisdictions.items()))
        self.fields["area"].choices = _choices(
            _("any"), [(a.code, str(a)) for a in Area.objects.all()]
        )
        # Once a country is chosen only its regions are offered: the list's htmx response
        # swaps the region field in again, and without JavaScript the next page load does.
        chosen = self.data.get("jurisdiction") if self.is_bound else None
        regions = Region.objects.all()
        if chosen in jurisdictions:
            regions = regions.filter(jurisdiction_id=chosen)
        codes = [(r.code, str(r)) for r in regions]
        self.fields["region"].choices = _choices(_("any"), codes)
        # A region left over from the other country no longer applies: it is dropped
        # rather than reported as an invalid choice.
        region = self.data.get("region") if self.is_bound else None
        if region and region not in {code for code, _label in codes}:
            self.data = self.data.copy()
            self.data.pop("region")

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class PlanForm(forms.Form):
    body = forms.ChoiceField(label=_("Funding body"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, bodies=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {str(b.pk): b for b in bodies}
        self.fields["body"].choices = [(pk, b.name) for pk, b in self.bodies.items()]
        if editing:
            del self.fields["body"]
        _multilingual(self, "title", _("Title"))


class BudgetLineForm(forms.Form):
    programme_code = forms.CharField(label=_("Programme code"), max_length=40)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _multilingual(self, "name", _("Name"))


class LotForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    area = forms.ChoiceField(label=_("Area of activity"))
    regions = forms.MultipleChoiceField(label=_("Regions"), widget=forms.CheckboxSelectMultiple)
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    budget = forms.DecimalField(label=_("Budget"), max_digits=18, decimal_places=2)
    duration_months = forms.IntegerField(label=_("Duration, months"), min_value=1)
    max_awards = forms.IntegerField(label=_("Number of awards"), min_value=1, initial=1)
    budget_line = forms.ChoiceField(label=_("Budget line"), required=False)
    service_standard = forms.CharField(label=_("Service standard"), required=False, max_length=300)

    def __init__(self, *args, plan: FundingPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["area"].choices = [(a.code, str(a)) for a in Area.objects.all()]
        self.fields["regions"].choices = [
            (r.code, str(r)) for r in Region.objects.filter(jurisdiction_id=plan.jurisdiction_id)
        ]
        self.lines = {str(line.pk): line for line in plan.budget_lines.all()}
        self.fields["budget_line"].choices = _choices(
            "—", [(pk, str(line)) for pk, line in self.lines.items()]
        )
        _multilingual(self, "title", _("Title"))
        _multilingual(self, "description", _("Description"), textarea=True)
        _texts_first(self, "title", "description")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "instrument": data["instrument"],
            "area": data["area"],
            "regions": data["regions"],
            "target_group": data["target_group"],
            "budget": data["budget"],
            "duration_months": data["duration_months"],
            "max_awards": data["max_awards"],
            "budget_line": self.lines.get(data.get("budget_line") or ""),
            "service_standard": data["service_standard"],
            "title": texts(data, "title"),
            "description": texts(data, "description"),
        }


# <input type="date"> takes ISO dates whatever the reader's language shows.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _weight(text: str) -> Decimal:
    """A criterion's weight; Kazakh, Russian and Tajik write 1,5 where English writes 1.5."""
    value = Decimal((text or "1").strip().replace(",", ".").replace("\xa0", ""))
    if not value.is_finite() or value <= 0:
        raise InvalidOperation
    return value


def _parse_lines(value: str, columns: int) -> list[list[str]]:
    rows = []
    for line in value.splitlines():
        if line.strip():
            parts = [part.strip() for part in line.split("|")]
            rows.append((parts + [""] * columns)[:columns])
    return rows


class CallForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    opens_on = forms.DateField(
        label=_("Applications open on"),
        widget=ISO_DATE,
    )
    opens_time = forms.TimeField(
        label=_("at (local time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: the start of the day."),
    )
    closes_on = forms.DateField(
        label=_("Applications close on"),
        widget=ISO_DATE,
    )
    closes_time = forms.TimeField(
        label=_("at (local time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: the deadline time of the rules (call.deadline_time)."),
    )
    financial_year = forms.IntegerField(
        label=_("Financial year"), min_value=2000, max_value=2100, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Accepted languages"),
        choices=[(c, LANGUAGE_NAMES[c]) for c in CONTENT_LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
    )
    lots = forms.MultipleChoiceField(
        label=_("Lots"), required=False, widget=forms.CheckboxSelectMultiple
    )
    documents = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the name, then “| optional” if it is not required."),
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name | maximum points | weight (default 1)."),
    )

    def __init__(self, *args, plan: FundingPlan, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        free = (
            plan.lots.filter(call__isnull=True)
            if call is None
            else plan.lots.filter(call__isnull=True) | plan.lots.filter(call=call)
        )
        self.lot_rows = {str(lot.pk): lot for lot in free.order_by("number")}
        self.fields["lots"].choices = [
            (pk, f"{lot} — {lot.get_instrument_display()}, {lot.budget} {lot.currency}")
            for pk, lot in self.lot_rows.items()
        ]
        if call is not None:
            del self.fields["instrument"]
            del self.fields["financial_year"]
        _multilingual(self, "title", _("Title"))
        _multilingual(self, "description", _("Description"), textarea=True)
        _texts_first(self, "title", "description")

    def clean_documents(self) -> list[dict]:
        optional = _optional_words()
        return [
            {"name": {"ru": name, "en": name}, "required": flag.strip().lower() not in optional}
            for name, flag in _parse_lines(self.cleaned_data["documents"], 2)
        ]

    def clean_criteria(self) -> list[dict]:
        rows = []
        for name, points, weight in _parse_lines(self.cleaned_data["criteria"], 3):
            try:
                rows.append(
                    {
                        "name": {"ru": name, "en": name},
                        "max_points": int(points),
                        "weight": str(_weight(weight)),
                    }
                )
            except ValueError:
                raise forms.ValidationError(
                    _("“%(line)s”: the maximum points must be a whole number.") % {"line": name}
                ) from None
            except InvalidOperation:
                raise forms.ValidationError(
                    _("“%(line)s”: the weight must be a number, such as 1 or 1,5.") % {"line": name}
                ) from None
        return rows

    def call_fields(self) -> dict:
        """The cleaned fields that creating and editing a call both pass to the service."""
        data = self.cleaned_data
        return {
            "title": texts(data, "title"),
            "description": texts(data, "description"),
            "opens_on": data["opens_on"],
            "opens_time": data["opens_time"],
            "closes_on": data["closes_on"],
            "closes_time": data["closes_time"],
            "languages": data["languages"],
            "lots": self.selected_lots(),
            "documents": data["documents"],
            "criteria": data["criteria"],
        }

    def selected_lots(self) -> list[Lot]:
        return [self.lot_rows[pk] for pk in self.cleaned_data.get("lots", [])]


def _optional_words() -> set[str]:
    """The word "optional" in every interface language, so an official may write it in
    theirs."""
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(_("optional")).lower())
    return words


def documents_text(call) -> str:
    optional = str(_("optional"))
    return "\n".join(
        f"{translated(d, 'name')}{'' if d.required else f' | {optional}'}"
        for d in call.documents.all()
    )


def criteria_text(call) -> str:
    criteria_set = getattr(call, "criteria_set", None)
    if criteria_set is None:
        return ""
    return "\n".join(
        f"{translated(c, 'name')} | {c.max_points} | {c.weight.normalize()}"
        for c in criteria_set.criteria.all()
    )


class AmendmentForm(forms.Form):
    opens_on = forms.DateField(
        label=_("Applications open on"),
        widget=ISO_DATE,
    )
    opens_time = forms.TimeField(
        label=_("at (local time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    closes_on = forms.DateField(
        label=_("Applications close on"),
        widget=ISO_DATE,
    )
    closes_time = forms.TimeField(
        label=_("at (local time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    languages = forms.MultipleChoiceField(
        label=_("Accepted languages"),
        choices=[(c, LANGUAGE_NAMES[c]) for c in CONTENT_LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to applicants with the amendment."),
    )
