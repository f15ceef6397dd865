"""Permissions as small named predicates composed with & | ~ (default deny).

can_edit = is_org_admin | is_platform_admin
can_edit(user, organisation) -> bool
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied


class Predicate:
    def __init__(self, fn: Callable[..., bool], name: str | None = None):
        self.fn = fn
        self.name = name or fn.__name__

    def __call__(self, user, obj: Any = None) -> bool:
        if user is None:
            return False
        return bool(self.fn(user, obj))

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self) -> Predicate:
        return Predicate(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(fn: Callable[..., bool]) -> Predicate:
    return Predicate(fn)


def require(rule: Predicate, user, obj: Any = None) -> None:
    """Raise PermissionDenied unless `rule` allows; services call this before any write."""
    if not rule(user, obj):
        raise PermissionDenied(rule.name)


@predicate
def is_authenticated(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)
