"""The person's own applications: what they see, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.applications.models import Application, ApplicationVersion
from hamkori.applications.selectors import my_application_list_for
from hamkori.applications.tests.factories import application_make, complete_content
from hamkori.calls.models import Lot
from hamkori.calls.tests.factories import call_make
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def _many(organisation, person, count: int) -> None:
    """`count` applications of the organisation, one per lot of one call, every other one
    submitted with a version (bulk_create: the list must not care how many there are)."""
    call = call_make(lots=1)
    template = call.lots.get()
    Lot.objects.bulk_create(
        Lot(
            plan_id=template.plan_id,
            call=call,
            number=template.number + n,
            instrument=template.instrument,
            title_en=f"Lot {n}",
            area_id=template.area_id,
            target_group=template.target_group,
            budget=template.budget,
            currency=template.currency,
            duration_months=template.duration_months,
        )
        for n in range(1, count + 1)
    )
    lots = list(Lot.objects.filter(call=call).exclude(pk=template.pk).order_by("number"))
    Application.objects.bulk_create(
        Application(
            call=call,
            lot=lot,
            organisation=organisation,
            created_by=person,
            state="submitted" if n % 2 else "draft",
            content=complete_content(),
            title=f"Application {n}",
            amount_requested="4500000.00",
            currency="KZT",
        )
        for n, lot in enumerate(lots)
    )
    applications = list(Application.objects.filter(lot__in=lots, state="submitted"))
    ApplicationVersion.objects.bulk_create(
        ApplicationVersion(
            application=application,
            number=1,
            snapshot={},
            digest="a" * 64,
            submitted_by=person,
            idempotency_key=f"k-{application.pk}",
        )
        for application in applications
    )
    for application, version in zip(
        applications,
        ApplicationVersion.objects.filter(application__in=applications).order_by("application"),
        strict=True,
    ):
        application.current_version = version
    Application.objects.bulk_update(applications, ["current_version"])


def _queries_for_page(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("applications:my-applications"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_list_runs_the_same_queries_at_10_and_1000(client):
    # given a person whose organisation has 10 applications
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    client.force_login(person)
    _many(organisation, person, 10)
    small = _queries_for_page(client)
    # when it grows to 1,000 (across another call too)
    _many(organisation, person, 990)
    assert Application.objects.filter(organisation=organisation).count() == 1000
    large = _queries_for_page(client)
    # then the page asks the database the same number of times
    assert small == large


def test_the_list_shows_all_my_organisations_and_nothing_else(client):
    first, second = organisation_make("KZ"), organisation_make("KZ")
    person = member_make(first)
    member_make(second, user=person)
    mine = [application_make(organisation=first), application_make(organisation=second)]
    others = application_make(organisation=organisation_make("KZ"))
    listed = list(my_application_list_for(user=person))
    assert sorted(a.pk for a in listed) == sorted(a.pk for a in mine)
    client.force_login(person)
    html = client.get(reverse("applications:my-applications")).content.decode()
    for application in mine:
        assert reverse("applications:application-edit", args=[application.pk]) in html
    assert reverse("applications:application-edit", args=[others.pk]) not in html
    assert "4,500,000.00" in html


def test_ended_memberships_hide_the_applications():
    organisation = organisation_make("KZ")
    person = member_make(organisation, status="ended")
    application_make(organisation=organisation)
    assert list(my_application_list_for(user=person)) == []


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("applications:my-applications"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert list(my_application_list_for(user=user_make())) == []


def test_submissions_link_to_their_receipt(client):
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    _many(organisation, person, 2)
    submitted = Application.objects.get(state="submitted")
    client.force_login(person)
    html = client.get(reverse("applications:my-applications")).content.decode()
    receipt = reverse(
        "applications:application-receipt", args=[submitted.pk, submitted.current_version.number]
    )
    assert receipt in html
