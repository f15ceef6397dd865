"""After the close: the officials' list (filters, sorting, constant queries), the CSV
export, and the compliance check with its e-mail and its working-day countdown."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import MembershipRole
from hamkori.applications.models import Application, Compliance
from hamkori.applications.services import application_compliance_set, application_submit
from hamkori.applications.tests.factories import complete_content
from hamkori.applications.tests.submission_factories import ready_application
from hamkori.calls.workflow import CallState
from hamkori.core.models import OutboxEmail
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import (
    PASSWORD,
    member_make,
    organisation_build,
    user_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _close(call, state=CallState.CLOSED, ago=timedelta(minutes=1)):
    call.closes_at = timezone.now() - ago
    call.opens_at = call.closes_at - timedelta(days=25)
    call.state = state
    call.save(update_fields=["opens_at", "closes_at", "state"])


@pytest.fixture
def submitted():
    application = ready_application(language="en", title="Compliance club")
    admin2 = member_make(
        application.organisation, user_make(preferred_language="kk"), role=MembershipRole.ADMIN
    )
    application_submit(actor=application.created_by, application=application, idempotency_key="c")
    OutboxEmail.objects.all().delete()
    official = member_make(application.call.body)
    return application, official, admin2


def test_non_compliant_with_reason_tells_the_applicants_admins(submitted):
    application, official, admin2 = submitted
    _close(application.call)

    application_compliance_set(
        actor=official,
        application=application,
        compliance=Compliance.NON_COMPLIANT,
        reason="The charter does not cover social services.",
    )

    application.refresh_from_db()
    assert application.compliance == Compliance.NON_COMPLIANT
    assert application.compliance_by == official
    emails = list(OutboxEmail.objects.order_by("language"))
    # one per language of the administrators (English for the submitter, Kazakh for the other)
    assert sorted(e.language for e in emails) == ["en", "kk"]
    assert {address for e in emails for address in e.to} == {
        application.created_by.email,
        admin2.email,
    }
    assert all("The charter does not cover social services." in e.body for e in emails)


def test_non_compliant_needs_a_reason(submitted):
    application, official, _admin2 = submitted
    _close(application.call)

    with pytest.raises(ValidationError):
        application_compliance_set(
            actor=official, application=application, compliance=Compliance.NON_COMPLIANT
        )

    assert not OutboxEmail.objects.exists()


def test_overruling_a_failed_eligibility_check_needs_a_reason(submitted):
    application, official, _admin2 = submitted
    _close(application.call)
    application.refresh_from_db()
    application.current_version.eligibility_checks.filter(code="annual_report").update(
        passed=False, reason="Late report"
    )

    with pytest.raises(ValidationError, match="eligibility check failed"):
        application_compliance_set(
            actor=official, application=application, compliance=Compliance.COMPLIANT
        )
    application_compliance_set(
        actor=official,
        application=application,
        compliance=Compliance.COMPLIANT,
        reason="The report was filed late with the ministry's written consent.",
    )

    application.refresh_from_db()
    assert application.compliance == Compliance.COMPLIANT


@pytest.mark.parametrize(
    ("state", "ago"),
    [(CallState.OPEN, -timedelta(days=1)), (CallState.DECIDED, timedelta(days=30))],
    ids=["before-close", "after-decision"],
)
def test_compliance_only_between_close_and_decision(submitted, state, ago):
    application, official, _admin2 = submitted
    _close(application.call, state=state, ago=ago)

    with pytest.raises(PermissionDenied):
        application_compliance_set(
            actor=official, application=application, compliance=Compliance.COMPLIANT
        )


def test_other_officials_cannot_set_compliance(submitted):
    application, _official, _admin2 = submitted
    _close(application.call)
    stranger = member_make(Organisation.objects.exclude(pk=application.call.body_id).first())

    with pytest.raises(PermissionDenied):
        application_compliance_set(
            actor=stranger, application=application, compliance=Compliance.COMPLIANT
        )


def test_compliance_through_the_page(client, submitted):
    application, official, _admin2 = submitted
    _close(application.call)
    client.login(email=official.email, password=PASSWORD)
    url = reverse("applications:official-detail", args=[application.pk])

    response = client.post(url, {"compliance": "compliant", "reason": ""})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.compliance == Compliance.COMPLIANT


def test_overdue_compliance_is_flagged_on_the_list(client, submitted):
    application, official, _admin2 = submitted
    _close(application.call, ago=timedelta(days=40))
    client.login(email=official.email, password=PASSWORD)

    response = client.get(reverse("applications:official-list", args=[application.call.pk]))

    clock = response.context["clock"]
    assert clock.overdue is True
    assert clock.pending == 1
    assert "overdue" in response.content.decode()


def test_fresh_close_counts_down_working_days(client, submitted):
    application, official, _admin2 = submitted
    _close(application.call)
    client.login(email=official.email, password=PASSWORD)

    response = client.get(reverse("applications:official-list", args=[application.call.pk]))

    clock = response.context["clock"]
    assert clock.overdue is False
    assert 9 <= clock.working_days_left <= 10


def _many_submitted(call, count: int) -> None:
    organisations = Organisation.objects.bulk_create(organisation_build("KZ") for _ in range(count))
    lot = call.lots.first()
    user = user_make()
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            call=call,
            lot=lot,
            organisation=organisation,
            created_by=user,
            state="submitted",
            content=complete_content(),
            title=f"Bulk {n}",
            amount_requested=1000 + n,
            currency="KZT",
            submitted_at=now - timedelta(seconds=n),
            compliance="compliant" if n % 2 else "pending",
        )
        for n, organisation in enumerate(organisations)
    )


@pytest.mark.parametrize("query", ["", "?sort=-amount&compliance=compliant&eligibility_failed=on"])
def test_official_list_runs_the_same_queries_at_10_and_1000_rows(client, submitted, query):
    application, official, _admin2 = submitted
    call = application.call
    _close(call)
    client.login(email=official.email, password=PASSWORD)
    url = reverse("applications:official-list", args=[call.pk]) + query
    _many_submitted(call, 9)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _many_submitted(call, 990)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(small) == len(large)


def test_official_list_filters_and_sorts(client, submitted):
    application, official, _admin2 = submitted
    call = application.call
    _close(call)
    _many_submitted(call, 5)
    client.login(email=official.email, password=PASSWORD)
    url = reverse("applications:official-list", args=[call.pk])

    by_amount = client.get(url + "?sort=-amount").context["page_obj"].object_list
    compliant = client.get(url + "?compliance=compliant").context["page_obj"].object_list

    amounts = [a.amount_requested for a in by_amount]
    assert amounts == sorted(amounts, reverse=True)
    assert {a.compliance for a in compliant} == {"compliant"}
    assert len(compliant) == 2


def test_export_streams_every_submission(client, submitted):
    application, official, _admin2 = submitted
    call = application.call
    _close(call)
    _many_submitted(call, 30)
    client.login(email=official.email, password=PASSWORD)

    response = client.get(reverse("applications:official-export", args=[call.pk]))

    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "application"
    assert len(rows) == 1 + 31
    application.refresh_from_db()
    assert application.current_version.digest in {row[10] for row in rows}
