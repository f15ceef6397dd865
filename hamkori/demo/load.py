"""Load the demo data set (data.py) into an empty database: `hamkori demo` calls demo_load()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from hamkori.accounts.models import Membership, RoleGrant, User
from hamkori.core.audit import audit_record
from hamkori.demo.competitions import competitions_load
from hamkori.demo.contracts import contracts_load
from hamkori.demo.councils import councils_load
from hamkori.demo.data import CSOS, PASSWORD, PEOPLE, REPORT_YEARS, STATE_BODIES, OrgSeed
from hamkori.demo.dialogue import dialogue_load
from hamkori.demo.meetings import meeting_in_progress_load, meetings_load
from hamkori.demo.problems import problems_load
from hamkori.demo.recommendations import recommendations_load
from hamkori.demo.reviews import reviews_load
from hamkori.registry.identifiers import make_kz_bin, validate_identifier
from hamkori.registry.models import AnnualReport, Organisation
from hamkori.rules.loader import ensure_reference_data

CURRENCY = {"KZ": "KZT", "TJ": "TJS"}


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    password: str


def demo_sign_ins() -> list[DemoSignIn]:
    """The sign-in of every demo person, with a role label in the active language."""
    return [DemoSignIn(str(p.role_label), p.email, PASSWORD) for p in PEOPLE]


def demo_load(*, describe_only: bool = False) -> list[DemoSignIn]:
    """Create the demo organisations, reports and people, and return their sign-ins.

    Refuses (returns []) when the database already has organisations, so it never mixes demo
    data into real data; `describe_only` returns the sign-ins without writing anything."""
    if describe_only:
        return demo_sign_ins()
    ensure_reference_data()
    with transaction.atomic():
        if Organisation.objects.exists():
            return []
        _load()
    return demo_sign_ins()


def _identifier(seed: OrgSeed, index: int) -> str:
    if seed.jurisdiction == "TJ":
        return f"{20_000_000 + 7_919 * (index + 1):09d}"
    serial = 1_000 + 37 * index
    # About one serial in eleven has no valid check digit; the next one does.
    while (
        value := make_kz_bin(
            seed.registered_on.year, seed.registered_on.month, seed.entity_type, serial
        )
    ) is None:
        serial += 1
    return value


def _organisation(seed: OrgSeed, index: int, parents: dict[str, Organisation]) -> Organisation:
    organisation = Organisation(
        jurisdiction_id=seed.jurisdiction,
        kind=seed.kind,
        identifier=_identifier(seed, index),
        region_id=seed.region,
        address=seed.address,
        registered_on=seed.registered_on,
        status=seed.status,
        email=f"info@{seed.domain}",
        phone=("+7 700 555 " if seed.jurisdiction == "KZ" else "+992 90 555 ") + f"{index:04d}",
        website=f"https://{seed.domain}/",
        parent=parents.get(seed.parent),
        **{f"name_{code}": name for code, name in seed.names.items()},
        **{f"description_{code}": text for code, text in seed.descriptions.items()},
    )
    organisation.refresh_derived()
    validate_identifier(seed.jurisdiction, organisation.identifier)
    organisation.full_clean()
    return organisation


def _reports(seed: OrgSeed, organisation: Organisation, index: int) -> list[AnnualReport]:
    reports = []
    for offset, (year, mark) in enumerate(zip(REPORT_YEARS, seed.reports, strict=True)):
        if mark == "-":
            continue
        # Dates either side of the KZ deadline (31 March of the following year); whether a
        # report counts as late is decided by the registry from the rule, not here.
        deadline = date(year + 1, 3, 31)
        spread = (index * 7 + offset * 11) % 40
        submitted = (
            deadline - timedelta(days=3 + spread)
            if mark == "o"
            else (deadline + timedelta(days=5 + spread * 2))
        )
        staff = 3 + (index * 5 + offset) % 25
        reports.append(
            AnnualReport(
                organisation=organisation,
                year=year,
                submitted_on=submitted,
                staff_count=staff,
                volunteer_count=staff * (2 + index % 4),
                beneficiary_count=120 + (index * 97 + offset * 53) % 2_400,
                income=Decimal(staff * (1_150_000 if seed.jurisdiction == "KZ" else 9_500)),
                currency=CURRENCY[seed.jurisdiction],
                summary=seed.descriptions.get("ru", ""),
            )
        )
    return reports


def _load() -> dict[str, int]:
    by_key: dict[str, Organisation] = {}
    for index, seed in enumerate(STATE_BODIES):
        # One at a time: the grant operator and the agency point at a body saved before them.
        organisation = _organisation(seed, index, by_key)
        organisation.save()
        organisation.areas.set(seed.areas)
        by_key[seed.key] = organisation

    offset = len(STATE_BODIES)
    csos = [_organisation(seed, offset + i, by_key) for i, seed in enumerate(CSOS)]
    Organisation.objects.bulk_create(csos)
    by_key.update({seed.key: org for seed, org in zip(CSOS, csos, strict=True)})
    Through = Organisation.areas.through
    Through.objects.bulk_create(
        [
            Through(organisation=org, area_id=code)
            for seed, org in zip(CSOS, csos, strict=True)
            for code in seed.areas
        ]
    )
    reports = [
        report
        for i, (seed, org) in enumerate(zip(CSOS, csos, strict=True))
        for report in _reports(seed, org, i)
    ]
    for report in reports:
        report.full_clean(validate_constraints=False)
    AnnualReport.objects.bulk_create(reports)

    # Hashing is deliberately slow; everyone shares the demo password, so hash it once.
    password_hash = make_password(PASSWORD)
    users = [
        User(
            email=p.email,
            full_name=p.full_name,
            preferred_language=p.language,
            password=password_hash,
            is_superuser=p.superuser,
            is_staff=p.superuser,
        )
        for p in PEOPLE
    ]
    User.objects.bulk_create(users)
    administrator = next(u for u, p in zip(users, PEOPLE, strict=True) if p.superuser)
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(
                user=user,
                role=p.grant,
                jurisdiction_id=p.grant_jurisdiction,
                granted_by=administrator,
            )
            for user, p in zip(users, PEOPLE, strict=True)
            if p.grant
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation=by_key[p.organisation],
                role=p.membership_role,
                status=p.membership_status,
                position=p.position,
                message=p.message,
            )
            for user, p in zip(users, PEOPLE, strict=True)
            if p.organisation
        ]
    )
    competitions = competitions_load(
        organisations=by_key,
        users={user.email: user for user in users},
        password_hash=password_hash,
    )
    review_counts = reviews_load(organisations=by_key, password_hash=password_hash)
    contract_counts = contracts_load()
    # Councils, then their meetings, then the recommendations adopted at those meetings.
    council_counts = councils_load(organisations=by_key)
    meeting_counts = meetings_load(organisations=by_key)
    recommendation_counts = recommendations_load(organisations=by_key)
    in_progress_counts = meeting_in_progress_load(organisations=by_key)
    dialogue_counts = dialogue_load(organisations=by_key)
    problem_counts = problems_load(organisations=by_key)
    counts = {
        "organisations": Organisation.objects.count(),
        "state_bodies": len(STATE_BODIES),
        "csos": len(csos),
        "annual_reports": len(reports),
        "people": len(users),
        **competitions,
        **review_counts,
        **contract_counts,
        **council_counts,
        **meeting_counts,
        **recommendation_counts,
        **in_progress_counts,
        **dialogue_counts,
        **problem_counts,
    }
    audit_record(actor=None, action="portal.demo_load", obj=administrator, changes=counts)
    return counts
