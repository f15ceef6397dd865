"""Reads about people: a person's own memberships and roles, and the administrators' list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from hamkori.accounts.models import Membership, MembershipStatus, RoleGrant, User
from hamkori.accounts.permissions import is_any_platform_admin


def membership_list_for(*, user: User) -> list[Membership]:
    """The person's own memberships, open ones (active, waiting) first, each with its
    organisation, in one query."""
    order: dict[str, int] = {MembershipStatus.ACTIVE: 0, MembershipStatus.PENDING: 1}
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("-created_at", "pk")
    )
    memberships.sort(key=lambda m: order.get(m.status, 2))
    return memberships


def role_grant_list_for(*, user: User) -> QuerySet[RoleGrant]:
    """The person's own platform roles."""
    return RoleGrant.objects.filter(user=user).order_by("role", "jurisdiction_id")


def user_list_for(*, user: User, query: str = "") -> QuerySet[User]:
    """Everybody, with their platform roles, for platform administrators only."""
    if not is_any_platform_admin(user):
        raise PermissionDenied
    people = User.objects.prefetch_related(
        Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role", "jurisdiction_id"))
    ).order_by("full_name", "email")
    query = query.strip()
    if query:
        people = people.filter(Q(email__icontains=query) | Q(full_name__icontains=query))
    return people


def user_get_for(*, user: User, pk: int) -> User:
    """One person with their roles, for platform administrators; 404 for anyone else."""
    if not is_any_platform_admin(user):
        raise Http404
    person = (
        User.objects.prefetch_related(
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.select_related("granted_by").order_by(
                    "role", "jurisdiction_id"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person
