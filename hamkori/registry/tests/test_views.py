"""The forms of the registry through their pages: create, edit, claim, decide, report, status,
audit trail — each URL with its permission."""

import pytest
from django.urls import reverse

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, RoleGrant
from hamkori.core.models import AuditEvent
from hamkori.registry import services
from hamkori.registry.models import AnnualReport, Organisation, OrganisationKind
from hamkori.registry.tests.factories import (
    PASSWORD,
    member_make,
    next_kz_bin,
    organisation_make,
    user_make,
)

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def url(name, *args):
    return reverse(f"registry:{name}", args=args)


@pytest.mark.parametrize("name", ["organisation-create", "organisation-claim", "claim-list"])
def test_forms_ask_strangers_to_sign_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_registering_an_organisation_through_the_page(client):
    person = user_make()
    identifier = next_kz_bin()
    response = signed_in(client, person).post(
        url("organisation-create"),
        {
            "jurisdiction": "KZ",
            "kind": "foundation",
            "identifier": identifier,
            "name_ru": "Фонд «Болашақ»",
            "region": "KZ-75",
            "areas": ["children"],
        },
    )
    organisation = Organisation.objects.get(identifier=identifier)
    assert response.status_code == 302
    assert response["Location"] == url("organisation-detail", organisation.pk)
    assert list(organisation.areas.values_list("code", flat=True)) == ["children"]


def test_a_duplicate_on_the_page_points_to_the_claim(client):
    existing = organisation_make()
    response = signed_in(client, user_make()).post(
        url("organisation-create"),
        {
            "jurisdiction": "KZ",
            "kind": "foundation",
            "identifier": existing.identifier,
            "name_ru": "Дубликат",
            "region": "KZ-75",
        },
    )
    assert response.status_code == 200
    assert "claim it instead" in response.content.decode()


def test_an_admin_edits_the_profile_through_the_page(client):
    organisation = organisation_make()
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    page = signed_in(client, admin).get(url("organisation-edit", organisation.pk))
    assert page.status_code == 200
    response = client.post(
        url("organisation-edit", organisation.pk),
        {"name_en": "Renamed", "region": "KZ-71", "areas": ["health"], "email": "a@b.kz"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_en == "Renamed" and organisation.email == "a@b.kz"


def test_a_cso_member_cannot_edit_another_organisation_through_the_page(client):
    other = organisation_make(name_en="Other")
    intruder = member_make(organisation_make(), role=MembershipRole.ADMIN)
    signed_in(client, intruder)
    assert client.get(url("organisation-edit", other.pk)).status_code == 403
    response = client.post(url("organisation-edit", other.pk), {"name_en": "Taken"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name_en == "Other"


def test_claiming_by_identifier_through_the_page(client):
    organisation = organisation_make()
    person = user_make()
    signed_in(client, person)
    unknown = client.post(
        url("organisation-claim"), {"jurisdiction": "KZ", "identifier": next_kz_bin()}
    )
    assert "No organisation with this identifier" in unknown.content.decode()
    response = client.post(
        url("organisation-claim"),
        {"jurisdiction": "KZ", "identifier": organisation.identifier, "message": "I chair it"},
    )
    assert response.status_code == 302
    claim = Membership.objects.get(user=person, organisation=organisation)
    assert (claim.status, claim.message) == (MembershipStatus.PENDING, "I chair it")


def test_the_claim_list_shows_and_decides_what_the_user_may_decide(
    client, smtp_server, django_capture_on_commit_callbacks
):
    # given two claims: one on an organisation the admin runs, one elsewhere
    organisation = organisation_make()
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    claimant = user_make(full_name="Aigerim Claimant")
    mine = services.organisation_claim(actor=claimant, organisation=organisation)
    services.organisation_claim(
        actor=user_make(full_name="Other Claimant"), organisation=organisation_make()
    )
    signed_in(client, admin)
    page = client.get(url("claim-list")).content.decode()
    assert "Aigerim Claimant" in page and "Other Claimant" not in page
    # when the admin rejects one without and then with a reason
    client.post(url("claim-list"), {"claim": mine.pk, "decision": "reject", "reason": ""})
    mine.refresh_from_db()
    assert mine.status == MembershipStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("claim-list"), {"claim": mine.pk, "decision": "approve", "reason": ""})
    mine.refresh_from_db()
    assert mine.status == MembershipStatus.ACTIVE
    assert len(smtp_server.messages) == 1


def test_a_mistyped_identifier_is_called_invalid_not_unregistered(client):
    signed_in(client, user_make())
    response = client.post(
        url("organisation-claim"), {"jurisdiction": "KZ", "identifier": "150340000012"}
    )
    text = response.content.decode()
    assert "check digit" in text
    assert "No organisation with this identifier" not in text


def test_the_open_data_identifier_can_be_pasted_into_the_claim(client):
    organisation = organisation_make()
    person = user_make()
    signed_in(client, person)
    response = client.post(
        url("organisation-claim"),
        {"jurisdiction": "KZ", "identifier": organisation.org_id, "message": ""},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=organisation).exists()


def test_a_claim_outside_ones_reach_is_404(client):
    claim = services.organisation_claim(actor=user_make(), organisation=organisation_make())
    stranger = member_make(organisation_make(), role=MembershipRole.ADMIN)
    response = signed_in(client, stranger).post(
        url("claim-list"), {"claim": claim.pk, "decision": "approve"}
    )
    assert response.status_code == 404


def test_the_admin_submits_a_report_through_the_page(client):
    organisation = organisation_make()
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    signed_in(client, admin)
    response = client.post(
        url("annual-report-create", organisation.pk),
        {
            "year": 2024,
            "staff_count": 3,
            "volunteer_count": 10,
            "beneficiary_count": 200,
            "income": "1000000.00",
            "summary": "Summer camps",
        },
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get(organisation=organisation).beneficiary_count == 200
    member = member_make(organisation)
    signed_in(client, member)
    assert client.get(url("annual-report-create", organisation.pk)).status_code == 403


def test_an_official_changes_the_status_through_the_page(client):
    organisation = organisation_make()
    official = member_make(organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry"))
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    signed_in(client, admin)
    assert (
        client.post(
            url("organisation-status", organisation.pk), {"status": "suspended"}
        ).status_code
        == 403
    )
    signed_in(client, official)
    client.post(url("organisation-status", organisation.pk), {"status": "suspended", "reason": "x"})
    organisation.refresh_from_db()
    assert organisation.status == "suspended"


@pytest.mark.parametrize(
    ("viewer_kind", "status"),
    [("public", 404), ("cso_admin", 404), ("official", 200), ("auditor", 200), ("admin", 200)],
)
def test_the_audit_trail_is_for_officials_auditors_and_admins(client, viewer_kind, status):
    person = user_make()
    organisation = services.organisation_create(
        actor=person,
        jurisdiction="KZ",
        kind="foundation",
        identifier=next_kz_bin(),
        name_en="Audited",
        region="KZ-71",
    )
    viewers = {
        "public": None,
        "cso_admin": person,
        "official": member_make(organisation_make(kind=OrganisationKind.MINISTRY, name_en="M")),
        "auditor": RoleGrant.objects.create(user=user_make(), role="auditor").user,
        "admin": RoleGrant.objects.create(user=user_make(), role="administrator").user,
    }
    if viewers[viewer_kind]:
        signed_in(client, viewers[viewer_kind])
    response = client.get(url("organisation-audit", organisation.pk))
    assert response.status_code == status
    if status == 200:
        assert "registry.organisation.create" in response.content.decode()
        assert AuditEvent.objects.filter(object_id=str(organisation.pk)).exists()
