import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.core.audit import audit_record
from hamkori.registry.tests.factories import organisation_make, user_make

pytestmark = pytest.mark.django_db
URL = reverse("core:audit-list")


def _events(n):
    organisation = organisation_make()
    with transaction.atomic():
        for i in range(n):
            audit_record(actor=None, action="test.change", obj=organisation, changes={"i": i})
    return organisation


def _auditor():
    user = user_make()
    RoleGrant.objects.create(user=user, role=PlatformRole.AUDITOR)
    return user


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_citizen_gets_not_found(client):
    client.force_login(user_make())
    assert client.get(URL).status_code == 404


def test_an_auditor_sees_events_and_can_verify_the_chain(client):
    organisation = _events(3)
    client.force_login(_auditor())

    response = client.get(URL, {"object_type": "registry.organisation", "verify": "1"})

    assert response.status_code == 200
    assert str(organisation) in response.content.decode()
    assert "The audit trail is intact." in response.content.decode()


def test_a_broken_chain_is_shown_to_the_auditor(client):
    _events(3)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'forged' WHERE position = 2")
    client.force_login(_auditor())

    response = client.get(URL, {"verify": "1"})

    assert "The audit trail is broken" in response.content.decode()


@pytest.mark.parametrize("size", [10, 120])
def test_list_runs_a_constant_number_of_queries(client, size):
    _events(size)
    client.force_login(_auditor())
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    # session, user, role grants, memberships (header), count, page of events
    assert len(queries) == 6, [q["sql"] for q in queries]
