"""The start page, the editor, autosave and its conflicts, as a person uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hamkori.applications.content import empty_content
from hamkori.applications.models import Application
from hamkori.applications.tests.factories import (
    application_make,
    complete_content,
    editor_post_data,
)
from hamkori.calls.tests.factories import call_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _start_url(lot) -> str:
    return reverse("applications:application-start") + f"?lot={lot.pk}"


def test_a_member_of_two_organisations_chooses_which_applies(client):
    # given a person in two KZ CSOs and an open call
    lot = call_make().lots.get()
    first, second = organisation_make("KZ"), organisation_make("KZ")
    person = member_make(first)
    member_make(second, user=person)
    client.force_login(person)
    # when they open the start page, both are offered
    page = client.get(_start_url(lot))
    assert page.status_code == 200
    assert page.content.decode().count('name="organisation"') == 2
    # and when they choose the second, its draft opens in the editor
    response = client.post(_start_url(lot), {"lot": lot.pk, "organisation": second.pk})
    application = Application.objects.get()
    assert application.organisation == second
    assert response.url == reverse("applications:application-edit", args=[application.pk])


def test_starting_twice_links_to_the_existing_application(client):
    lot = call_make().lots.get()
    organisation = organisation_make("KZ")
    existing = application_make(lot=lot, organisation=organisation)
    client.force_login(existing.created_by)
    page = client.get(_start_url(lot))
    edit_url = reverse("applications:application-edit", args=[existing.pk])
    assert "already has an application" in page.content.decode()
    assert edit_url in page.content.decode()
    assert 'name="organisation"' not in page.content.decode()
    assert Application.objects.count() == 1


def test_a_person_without_an_organisation_is_told_how_to_get_one(client):
    lot = call_make().lots.get()
    client.force_login(user_make())
    page = client.get(_start_url(lot))
    assert "You are not a member of one yet" in page.content.decode()


def test_a_closed_call_says_so_on_the_start_page(client):
    lot = call_make(state="closed").lots.get()
    client.force_login(member_make(organisation_make("KZ")))
    page = client.get(_start_url(lot))
    assert "not accepting applications" in page.content.decode()
    assert 'name="organisation"' not in page.content.decode()


def test_the_start_page_needs_a_lot_of_a_public_call(client):
    client.force_login(user_make())
    assert client.get(reverse("applications:application-start")).status_code == 404
    draft_call_lot = call_make(state="draft").lots.get()
    assert client.get(_start_url(draft_call_lot)).status_code == 404


def test_the_editor_shows_every_section_and_the_checklist(client):
    application = application_make(content=empty_content("ru"))
    client.force_login(application.created_by)
    page = client.get(reverse("applications:application-edit", args=[application.pk]))
    html = page.content.decode()
    for anchor in (
        "section-title",
        "section-problem",
        "section-objectives",
        "section-activities",
        "section-indicators",
        "section-budget",
        "section-team",
        "section-partners",
        "section-sustainability",
        "section-risks",
        "section-declarations",
        "attachments",
    ):
        assert f'id="{anchor}"' in html
    assert 'href="#section-activities"' in html  # the checklist links to what is missing
    assert reverse("applications:application-autosave", args=[application.pk]) in html


def test_autosave_saves_and_returns_a_status_and_the_new_version(client):
    # given a person editing a complete draft at version 1
    application = application_make()
    client.force_login(application.created_by)
    data = editor_post_data(application, title="Club for every child")
    # when the editor posts itself through htmx
    response = client.post(
        reverse("applications:application-autosave", args=[application.pk]), data, **HTMX
    )
    # then the status says saved, and the hidden version is swapped out of band
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved at" in html
    assert 'id="lock-version" value="2" hx-swap-oob="true"' in html
    application.refresh_from_db()
    assert application.title == "Club for every child"
    assert application.content["budget"] == complete_content()["budget"]
    assert application.lock_version == 2


def test_two_people_editing_the_second_is_told_and_nothing_is_overwritten(client):
    # given two members who opened the same draft at version 1
    application = application_make()
    first = application.created_by
    second = member_make(application.organisation)
    first_data = editor_post_data(application, title="First person's title")
    second_data = editor_post_data(application, title="Second person's title")
    url = reverse("applications:application-autosave", args=[application.pk])
    client.force_login(first)
    assert "Saved at" in client.post(url, first_data, **HTMX).content.decode()
    # when the second person's editor autosaves from version 1
    client.force_login(second)
    response = client.post(url, second_data, **HTMX)
    # then they get the conflict as an alert, keep version 1, and the first text stays
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "This draft was saved at" in html
    assert "your text was not saved" in html
    assert "hx-swap-oob" in html and 'id="lock-version"' not in html
    application.refresh_from_db()
    assert application.title == "First person's title"


def test_the_save_button_works_without_javascript(client):
    application = application_make()
    client.force_login(application.created_by)
    url = reverse("applications:application-edit", args=[application.pk])
    response = client.post(url, editor_post_data(application, title="Saved without JS"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Saved without JS"
    assert "Saved at" in client.get(url).content.decode()


def test_a_conflict_without_javascript_keeps_the_typed_text_on_the_page(client):
    application = application_make()
    stale = editor_post_data(application, title="My unsaved words")
    Application.objects.filter(pk=application.pk).update(lock_version=5)
    client.force_login(application.created_by)
    url = reverse("applications:application-edit", args=[application.pk])
    response = client.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This draft was saved at" in html
    assert "My unsaved words" in html  # still in the form, to copy
    application.refresh_from_db()
    assert application.title == complete_content()["title"]


def test_rows_are_added_and_removed_through_the_formsets(client):
    application = application_make()
    client.force_login(application.created_by)
    data = editor_post_data(
        application,
        **{
            "activities-1-title": "Summer camp",
            "activities-1-start": "2027-06-01",
            "activities-1-end": "2027-06-14",
            "budget-0-DELETE": "on",
        },
    )
    client.post(reverse("applications:application-edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert [a["title"] for a in application.content["activities"]] == [
        "Weekly club sessions",
        "Summer camp",
    ]
    assert len(application.content["budget"]) == 1
    assert str(application.amount_requested) == "1500000.00"


def test_invalid_input_is_reported_not_saved(client):
    application = application_make()
    client.force_login(application.created_by)
    data = editor_post_data(application, **{"budget-0-amount": "lots", "title": "Changed"})
    response = client.post(
        reverse("applications:application-autosave", args=[application.pk]), data, **HTMX
    )
    html = response.content.decode()
    assert "Not saved" in html and "Budget 1" in html
    application.refresh_from_db()
    assert application.title != "Changed"


def test_the_editor_is_read_only_after_the_deadline(client):
    now = timezone.now()
    call = call_make(opens_at=now - timedelta(days=9), closes_at=now - timedelta(minutes=1))
    application = application_make(call=call)
    client.force_login(application.created_by)
    url = reverse("applications:application-edit", args=[application.pk])
    html = client.get(url).content.decode()
    assert "can no longer be changed" in html
    assert "hx-post" not in html.split('id="application-editor"')[1].split(">")[0]
    response = client.post(url, editor_post_data(application, title="Too late"))
    assert "not accepting applications" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other_cso", "official"])
def test_others_do_not_reach_the_editor(client, who):
    application = application_make()
    if who == "other_cso":
        client.force_login(member_make(organisation_make("KZ")))
    elif who == "official":
        client.force_login(member_make(application.call.body))
    for name in ("application-edit", "application-autosave"):
        url = reverse(f"applications:{name}", args=[application.pk])
        response = client.post(url, editor_post_data(application, title="Hijack"))
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert reverse("accounts:login") in response.url
    application.refresh_from_db()
    assert application.title != "Hijack"


def test_save_and_add_a_row_saves_the_filled_row_and_returns_to_its_section(client):
    # given a draft with one activity, and the person filling the empty second row
    application = application_make()
    client.force_login(application.created_by)
    edit = reverse("applications:application-edit", args=[application.pk])
    data = editor_post_data(
        application,
        **{
            "activities-1-title": "Summer camp",
            "activities-1-start": "2027-06-01",
            "activities-1-end": "2027-06-20",
            "add_row": "activities",
        },
    )
    # when they press "Save and add a row"
    response = client.post(edit, data)
    # then the row is saved and the page returns to the activities, with a new empty row
    assert response.status_code == 302
    assert response["Location"].endswith(f"{edit}#section-activities")
    application.refresh_from_db()
    assert [a["title"] for a in application.content["activities"]][-1] == "Summer camp"
    page = client.get(edit).content.decode()
    assert 'name="activities-2-title"' in page
