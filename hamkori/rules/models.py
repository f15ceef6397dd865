"""Jurisdictions and their dated rules. Every deadline, threshold, share and band is a row
here, loaded from the data files in rules/data/, never a literal in code."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import multilingual_char, translated


class Evidence(models.TextChoices):
    VERIFIED = "verified", _("verified")
    SECONDARY = "secondary", _("secondary source")
    UNVERIFIED = "unverified", _("unverified default")


class Jurisdiction(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 120).items()})
    timezone = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    identifier_scheme = models.CharField(max_length=16)
    languages = models.JSONField(default=list)
    weekend_days = models.JSONField(default=list)  # ISO weekdays, 6 = Saturday, 7 = Sunday

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return translated(self, "name") or self.code


class RuleParameter(models.Model):
    """The value of one named parameter from `valid_from` until the next row of the same key."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="rules")
    key = models.CharField(max_length=80)
    valid_from = models.DateField()
    value = models.JSONField()
    unit = models.CharField(max_length=32, blank=True)
    evidence = models.CharField(max_length=12, choices=Evidence.choices)
    reference = models.TextField(blank=True)
    locals().update({f"label_{c}": f for c, f in multilingual_char(_("label"), 200).items()})
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["jurisdiction", "key", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "key", "valid_from"], name="rule_one_value_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(evidence__in=["verified", "secondary", "unverified"]),
                name="rule_evidence_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}:{self.key}@{self.valid_from}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday")
    DAY_OFF = "day_off", _("day off (moved)")
    WORKING = "working", _("working day (moved)")


class CalendarDay(models.Model):
    """An exception to the jurisdiction's weekly rhythm: a holiday, a day off moved onto a
    weekday, or a weekend day made a working day."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()
    kind = models.CharField(max_length=8, choices=DayKind.choices)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 200).items()})
    evidence = models.CharField(max_length=12, choices=Evidence.choices)
    reference = models.TextField(blank=True)

    class Meta:
        ordering = ["jurisdiction", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "date"], name="calendar_one_row_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.date} {self.kind}"


class CalendarCoverage(models.Model):
    """The years whose holidays are loaded: working-day arithmetic outside them refuses to
    guess rather than silently ignore holidays."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="coverage"
    )
    year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="calendar_year_once"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.year}"
