"""Writes of the registry. Each function checks permission, validates, saves and records one
audit event in the same transaction; e-mail leaves only after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.accounts.permissions import forget
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.i18n import language_fields
from hamkori.core.permissions import require
from hamkori.registry.identifiers import normalise_identifier, validate_identifier
from hamkori.registry.models import (
    SECTOR_OF_KIND,
    AnnualReport,
    Area,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
    Sector,
    UnreliableSupplierFlag,
)
from hamkori.registry.permissions import (
    can_claim,
    can_create_cso,
    can_create_state_body,
    can_decide_membership,
    can_edit_organisation,
    can_flag_unreliable,
    can_set_status,
    can_submit_annual_report,
)
from hamkori.rules.models import Jurisdiction

PROFILE_FIELDS = [
    *language_fields("name"),
    *language_fields("description"),
    "address",
    "region",
    "registered_on",
    "email",
    "phone",
    "website",
]
IMPORT_FIELDS = [
    *language_fields("name"),
    "kind",
    "region",
    "registered_on",
    "status",
    "email",
    "phone",
    "website",
    "address",
]


def _jurisdiction(value: str | Jurisdiction) -> Jurisdiction:
    if isinstance(value, Jurisdiction):
        return value
    try:
        return Jurisdiction.objects.get(code=value)
    except Jurisdiction.DoesNotExist:
        raise ValidationError({"jurisdiction": _("Unknown jurisdiction.")}) from None


def clean_identifier(jurisdiction_code: str, identifier: str) -> str:
    """The identifier without spaces or dashes, validated by the jurisdiction's rule."""
    value = normalise_identifier(identifier)
    try:
        validate_identifier(jurisdiction_code, value)
    except ValidationError as error:
        raise ValidationError({"identifier": error.messages}) from None
    return value


def _resolve_region(profile: dict[str, Any]) -> None:
    """Accept a region code where a Region is expected (commands, tests, the API)."""
    value = profile.get("region")
    if isinstance(value, str):
        region = Region.objects.filter(code=value.upper()).first() if value else None
        if value and region is None:
            raise ValidationError({"region": _("Unknown region.")})
        profile["region"] = region


def _check_region(organisation: Organisation) -> None:
    region = organisation.region
    if region is not None and region.jurisdiction_id != organisation.jurisdiction_id:
        raise ValidationError(
            {"region": _("This region is not in the organisation's jurisdiction.")}
        )


def _area_codes(organisation: Organisation) -> list[str]:
    return sorted(organisation.areas.values_list("code", flat=True))


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    jurisdiction: str | Jurisdiction,
    kind: str,
    identifier: str,
    areas: Iterable[Area | str] = (),
    **profile: Any,
) -> Organisation:
    """Register a new organisation; its creator becomes its administrator. A CSO may be
    created by anyone signed in; state bodies and the operator only by platform admins.
    An identifier already registered is refused with a hint to claim the organisation."""
    jurisdiction = _jurisdiction(jurisdiction)
    sector = SECTOR_OF_KIND.get(OrganisationKind(kind)) if kind in OrganisationKind.values else None
    if sector is None:
        raise ValidationError({"kind": _("Unknown kind of organisation.")})
    require(can_create_cso if sector == Sector.CSO else can_create_state_body, actor, jurisdiction)
    unknown = set(profile) - {*PROFILE_FIELDS, "registered_on", "parent"}
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    _resolve_region(profile)
    value = clean_identifier(jurisdiction.code, identifier)
    if Organisation.objects.filter(jurisdiction=jurisdiction, identifier=value).exists():
        raise ValidationError(
            {
                "identifier": _(
                    "An organisation with this identifier is already registered. "
                    "If it is yours, claim it instead of creating it again."
                )
            },
            code="duplicate",
        )
    organisation = Organisation(jurisdiction=jurisdiction, kind=kind, identifier=value, **profile)
    organisation.refresh_derived()
    _check_region(organisation)
    organisation.full_clean()
    organisation.save()
    # Area's primary key is its code; django-stubs types raw pks given to set() as int.
    organisation.areas.set(list(areas))  # type: ignore[arg-type]
    membership = Membership(
        user=actor,
        organisation=organisation,
        role=MembershipRole.ADMIN,
        status=MembershipStatus.ACTIVE,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    membership.full_clean()
    membership.save()
    forget(actor)
    fields = ["jurisdiction_id", "kind", "identifier", *profile]
    audit_record(
        actor=actor,
        action="registry.organisation.create",
        obj=organisation,
        organisation=organisation,
        changes={
            **{f: [None, v] for f, v in snapshot(organisation, fields).items()},
            "areas": [[], _area_codes(organisation)],
        },
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    areas: Iterable[Area | str] | None = None,
    **profile: Any,
) -> Organisation:
    """Edit the public profile: names and descriptions in four languages, address, region
    (of the same jurisdiction), areas, contacts and website. Identifier, kind and status are
    not part of the profile."""
    require(can_edit_organisation, actor, organisation)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"fields outside the profile: {sorted(unknown)}")
    _resolve_region(profile)
    fields = sorted(profile)
    before = snapshot(organisation, fields)
    areas_before = _area_codes(organisation)
    for name, value in profile.items():
        setattr(organisation, name, value)
    organisation.refresh_derived()
    _check_region(organisation)
    organisation.full_clean()
    organisation.save()
    changes = diff(organisation, before, fields)
    if areas is not None:
        # Area's primary key is its code; django-stubs types raw pks given to set() as int.
        organisation.areas.set(list(areas))  # type: ignore[arg-type]
        areas_after = _area_codes(organisation)
        if areas_after != areas_before:
            changes["areas"] = [areas_before, areas_after]
    audit_record(
        actor=actor,
        action="registry.organisation.update",
        obj=organisation,
        organisation=organisation,
        changes=changes,
    )
    return organisation


@transaction.atomic
def organisation_set_status(
    *, actor: User, organisation: Organisation, status: str, reason: str = ""
) -> Organisation:
    """Suspend, reactivate or mark an organisation as being liquidated (officials of its
    jurisdiction and platform admins)."""
    require(can_set_status, actor, organisation)
    if status not in OrganisationStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status != OrganisationStatus.ACTIVE and not reason.strip():
        # Suspension or liquidation takes funding away: the organisation must learn why.
        raise ValidationError({"reason": _("Give the reason for this status.")})
    before = snapshot(organisation, ["status"])
    organisation.status = status
    organisation.full_clean()
    organisation.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.organisation.status",
        obj=organisation,
        organisation=organisation,
        changes={**diff(organisation, before, ["status"]), "reason": reason},
    )
    return organisation


@transaction.atomic
def organisation_claim(*, actor: User, organisation: Organisation, message: str = "") -> Membership:
    """Ask to join an existing organisation. The claim waits for its administrator or an
    official; the claimant becomes its administrator when it has none yet."""
    require(can_claim, actor, organisation)
    open_memberships = Membership.objects.filter(
        organisation=organisation, status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE]
    )
    mine = open_memberships.filter(user=actor).first()
    if mine is not None:
        if mine.status == MembershipStatus.PENDING:
            raise ValidationError(_("You have already claimed this organisation; please wait."))
        raise ValidationError(_("You are already a member of this organisation."))
    has_admin = open_memberships.filter(
        role=MembershipRole.ADMIN, status=MembershipStatus.ACTIVE
    ).exists()
    membership = Membership(
        user=actor,
        organisation=organisation,
        role=MembershipRole.MEMBER if has_admin else MembershipRole.ADMIN,
        status=MembershipStatus.PENDING,
        message=message,
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="registry.membership.claim",
        obj=membership,
        organisation=organisation,
        changes={"role": [None, membership.role], "status": [None, membership.status]},
    )
    return membership


def _claim_decided_mail(membership: Membership) -> None:
    user = membership.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        name = str(membership.organisation)
        if membership.status == MembershipStatus.ACTIVE:
            subject = _("Your claim of %(organisation)s was approved") % {"organisation": name}
            body = _("You are now %(role)s of %(organisation)s on Hamkori.") % {
                "role": membership.get_role_display(),
                "organisation": name,
            }
        else:
            subject = _("Your claim of %(organisation)s was rejected") % {"organisation": name}
            body = _("Your claim of %(organisation)s was rejected.") % {"organisation": name}
        if membership.decision_reason:
            body += "\n\n" + _("Reason: %(reason)s") % {"reason": membership.decision_reason}
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def membership_decide(
    *, actor: User, membership: Membership, approve: bool, reason: str = ""
) -> Membership:
    """Approve or reject a pending claim (the organisation's administrator, an official of its
    jurisdiction, or a platform admin; never the claimant). A rejection needs a reason. The
    claimant is told by e-mail once the decision is committed."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )
    require(can_decide_membership, actor, membership.organisation)
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot decide your own claim."))
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError(_("This claim has already been decided."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Please give the reason for the rejection.")})
    before = snapshot(membership, ["status"])
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_reason = reason
    membership.full_clean()
    membership.save()
    forget(membership.user)
    audit_record(
        actor=actor,
        action="registry.membership.approve" if approve else "registry.membership.reject",
        obj=membership,
        organisation=membership.organisation,
        changes={**diff(membership, before, ["status"]), "reason": reason},
    )
    transaction.on_commit(lambda: _claim_decided_mail(membership))
    return membership


@transaction.atomic
def annual_report_submit(
    *,
    actor: User,
    organisation: Organisation,
    year: int,
    submitted_on: date | None = None,
    staff_count: int = 0,
    volunteer_count: int = 0,
    beneficiary_count: int = 0,
    income: Decimal | int = 0,
    summary: str = "",
) -> AnnualReport:
    """Record the organisation's annual report on `year` (one per year), submitted today
    unless a date is given (imports of past reports)."""
    require(can_submit_annual_report, actor, organisation)
    submitted_on = submitted_on or timezone.localdate()
    if year >= submitted_on.year:
        raise ValidationError({"year": _("A year can be reported on only after it has ended.")})
    if AnnualReport.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError({"year": _("The report for this year has already been submitted.")})
    report = AnnualReport(
        organisation=organisation,
        year=year,
        submitted_on=submitted_on,
        staff_count=staff_count,
        volunteer_count=volunteer_count,
        beneficiary_count=beneficiary_count,
        income=income,
        currency=organisation.jurisdiction.currency,
        summary=summary,
    )
    report.full_clean()
    report.save()
    fields = [
        "year",
        "submitted_on",
        "staff_count",
        "volunteer_count",
        "beneficiary_count",
        "income",
        "currency",
    ]
    audit_record(
        actor=actor,
        action="registry.annual_report.submit",
        obj=report,
        organisation=organisation,
        changes={f: [None, v] for f, v in snapshot(report, fields).items()},
    )
    return report


class ImportedFile:
    """What the audit event of an import is about: a file, not a row of any table."""

    class _Meta:
        label_lower = "registry.import"

    _meta = _Meta()

    def __init__(self, name: str) -> None:
        self.pk = name
        self.name = name

    def __str__(self) -> str:
        return self.name


@transaction.atomic
def organisations_import(
    *,
    actor: User | None,
    rows: list[dict[str, Any]],
    filename: str,
    on_row: Callable[[dict[str, Any], Exception | None, str], None] | None = None,
) -> dict[str, Any]:
    """Create or update organisations from validated import rows (see registry.importer). Each
    row is written in its own savepoint, so a row the database refuses leaves nothing behind
    and the others stay. One audit event records the import with its counts."""
    created: list[str] = []
    updated: list[str] = []
    failed = 0
    existing = {
        (o.jurisdiction_id, o.identifier): o
        for o in Organisation.objects.filter(
            identifier__in={r["identifier"] for r in rows}
        ).select_related("jurisdiction")
    }
    for row in rows:
        key = (row["jurisdiction"], row["identifier"])
        organisation = existing.get(key)
        outcome = "updated" if organisation is not None else "created"
        try:
            with transaction.atomic():
                if organisation is None:
                    organisation = Organisation(
                        jurisdiction_id=row["jurisdiction"], identifier=row["identifier"]
                    )
                for name in IMPORT_FIELDS:
                    value = row.get(name)
                    if value not in (None, ""):
                        setattr(organisation, name, value)
                organisation.refresh_derived()
                organisation.full_clean()
                organisation.save()
                if row.get("areas"):
                    organisation.areas.set(row["areas"])
        except (ValidationError, DatabaseError) as error:
            failed += 1
            existing.pop(key, None)
            if on_row:
                on_row(row, error, "failed")
            continue
        existing[key] = organisation
        (created if outcome == "created" else updated).append(f"{key[0]}-{key[1]}")
        if on_row:
            on_row(row, None, outcome)
    summary = {"created": len(created), "updated": len(updated), "failed": failed}
    audit_record(
        actor=actor,
        action="registry.import",
        obj=ImportedFile(filename),
        changes={**summary, "created_ids": created, "updated_ids": updated},
    )
    return {**summary, "created_ids": created, "updated_ids": updated}


@transaction.atomic
def organisation_flag_unreliable(
    *, actor: User, organisation: Organisation, reason: str
) -> UnreliableSupplierFlag:
    """Flag the organisation as an unreliable supplier (officials of its jurisdiction and
    platform admins). While the flag is open its applications fail the eligibility check."""
    require(can_flag_unreliable, actor, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the flag.")})
    if organisation.unreliable_flags.filter(lifted_at__isnull=True).exists():
        raise ValidationError(_("The organisation is already flagged as an unreliable supplier."))
    flag = UnreliableSupplierFlag(organisation=organisation, reason=reason, set_by=actor)
    flag.full_clean()
    flag.save()
    audit_record(
        actor=actor,
        action="registry.organisation.flag_unreliable",
        obj=organisation,
        organisation=organisation,
        changes={"flag": flag.pk, "reason": reason},
    )
    return flag


@transaction.atomic
def organisation_unflag_unreliable(
    *, actor: User, organisation: Organisation, reason: str
) -> UnreliableSupplierFlag:
    """Lift the open unreliable-supplier flag, with the reason."""
    require(can_flag_unreliable, actor, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the flag.")})
    flag = (
        UnreliableSupplierFlag.objects.select_for_update()
        .filter(organisation=organisation, lifted_at__isnull=True)
        .first()
    )
    if flag is None:
        raise ValidationError(_("The organisation is not flagged."))
    flag.lifted_at = timezone.now()
    flag.lifted_by = actor
    flag.lift_reason = reason
    flag.full_clean()
    flag.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=actor,
        action="registry.organisation.unflag_unreliable",
        obj=organisation,
        organisation=organisation,
        changes={"flag": flag.pk, "reason": reason},
    )
    return flag
