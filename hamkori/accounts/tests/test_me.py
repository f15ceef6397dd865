import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.accounts.models import MembershipRole, MembershipStatus, PlatformRole
from hamkori.accounts.tests.factories import (
    grant_make,
    member_make,
    organisation_make,
    user_make,
)
from hamkori.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ME = reverse("accounts:me")


def test_me_requires_sign_in(client):
    response = client.get(ME)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={ME}"


def test_me_shows_own_memberships_roles_and_links(client, reference_data):
    # given
    person = user_make("aigul@example.org", full_name="Aigul Serikova")
    mine = organisation_make("KZ", name_en="Steppe Aid", name_ru="Степная помощь")
    claimed = organisation_make("TJ", name_en="Pamir Hope", name_ru="Надежда Памира")
    member_make(mine, person, role=MembershipRole.ADMIN)
    member_make(claimed, person, status=MembershipStatus.PENDING)
    grant_make(person, PlatformRole.EXPERT, "KZ")
    # and somebody else's organisation and role
    other = user_make("bolat@example.org", full_name="Bolat Other")
    member_make(organisation_make("KZ", name_en="Not Mine"), other)
    grant_make(other, PlatformRole.AUDITOR)
    client.force_login(person)
    # when
    page = client.get(ME).content.decode()
    # then
    assert "Aigul Serikova" in page
    assert "aigul@example.org" in page
    assert reverse("registry:organisation-detail", args=[mine.pk]) in page
    assert "Steppe Aid" in page
    assert "Pamir Hope" in page
    assert "waiting for approval" in page
    assert "administrator" in page
    assert "expert" in page
    assert reverse("registry:organisation-create") in page
    assert reverse("registry:organisation-claim") in page
    assert "Bolat" not in page
    assert "bolat@example.org" not in page
    assert "Not Mine" not in page
    assert "auditor" not in page


def query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ME)
    assert response.status_code == 200
    return len(queries)


def test_me_runs_the_same_number_of_queries_with_1_and_20_memberships(client, reference_data):
    # given
    person = user_make()
    client.force_login(person)
    member_make(organisation_make("KZ"), person)
    grant_make(person, PlatformRole.EXPERT)
    with_one = query_count(client)
    for n in range(19):
        member_make(
            organisation_make("TJ" if n % 2 else "KZ"),
            person,
            status=MembershipStatus.PENDING if n % 3 else MembershipStatus.ACTIVE,
        )
    grant_make(person, PlatformRole.AUDITOR, "TJ")
    # when
    with_twenty = query_count(client)
    # then
    assert person.memberships.count() == 20
    assert with_twenty == with_one


def test_me_updates_the_profile_and_audits_it(client):
    # given
    person = user_make("aigul@example.org", full_name="Aigul", preferred_language="ru")
    client.force_login(person)
    # when
    response = client.post(
        ME, {"full_name": "Aigul Serikova", "phone": "+7 701 123 45 67", "preferred_language": "kk"}
    )
    # then
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    person.refresh_from_db()
    assert (person.full_name, person.phone, person.preferred_language) == (
        "Aigul Serikova",
        "+7 701 123 45 67",
        "kk",
    )
    event = AuditEvent.objects.get(action="accounts.user.update")
    assert event.actor_id == person.pk
    assert event.changes["full_name"] == ["Aigul", "Aigul Serikova"]
    # and the next page is in the chosen language
    assert '<html lang="kk">' in client.get(ME).content.decode()


def test_me_refuses_a_bad_phone_and_keeps_the_profile(client):
    person = user_make(full_name="Aigul")
    client.force_login(person)
    response = client.post(
        ME, {"full_name": "Aigul S", "phone": "call me maybe", "preferred_language": "en"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    person.refresh_from_db()
    assert person.full_name == "Aigul"
    assert not AuditEvent.objects.filter(action="accounts.user.update").exists()


def test_me_profile_form_answers_htmx_with_the_form_only(client):
    client.force_login(user_make())
    response = client.post(
        ME, {"full_name": "", "preferred_language": "en"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<form")
    assert "<html" not in page


def test_saving_unchanged_profile_writes_no_event(client):
    person = user_make(full_name="Aigul", preferred_language="en")
    client.force_login(person)
    client.post(ME, {"full_name": "Aigul", "phone": "", "preferred_language": "en"})
    assert not AuditEvent.objects.filter(action="accounts.user.update").exists()


def test_me_profile_saved_through_htmx_reloads_the_whole_page(client):
    client.force_login(user_make(full_name="Aigul"))
    response = client.post(
        ME,
        {"full_name": "Aigul S", "phone": "", "preferred_language": "ru"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == ME
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
