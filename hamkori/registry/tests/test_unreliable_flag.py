"""The unreliable-supplier flag: officials set and lift it with a reason, audited; others
may not; the organisation page shows it and the form."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamkori.core.models import AuditEvent
from hamkori.registry.models import OrganisationKind, UnreliableSupplierFlag
from hamkori.registry.services import organisation_flag_unreliable, organisation_unflag_unreliable
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def official():
    return member_make(organisation_make("KZ", kind=OrganisationKind.MINISTRY))


def test_official_flags_and_lifts_with_reasons(official):
    organisation = organisation_make("KZ")

    flag = organisation_flag_unreliable(
        actor=official, organisation=organisation, reason="Contract broken"
    )
    organisation_unflag_unreliable(actor=official, organisation=organisation, reason="Settled")

    flag.refresh_from_db()
    assert flag.lifted_by == official
    assert flag.lift_reason == "Settled"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "registry.organisation.flag_unreliable",
        "registry.organisation.unflag_unreliable",
    } <= actions


def test_a_reason_is_required_and_one_flag_is_open_at_a_time(official):
    organisation = organisation_make("KZ")

    with pytest.raises(ValidationError):
        organisation_flag_unreliable(actor=official, organisation=organisation, reason=" ")
    organisation_flag_unreliable(actor=official, organisation=organisation, reason="First")
    with pytest.raises(ValidationError):
        organisation_flag_unreliable(actor=official, organisation=organisation, reason="Again")

    assert UnreliableSupplierFlag.objects.filter(organisation=organisation).count() == 1


def test_cso_members_and_officials_of_another_jurisdiction_may_not_flag():
    organisation = organisation_make("KZ")
    cso_member = member_make(organisation_make("KZ"))
    tj_official = member_make(organisation_make("TJ", kind=OrganisationKind.MINISTRY))

    for actor in (cso_member, tj_official):
        with pytest.raises(PermissionDenied):
            organisation_flag_unreliable(actor=actor, organisation=organisation, reason="No")

    assert not UnreliableSupplierFlag.objects.exists()


def test_the_organisation_page_flags_through_its_form(client, official):
    organisation = organisation_make("KZ")
    client.login(email=official.email, password=PASSWORD)
    page = reverse("registry:organisation-detail", args=[organisation.pk])

    before = client.get(page)
    client.post(
        reverse("registry:organisation-unreliable", args=[organisation.pk]),
        {"action": "flag", "reason": "Did not deliver the services"},
    )
    after = client.get(page)

    assert b"Flag as an unreliable supplier" in before.content
    assert b"Did not deliver the services" in after.content
    assert b"Lift the unreliable-supplier flag" in after.content
