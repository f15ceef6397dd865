from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts import services
from hamkori.accounts.models import LoginFailure
from hamkori.accounts.tests.factories import PASSWORD, user_make

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def limit(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_IP_FAILURE_LIMIT = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900
    return 3


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_with_right_password_signs_in_and_uses_preferred_language(client):
    # given
    user = user_make("aigul@example.org", preferred_language="kk")
    # when
    response = client.post(LOGIN, {"email": "Aigul@Example.org", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
    assert signed_in_user_id(client) == str(user.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"


def test_login_with_wrong_password_is_refused_and_counted(client):
    # given
    user_make("aigul@example.org")
    # when
    response = client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    # then
    assert response.status_code == 200
    assert "The e-mail address or the password is not right." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert LoginFailure.objects.filter(email="aigul@example.org", ip="127.0.0.1").count() == 1


def test_login_of_unknown_address_gives_the_same_error(client):
    response = client.post(LOGIN, {"email": "nobody@example.org", "password": PASSWORD})
    assert "The e-mail address or the password is not right." in response.content.decode()


def test_lock_out_refuses_even_the_right_password_and_says_when(client, limit):
    # given
    user_make("aigul@example.org")
    for _ in range(limit):
        client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    # when
    response = client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert "Too many failed sign-in attempts. Try again in 15 minutes, after" in page
    # attempts while locked are not counted, so a locked person cannot extend the lock
    assert LoginFailure.objects.count() == limit


def test_the_attempt_that_reaches_the_limit_already_says_locked(client, limit):
    user_make("aigul@example.org")
    for _ in range(limit - 1):
        client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    response = client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_lock_out_counts_the_address_whatever_its_letter_case(client, limit):
    user_make("aigul@example.org")
    for n in range(limit):
        client.post(
            LOGIN,
            {"email": "AIGUL@example.org", "password": "wrong-password-1"},
            REMOTE_ADDR=f"10.0.0.{n + 1}",
        )
    response = client.post(
        LOGIN, {"email": "aigul@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1"
    )
    assert signed_in_user_id(client) is None
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_lock_out_per_client_address_covers_other_accounts(client, limit, settings):
    # given failures for several addresses from one client, up to the client's own limit
    user_make("target@example.org")
    for n in range(settings.LOGIN_IP_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"email": f"guess{n}@example.org", "password": "wrong-password-1"},
            REMOTE_ADDR="10.9.9.9",
        )
    # when that client tries a real account with its right password
    locked = client.post(
        LOGIN, {"email": "target@example.org", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    # then it is refused, while another client still gets in
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert signed_in_user_id(client) is None
    client.post(
        LOGIN, {"email": "target@example.org", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert signed_in_user_id(client) is not None


def test_a_shared_client_address_is_not_locked_by_the_per_address_limit(client, limit):
    # given an office behind one address where three colleagues each mistype once
    user_make("target@example.org")
    for n in range(limit):
        client.post(
            LOGIN,
            {"email": f"colleague{n}@example.org", "password": "wrong-password-1"},
            REMOTE_ADDR="10.9.9.9",
        )
    # when a fourth colleague signs in from the same address
    client.post(
        LOGIN, {"email": "target@example.org", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    # then the client limit (higher than the per-address one) has not been reached
    assert signed_in_user_id(client) is not None


def test_lock_out_expires(client, limit):
    # given a lock-out that started longer ago than the lock-out period
    user = user_make("aigul@example.org")
    for _ in range(limit):
        client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    LoginFailure.objects.update(at=F("at") - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
    # when
    client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    # then
    assert signed_in_user_id(client) == str(user.pk)


def test_success_clears_the_failures_of_the_address_only(client, limit):
    user_make("aigul@example.org")
    client.post(LOGIN, {"email": "aigul@example.org", "password": "wrong-password-1"})
    client.post(LOGIN, {"email": "other@example.org", "password": "wrong-password-1"})
    client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_locked_until_is_when_the_oldest_counted_failure_leaves_the_window(limit):
    # given failures at -600 s, -300 s and now (limit 3, window 900 s)
    now = timezone.now()
    for seconds in (600, 300, 0):
        LoginFailure.objects.create(email="a@example.org", at=now - timedelta(seconds=seconds))
    # when / then
    until = services.login_locked_until(email="a@example.org", ip=None, now=now)
    assert until == now + timedelta(seconds=300)
    assert services.login_locked_until(email="b@example.org", ip=None, now=now) is None


def test_recording_a_failure_prunes_rows_that_no_longer_count(limit):
    old = LoginFailure.objects.create(
        email="a@example.org", at=timezone.now() - timedelta(seconds=901)
    )
    services.login_failure_record(email="b@example.org", ip="10.0.0.1")
    assert not LoginFailure.objects.filter(pk=old.pk).exists()
    assert LoginFailure.objects.count() == 1


def test_session_expires_at_browser_close_and_after_the_cookie_age(client, settings):
    # given
    settings.SESSION_COOKIE_AGE = 3600
    user_make("aigul@example.org")
    # when
    response = client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    # then the cookie has no lifetime (gone with the browser) and the server keeps it one hour
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
    stored = Session.objects.get(session_key=cookie.value)
    remaining = (stored.expire_date - timezone.now()).total_seconds()
    assert 3500 < remaining <= 3600


def test_an_expired_session_is_signed_out(client):
    # given
    user_make("aigul@example.org")
    client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    # when
    response = client.get(reverse("accounts:me"))
    # then
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_logout_requires_post(client):
    # given
    user_make("aigul@example.org")
    client.post(LOGIN, {"email": "aigul@example.org", "password": PASSWORD})
    # when
    refused = client.get(reverse("accounts:logout"))
    # then
    assert refused.status_code == 405
    assert signed_in_user_id(client) is not None
    # and a POST signs out
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_signed_in_person_opening_login_goes_to_their_account(client):
    user = user_make("aigul@example.org")
    client.force_login(user)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("accounts:me")
