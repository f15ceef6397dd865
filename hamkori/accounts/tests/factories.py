"""Factories for accounts tests; people and organisations come from the registry's factories."""

from __future__ import annotations

import itertools

from hamkori.accounts.models import RoleGrant, User
from hamkori.registry.tests.factories import (
    PASSWORD,
    member_make,
    organisation_make,
    user_make,
)

__all__ = [
    "PASSWORD",
    "grant_make",
    "member_make",
    "organisation_make",
    "person_make",
    "user_make",
]

_serial = itertools.count(1)


def person_make(**fields) -> User:
    """A person without a password: hashing one costs a quarter of a second, and tests that
    never sign in do not need it."""
    n = next(_serial)
    fields.setdefault("full_name", f"Person {n}")
    return User.objects.create_user(email=f"someone{n}@example.net", password=None, **fields)


def grant_make(user: User, role: str, jurisdiction: str | None = None) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, jurisdiction_id=jurisdiction)
