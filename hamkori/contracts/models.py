"""Contracts for the funded applications, their tranches and payment orders, and the money
ledger of the budget lines (issue 5, DOMAIN.md §3 items 9–10).

The ledger's invariants live on calls.BudgetLine (committed ≤ amount, disbursed ≤ committed, as
database constraints); every movement is a LedgerEntry row written in the same transaction as
the conditional UPDATE that moves the totals."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.models import TimeStamped


class ContractKind(models.TextChoices):
    """The document by instrument: grant agreement, social-service contract, subsidy agreement
    or award order."""

    GRANT = "grant", _("grant agreement")
    SSO = "sso", _("state social order contract")
    SUBSIDY = "subsidy", _("subsidy agreement")
    AWARD = "award", _("award order")


class ContractState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNING = "signing", _("awaiting signatures")
    IN_FORCE = "in_force", _("in force")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")


class Contract(TimeStamped):
    """One funded application's contract: parties, amount, its budget items, dates and tranche
    schedule. The amount is committed against the plan's budget line when the contract is sent
    for signature; termination releases what was not paid."""

    reference = models.CharField(_("number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ContractKind.choices)
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="contracts")
    lot = models.ForeignKey("calls.Lot", on_delete=models.PROTECT, related_name="contracts")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="contract"
    )
    funder = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts_funded",
        verbose_name=_("funding body"),
    )
    contractor = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("contractor"),
    )
    budget_line = models.ForeignKey(
        "calls.BudgetLine", on_delete=models.PROTECT, related_name="contracts"
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(
        _("state"), max_length=10, choices=ContractState.choices, default=ContractState.DRAFT
    )
    # The language of the copy both parties sign (its SHA-256 is on each signature); the PDF
    # can be read in any of the four languages.
    language = models.CharField(_("language of the signed copy"), max_length=2, default="ru")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Above the rule set's threshold a second official approves before signature; never the
    # one who prepared it (a database constraint).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    in_force_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="contract_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ContractState.values), name="contract_state_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContractKind.values), name="contract_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["kk", "ru", "tg", "en"]), name="contract_language_known"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")),
                name="contract_approver_not_preparer",
            ),
            models.CheckConstraint(
                condition=~Q(state="terminated") | ~Q(termination_reason=""),
                name="contract_termination_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["funder", "state"]),
            models.Index(fields=["contractor", "state"]),
            models.Index(fields=["budget_line", "state"]),
            models.Index(fields=["call", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference


class ContractItem(models.Model):
    """A budget item of the contract (from the application's budget); the financial reports
    give actuals against these."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_item_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_item_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Party(models.TextChoices):
    FUNDER = "funder", _("funding body")
    CONTRACTOR = "contractor", _("contractor")


# How a signature was given, in words (contracts/signing.py adds a provider's method here).
SIGNATURE_METHODS = {"platform": _("confirmation by the signed-in person on the platform")}


class Signature(models.Model):
    """A party's signature: who and when, and by which method. `platform` is a signed-in
    person's confirmation; a national e-signature provider (NCALayer in Kazakhstan, for
    instance) adds its method and the signed document's reference (contracts/signing.py)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=10, choices=Party.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    method = models.CharField(max_length=20, default="platform")
    provider_reference = models.CharField(max_length=200, blank=True)
    document_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["contract", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "party"], name="signature_once_per_party"),
            models.CheckConstraint(condition=Q(party__in=Party.values), name="signature_party"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.party}"

    @property
    def method_label(self) -> str:
        return str(SIGNATURE_METHODS.get(self.method, self.method))


class SignedCopy(models.Model):
    """The exact bytes both parties signed (the PDF in the contract's language with the
    signature block empty), kept at the first signature so that anyone can download it and
    check it against each signature's SHA-256 — even after an amendment changed the terms."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="signed_copy")
    language = models.CharField(max_length=2)
    sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.contract} {self.sha256[:12]}"


class TrancheCondition(models.TextChoices):
    """When a tranche falls due (the rule set's schedule events, rules/templatetags)."""

    SIGNATURE = "signature", _("signature of the agreement")
    INTERIM = "interim_report_accepted", _("acceptance of the interim report")
    FINAL = "final_report_accepted", _("acceptance of the final report")


class TrancheState(models.TextChoices):
    WAITING = "waiting", _("waiting for its condition")
    DUE = "due", _("due")
    ORDERED = "ordered", _("payment order prepared")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


class Tranche(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField()
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    condition = models.CharField(_("condition"), max_length=24, choices=TrancheCondition.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=TrancheState.choices, default=TrancheState.WAITING
    )
    due_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="tranche_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(state__in=TrancheState.values), name="tranche_state_known"
            ),
            models.CheckConstraint(
                condition=Q(condition__in=TrancheCondition.values), name="tranche_condition_known"
            ),
        ]
        indexes = [models.Index(fields=["state", "contract"])]

    def __str__(self) -> str:
        return f"{self.contract} #{self.number}"


class PaymentState(models.TextChoices):
    PREPARED = "prepared", _("prepared")
    APPROVED = "approved", _("approved")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


class PaymentOrder(TimeStamped):
    """The order to pay one tranche: prepared by one official, approved by another (two
    people, always; a database constraint), then marked paid with the date and the bank's
    reference — which disburses it in the ledger."""

    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="orders")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="orders")
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    state = models.CharField(
        _("state"), max_length=10, choices=PaymentState.choices, default=PaymentState.PREPARED
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["contract", "tranche__number", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(state__in=PaymentState.values), name="payment_state_known"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="payment_approver_not_preparer",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "paid"]) | Q(approved_by__isnull=False),
                name="payment_approved_before_paid",
            ),
            models.CheckConstraint(
                condition=~Q(state="paid") | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
                name="payment_paid_has_date_and_reference",
            ),
            # One live order per tranche (a cancelled one may be replaced).
            models.UniqueConstraint(
                fields=["tranche"],
                condition=Q(state__in=["prepared", "approved", "paid"]),
                name="payment_one_live_per_tranche",
            ),
        ]
        indexes = [models.Index(fields=["state", "contract"])]

    def __str__(self) -> str:
        return f"{self.contract} #{self.tranche_id} {self.amount}"


class AmendmentState(models.TextChoices):
    PROPOSED = "proposed", _("waiting for a second official's approval")
    APPLIED = "applied", _("in effect")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ContractAmendment(models.Model):
    """A numbered change of amount, dates or budget items with its reason; an amount change
    commits or releases the difference in the ledger in the same transaction.

    An increase to an amount above the two-person threshold is only proposed (`proposal`
    holds what was asked) and applied when another official of the funder approves it —
    never the one who proposed it (a database constraint); other amendments apply at once."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(_("reason"))
    changes = models.JSONField(default=dict)
    proposal = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=AmendmentState.choices, default=AmendmentState.APPLIED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="contract_amendment_number_once"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="contract_amendment_has_reason"),
            models.CheckConstraint(
                condition=Q(state__in=AmendmentState.values), name="contract_amendment_state_known"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")),
                name="contract_amendment_approver_not_proposer",
            ),
            # One proposal at a time per contract: the next waits for it to be decided.
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(state="proposed"),
                name="contract_amendment_one_proposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} #{self.number}"

    @property
    def item_changes(self) -> list:
        # Not `changes.items` in a template: that resolves to dict.items() without the key.
        return (self.changes or {}).get("items") or []


class LedgerKind(models.TextChoices):
    COMMIT = "commit", _("committed")
    RELEASE = "release", _("released")
    DISBURSE = "disburse", _("disbursed")


class LedgerEntry(models.Model):
    """One movement of a budget line's money. The totals on the budget line are the sums of
    these (a test checks it); they are kept on the line so that a conditional UPDATE can refuse
    a movement that would break committed ≤ allocated or disbursed ≤ committed."""

    budget_line = models.ForeignKey(
        "calls.BudgetLine", on_delete=models.PROTECT, related_name="ledger"
    )
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="ledger")
    payment_order = models.ForeignKey(
        PaymentOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount = models.DecimalField(max_digits=18, decimal_places=2)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["budget_line", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(kind__in=LedgerKind.values), name="ledger_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["contract", "kind"])]

    def __str__(self) -> str:
        return f"{self.budget_line_id} {self.kind} {self.amount}"
