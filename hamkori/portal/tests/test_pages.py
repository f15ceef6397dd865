import pytest
from django.test import Client
from django.urls import reverse

from hamkori.registry.models import OrganisationKind
from hamkori.registry.tests.factories import organisation_make

pytestmark = pytest.mark.django_db


def test_home_counts_organisations_by_sector(client):
    organisation_make()
    organisation_make()
    organisation_make(kind=OrganisationKind.MINISTRY)

    response = client.get(reverse("portal:home"))

    text = response.content.decode()
    assert "2 civil-society organisations" in text
    assert "1 state body" in text


def test_browser_language_is_honoured_and_russian_is_the_default(client, settings):
    settings.LANGUAGE_CODE = "ru"
    assert 'lang="ru"' in client.get("/").content.decode()
    kazakh = client.get("/", HTTP_ACCEPT_LANGUAGE="kk-KZ,kk;q=0.9")
    assert 'lang="kk"' in kazakh.content.decode()
    assert "Ұйымдар" in kazakh.content.decode()


def test_not_found_page_has_the_layout_and_speaks_the_readers_language(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="tg")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Саҳифа ёфт нашуд" in text
    assert 'href="#main"' in text  # the skip link of the layout


def test_an_expired_form_is_explained_not_a_bare_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"email": "a@example.org"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_health_check_answers_ok(client):
    response = client.get(reverse("portal:healthz"))
    assert response.json() == {"status": "ok"}
