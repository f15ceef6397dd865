import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts import services
from hamkori.accounts.models import MembershipRole, PlatformRole, RoleGrant
from hamkori.accounts.permissions import is_auditor
from hamkori.accounts.tests.factories import (
    grant_make,
    member_make,
    organisation_make,
    person_make,
)
from hamkori.core.models import AuditEvent
from hamkori.rules.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    user = person_make()
    grant_make(user, PlatformRole.ADMINISTRATOR)
    return user


def kz():
    return Jurisdiction.objects.get(code="KZ")


def test_role_grant_by_platform_admin_is_saved_audited_and_effective(admin, reference_data):
    # given
    person = person_make()
    organisation = organisation_make("KZ")
    assert not is_auditor(person, organisation)
    # when
    grant = services.role_grant(
        actor=admin, user=person, role=PlatformRole.AUDITOR, jurisdiction=kz()
    )
    # then
    assert grant.granted_by == admin
    assert is_auditor(person, organisation)
    event = AuditEvent.objects.get(action="accounts.role.grant")
    assert event.actor_id == admin.pk
    assert event.changes == {"user": person.pk, "role": "auditor", "jurisdiction": "KZ"}


@pytest.mark.parametrize("who", ["citizen", "cso_admin", "official", "auditor"])
def test_role_grant_refused_for_non_admins(who, reference_data):
    # given
    actor = person_make()
    if who == "cso_admin":
        member_make(organisation_make("KZ"), actor, role=MembershipRole.ADMIN)
    elif who == "official":
        member_make(organisation_make("KZ", kind="ministry"), actor, role=MembershipRole.ADMIN)
    elif who == "auditor":
        grant_make(actor, PlatformRole.AUDITOR)
    # when / then
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=actor, user=actor, role=PlatformRole.ADMINISTRATOR)
    assert not RoleGrant.objects.filter(role=PlatformRole.ADMINISTRATOR).exists()
    assert not AuditEvent.objects.filter(action="accounts.role.grant").exists()


def test_jurisdiction_admin_grants_only_in_their_jurisdiction(reference_data):
    tj_admin = person_make()
    grant_make(tj_admin, PlatformRole.ADMINISTRATOR, "TJ")
    person = person_make()
    services.role_grant(
        actor=tj_admin,
        user=person,
        role=PlatformRole.EXPERT,
        jurisdiction=Jurisdiction.objects.get(code="TJ"),
    )
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=tj_admin, user=person, role=PlatformRole.EXPERT, jurisdiction=kz()
        )
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=tj_admin, user=person, role=PlatformRole.EXPERT)
    assert list(person.role_grants.values_list("jurisdiction_id", flat=True)) == ["TJ"]


def test_role_grant_twice_is_refused_even_without_jurisdiction(admin):
    person = person_make()
    services.role_grant(actor=admin, user=person, role=PlatformRole.EXPERT)
    with pytest.raises(ValidationError):
        services.role_grant(actor=admin, user=person, role=PlatformRole.EXPERT)
    assert person.role_grants.count() == 1


def test_role_grant_of_unknown_role_is_refused(admin):
    with pytest.raises(ValidationError):
        services.role_grant(actor=admin, user=person_make(), role="emperor")


def test_role_revoke_removes_and_audits(admin, reference_data):
    person = person_make()
    grant = services.role_grant(actor=admin, user=person, role=PlatformRole.AUDITOR)
    assert is_auditor(person, organisation_make("KZ"))
    services.role_revoke(actor=admin, grant=grant)
    assert not person.role_grants.exists()
    assert not is_auditor(person, organisation_make("KZ"))
    assert AuditEvent.objects.get(action="accounts.role.revoke").changes["role"] == "auditor"


def test_role_revoke_refused_for_non_admins_and_for_own_admin_role(admin):
    grant = grant_make(person_make(), PlatformRole.EXPERT)
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=person_make(), grant=grant)
    own = admin.role_grants.get()
    with pytest.raises(ValidationError):
        services.role_revoke(actor=admin, grant=own)
    assert RoleGrant.objects.count() == 2


def test_user_update_of_someone_else_needs_a_platform_admin(admin):
    person = person_make(full_name="Before")
    with pytest.raises(PermissionDenied):
        services.user_update(
            actor=person_make(), user=person, full_name="X", phone="", preferred_language="en"
        )
    services.user_update(
        actor=admin, user=person, full_name="After", phone="", preferred_language="en"
    )
    person.refresh_from_db()
    assert person.full_name == "After"
    assert AuditEvent.objects.get(action="accounts.user.update").actor_id == admin.pk


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "refusal"), [("accounts:user-list", 403), ("accounts:user-roles", 404)]
)
def test_people_pages_are_for_administrators_only(client, url, refusal):
    person = person_make()
    args = [person.pk] if url == "accounts:user-roles" else []
    assert client.get(reverse(url, args=args)).status_code == 302  # anonymous: sign in first
    client.force_login(person)
    assert client.get(reverse(url, args=args)).status_code == refusal


def test_admin_grants_and_revokes_through_the_pages(client, admin, reference_data):
    # given
    person = person_make(full_name="Zarina Expert")
    client.force_login(admin)
    # when
    response = client.post(
        reverse("accounts:user-roles", args=[person.pk]),
        {"role": PlatformRole.EXPERT, "jurisdiction": "TJ"},
    )
    # then
    assert response.status_code == 302
    grant = person.role_grants.get()
    assert (grant.role, grant.jurisdiction_id) == ("expert", "TJ")
    page = client.get(reverse("accounts:user-list"), {"q": "zarina"}).content.decode()
    assert "Zarina Expert" in page
    assert "expert · TJ" in page
    # when revoked
    client.post(reverse("accounts:role-revoke", args=[grant.pk]))
    assert not person.role_grants.exists()


def test_duplicate_grant_through_the_page_shows_an_error(client, admin):
    person = person_make()
    grant_make(person, PlatformRole.EXPERT)
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user-roles", args=[person.pk]), {"role": PlatformRole.EXPERT}
    )
    assert response.status_code == 200
    assert "This person already has this role." in response.content.decode()


def test_revoke_by_non_admin_is_forbidden(client):
    grant = grant_make(person_make(), PlatformRole.EXPERT)
    client.force_login(person_make())
    response = client.post(reverse("accounts:role-revoke", args=[grant.pk]))
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def user_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:user-list"))
    assert response.status_code == 200
    return len(queries)


def test_user_list_query_count_does_not_grow_with_people(client, admin):
    client.force_login(admin)
    grant_make(person_make(), PlatformRole.EXPERT)
    few = user_list_queries(client)
    for n in range(30):
        grant_make(person_make(), PlatformRole.AUDITOR if n % 2 else PlatformRole.EXPERT)
    assert user_list_queries(client) == few
