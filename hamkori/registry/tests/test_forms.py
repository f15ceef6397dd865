"""What a person meets in the registry's forms: only choices they may use, errors at the field,
nothing lost."""

from datetime import date

import pytest
from django.urls import reverse

from hamkori.accounts.models import MembershipRole
from hamkori.registry.models import OrganisationKind, OrganisationStatus
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_a_newcomer_is_offered_only_civil_society_kinds(client):
    _signed_in(client, user_make())
    form = client.get(reverse("registry:organisation-create")).context["form"]
    kinds = {value for value, _label in form.fields["kind"].choices}
    assert OrganisationKind.PUBLIC_ASSOCIATION in kinds
    assert OrganisationKind.MINISTRY not in kinds
    assert OrganisationKind.GRANT_OPERATOR not in kinds


def test_the_registration_date_can_be_set_later_on_the_edit_form(client):
    organisation = organisation_make(registered_on=None)
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    _signed_in(client, admin)
    edit = reverse("registry:organisation-edit", args=[organisation.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "areas"}
    data.update(registered_on="2016-04-05", region=organisation.region_id)

    response = client.post(edit, data)

    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.registered_on == date(2016, 4, 5)


def test_suspending_without_a_reason_is_refused_with_a_message(client):
    organisation = organisation_make()
    official = member_make(organisation_make(kind=OrganisationKind.MINISTRY, name_en="Ministry"))
    _signed_in(client, official)
    status_url = reverse("registry:organisation-status", args=[organisation.pk])

    response = client.post(status_url, {"status": "suspended", "reason": " "}, follow=True)

    assert "Give the reason for this status." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.ACTIVE


def test_a_negative_income_is_explained_at_the_field_not_as_a_constraint_name(client):
    organisation = organisation_make()
    admin = member_make(organisation, role=MembershipRole.ADMIN)
    _signed_in(client, admin)
    response = client.post(
        reverse("registry:annual-report-create", args=[organisation.pk]),
        {
            "year": 2025,
            "staff_count": 1,
            "volunteer_count": 0,
            "beneficiary_count": 10,
            "income": "-500",
            "summary": "",
        },
    )
    errors = response.context["form"].errors
    assert "income" in errors
    assert "annual_report_income_gte_0" not in response.content.decode()
