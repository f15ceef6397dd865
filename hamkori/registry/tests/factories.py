"""Factories for registry tests: valid identifiers and organisations built in few queries."""

from __future__ import annotations

import itertools
from datetime import date

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.registry.identifiers import make_kz_bin
from hamkori.registry.models import Organisation, OrganisationKind
from hamkori.rules.models import Jurisdiction

_serial = itertools.count(1)

PASSWORD = "correct-horse-battery-staple-42"


def next_kz_bin() -> str:
    while True:
        value = make_kz_bin(2015, 3, "4", next(_serial))
        if value is not None:
            return value


def next_tj_tin() -> str:
    return f"{500_000_000 + next(_serial):09d}"


def organisation_build(jurisdiction: str = "KZ", **fields) -> Organisation:
    """An unsaved organisation with sensible defaults (use with bulk_create)."""
    identifier = fields.pop("identifier", None) or (
        next_kz_bin() if jurisdiction == "KZ" else next_tj_tin()
    )
    defaults = {
        "kind": OrganisationKind.PUBLIC_ASSOCIATION,
        "name_ru": f"Общественное объединение «Тест {identifier}»",
        "name_en": f"Public association Test {identifier}",
        "region_id": "KZ-71" if jurisdiction == "KZ" else "TJ-DU",
        "registered_on": date(2015, 3, 1),
        "email": f"info-{identifier}@example.org",
    }
    defaults.update(fields)
    organisation = Organisation(jurisdiction_id=jurisdiction, identifier=identifier, **defaults)
    organisation.refresh_derived()
    return organisation


def organisation_make(jurisdiction: str = "KZ", **fields) -> Organisation:
    organisation = organisation_build(jurisdiction, **fields)
    organisation.full_clean()
    organisation.save()
    return organisation


def user_make(email: str | None = None, **fields) -> User:
    email = email or f"person{next(_serial)}@example.org"
    fields.setdefault("full_name", email.split("@")[0].title())
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def member_make(
    organisation: Organisation,
    user: User | None = None,
    role: str = MembershipRole.MEMBER,
    status: str = MembershipStatus.ACTIVE,
) -> User:
    user = user or user_make()
    Membership.objects.create(user=user, organisation=organisation, role=role, status=status)
    return user


def jurisdiction(code: str = "KZ") -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)
