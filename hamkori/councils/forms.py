"""Forms of the councils pages. They collect and type what people enter; every rule is the
services' (a refused change comes back onto the form through form_add_service_errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkori.accounts.models import User
from hamkori.core.forms import form_add_language_fields
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.councils.models import Commission, CouncilLevel, Position, Sector
from hamkori.registry.identifiers import normalise_identifier
from hamkori.registry.models import Organisation
from hamkori.rules.models import Jurisdiction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(empty, choices):
    return [("", empty), *choices]


TERM_CHOICES = [
    ("", _("any")),
    ("current", _("current")),
    ("past", _("past")),
    ("next", _("next")),
]


class CouncilFilterForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Country"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_choices(_("any"), CouncilLevel.choices)
    )
    host = forms.ChoiceField(label=_("Host body"), required=False)
    term = forms.ChoiceField(label=_("Composition"), required=False, choices=TERM_CHOICES)

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        from hamkori.core.i18n import translated

        self.fields["jurisdiction"].choices = _choices(
            _("any"), [(j.code, translated(j, "name")) for j in Jurisdiction.objects.all()]
        )
        self.fields["host"].choices = _choices(_("any"), [(str(h.pk), str(h)) for h in hosts])

    def filters(self) -> dict[str, str]:
        """The valid, non-empty filters; an unknown value of one filter drops only that one."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class CouncilForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host body"), queryset=Organisation.objects.none())
    code = forms.SlugField(
        label=_("Short code"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, used in addresses, e.g. kz-mci-2026."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=CouncilLevel.choices)
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE)
    regulation = forms.FileField(
        label=_("Regulation (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, hosts=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        form_add_language_fields(self, "name", _("Name"))
        form_add_language_fields(self, "description", _("Description"), text=True)
        if editing:
            del self.fields["host"]
            del self.fields["code"]
        else:
            self.fields["host"].queryset = Organisation.objects.filter(
                pk__in=[h.pk for h in hosts or []]
            )

    def texts(self) -> dict[str, str]:
        return {
            f"{field}_{code}": self.cleaned_data[f"{field}_{code}"]
            for field in ("name", "description")
            for code in CONTENT_LANGUAGES
        }


class CommissionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_add_language_fields(self, "name", _("Name"))

    def names(self) -> dict[str, str]:
        return {f"name_{code}": self.cleaned_data[f"name_{code}"] for code in CONTENT_LANGUAGES}


def _account(email: str) -> User | None:
    from hamkori.councils.selectors import user_by_email

    if not email:
        return None
    user = user_by_email(email)
    if user is None:
        raise forms.ValidationError(_("No active account has this e-mail address."))
    return user


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail of the person's account"),
        required=False,
        help_text=_(
            "Optional: with an account the member receives the council's mail and sees the "
            "council's pages; the secretary records the members' votes at meetings."
        ),
    )
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    organisation = forms.CharField(
        label=_("Represented organisation: identifier in the registry (BIN or TIN)"),
        required=False,
        max_length=30,
        help_text=_("Required for members from non-profit organisations."),
    )
    in_public_service = forms.BooleanField(label=_("In public service"), required=False)
    starts_on = forms.DateField(label=_("Member from"), widget=DATE)
    ends_on = forms.DateField(label=_("Member until"), required=False, widget=DATE)
    commission = forms.ModelChoiceField(
        label=_("Commission"), required=False, queryset=Commission.objects.none()
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["commission"].queryset = council.commissions.all()

    def clean_email(self):
        return _account(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A membership cannot end before it starts."))
        return data

    def clean_organisation(self):
        value = normalise_identifier(self.cleaned_data["organisation"] or "")
        if not value:
            return None
        organisation = Organisation.objects.filter(
            jurisdiction_id=self.council.jurisdiction_id, identifier=value
        ).first()
        if organisation is None:
            raise forms.ValidationError(_("No organisation in the registry has this identifier."))
        return organisation

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("email")
        return data


class MemberEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day of membership"), widget=DATE)


class CompetitionForm(forms.Form):
    opens_on = forms.DateField(label=_("Candidacies from"), widget=DATE)
    closes_on = forms.DateField(label=_("Candidacies until"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_add_language_fields(self, "announcement", _("Announcement"), text=True)

    def announcement(self) -> dict[str, str]:
        return {
            f"announcement_{code}": self.cleaned_data[f"announcement_{code}"]
            for code in CONTENT_LANGUAGES
        }


class WorkingGroupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail of the person's account"),
        required=False,
        help_text=_("People with an account decide the candidacies on the platform."),
    )
    role = forms.CharField(label=_("Role in the working group"), required=False, max_length=200)
    is_head = forms.BooleanField(label=_("Head of the working group"), required=False)

    def clean_email(self):
        return _account(self.cleaned_data["email"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class CandidacyForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sector = forms.ChoiceField(
        label=_("I apply as"),
        choices=[
            (Sector.NON_PROFIT, _("a representative of a non-profit organisation")),
            (Sector.CITIZEN, _("a citizen")),
        ],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation I represent"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("A non-profit organisation you are a member of; optional for citizens."),
    )
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    recommendation_text = forms.CharField(
        label=_("Recommendations (text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    letters = MultipleFileField(
        label=_("Letters of recommendation (PDF, image or Word)"), required=False
    )
    resident = forms.BooleanField(label=_("I live in the council's country"), required=True)

    def __init__(self, *args, organisations=(), country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if country:
            self.fields["resident"].label = _("I am a citizen of %(country)s or live there") % {
                "country": country
            }
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("accept")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PublishForm(forms.Form):
    code = forms.SlugField(
        label=_("Short code of the new composition"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, e.g. kz-mci-2026."),
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=DATE,
        help_text=_(
            "Leave empty: the term lasts as the rules set (without the rule, as long as the "
            "current term)."
        ),
    )
    state_members = forms.CharField(
        label=_("State members named by the body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One person a line: the full name, optionally followed by ; and the e-mail "
            "of their account."
        ),
    )

    def clean_state_members(self) -> list[tuple[str, User | None]]:
        people = []
        for line in self.cleaned_data["state_members"].splitlines():
            if not line.strip():
                continue
            name, _sep, email = line.partition(";")
            people.append((name.strip(), _account(email.strip())))
        return people
