"""Forms of the commission's pages, the applicant's appeal and the officials' answer. They
only parse what was posted; the services validate against the rules and the lot."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.decisions.models import CommissionRole, Outcome, VoteChoice
from hamkori.decisions.services import EntryChange


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Local time of the jurisdiction."),
    )
    place = forms.CharField(label=_("Place"), max_length=300)


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the member's account"),
        help_text=_("The person must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=CommissionRole.choices)


class AttendanceForm(forms.Form):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"present_{member.pk}"] = forms.BooleanField(
                label=str(member.user), required=False, initial=bool(member.present)
            )

    def present(self) -> dict[int, bool]:
        return {m.pk: self.cleaned_data[f"present_{m.pk}"] for m in self.members}


class VoteForm(forms.Form):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        choices = [("", _("no vote")), *VoteChoice.choices]
        for member in members:
            vote = getattr(member, "vote_cast", None)
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=str(member.user),
                choices=choices,
                required=False,
                initial=vote.choice if vote else "",
            )

    def choices(self) -> dict[int, str | None]:
        return {m.pk: self.cleaned_data[f"vote_{m.pk}"] or None for m in self.members}


class LotDecisionForm(forms.Form):
    """The decision on every application of one lot: outcome, amount (awards), place
    (reserves) and the reason for any departure from the proposal."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            name = entry.application.title or f"#{entry.application_id}"
            self.fields[f"outcome_{entry.pk}"] = forms.ChoiceField(
                label=format_lazy("{} — {}", _("Decision"), name),
                choices=Outcome.choices,
                initial=entry.outcome,
            )
            self.fields[f"amount_{entry.pk}"] = forms.DecimalField(
                label=format_lazy("{} — {}", _("Amount"), name),
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=2,
                initial=entry.amount if entry.outcome == Outcome.AWARD else None,
            )
            self.fields[f"reserve_{entry.pk}"] = forms.IntegerField(
                label=format_lazy("{} — {}", _("Place on the reserve list"), name),
                required=False,
                min_value=1,
                initial=entry.reserve_position,
            )
            self.fields[f"reason_{entry.pk}"] = forms.CharField(
                label=format_lazy("{} — {}", _("Reason for departing from the ranking"), name),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.departure_reason,
            )

    def rows(self) -> list[tuple]:
        return [
            (
                entry,
                self[f"outcome_{entry.pk}"],
                self[f"amount_{entry.pk}"],
                self[f"reserve_{entry.pk}"],
                self[f"reason_{entry.pk}"],
            )
            for entry in self.entries
        ]

    def changes(self) -> list[EntryChange]:
        data = self.cleaned_data
        return [
            EntryChange(
                entry_id=entry.pk,
                outcome=data[f"outcome_{entry.pk}"],
                amount=data[f"amount_{entry.pk}"],
                reserve_position=data[f"reserve_{entry.pk}"],
                reason=data[f"reason_{entry.pk}"],
            )
            for entry in self.entries
        ]


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you contest in the result and why."),
    )


class AppealAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("upheld", _("uphold the appeal")), ("dismissed", _("dismiss the appeal"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Reasons"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The appellant reads them. Upholding reopens the scoring of the application."),
    )
