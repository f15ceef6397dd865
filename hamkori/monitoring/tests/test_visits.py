"""Monitoring visits: planned, then done with findings, follow-ups and photos, or cancelled
with a reason; the contractor reads them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkori.core.models import AuditEvent
from hamkori.monitoring import services
from hamkori.monitoring.models import FollowUp, VisitState
from hamkori.monitoring.tests.factories import contract_with_reports, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def _today(contract) -> date:
    return services.local_today(contract)


def _planned(contract):
    return services.visit_plan(
        actor=contract.official,
        contract=contract,
        planned_on=contract.starts_on,
        purpose="See the club sessions",
    )


def test_an_official_plans_and_records_a_visit_with_follow_ups():
    contract = contract_with_reports()
    visit = _planned(contract)
    today = _today(contract)

    done = services.visit_record(
        actor=contract.official,
        visit=visit,
        done_on=today,
        findings="Sessions run as planned; the ramp is missing.",
        follow_ups=[("Build a ramp", today + timedelta(days=30)), ("", None)],
    )

    assert (done.state, done.done_on) == (VisitState.DONE, today)
    assert list(FollowUp.objects.filter(visit=visit).values_list("action", "due_on")) == [
        ("Build a ramp", today + timedelta(days=30))
    ]
    assert AuditEvent.objects.filter(action="monitoring.visit.record").count() == 1


def test_recording_needs_findings_a_past_date_and_due_dates():
    contract = contract_with_reports()
    visit = _planned(contract)
    today = _today(contract)

    with pytest.raises(ValidationError) as error:
        services.visit_record(
            actor=contract.official,
            visit=visit,
            done_on=today + timedelta(days=1),
            findings="",
            follow_ups=[("Build a ramp", None)],
        )

    assert set(error.value.message_dict) == {"findings", "done_on", "follow_ups"}


def test_a_visit_is_planned_with_a_purpose_within_the_contract():
    contract = contract_with_reports()

    with pytest.raises(ValidationError) as error:
        services.visit_plan(
            actor=contract.official,
            contract=contract,
            planned_on=contract.starts_on - timedelta(days=1),
            purpose=" ",
        )

    assert set(error.value.message_dict) == {"planned_on", "purpose"}


def test_the_contractor_cannot_plan_or_record_visits():
    contract = contract_with_reports()
    visit = _planned(contract)

    with pytest.raises(PermissionDenied):
        _planned_by = services.visit_plan(
            actor=contract.contractor_admin,
            contract=contract,
            planned_on=contract.starts_on,
            purpose="x",
        )
    with pytest.raises(PermissionDenied):
        services.visit_cancel(actor=contract.contractor_admin, visit=visit, reason="x")


def test_a_cancelled_visit_keeps_its_reason_and_cannot_be_recorded():
    contract = contract_with_reports()
    visit = _planned(contract)

    with pytest.raises(ValidationError):
        services.visit_cancel(actor=contract.official, visit=visit, reason="")
    services.visit_cancel(actor=contract.official, visit=visit, reason="Quarantine at the school")

    with pytest.raises(ValidationError):
        services.visit_record(
            actor=contract.official,
            visit=visit,
            done_on=_today(contract),
            findings="x",
            follow_ups=[],
        )
    visit.refresh_from_db()
    assert (visit.state, visit.cancel_reason) == (VisitState.CANCELLED, "Quarantine at the school")


def test_photos_are_images_by_their_content():
    contract = contract_with_reports()
    visit = _planned(contract)
    with pytest.raises(ValidationError):
        services.visit_photo_add(actor=contract.official, visit=visit, uploaded_file=png_upload())
    services.visit_record(
        actor=contract.official,
        visit=visit,
        done_on=_today(contract),
        findings="Fine",
        follow_ups=[],
    )

    photo = services.visit_photo_add(
        actor=contract.official, visit=visit, uploaded_file=png_upload(), caption="The hall"
    )
    with pytest.raises(ValidationError) as not_image:
        services.visit_photo_add(
            actor=contract.official, visit=visit, uploaded_file=pdf_upload("photo.png")
        )
    with pytest.raises(ValidationError) as twice:
        services.visit_photo_add(actor=contract.official, visit=visit, uploaded_file=png_upload())

    assert (photo.content_type, photo.caption) == ("image/png", "The hall")
    assert "PNG or JPEG" in str(not_image.value)
    assert "already" in str(twice.value)


def test_a_follow_up_is_ticked_off_once():
    contract = contract_with_reports()
    visit = services.visit_record(
        actor=contract.official,
        visit=_planned(contract),
        done_on=_today(contract),
        findings="Fine",
        follow_ups=[("Ramp", _today(contract))],
    )
    follow_up = visit.follow_ups.get()

    first = services.follow_up_done(actor=contract.official, follow_up=follow_up)
    again = services.follow_up_done(actor=contract.official, follow_up=follow_up)

    assert first.done_at == again.done_at is not None
    assert AuditEvent.objects.filter(action="monitoring.visit.follow_up_done").count() == 1
