"""Every predicate of accounts/permissions.py across roles and objects (a KZ CSO, a TJ CSO)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hamkori.accounts import permissions
from hamkori.accounts.models import MembershipRole, MembershipStatus, PlatformRole
from hamkori.accounts.tests.factories import (
    grant_make,
    member_make,
    organisation_make,
    person_make,
)
from hamkori.core.permissions import Predicate
from hamkori.registry.models import OrganisationKind

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "cso_member",
    "cso_admin",
    "claimant",
    "kz_official",
    "tj_official",
    "auditor_kz",
    "expert_tj",
    "platform_admin",
    "tj_admin",
    "deactivated_admin",
]

# (predicate, role) -> (answer for the KZ CSO, answer for the TJ CSO); absent means (False, False)
YES = (True, True)
KZ_ONLY = (True, False)
TJ_ONLY = (False, True)
SIGNED_IN = [r for r in ROLES if r not in ("anonymous", "deactivated_admin")]
EXPECTED = {
    "is_authenticated": dict.fromkeys(SIGNED_IN, YES),
    "is_platform_admin": {"platform_admin": YES, "tj_admin": TJ_ONLY},
    "is_any_platform_admin": {"platform_admin": YES, "tj_admin": YES},
    "is_auditor": {"auditor_kz": KZ_ONLY},
    "is_expert": {"expert_tj": TJ_ONLY},
    "is_any_expert": {"expert_tj": YES},
    "is_official": {"kz_official": KZ_ONLY, "tj_official": TJ_ONLY},
    "is_org_member": {"cso_member": KZ_ONLY, "cso_admin": KZ_ONLY},
    "is_org_admin": {"cso_admin": KZ_ONLY},
    "is_cso_member": {"cso_member": YES, "cso_admin": YES},
}


def all_predicates() -> dict[str, Predicate]:
    return {
        name: value
        for name, value in vars(permissions).items()
        if isinstance(value, Predicate) and name in permissions.__all__
    }


def test_every_predicate_has_expectations():
    assert set(all_predicates()) == set(EXPECTED)


@pytest.fixture
def world(reference_data):
    kz_cso = organisation_make("KZ")
    tj_cso = organisation_make("TJ")
    ministry = organisation_make("KZ", kind=OrganisationKind.MINISTRY)
    agency = organisation_make("TJ", kind=OrganisationKind.AGENCY)
    return {"kz_cso": kz_cso, "tj_cso": tj_cso, "kz_body": ministry, "tj_body": agency}


def person(role: str, world):
    if role == "anonymous":
        return AnonymousUser()
    # No password: hashing one would make this matrix slow, and no predicate looks at it.
    user = person_make()
    if role == "cso_member":
        member_make(world["kz_cso"], user)
    elif role == "cso_admin":
        member_make(world["kz_cso"], user, role=MembershipRole.ADMIN)
    elif role == "claimant":
        # a claim waiting for approval gives no rights yet
        member_make(world["kz_cso"], user, role=MembershipRole.ADMIN, status="pending")
        member_make(world["tj_cso"], user, status=MembershipStatus.REJECTED)
    elif role == "kz_official":
        member_make(world["kz_body"], user)
    elif role == "tj_official":
        member_make(world["tj_body"], user)
    elif role == "auditor_kz":
        grant_make(user, PlatformRole.AUDITOR, "KZ")
    elif role == "expert_tj":
        grant_make(user, PlatformRole.EXPERT, "TJ")
    elif role == "platform_admin":
        grant_make(user, PlatformRole.ADMINISTRATOR)
    elif role == "tj_admin":
        grant_make(user, PlatformRole.ADMINISTRATOR, "TJ")
    elif role == "deactivated_admin":
        member_make(world["kz_cso"], user, role=MembershipRole.ADMIN)
        grant_make(user, PlatformRole.ADMINISTRATOR)
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_predicate_by_role_and_organisation(name, role, world):
    # given
    rule = all_predicates()[name]
    user = person(role, world)
    # when
    answers = (rule(user, world["kz_cso"]), rule(user, world["tj_cso"]))
    # then
    assert answers == EXPECTED[name].get(role, (False, False))


def test_forget_drops_cached_memberships(world):
    user = person_make()
    assert not permissions.is_org_member(user, world["kz_cso"])
    member_make(world["kz_cso"], user)
    assert not permissions.is_org_member(user, world["kz_cso"])  # still cached
    permissions.forget(user)
    assert permissions.is_org_member(user, world["kz_cso"])


def test_superuser_is_platform_admin_everywhere(world):
    user = person_make(is_superuser=True, is_staff=True)
    assert permissions.is_platform_admin(user, world["kz_cso"])
    assert permissions.is_platform_admin(user, world["tj_cso"])
    assert permissions.is_any_platform_admin(user)
