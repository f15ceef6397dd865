"""Forms of the report editor, the official's review, monitoring visits and the ex-post
evaluation. They parse what was posted; the services validate against the report's state,
the contract and the rules."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.calls.models import TargetGroup
from hamkori.monitoring.models import AgeBand, ExpostCriterion, Sex
from hamkori.monitoring.services import CriterionScore, Entry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FOLLOW_UP_ROWS = 3


class ReportForm(forms.Form):
    """The whole report in one form: narrative, indicators, money per item and the people
    reached (a grid of target group × sex × age band)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    narrative = forms.CharField(
        label=_("What was done in the period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Activities carried out, results, difficulties and how they were met."),
    )
    add_group = forms.ChoiceField(
        label=_("Add a target group"),
        required=False,
        choices=[("", "—"), *TargetGroup.choices],
    )

    def __init__(self, *args, report, groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["lock_version"].initial = report.lock_version
        self.fields["narrative"].initial = report.narrative
        self.indicator_rows = []
        for row in report.indicators.all():
            actual = f"actual_{row.pk}"
            comment = f"icomment_{row.pk}"
            self.fields[actual] = forms.DecimalField(
                label=format_lazy("{} — {}", row.name, _("actual")),
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=row.actual,
            )
            self.fields[comment] = forms.CharField(
                label=format_lazy("{} — {}", row.name, _("comment")),
                required=False,
                initial=row.comment,
            )
            self.indicator_rows.append((row, self[actual], self[comment]))
        self.money_rows = []
        for line in report.financial_lines.all():
            spent = f"spent_{line.pk}"
            comment = f"fcomment_{line.pk}"
            self.fields[spent] = forms.DecimalField(
                label=format_lazy("{} — {}", line.item.name, _("spent")),
                min_value=0,
                max_digits=18,
                decimal_places=2,
                initial=line.actual,
            )
            self.fields[comment] = forms.CharField(
                label=format_lazy("{} — {}", line.item.name, _("comment")),
                required=False,
                initial=line.comment,
            )
            self.money_rows.append((line, self[spent], self[comment]))
        counts = {(b.group, b.sex, b.age_band): b.count for b in report.beneficiaries.all()}
        labels = dict(TargetGroup.choices)
        self.groups = [g for g in TargetGroup.values if g in set(groups) | {k[0] for k in counts}]
        self.grid = []
        for group in self.groups:
            cells = []
            for sex, sex_label in Sex.choices:
                for band, band_label in AgeBand.choices:
                    name = f"people_{group}_{sex}_{band}"
                    self.fields[name] = forms.IntegerField(
                        label=format_lazy("{}, {}, {}", labels[group], sex_label, band_label),
                        min_value=0,
                        max_value=10_000_000,
                        required=False,
                        initial=counts.get((group, sex, band), 0),
                    )
                    cells.append(self[name])
            self.grid.append((group, labels[group], cells))

    def indicators(self) -> dict[int, Entry]:
        return {
            row.pk: Entry(
                self.cleaned_data[f"actual_{row.pk}"], self.cleaned_data[f"icomment_{row.pk}"]
            )
            for row, _a, _c in self.indicator_rows
        }

    def financial(self) -> dict[int, Entry]:
        return {
            line.pk: Entry(
                self.cleaned_data[f"spent_{line.pk}"], self.cleaned_data[f"fcomment_{line.pk}"]
            )
            for line, _s, _c in self.money_rows
        }

    def beneficiaries(self) -> dict[tuple[str, str, str], int]:
        return {
            (group, sex, band): self.cleaned_data.get(f"people_{group}_{sex}_{band}") or 0
            for group in self.groups
            for sex in Sex.values
            for band in AgeBand.values
        }


class ReceiptForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A receipt, invoice or other evidence: PDF, PNG, JPEG, DOCX or XLSX."),
    )
    financial_line = forms.TypedChoiceField(
        label=_("Budget item"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["financial_line"].choices = [
            ("", _("other evidence, not a receipt")),
            *((line.pk, str(line.item)) for line in report.financial_lines.all()),
        ]

    def line(self):
        pk = self.cleaned_data.get("financial_line")
        return next((line for line in self.report.financial_lines.all() if line.pk == pk), None)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Return it for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when returning: what must be changed or added."),
    )


class VisitPlanForm(forms.Form):
    planned_on = forms.DateField(label=_("Date of the visit"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))


class VisitRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=DATE)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=format_lazy("{} {}", _("Follow-up action"), n), required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=format_lazy("{} {}", _("Due on"), n), required=False, widget=DATE
            )

    def follow_ups(self):
        return [
            (self.cleaned_data[f"action_{n}"], self.cleaned_data[f"due_{n}"])
            for n in range(1, FOLLOW_UP_ROWS + 1)
        ]


class VisitCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"), help_text=_("A PNG or JPEG image."))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    evaluators = forms.CharField(
        label=_("Members of the expert council"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names and positions, one a line."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {s.criterion: s for s in evaluation.scores.all()} if evaluation else {}
        if evaluation is not None:
            self.fields["evaluated_on"].initial = evaluation.evaluated_on
            self.fields["evaluators"].initial = evaluation.evaluators
            self.fields["summary"].initial = evaluation.summary
        self.criteria = []
        for criterion, label in ExpostCriterion.choices:
            score = scores.get(criterion)
            self.fields[f"points_{criterion}"] = forms.TypedChoiceField(
                label=format_lazy("{} — {}", label, _("points")),
                choices=[(n, str(n)) for n in range(6)],
                coerce=int,
                initial=score.points if score else None,
            )
            self.fields[f"conclusion_{criterion}"] = forms.ChoiceField(
                label=format_lazy("{} — {}", label, _("conclusion")),
                choices=[("positive", _("positive")), ("negative", _("negative"))],
                widget=forms.RadioSelect,
                initial=("positive" if score.positive else "negative") if score else None,
            )
            self.fields[f"comment_{criterion}"] = forms.CharField(
                label=format_lazy("{} — {}", label, _("comment")),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )
            self.criteria.append(
                (
                    criterion,
                    label,
                    self[f"points_{criterion}"],
                    self[f"conclusion_{criterion}"],
                    self[f"comment_{criterion}"],
                )
            )

    def scores(self) -> dict[int, CriterionScore]:
        return {
            criterion: CriterionScore(
                points=self.cleaned_data[f"points_{criterion}"],
                positive=self.cleaned_data[f"conclusion_{criterion}"] == "positive",
                comment=self.cleaned_data[f"comment_{criterion}"],
            )
            for criterion in ExpostCriterion.values
        }
