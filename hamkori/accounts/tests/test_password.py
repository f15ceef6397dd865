import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from conftest import message_text
from hamkori.accounts.tests.factories import PASSWORD, user_make
from hamkori.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "juniper-caravan-meadow-77"


def test_password_reset_end_to_end_through_real_smtp(client, smtp_server):
    # given
    user = user_make("farrukh@example.org", full_name="Farrukh Nazarov")
    # when the person asks for a link (address in another letter case)
    response = client.post(reverse("accounts:password-reset"), {"email": "Farrukh@Example.org"})
    # then they see the "sent" page and receive one e-mail with the link
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == "farrukh@example.org"
    assert message["Subject"] == "Set a new password on Hamkori"
    body = message_text(message)
    assert "Hello Farrukh Nazarov," in body
    link = re.search(r"https?://\S+", body).group(0)
    # when they follow the link and set a new password
    landing = client.get(urlsplit(link).path)
    assert landing.status_code == 302
    form_page = client.get(landing.url)
    assert form_page.context["validlink"] is True
    done = client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # then the password is set, audited, and works for signing in
    assert done.status_code == 302
    assert done.url == reverse("accounts:password-reset-complete")
    event = AuditEvent.objects.get(action="accounts.user.password_set")
    assert event.object_id == str(user.pk)
    assert event.changes == {"via": "reset"}
    client.post(
        reverse("accounts:login"), {"email": "farrukh@example.org", "password": NEW_PASSWORD}
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    # and the link cannot be used twice
    client.post(reverse("accounts:logout"))
    again = client.get(urlsplit(link).path, follow=True)
    assert again.context["validlink"] is False


def test_password_reset_refuses_a_weak_new_password(client, smtp_server):
    user_make("farrukh@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "farrukh@example.org"})
    link = re.search(r"https?://\S+", message_text(smtp_server.messages[0])).group(0)
    landing = client.get(urlsplit(link).path)
    response = client.post(
        landing.url, {"new_password1": "password1234", "new_password2": "password1234"}
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.user.password_set").exists()


def test_password_reset_of_unknown_address_shows_the_same_page_and_sends_nothing(
    client, smtp_server
):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert smtp_server.messages == []


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_password_change_keeps_the_person_signed_in(client):
    # given
    user = user_make("farrukh@example.org")
    client.force_login(user)
    # when
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.get(action="accounts.user.password_set").changes == {"via": "change"}


def test_password_change_with_wrong_old_password_is_refused(client):
    user = user_make("farrukh@example.org")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "not-it-at-all",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
