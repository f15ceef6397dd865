"""Funding plans with budget lines and lots, and calls for applications (issue 3)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.calls.workflow import CallState
from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES, multilingual_char, translated
from hamkori.core.models import TimeStamped

# Half a cent: see the ledger constraints on BudgetLine.
HALF_CENT = Decimal("0.005")


def _multilingual_text(verbose) -> dict[str, models.TextField]:
    return {
        code: models.TextField(format_lazy("{} ({})", verbose, LANGUAGE_NAMES[code]), blank=True)
        for code in CONTENT_LANGUAGES
    }


class Instrument(models.TextChoices):
    """The state's instruments for funding CSOs (DOMAIN.md §2)."""

    SSO = "sso", _("state social order")
    GRANT_SHORT = "grant_short", _("short-term grant")
    GRANT_MEDIUM = "grant_medium", _("medium-term grant")
    GRANT_LONG = "grant_long", _("long-term grant")
    SUBSIDY = "subsidy", _("subsidy")
    AWARD = "award", _("award")


# The rule-key prefix of each instrument's bands and durations (rules/data/params.toml).
RULE_PREFIX = {
    Instrument.SSO: "sso",
    Instrument.GRANT_SHORT: "grant.short",
    Instrument.GRANT_MEDIUM: "grant.medium",
    Instrument.GRANT_LONG: "grant.long",
    Instrument.SUBSIDY: "subsidy",
    Instrument.AWARD: "award",
}


class TargetGroup(models.TextChoices):
    """Vulnerable-group categories that lots and social problems name."""

    CHILDREN = "children", _("children")
    ORPHANS = "orphans", _("orphans and children without parental care")
    YOUTH = "youth", _("young people")
    ELDERLY = "elderly", _("older people")
    DISABILITY = "disability", _("people with disabilities")
    WOMEN = "women", _("women")
    LARGE_FAMILIES = "large_families", _("large and single-parent families")
    LOW_INCOME = "low_income", _("low-income households")
    UNEMPLOYED = "unemployed", _("unemployed people")
    MIGRANTS = "migrants", _("migrants and returnees")
    VIOLENCE = "violence", _("survivors of domestic violence")
    RURAL = "rural", _("rural population")
    GENERAL = "general", _("general population")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class FundingPlan(TimeStamped):
    """A body's plan for one year: budget lines and the topics (lots) it will fund."""

    body = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="funding_plans"
    )
    jurisdiction = models.ForeignKey("rules.Jurisdiction", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "body"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="plan_one_per_body_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="plan_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_known"
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "status", "year"])]

    def __str__(self) -> str:
        return translated(self, "title") or f"{self.body} {self.year}"


class BudgetLine(models.Model):
    """A budget programme line of a plan. `amount` is what is allocated; contracts commit
    money against it and payments disburse it (contracts.LedgerEntry keeps each movement).
    committed ≤ amount and disbursed ≤ committed are database constraints, and the totals
    move only by conditional UPDATEs (contracts/ledger.py)."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.CASCADE, related_name="budget_lines")
    programme_code = models.CharField(_("programme code"), max_length=40)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    committed = models.DecimalField(_("committed"), max_digits=18, decimal_places=2, default=0)
    disbursed = models.DecimalField(_("disbursed"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        ordering = ["plan", "programme_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "programme_code"], name="budget_line_code_once_per_plan"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_gte_0"),
            # Money moves in whole cents. SQLite keeps decimals as binary floating point, so
            # a sum can land a hair off its exact value; the half-cent margin absorbs that and
            # never lets a real cent through (PostgreSQL's numeric is exact either way).
            models.CheckConstraint(
                condition=Q(committed__gte=-HALF_CENT, committed__lte=F("amount") + HALF_CENT),
                name="budget_line_committed_within_allocation",
            ),
            models.CheckConstraint(
                condition=Q(disbursed__gte=-HALF_CENT, disbursed__lte=F("committed") + HALF_CENT),
                name="budget_line_disbursed_within_commitments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_code} {translated(self, 'name')}"


class Lot(models.Model):
    """A topic of a plan: what will be funded, where, for whom, for how much and how long.
    A lot is offered in at most one call. Social problems (issue 7) link to lots."""

    plan = models.ForeignKey(FundingPlan, on_delete=models.CASCADE, related_name="lots")
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="lots", null=True, blank=True
    )
    call = models.ForeignKey(
        "calls.Call", on_delete=models.SET_NULL, related_name="lots", null=True, blank=True
    )
    number = models.PositiveSmallIntegerField(_("number"))
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    locals().update(
        {f"description_{c}": f for c, f in _multilingual_text(_("description")).items()}
    )
    area = models.ForeignKey("registry.Area", on_delete=models.PROTECT, verbose_name=_("area"))
    regions = models.ManyToManyField("registry.Region", verbose_name=_("regions"))
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    budget = models.DecimalField(_("budget"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    duration_months = models.PositiveSmallIntegerField(_("duration, months"))
    max_awards = models.PositiveSmallIntegerField(_("number of awards"), default=1)
    service_standard = models.CharField(_("service standard"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="lot_number_once_per_plan"),
            models.CheckConstraint(condition=Q(budget__gt=0), name="lot_budget_gt_0"),
            models.CheckConstraint(condition=Q(duration_months__gt=0), name="lot_duration_gt_0"),
            models.CheckConstraint(condition=Q(max_awards__gt=0), name="lot_awards_gt_0"),
            models.CheckConstraint(
                condition=Q(instrument__in=Instrument.values), name="lot_instrument_known"
            ),
        ]
        indexes = [models.Index(fields=["call", "number"])]

    def __str__(self) -> str:
        return f"{self.number}. {translated(self, 'title')}"


class Call(TimeStamped):
    """A call for applications for one instrument in one jurisdiction, with lots of a plan."""

    body = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("funding body"),
    )
    plan = models.ForeignKey(FundingPlan, on_delete=models.PROTECT, related_name="calls")
    jurisdiction = models.ForeignKey("rules.Jurisdiction", on_delete=models.PROTECT)
    instrument = models.CharField(_("instrument"), max_length=12, choices=Instrument.choices)
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    locals().update(
        {f"description_{c}": f for c, f in _multilingual_text(_("description")).items()}
    )
    state = models.CharField(
        _("state"), max_length=14, choices=CallState.choices, default=CallState.DRAFT
    )
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    financial_year = models.PositiveSmallIntegerField(_("financial year"))
    languages = models.JSONField(_("accepted languages"), default=list)
    announced_at = models.DateTimeField(null=True, blank=True)
    # Compliance check deadline (working days after the close, from the rules), set at close.
    compliance_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["closes_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_window"),
            models.CheckConstraint(condition=Q(state__in=CallState.values), name="call_state"),
            models.CheckConstraint(
                condition=Q(instrument__in=Instrument.values), name="call_instrument_known"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "closes_at"]),
            # The worker opens announced calls whose opening time has passed.
            models.Index(fields=["state", "opens_at"]),
            models.Index(fields=["jurisdiction", "instrument", "state"]),
            models.Index(fields=["body", "state"]),
        ]

    def __str__(self) -> str:
        return translated(self, "title") or self.reference


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    IMAGE = "image", _("image (PNG, JPEG)")
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


class RequiredDocument(models.Model):
    """A document applicants attach; `required` ones are checked at submission."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(default=0)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})
    required = models.BooleanField(_("required"), default=True)
    kinds = models.JSONField(_("accepted file types"), default=list)

    class Meta:
        ordering = ["call", "order", "pk"]

    def __str__(self) -> str:
        return translated(self, "name")


class CriteriaSet(models.Model):
    """The criteria a call's applications are scored by (issue 4 scores them); a new version
    is a new set, never an edit of one in use."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="criteria_set")
    version = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.call} v{self.version}"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})
    locals().update(
        {f"description_{c}": f for c, f in _multilingual_text(_("description")).items()}
    )
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=3, default=1)

    class Meta:
        ordering = ["criteria_set", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_gt_0"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_gt_0"),
        ]

    def __str__(self) -> str:
        return translated(self, "name")


class Amendment(models.Model):
    """A change to a call after its announcement: what changed and why, shown to applicants."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(_("reason"))
    changes = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="amendment_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call} #{self.number}"
