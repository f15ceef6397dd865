"""Forms of the problem pages. They collect and check input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hamkori.accounts.models import MembershipStatus
from hamkori.calls.models import TargetGroup
from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES, translated
from hamkori.problems.models import EvidenceKind, ProblemState
from hamkori.problems.services import EVIDENCE_MAX_ITEMS, EvidenceInput
from hamkori.problems.workflow import ProblemAction
from hamkori.registry.models import Organisation, Region, Sector
from hamkori.rules.models import Jurisdiction


def _choices(empty, choices) -> list:
    return [("", empty), *choices]


def _jurisdiction_choices() -> list[tuple[str, str]]:
    return [(j.code, translated(j, "name") or j.code) for j in Jurisdiction.objects.all()]


class ProblemFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=_choices(_("any"), TargetGroup.choices)
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("supports", _("most supported")),
            ("newest", _("newest")),
            ("people", _("most people affected")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = _choices(_("any"), _jurisdiction_choices())
        self.fields["region"].choices = _choices(
            _("any"), [(r.code, str(r)) for r in Region.objects.all()]
        )
        self.fields["state"].choices = _choices(
            _("any"), [*ProblemState.choices, ("overdue", _("answer overdue"))]
        )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; an unknown value of one filter drops only that one."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


# More than the population of either country: a larger figure is a typing error.
PEOPLE_AFFECTED_MAX = 50_000_000
# The country a person most likely reports in, by the interface language.
LANGUAGE_COUNTRY = {"tg": "TJ", "kk": "KZ"}


def default_jurisdiction(user, codes: list[str]) -> str:
    """The country of the person's organisations (the first active membership), else the
    one of the interface language (tg: Tajikistan, kk: Kazakhstan), else the first."""
    membership = (
        user.memberships.filter(status=MembershipStatus.ACTIVE)
        .order_by("pk")
        .values_list("organisation__jurisdiction_id", flat=True)
        .first()
    )
    if membership in codes:
        return membership
    guess = LANGUAGE_COUNTRY.get((get_language() or "")[:2], "")
    if guess in codes:
        return guess
    return codes[0] if codes else ""


class ProblemReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who is affected, where, since when, and what has been tried."),
    )
    language = forms.ChoiceField(label=_("Language of the text"))
    jurisdiction = forms.ChoiceField(label=_("Country"))
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every region where the problem occurs."),
        # Without JavaScript the list does not follow a change of country at once.
        error_messages={
            "invalid_choice": _("Tick regions of the country chosen above: the list has changed.")
        },
    )
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    people_affected = forms.IntegerField(
        label=_("Estimated number of people affected"),
        required=False,
        min_value=1,
        max_value=PEOPLE_AFFECTED_MAX,
        error_messages={
            "max_value": _(
                "At most %(limit_value)s people: give an estimate for the problem's regions."
            )
        },
    )
    organisation = forms.ChoiceField(label=_("On behalf of"), required=False)
    responsible_body = forms.ChoiceField(
        label=_("Responsible state body"),
        required=False,
        help_text=_("The body that should answer, if you know it."),
        error_messages={
            "invalid_choice": _(
                "Choose a state body of the country chosen above: the list has changed."
            )
        },
    )
    links = forms.CharField(
        label=_("Links to evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line."),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, PNG, JPEG, DOCX or XLSX; at most 10 MB each."),
    )
    statistics = forms.CharField(
        label=_("Statistics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Figures and their source, one per line."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Similar problems appear under the description while the person types (debounced).
        similar = {
            "hx-get": reverse("problems:problem-similar"),
            "hx-trigger": "keyup changed delay:500ms",
            "hx-target": "#similar",
            "hx-include": "#id_title, #id_description, #id_jurisdiction",
        }
        self.fields["title"].widget.attrs.update(similar)
        self.fields["description"].widget.attrs.update(similar)
        language = (get_language() or "ru")[:2]
        self.fields["language"].choices = [(c, LANGUAGE_NAMES[c]) for c in CONTENT_LANGUAGES]
        self.fields["language"].initial = language if language in CONTENT_LANGUAGES else "ru"
        jurisdictions = _jurisdiction_choices()
        codes = [code for code, _name in jurisdictions]
        self.fields["jurisdiction"].choices = jurisdictions
        chosen = (self.data.get("jurisdiction") if self.is_bound else None) or self.initial.get(
            "jurisdiction"
        )
        if chosen not in codes:
            chosen = default_jurisdiction(user, codes)
        self.fields["jurisdiction"].initial = chosen
        # Regions and state bodies of the chosen country; changing the country refreshes
        # both (htmx: the regions in place, the bodies out of band).
        self.fields["jurisdiction"].widget.attrs.update(
            {
                "hx-get": reverse("problems:problem-report"),
                "hx-trigger": "change",
                "hx-target": "#regions-field",
                "hx-select": "#regions-field",
                "hx-select-oob": "#body-field",
                "hx-swap": "outerHTML",
                "hx-include": "#id_jurisdiction",
            }
        )
        self.fields["regions"].choices = [
            (r.code, str(r)) for r in Region.objects.filter(jurisdiction_id=chosen)
        ]
        memberships = user.memberships.filter(status=MembershipStatus.ACTIVE).select_related(
            "organisation"
        )
        self.fields["organisation"].choices = _choices(
            _("myself"), [(str(m.organisation_id), str(m.organisation)) for m in memberships]
        )
        bodies = Organisation.objects.filter(sector=Sector.STATE, jurisdiction_id=chosen)
        self.fields["responsible_body"].choices = _choices(
            _("not known"), [(str(b.pk), str(b)) for b in bodies.order_by("pk")]
        )

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("%(link)s is not a web address.") % {"link": link}
                ) from error
        return links

    def clean(self):
        """The service's own checks (regions and body of the country, one's own organisation,
        how much evidence) with the field errors, so that every error shows in one round."""
        from hamkori.problems.services import problem_report_errors

        data = super().clean()
        code = data.get("jurisdiction")
        jurisdiction = Jurisdiction.objects.filter(pk=code).first() if code else None
        if jurisdiction is None:
            return data
        errors = problem_report_errors(
            actor=self.user,
            jurisdiction=jurisdiction,
            language=data.get("language") or "",
            regions=data.get("regions") or [],
            organisation=self.organisation_obj(),
            responsible_body=self.responsible_body_obj(),
            evidence_count=len(self.evidence()) if "links" in data else 0,
        )
        for field, messages in errors.items():
            if field in self.fields and field in self.errors:
                continue  # the field's own error says it already
            self.add_error(field if field in self.fields else None, messages)
        return data

    def evidence(self) -> list[EvidenceInput]:
        data = self.cleaned_data
        items = [EvidenceInput(kind=EvidenceKind.LINK, url=link) for link in data.get("links", [])]
        items += [EvidenceInput(kind=EvidenceKind.FILE, file=f) for f in data.get("files", [])]
        items += [
            EvidenceInput(kind=EvidenceKind.STATISTIC, text=line.strip())
            for line in data.get("statistics", "").splitlines()
            if line.strip()
        ]
        return items[: EVIDENCE_MAX_ITEMS + 1]

    def organisation_obj(self) -> Organisation | None:
        pk = self.cleaned_data.get("organisation")
        return Organisation.objects.get(pk=pk) if pk else None

    def responsible_body_obj(self) -> Organisation | None:
        pk = self.cleaned_data.get("responsible_body")
        return Organisation.objects.get(pk=pk) if pk else None


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 6}))


MODERATION_ACTIONS = [
    *ProblemAction.choices,
    ("hide", _("hide")),
    ("unhide", _("show again")),
    ("duplicate", _("mark a duplicate of")),
    ("not_duplicate", _("not a duplicate")),
    ("route", _("name the responsible body")),
]


def moderation_actions(problem, user) -> set[str]:
    """The moderation actions valid for the problem in its present state that `user` may
    take (deciding against a problem addressed to a body is that body's, see permissions)."""
    from hamkori.problems.permissions import can_decide
    from hamkori.problems.workflow import REASON_REQUIRED, actions_from

    decides = can_decide(user, problem)
    actions = {a for a in actions_from(problem.state) if decides or a not in REASON_REQUIRED}
    if problem.hidden_at is not None:
        actions.add("unhide")
    elif decides:
        actions.add("hide")
    actions.add("not_duplicate" if problem.duplicate_of_id else "duplicate")
    if decides:
        actions.add("route")
    return actions


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=MODERATION_ACTIONS)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to decline, to mark already addressed, to hide and for duplicates."),
    )
    original = forms.CharField(
        label=_("Reference of the original"),
        required=False,
        max_length=24,
        help_text=_("For duplicates, e.g. P-KZ-2026-00042."),
    )
    responsible_body = forms.ChoiceField(
        label=_("Responsible state body"), required=False, help_text=_("To name the body.")
    )

    def __init__(self, *args, jurisdiction: str | None = None, problem=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if problem is not None:
            self.fields["action"].choices = [
                (value, label)
                for value, label in MODERATION_ACTIONS
                if value in moderation_actions(problem, user)
            ]
        bodies = Organisation.objects.filter(sector=Sector.STATE).order_by("pk")
        if jurisdiction:
            bodies = bodies.filter(jurisdiction_id=jurisdiction)
        self.fields["responsible_body"].choices = _choices(
            "—", [(str(b.pk), str(b)) for b in bodies]
        )
