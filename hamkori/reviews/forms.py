"""Forms of the review: the register, the evaluation's settings, declarations and score
sheets. They check types and ranges; the services decide what is complete and allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES, translated
from hamkori.registry.models import Area, Organisation
from hamkori.reviews.models import ExpertStatus, RelationKind, TieBreak

TEXTAREA = {"rows": 3}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES]


class _AreaChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return translated(obj, "name")


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    area = forms.ChoiceField(label=_("Direction"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("any")), *LANGUAGE_CHOICES]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *ExpertStatus.choices]
    )

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", _("all"))] + [
            (j.code, translated(j, "name") or j.code) for j in jurisdictions
        ]
        self.fields["area"].choices = [("", _("any"))] + [
            (a.code, translated(a, "name")) for a in Area.objects.order_by("order", "code")
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data.get(key) or "" for key in self.fields}


class ExpertFieldsForm(forms.Form):
    areas = _AreaChoices(
        label=_("Directions"),
        queryset=Area.objects.order_by("order", "code"),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the expert reviews in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    qualification = forms.CharField(
        label=_("Qualification and experience"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ExpertAddForm(ExpertFieldsForm):
    email = forms.EmailField(
        label=_("E-mail of the person's account"),
        help_text=_("The person registers on the platform first; their account is found by it."),
    )
    jurisdiction = forms.ChoiceField(label=_("Register of"))

    field_order = ["email", "jurisdiction", "areas", "languages", "qualification"]

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdictions = {j.code: j for j in jurisdictions}
        self.fields["jurisdiction"].choices = [
            (j.code, translated(j, "name") or j.code) for j in jurisdictions
        ]
        if len(jurisdictions) == 1:
            self.initial.setdefault("jurisdiction", jurisdictions[0].code)

    def clean_jurisdiction(self):
        return self.jurisdictions[self.cleaned_data["jurisdiction"]]


class RelationForm(forms.Form):
    identifier = forms.CharField(
        label=_("Organisation's identifier (BIN or TIN)"),
        max_length=20,
        help_text=_("As shown on the organisation's page in the registry."),
    )
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, jurisdiction: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        organisation = Organisation.objects.filter(
            jurisdiction_id=self.jurisdiction, identifier=identifier
        ).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation in the registry has this identifier."))
        self.cleaned_data["organisation"] = organisation
        return identifier


class EvaluationForm(forms.Form):
    panel_size = forms.IntegerField(label=_("Experts per application"), min_value=1, max_value=15)
    reserve_size = forms.IntegerField(label=_("Reserve experts per lot"), min_value=0, max_value=15)
    size_reason = forms.CharField(
        label=_("Reason for fewer experts than the rules"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Required when the panel or the reserves are smaller than the rules ask."),
    )
    tie_break = forms.ChoiceField(label=_("Tie-break"), choices=TieBreak.choices)
    experts_see_others = forms.BooleanField(
        label=_("Experts see each other's scores (anonymised) once all sheets are in"),
        required=False,
        help_text=_(
            "Once an expert has been shown the others' scores, their own sheet can no longer "
            "be corrected."
        ),
    )

    def __init__(self, *args, drawn: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if drawn:
            # The draw fixed the sizes: they are shown, not posted.
            for name in ("panel_size", "reserve_size", "size_reason"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Fixed by the first draw of experts: it can no longer change."
                )


class ReviewStartForm(forms.Form):
    despite_unchecked = forms.BooleanField(
        label=_("Start the review anyway"),
        required=False,
        help_text=_(
            "Lots are drawn only once all their applications are checked; the check goes on "
            "during the review."
        ),
    )


class SetAsideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for setting the sheet aside"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


NO_CONFLICT = "no"
CONFLICT = "conflict"


class DeclarationForm(forms.Form):
    """One answer (and a description for a conflict) per applicant still to declare."""

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for review in reviews:
            key = review.application_id
            answer = forms.ChoiceField(
                label=_("Conflict of interest"),
                choices=[
                    (NO_CONFLICT, _("I have no conflict of interest with this applicant")),
                    (CONFLICT, _("I have a conflict of interest with this applicant")),
                ],
                widget=forms.RadioSelect,
                required=False,
            )
            description = forms.CharField(
                label=_("Describe the conflict"),
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
            )
            self.fields[f"answer_{key}"] = answer
            self.fields[f"description_{key}"] = description
            self.rows.append((review, self[f"answer_{key}"], self[f"description_{key}"]))

    def answers(self) -> dict[int, tuple[bool, str]]:
        """{application id: (conflict, description)} for the questions answered."""
        out = {}
        for review, answer, description in self.rows:
            value = self.cleaned_data.get(answer.name)
            if value in (NO_CONFLICT, CONFLICT):
                out[review.application_id] = (
                    value == CONFLICT,
                    self.cleaned_data.get(description.name) or "",
                )
        return out


class ScoreSheetForm(forms.Form):
    """Points (0..maximum, two decimal places) and a comment per criterion, an overall
    comment, and for a correction its reason. Completeness is the service's call, so that a
    draft can be saved half done."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for criterion in criteria:
            points = forms.DecimalField(
                label=_("Points (0 to %(max)d)") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                required=False,
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            note = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
            )
            self.fields[f"points_{criterion.pk}"] = points
            self.fields[f"comment_{criterion.pk}"] = note
        if correcting:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                # Required by the service, which says so in words fit for this sheet.
                required=False,
                widget=forms.Textarea(attrs=TEXTAREA),
                help_text=_("Kept with the sheet and shown to the applicant after the result."),
            )
        # The overall comment and the reason come after the criteria.
        self.order_fields([name for name in self.fields if name not in ("comment", "reason")])
        for criterion in criteria:
            self.rows.append(
                (criterion, self[f"points_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            )

    def sheet(self) -> dict:
        data = self.cleaned_data
        criteria = [row[0] for row in self.rows]
        return {
            "points": {c.pk: data.get(f"points_{c.pk}") for c in criteria},
            "comments": {c.pk: data.get(f"comment_{c.pk}") or "" for c in criteria},
            "comment": data.get("comment") or "",
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXTAREA))
