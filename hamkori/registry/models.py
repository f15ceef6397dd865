"""Organisations (CSOs, state bodies, the grant operator), regions, areas of activity and
the annual reports to the NGO database."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import LANGUAGE_NAMES, fold_for_search, multilingual_char, translated
from hamkori.core.models import TimeStamped


class Region(models.Model):
    code = models.CharField(_("ISO 3166-2 code"), max_length=8, primary_key=True)
    jurisdiction = models.ForeignKey("rules.Jurisdiction", on_delete=models.PROTECT)
    is_city = models.BooleanField(default=False)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 120).items()})

    class Meta:
        ordering = ["jurisdiction", "code"]

    def __str__(self) -> str:
        return translated(self, "name")


class Area(models.Model):
    """An area of activity (DOMAIN.md §2, KZ statistics list)."""

    code = models.SlugField(max_length=40, primary_key=True)
    order = models.PositiveSmallIntegerField(default=0)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 200).items()})

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return translated(self, "name")


class Sector(models.TextChoices):
    CSO = "cso", _("civil-society organisation")
    STATE = "state", _("state body")
    OPERATOR = "operator", _("grant operator")


class OrganisationKind(models.TextChoices):
    PUBLIC_ASSOCIATION = "public_association", _("public association")
    FOUNDATION = "foundation", _("foundation")
    INSTITUTION = "institution", _("institution")
    UNION = "union", _("union of legal entities")
    FOREIGN_BRANCH = "foreign_branch", _("branch of a foreign non-profit organisation")
    OTHER_NONPROFIT = "other_nonprofit", _("other non-profit organisation")
    MINISTRY = "ministry", _("ministry")
    AGENCY = "agency", _("agency or committee")
    LOCAL_EXECUTIVE = "local_executive", _("local executive body (akimat, hukumat)")
    QUASI_PUBLIC = "quasi_public", _("quasi-public company")
    GRANT_OPERATOR = "grant_operator", _("grant operator")


SECTOR_OF_KIND = {
    OrganisationKind.PUBLIC_ASSOCIATION: Sector.CSO,
    OrganisationKind.FOUNDATION: Sector.CSO,
    OrganisationKind.INSTITUTION: Sector.CSO,
    OrganisationKind.UNION: Sector.CSO,
    OrganisationKind.FOREIGN_BRANCH: Sector.CSO,
    OrganisationKind.OTHER_NONPROFIT: Sector.CSO,
    OrganisationKind.MINISTRY: Sector.STATE,
    OrganisationKind.AGENCY: Sector.STATE,
    OrganisationKind.LOCAL_EXECUTIVE: Sector.STATE,
    OrganisationKind.QUASI_PUBLIC: Sector.STATE,
    OrganisationKind.GRANT_OPERATOR: Sector.OPERATOR,
}


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    LIQUIDATING = "liquidating", _("being liquidated")
    LIQUIDATED = "liquidated", _("liquidated")


class Organisation(TimeStamped):
    jurisdiction = models.ForeignKey(
        "rules.Jurisdiction", on_delete=models.PROTECT, verbose_name=_("jurisdiction")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    # Stored so that lists filter on an index instead of a list of kinds.
    sector = models.CharField(_("sector"), max_length=8, choices=Sector.choices, editable=False)
    identifier = models.CharField(_("identifier"), max_length=20)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})
    locals().update(
        {
            f"description_{c}": models.TextField(
                format_lazy("{} ({})", _("description"), LANGUAGE_NAMES[c]), blank=True
            )
            for c in ("kk", "ru", "tg", "en")
        }
    )
    # Case-folded names and identifier, rebuilt on save, so search is one indexed column.
    search_text = models.TextField(editable=False, default="")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=400, blank=True)
    areas = models.ManyToManyField(Area, blank=True, verbose_name=_("areas of activity"))
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OrganisationStatus.choices, default="active"
    )
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent body"),
    )

    class Meta:
        ordering = ["search_text"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "identifier"], name="organisation_identifier_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(identifier=""), name="organisation_identifier_present"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OrganisationStatus.values),
                name="organisation_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(name_kk="", name_ru="", name_tg="", name_en=""),
                name="organisation_has_a_name",
            ),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "sector", "status"]),
            models.Index(fields=["region", "sector"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["status"]),
            models.Index(fields=["identifier"]),
            # The directory is ordered by name: the index serves the first page without a sort.
            models.Index(fields=["search_text", "id"], name="organisation_directory_order"),
        ]

    def __str__(self) -> str:
        return translated(self, "name")

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def org_id(self) -> str:
        """Open-data identifier (org-id.guide), e.g. KZ-BIN-123456789012."""
        return f"{self.jurisdiction.identifier_scheme}-{self.identifier}"

    def refresh_derived(self) -> None:
        self.sector = SECTOR_OF_KIND[OrganisationKind(self.kind)]
        # Russian first: the directory is ordered by this column, and Russian is the language
        # every entry is most likely to have.
        names = [getattr(self, f"name_{c}") for c in ("ru", "kk", "tg", "en")]
        self.search_text = fold_for_search(" ".join([*(n for n in names if n), self.identifier]))

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sector", "search_text"}
        super().save(*args, **kwargs)


class AnnualReport(TimeStamped):
    """The yearly report to the NGO database (KZ: due by the rule `annual_report.deadline`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    submitted_on = models.DateField(_("submitted on"))
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), default=0)
    beneficiary_count = models.PositiveIntegerField(_("beneficiaries"), default=0)
    income = models.DecimalField(_("income"), max_digits=18, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    summary = models.TextField(_("summary of activities"), blank=True)

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="annual_report_once"),
            models.CheckConstraint(
                condition=models.Q(income__gte=0),
                name="annual_report_income_gte_0",
                violation_error_message=_("Income cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1991, year__lte=2100),
                name="annual_report_year_sane",
                violation_error_message=_("The reporting year must be between 1991 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def set_deadline(self, deadline) -> None:
        """Attach the deadline worked out by a selector (saves a rule lookup per report)."""
        self._deadline = deadline

    @property
    def deadline(self):
        """The day this report was due by the rule `annual_report.deadline` (None if no rule
        was in force then)."""
        if not hasattr(self, "_deadline"):
            from hamkori.registry.selectors import annual_report_deadline
            from hamkori.rules.selectors import RuleMissing

            try:
                self._deadline = annual_report_deadline(
                    self.organisation.jurisdiction_id, self.year
                )
            except RuleMissing:
                self._deadline = None
        return self._deadline

    @property
    def on_time(self) -> bool | None:
        """On time or late by the jurisdiction's deadline; None when no deadline applied."""
        if self.deadline is None:
            return None
        return self.submitted_on <= self.deadline


class UnreliableSupplierFlag(models.Model):
    """Set by an official with a reason; while not lifted, the organisation is not eligible."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="unreliable_flags"
    )
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["organisation", "-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(lifted_at__isnull=True),
                name="unreliable_flag_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} unreliable since {self.set_at:%Y-%m-%d}"
