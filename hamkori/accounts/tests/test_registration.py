import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamkori.accounts import services
from hamkori.accounts.models import User
from hamkori.accounts.tests.factories import user_make
from hamkori.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
GOOD_PASSWORD = "steppe-lantern-orchard-91"


def form(**overrides):
    data = {
        "email": "dilnoza@example.org",
        "full_name": "Dilnoza Karimova",
        "preferred_language": "tg",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def test_registration_creates_the_account_signs_in_and_switches_language(client):
    # when
    response = client.post(REGISTER, form(email="Dilnoza@Example.org"))
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    user = User.objects.get()
    assert user.email == "dilnoza@example.org"
    assert user.full_name == "Dilnoza Karimova"
    assert user.preferred_language == "tg"
    assert user.check_password(GOOD_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tg"


def test_registration_writes_an_audit_event_without_the_password(client):
    client.post(REGISTER, form())
    event = AuditEvent.objects.get(action="accounts.user.register")
    user = User.objects.get()
    assert event.actor_id == user.pk
    assert event.object_id == str(user.pk)
    assert event.changes["preferred_language"] == "tg"
    assert "password" not in event.changes


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"password1": "Short-pw-1", "password2": "Short-pw-1"},
            "password1",
            "This password is too short. It must contain at least 12 characters.",
        ),
        (
            {"password1": "password1234", "password2": "password1234"},
            "password1",
            "This password is too common.",
        ),
        (
            {"password1": "dilnoza.example", "password2": "dilnoza.example"},
            "password1",
            "The password is too similar to the e-mail.",
        ),
        (
            {"password2": "another-steppe-lantern-92"},
            "password2",
            "The two passwords differ.",
        ),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"preferred_language": "de"}, "preferred_language", "Select a valid choice."),
    ],
)
def test_registration_errors_are_shown_and_nothing_is_created(client, overrides, field, message):
    # when
    response = client.post(REGISTER, form(**overrides))
    # then
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_registration_refuses_an_address_taken_in_another_letter_case(client):
    # given
    user_make("dilnoza@example.org")
    # when
    response = client.post(REGISTER, form(email="DILNOZA@example.ORG"))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address already exists."
    ]
    assert User.objects.count() == 1


def test_user_register_service_enforces_its_rules_without_a_form():
    user_make("dilnoza@example.org")
    with pytest.raises(ValidationError) as duplicate:
        services.user_register(
            email="Dilnoza@example.org",
            full_name="D",
            preferred_language="tg",
            password=GOOD_PASSWORD,
        )
    assert "email" in duplicate.value.message_dict
    with pytest.raises(ValidationError):
        services.user_register(
            email="new@example.org", full_name="N", preferred_language="tg", password="short"
        )
    with pytest.raises(ValidationError):
        services.user_register(
            email="new@example.org", full_name="N", preferred_language="xx", password=GOOD_PASSWORD
        )
    assert User.objects.count() == 1
    assert not AuditEvent.objects.filter(action="accounts.user.register").exists()


def test_signed_in_person_opening_register_goes_to_their_account(client):
    client.force_login(user_make())
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")


def test_register_page_has_labelled_fields(client):
    page = client.get(REGISTER).content.decode()
    for name in ("email", "full_name", "preferred_language", "password1", "password2"):
        assert f'<label for="id_{name}">' in page


def test_the_language_field_starts_with_the_language_the_page_is_read_in(client):
    response = client.get(reverse("accounts:register"), HTTP_ACCEPT_LANGUAGE="tg")
    form = response.context["form"]
    assert form["preferred_language"].value() == "tg"
