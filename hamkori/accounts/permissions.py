"""Who a person is, as predicates over (user, object). Default deny: anonymous users and
inactive accounts satisfy none of them."""

from __future__ import annotations

from hamkori.accounts.models import MembershipRole, MembershipStatus, PlatformRole, RoleGrant
from hamkori.core.permissions import is_authenticated, predicate


def _active_memberships(user):
    # Cached per request object: the same user asks several predicates on one page.
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = list(
            user.memberships.filter(status=MembershipStatus.ACTIVE).values(
                "organisation_id",
                "role",
                "organisation__sector",
                "organisation__jurisdiction_id",
            )
        )
        user._membership_cache = cache
    return cache


def _grants(user):
    cache = getattr(user, "_grant_cache", None)
    if cache is None:
        cache = list(RoleGrant.objects.filter(user=user).values("role", "jurisdiction_id"))
        user._grant_cache = cache
    return cache


def forget(user) -> None:
    """Drop the cached memberships and grants after they change."""
    for attr in ("_membership_cache", "_grant_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def _has_grant(user, role: str, jurisdiction_id: str | None) -> bool:
    if not is_authenticated(user):
        return False
    return any(
        g["role"] == role and (g["jurisdiction_id"] in (None, jurisdiction_id))
        for g in _grants(user)
    )


def _jurisdiction_of(obj) -> str | None:
    if obj is None:
        return None
    if hasattr(obj, "jurisdiction_id"):
        return obj.jurisdiction_id
    if hasattr(obj, "code"):
        return obj.code
    return None


@predicate
def is_platform_admin(user, obj=None) -> bool:
    if not is_authenticated(user):
        return False
    return user.is_superuser or _has_grant(user, PlatformRole.ADMINISTRATOR, _jurisdiction_of(obj))


@predicate
def is_any_platform_admin(user, obj=None) -> bool:
    """An administrator of the whole platform or of at least one jurisdiction: may open the
    people and roles pages (each grant is still checked against its own jurisdiction)."""
    if not is_authenticated(user):
        return False
    return user.is_superuser or any(g["role"] == PlatformRole.ADMINISTRATOR for g in _grants(user))


@predicate
def is_auditor(user, obj=None) -> bool:
    """Auditors and observers read everything in their jurisdiction and change nothing."""
    return _has_grant(user, PlatformRole.AUDITOR, _jurisdiction_of(obj))


@predicate
def is_expert(user, obj=None) -> bool:
    return _has_grant(user, PlatformRole.EXPERT, _jurisdiction_of(obj))


@predicate
def is_any_expert(user, obj=None) -> bool:
    """An expert on the register of at least one jurisdiction (for the header's links)."""
    if not is_authenticated(user):
        return False
    return any(g["role"] == PlatformRole.EXPERT for g in _grants(user))


@predicate
def is_official(user, obj=None) -> bool:
    """A member of a state body or of the grant operator in the object's jurisdiction (any
    jurisdiction if obj is None)."""
    if not is_authenticated(user):
        return False
    jurisdiction_id = _jurisdiction_of(obj)
    return any(
        m["organisation__sector"] in ("state", "operator")
        and (jurisdiction_id is None or m["organisation__jurisdiction_id"] == jurisdiction_id)
        for m in _active_memberships(user)
    )


@predicate
def is_org_member(user, organisation) -> bool:
    if not is_authenticated(user) or organisation is None:
        return False
    return any(m["organisation_id"] == organisation.pk for m in _active_memberships(user))


@predicate
def is_org_admin(user, organisation) -> bool:
    if not is_authenticated(user) or organisation is None:
        return False
    return any(
        m["organisation_id"] == organisation.pk and m["role"] == MembershipRole.ADMIN
        for m in _active_memberships(user)
    )


@predicate
def is_cso_member(user, obj=None) -> bool:
    if not is_authenticated(user):
        return False
    return any(m["organisation__sector"] == "cso" for m in _active_memberships(user))


__all__ = [
    "forget",
    "is_any_expert",
    "is_any_platform_admin",
    "is_auditor",
    "is_authenticated",
    "is_cso_member",
    "is_expert",
    "is_official",
    "is_org_admin",
    "is_org_member",
    "is_platform_admin",
]
