"""Reads of the registry: the public directory, one organisation, its eligibility for funding,
the claims a person may decide and the audit trail of an organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus
from hamkori.accounts.permissions import is_platform_admin
from hamkori.core.i18n import fold_for_search
from hamkori.core.models import AuditEvent
from hamkori.registry.identifiers import normalise_identifier
from hamkori.registry.models import (
    AnnualReport,
    Organisation,
    OrganisationStatus,
    Sector,
)
from hamkori.registry.permissions import can_see_audit
from hamkori.rules.selectors import RuleMissing, rule_value

DEADLINE_KEY = "annual_report.deadline"
REQUIRED_KEY = "annual_report.required_for_funding"
LATE_BLOCKS_KEY = "annual_report.late_blocks_funding"


def organisation_list_for(
    *,
    user,
    q: str = "",
    jurisdiction: str = "",
    region: str = "",
    area: str = "",
    kind: str = "",
    sector: str = "",
    status: str = "",
) -> QuerySet[Organisation]:
    """The public directory, filtered. Every entry of the registry is public; `user` is taken
    so that every list has the same signature. A query matches names in any language and the
    identifier (with or without spaces) through the case-folded `search_text` column."""
    organisations = Organisation.objects.select_related("jurisdiction", "region").prefetch_related(
        "areas"
    )
    q = (q or "").strip()
    if q:
        words = fold_for_search(q).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        compact = normalise_identifier(q)
        if compact.isdigit():
            condition |= Q(identifier__startswith=compact)
        organisations = organisations.filter(condition)
    filters = {
        "jurisdiction_id": jurisdiction,
        "region_id": region,
        "areas__code": area,
        "kind": kind,
        "sector": sector,
        "status": status,
    }
    organisations = organisations.filter(**{k: v for k, v in filters.items() if v})
    return organisations.order_by("search_text", "pk")


def organisation_get_for(*, user, pk: int) -> Organisation:
    """One organisation with everything its page shows (registry entries are public; 404 if
    it does not exist). Active members come with their user rows; whether their contacts are
    shown is the template's question, answered by `can_see_private_contacts`."""
    members = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("user")
    organisation = (
        Organisation.objects.select_related("jurisdiction", "region", "parent")
        .prefetch_related(
            "areas",
            Prefetch("children", queryset=Organisation.objects.order_by("search_text")),
            Prefetch("annual_reports", queryset=AnnualReport.objects.order_by("-year")),
            Prefetch("memberships", queryset=members, to_attr="active_memberships"),
        )
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise Http404("no such organisation")
    return organisation


def annual_report_deadline(jurisdiction_code: str, year: int) -> date:
    """The day by which the report on `year` is due: rule `annual_report.deadline` ("MM-DD" of
    the following year) as in force at the end of the year in which the report is filed."""
    value = rule_value(jurisdiction_code, DEADLINE_KEY, on=date(year + 1, 12, 31))
    month, day = (int(part) for part in str(value).split("-"))
    return date(year + 1, month, day)


def report_year_due(jurisdiction_code: str, on: date) -> tuple[int, date]:
    """The reporting year whose report counts on `on`, and its deadline. Until the deadline of
    last year's report has passed, the report of the year before is the one that counts."""
    deadline = annual_report_deadline(jurisdiction_code, on.year - 1)
    if on > deadline:
        return on.year - 1, deadline
    return on.year - 2, annual_report_deadline(jurisdiction_code, on.year - 2)


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    report_year: int | None = None
    deadline: date | None = None

    def __bool__(self) -> bool:
        return self.eligible


def organisation_eligibility(organisation: Organisation, on: date | None = None) -> Eligibility:
    """Whether the organisation may be funded on `on` (today if None), and why not: only
    active civil-society organisations, with the annual report that counts on that day
    submitted (on time, where the rules make lateness block funding)."""
    on = on or timezone.localdate()
    code = organisation.jurisdiction_id
    reasons: list[str] = []
    if organisation.status != OrganisationStatus.ACTIVE:
        reasons.append(
            _("The organisation is %(status)s; only active organisations can be funded.")
            % {"status": organisation.get_status_display()}
        )
    if organisation.sector != Sector.CSO:
        reasons.append(
            _("Only civil-society organisations can be funded; this is a %(sector)s.")
            % {"sector": organisation.get_sector_display()}
        )
        return Eligibility(eligible=False, reasons=reasons)

    year, deadline = report_year_due(code, on)
    result = Eligibility(eligible=False, reasons=reasons, report_year=year, deadline=deadline)
    registered_later = organisation.registered_on and organisation.registered_on.year > year
    # An organisation registered after the reporting year has nothing to report yet.
    if rule_value(code, REQUIRED_KEY, on=on) and not registered_later:
        report = _report_of(organisation, year)
        if report is None:
            reasons.append(
                _("No annual report for %(year)s in the NGO database (due by %(deadline)s).")
                % {"year": year, "deadline": date_format(deadline)}
            )
        elif report.submitted_on > deadline and rule_value(code, LATE_BLOCKS_KEY, on=on):
            reasons.append(
                _(
                    "The annual report for %(year)s was submitted late, on %(submitted)s "
                    "(due by %(deadline)s)."
                )
                % {
                    "year": year,
                    "submitted": date_format(report.submitted_on),
                    "deadline": date_format(deadline),
                }
            )
    result.eligible = not reasons
    return result


def _report_of(organisation: Organisation, year: int) -> AnnualReport | None:
    cache = getattr(organisation, "_prefetched_objects_cache", {})
    if "annual_reports" in cache:
        return next((r for r in cache["annual_reports"] if r.year == year), None)
    return organisation.annual_reports.filter(year=year).first()


def annual_reports_with_timeliness(organisation: Organisation) -> list[AnnualReport]:
    """The organisation's reports, each with `deadline` and `on_time` set (one rule lookup
    per distinct year; None for years before the rule existed)."""
    reports = list(organisation.annual_reports.all())
    deadlines: dict[int, date | None] = {}
    for report in reports:
        if report.year not in deadlines:
            try:
                deadline = annual_report_deadline(organisation.jurisdiction_id, report.year)
            except RuleMissing:
                deadline = None
            deadlines[report.year] = deadline
        report.set_deadline(deadlines[report.year])
    return reports


def membership_claims_for(*, user) -> QuerySet[Membership]:
    """Pending claims that `user` may decide: of organisations they administer, of every
    organisation in the jurisdictions where they are an official, or all for platform admins."""
    claims = Membership.objects.filter(status=MembershipStatus.PENDING).select_related(
        "user", "organisation", "organisation__jurisdiction"
    )
    if not getattr(user, "is_authenticated", False):
        return claims.none()
    if is_platform_admin(user):
        return claims.order_by("created_at", "pk")
    mine = user.memberships.filter(status=MembershipStatus.ACTIVE)
    administered = mine.filter(role=MembershipRole.ADMIN).values("organisation_id")
    official_of = mine.filter(organisation__sector__in=[Sector.STATE, Sector.OPERATOR]).values(
        "organisation__jurisdiction_id"
    )
    return (
        claims.filter(
            Q(organisation_id__in=administered) | Q(organisation__jurisdiction_id__in=official_of)
        )
        .exclude(user=user)
        .order_by("created_at", "pk")
    )


def membership_claim_get_for(*, user, pk: int) -> Membership:
    claim = membership_claims_for(user=user).filter(pk=pk).first()
    if claim is None:
        raise Http404("no such claim")
    return claim


def organisation_audit_events_for(*, user, organisation: Organisation) -> QuerySet[AuditEvent]:
    """The trail of an organisation (events about it or done in its name) for officials,
    auditors and platform admins; 404 for everyone else."""
    if not can_see_audit(user, organisation):
        raise Http404("no access to the audit trail")
    return AuditEvent.objects.filter(
        Q(organisation=organisation)
        | Q(object_type=Organisation._meta.label_lower, object_id=str(organisation.pk))
    ).order_by("-position")


def organisation_find(*, jurisdiction: str, identifier: str) -> Organisation | None:
    """The organisation with this identifier (spaces and dashes ignored), if registered."""
    return (
        Organisation.objects.filter(
            jurisdiction_id=jurisdiction, identifier=normalise_identifier(identifier)
        )
        .select_related("jurisdiction")
        .first()
    )


__all__ = [
    "Eligibility",
    "annual_report_deadline",
    "annual_reports_with_timeliness",
    "membership_claim_get_for",
    "membership_claims_for",
    "organisation_audit_events_for",
    "organisation_eligibility",
    "organisation_find",
    "organisation_get_for",
    "organisation_list_for",
    "report_year_due",
]
