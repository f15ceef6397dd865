"""Forms of the meeting pages. They only parse what was posted; the services validate
against the meeting's state, the council and the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.core.forms import form_add_language_fields
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.councils.models import Position
from hamkori.meetings.models import Choice, VoteKind
from hamkori.rules.selectors import local_datetime

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(
        label=_("Starts"), widget=TIME, help_text=_("Local time where the council sits.")
    )
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    is_open = forms.BooleanField(label=_("Open to the public"), required=False, initial=True)
    capacity = forms.IntegerField(
        label=_("Places for the public"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty for no limit. Beyond the places, people join a waiting list."),
    )
    is_first = forms.BooleanField(
        label=_("First meeting of the composition (elections of the chair and presidium)"),
        required=False,
    )

    def __init__(self, *args, jurisdiction_id=None, planned_start=None, **kwargs):
        """`jurisdiction_id` gives the local time zone; `planned_start` is the start already
        saved (a meeting changed without moving it may have started)."""
        super().__init__(*args, **kwargs)
        self.jurisdiction_id = jurisdiction_id
        self.planned_start = planned_start
        form_add_language_fields(self, "title", _("Title"))

    def clean(self):
        """Every error at once: the title, the end after the start, the start ahead (a meeting
        in the past could never have its notice published)."""
        data = super().clean()
        _require_a_title(self, data, _("Give the meeting a title in at least one language."))
        if self.jurisdiction_id is None or not all(data.get(k) for k in ("day", "starts", "ends")):
            return data
        starts_at = local_datetime(self.jurisdiction_id, data["day"], data["starts"])
        ends_at = local_datetime(self.jurisdiction_id, data["day"], data["ends"])
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        if ends_at <= starts_at:
            self.add_error("ends", _("The meeting ends after it starts: give a later end time."))
        planned = self.planned_start and self.planned_start.replace(second=0, microsecond=0)
        if starts_at <= timezone.now() and starts_at != planned:
            self.add_error(
                "starts",
                _(
                    "This time has already passed: plan the meeting ahead, so that its notice "
                    "can be published before it starts."
                ),
            )
        return data


def _require_a_title(form: forms.Form, data: dict, message) -> None:
    # A form-wide error, not one under the English field: any one language will do.
    if not any((data.get(f"title_{code}") or "").strip() for code in CONTENT_LANGUAGES):
        form.add_error(None, message)


class AgendaItemForm(forms.Form):
    parent = forms.TypedChoiceField(
        label=_("Part of item"), coerce=int, required=False, empty_value=None
    )
    order = forms.IntegerField(label=_("Order"), min_value=1, required=False)
    starts = forms.TimeField(label=_("Time"), widget=TIME, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=1, max_value=600, required=False
    )
    speaker = forms.CharField(label=_("Speaker"), max_length=300, required=False)

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("— a main item —"))] + [
            (view.item.pk, f"{view.number}. {view.item}") for view in parents
        ]
        form_add_language_fields(self, "title", _("Title"), max_length=500)
        form_add_language_fields(self, "description", _("Description"), text=True)

    def clean(self):
        data = super().clean()
        _require_a_title(self, data, _("Give the item a title in at least one language."))
        return data


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"), help_text=_("PDF, PNG or JPEG image, Word (DOCX) or Excel (XLSX).")
    )


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(
        label=_("Organisation (if you represent one)"), max_length=300, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(forms.Form):
    def __init__(self, *args, members, present_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label=_("Members present"),
            coerce=int,
            required=False,
            choices=[(m.pk, m.full_name) for m in members],
            initial=sorted(present_ids),
            widget=forms.CheckboxSelectMultiple,
        )


class RegistrantAttendanceForm(forms.Form):
    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"] = forms.TypedMultipleChoiceField(
            label=_("Registered people who came"),
            coerce=int,
            required=False,
            choices=[(r.pk, f"{r.full_name} <{r.email}>") for r in registrations],
            initial=[r.pk for r in registrations if r.attended],
            widget=forms.CheckboxSelectMultiple,
        )


class VoteQuestionForm(forms.Form):
    """What is put to the vote: the question, and for an election the position and candidate."""

    question = forms.CharField(
        label=_("Question put to the vote"), widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=VoteKind.choices, initial=VoteKind.DECISION)
    position = forms.ChoiceField(
        label=_("Position (elections)"),
        required=False,
        choices=[("", "—")]
        + [(p.value, p.label) for p in (Position.CHAIR, Position.DEPUTY_CHAIR, Position.PRESIDIUM)],
    )
    candidate = forms.TypedChoiceField(
        label=_("Candidate (elections)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "—")] + [(m.pk, m.full_name) for m in members]


class VoteForm(VoteQuestionForm):
    """The secretary records every present member's choice at once (a show of hands)."""

    def __init__(self, *args, present, members, **kwargs):
        super().__init__(*args, members=members, **kwargs)
        self.present = present
        for member in present:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=Choice.choices,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.present}


class MinutesForm(forms.Form):
    note = forms.CharField(
        label=_("Opening note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = agenda
        for view in agenda:
            self.fields[f"item_{view.item.pk}"] = forms.CharField(
                label=f"{view.number}. {view.item}",
                required=False,
                initial=view.item.minutes_text,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def item_texts(self) -> dict[int, str]:
        return {v.item.pk: self.cleaned_data[f"item_{v.item.pk}"] for v in self.agenda}
