"""Services of the registry: create, update, claim, decide, report, status; their audit events."""

from datetime import date
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conftest import message_text
from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, RoleGrant
from hamkori.core.models import AuditEvent
from hamkori.registry import services
from hamkori.registry.models import AnnualReport, Organisation, OrganisationKind
from hamkori.registry.tests.factories import member_make, next_kz_bin, organisation_make, user_make

pytestmark = pytest.mark.django_db


def events(action: str):
    return AuditEvent.objects.filter(action=action)


def create(actor, **fields):
    defaults = {
        "jurisdiction": "KZ",
        "kind": OrganisationKind.PUBLIC_ASSOCIATION,
        "identifier": next_kz_bin(),
        "name_ru": "Общественное объединение «Қамқор»",
        "region": "KZ-71",
    }
    return services.organisation_create(actor=actor, **{**defaults, **fields})


def official(jurisdiction="KZ"):
    ministry = organisation_make(jurisdiction, kind=OrganisationKind.MINISTRY, name_en="Ministry")
    return member_make(ministry), ministry


def test_the_creator_of_an_organisation_becomes_its_admin():
    # given a person signed in
    person = user_make()
    bin_ = next_kz_bin()
    # when they register a CSO with a spaced identifier
    organisation = create(person, identifier=f"{bin_[:6]} {bin_[6:]}", areas=["health"])
    # then it is stored normalised, they administer it and the event is written
    assert organisation.identifier == bin_
    assert organisation.sector == "cso"
    assert Membership.objects.get(user=person, organisation=organisation).role == "admin"
    event = events("registry.organisation.create").get(object_id=str(organisation.pk))
    assert event.actor_id == person.pk
    assert event.changes["identifier"] == [None, bin_]
    assert event.changes["areas"] == [[], ["health"]]


def test_a_wrong_identifier_is_refused_with_its_reason():
    bin_ = next_kz_bin()
    with pytest.raises(ValidationError) as error:
        create(user_make(), identifier=bin_[:11] + str((int(bin_[11]) + 1) % 10))
    assert "check digit" in error.value.message_dict["identifier"][0]
    assert not events("registry.organisation.create").exists()


def test_a_duplicate_identifier_suggests_claiming_it():
    existing = organisation_make()
    with pytest.raises(ValidationError) as error:
        create(user_make(), identifier=existing.identifier)
    assert "claim it" in error.value.message_dict["identifier"][0]


def test_a_region_of_another_jurisdiction_is_refused():
    with pytest.raises(ValidationError) as error:
        create(user_make(), region="TJ-DU")
    assert "region" in error.value.message_dict


def test_only_platform_admins_register_state_bodies():
    with pytest.raises(PermissionDenied):
        create(user_make(), kind=OrganisationKind.MINISTRY)
    admin = user_make()
    RoleGrant.objects.create(user=admin, role="administrator")
    assert create(admin, kind=OrganisationKind.MINISTRY).sector == "state"


def test_an_admin_edits_the_profile_and_the_change_is_audited():
    admin = user_make()
    organisation = create(admin)
    services.organisation_update(
        actor=admin,
        organisation=organisation,
        name_kk="«Қамқор» қоғамдық бірлестігі",
        website="https://kamkor.kz",
        areas=["health", "children"],
    )
    organisation.refresh_from_db()
    assert "камкор" in organisation.search_text  # folded: "Қамқор" is found by "Камкор"
    event = events("registry.organisation.update").get()
    assert event.changes["website"] == ["", "https://kamkor.kz"]
    assert event.changes["areas"] == [[], ["children", "health"]]


def test_a_cso_member_cannot_edit_another_organisation():
    own = organisation_make()
    other = organisation_make()
    member = member_make(own, role=MembershipRole.ADMIN)
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=member, organisation=other, name_en="Taken over")
    assert not events("registry.organisation.update").exists()


def test_officials_edit_state_bodies_of_their_jurisdiction_but_not_csos():
    person, ministry = official()
    services.organisation_update(actor=person, organisation=ministry, phone="+7 7172 000000")
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=person, organisation=organisation_make(), phone="+7 7172 000000"
        )
    tj_ministry = organisation_make("TJ", kind=OrganisationKind.MINISTRY, name_en="Ministry")
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=person, organisation=tj_ministry, phone="1")


def test_a_failing_transaction_leaves_no_audit_event():
    admin = user_make()
    organisation = create(admin)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.organisation_update(actor=admin, organisation=organisation, name_en="Renamed")
        raise RuntimeError("a later step fails")
    assert AuditEvent.objects.count() == before
    assert Organisation.objects.get(pk=organisation.pk).name_en == ""


def test_a_claim_waits_and_cannot_be_repeated():
    organisation = organisation_make()
    person = user_make()
    claim = services.organisation_claim(
        actor=person, organisation=organisation, message="I lead it"
    )
    # nobody administers it yet, so the claimant asks to become its admin
    assert (claim.status, claim.role) == (MembershipStatus.PENDING, MembershipRole.ADMIN)
    with pytest.raises(ValidationError, match="already claimed"):
        services.organisation_claim(actor=person, organisation=organisation)
    member = member_make(organisation)
    with pytest.raises(ValidationError, match="already a member"):
        services.organisation_claim(actor=member, organisation=organisation)
    assert events("registry.membership.claim").count() == 1


def test_approval_by_the_admin_mails_the_claimant(smtp_server, django_capture_on_commit_callbacks):
    # given an organisation with an admin and a claim
    admin = user_make()
    organisation = create(admin)
    claimant = user_make(preferred_language="en")
    claim = services.organisation_claim(actor=claimant, organisation=organisation)
    assert claim.role == MembershipRole.MEMBER
    # when the admin approves it
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(actor=admin, membership=claim, approve=True)
    # then the claimant is a member and told so by e-mail
    claim.refresh_from_db()
    assert claim.status == MembershipStatus.ACTIVE and claim.decided_by == admin
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == claimant.email
    assert "approved" in str(make_header(decode_header(message["Subject"])))
    assert events("registry.membership.approve").get().changes["status"] == ["pending", "active"]


def test_a_rejection_needs_a_reason_which_is_mailed(
    smtp_server, django_capture_on_commit_callbacks
):
    person, _ministry = official()
    organisation = organisation_make()
    claim = services.organisation_claim(actor=user_make(), organisation=organisation)
    with pytest.raises(ValidationError):
        services.membership_decide(actor=person, membership=claim, approve=False, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            actor=person, membership=claim, approve=False, reason="Not on the board"
        )
    assert "Not on the board" in message_text(smtp_server.messages[0])
    with pytest.raises(ValidationError, match="already been decided"):
        services.membership_decide(actor=person, membership=claim, approve=True)


def test_nobody_decides_a_claim_without_the_right(smtp_server):
    organisation = organisation_make()
    claimant = user_make()
    claim = services.organisation_claim(actor=claimant, organisation=organisation)
    outsider = member_make(organisation_make(), role=MembershipRole.ADMIN)
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=outsider, membership=claim, approve=True)
    tj_official, _ = official("TJ")
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=tj_official, membership=claim, approve=True)
    assert smtp_server.messages == []


def test_an_admin_submits_one_report_per_year():
    admin = user_make()
    organisation = create(admin)
    report = services.annual_report_submit(
        actor=admin,
        organisation=organisation,
        year=2025,
        submitted_on=date(2026, 3, 2),
        beneficiary_count=120,
        income=1_500_000,
    )
    assert report.currency == "KZT" and report.on_time
    with pytest.raises(ValidationError):
        services.annual_report_submit(actor=admin, organisation=organisation, year=2025)
    with pytest.raises(ValidationError):
        services.annual_report_submit(
            actor=admin, organisation=organisation, year=2026, submitted_on=date(2026, 5, 1)
        )
    with pytest.raises(PermissionDenied):
        services.annual_report_submit(
            actor=member_make(organisation), organisation=organisation, year=2024
        )
    assert AnnualReport.objects.count() == 1
    assert events("registry.annual_report.submit").get().organisation_id == organisation.pk


def test_officials_suspend_organisations_and_cso_admins_cannot():
    admin = user_make()
    organisation = create(admin)
    with pytest.raises(PermissionDenied):
        services.organisation_set_status(actor=admin, organisation=organisation, status="suspended")
    person, _ = official()
    services.organisation_set_status(
        actor=person, organisation=organisation, status="suspended", reason="court order"
    )
    organisation.refresh_from_db()
    assert organisation.status == "suspended"
    event = events("registry.organisation.status").get()
    assert event.changes == {"status": ["active", "suspended"], "reason": "court order"}
