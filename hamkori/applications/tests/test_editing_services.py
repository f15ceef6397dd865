"""Starting an application and saving drafts with optimistic locking (services)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamkori.accounts.models import MembershipStatus
from hamkori.applications import services
from hamkori.applications.content import empty_content
from hamkori.applications.models import Application, ApplicationState
from hamkori.applications.tests.factories import application_make, complete_content
from hamkori.calls.tests.factories import call_make
from hamkori.calls.workflow import CallState
from hamkori.core.models import AuditEvent
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def _lot(**call_fields):
    call = call_make(**call_fields)
    return call.lots.get()


def test_a_cso_member_starts_a_draft_in_the_calls_language():
    # given an open KZ call accepting ru and kk, and a member who reads kk
    lot = _lot()
    organisation = organisation_make("KZ")
    person = member_make(organisation, user=user_make(preferred_language="kk"))
    # when they start
    application = services.application_start(actor=person, lot=lot, organisation=organisation)
    # then a draft exists in kk, in the lot's currency, and the start is audited
    assert application.state == ApplicationState.DRAFT
    assert application.content == empty_content("kk")
    assert application.currency == "KZT"
    assert application.call_id == lot.call_id
    assert AuditEvent.objects.filter(
        action="applications.application.start", object_id=str(application.pk)
    ).exists()


def test_the_calls_first_language_when_the_person_reads_another():
    lot = _lot()
    organisation = organisation_make("KZ")
    person = member_make(organisation, user=user_make(preferred_language="en"))
    application = services.application_start(actor=person, lot=lot, organisation=organisation)
    assert application.content["language"] == "ru"


@pytest.mark.parametrize(
    "status", [MembershipStatus.PENDING, MembershipStatus.ENDED, MembershipStatus.REJECTED]
)
def test_only_active_members_may_start(status):
    lot = _lot()
    organisation = organisation_make("KZ")
    person = member_make(organisation, status=status)
    with pytest.raises(PermissionDenied):
        services.application_start(actor=person, lot=lot, organisation=organisation)
    assert not Application.objects.exists()


def test_a_stranger_may_not_start_for_an_organisation():
    lot = _lot()
    organisation = organisation_make("KZ")
    member_make(organisation_make("KZ"), user=(stranger := user_make()))
    with pytest.raises(PermissionDenied):
        services.application_start(actor=stranger, lot=lot, organisation=organisation)


def test_a_suspended_organisation_may_not_start():
    lot = _lot()
    organisation = organisation_make("KZ", status="suspended")
    person = member_make(organisation)
    with pytest.raises(PermissionDenied):
        services.application_start(actor=person, lot=lot, organisation=organisation)


def test_an_organisation_of_another_jurisdiction_may_not_start():
    lot = _lot()
    organisation = organisation_make("TJ")
    person = member_make(organisation)
    with pytest.raises(ValidationError, match="jurisdiction"):
        services.application_start(actor=person, lot=lot, organisation=organisation)


@pytest.mark.parametrize("state", [CallState.ANNOUNCED, CallState.CLOSED, CallState.DECIDED])
def test_no_start_unless_the_call_is_open(state):
    lot = _lot(state=state)
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    with pytest.raises(ValidationError, match="not accepting"):
        services.application_start(actor=person, lot=lot, organisation=organisation)


def test_no_start_after_the_deadline_even_if_the_call_is_still_marked_open():
    now = timezone.now()
    lot = _lot(opens_at=now - timedelta(days=10), closes_at=now - timedelta(seconds=1))
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    with pytest.raises(ValidationError, match="not accepting"):
        services.application_start(actor=person, lot=lot, organisation=organisation)


def test_a_second_application_for_the_same_lot_names_the_first():
    lot = _lot()
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    first = services.application_start(actor=person, lot=lot, organisation=organisation)
    with pytest.raises(services.ApplicationExists) as caught:
        services.application_start(actor=person, lot=lot, organisation=organisation)
    assert caught.value.application == first
    assert "already has an application" in caught.value.messages[0]
    assert Application.objects.count() == 1


def test_after_withdrawal_the_organisation_may_start_again():
    lot = _lot()
    organisation = organisation_make("KZ")
    person = member_make(organisation)
    application_make(lot=lot, organisation=organisation, user=person, state="withdrawn")
    application = services.application_start(actor=person, lot=lot, organisation=organisation)
    assert application.state == ApplicationState.DRAFT


def test_saving_a_draft_recomputes_title_and_amounts_and_moves_the_version():
    # given an empty draft at version 1
    application = application_make(content=empty_content("ru"))
    person = application.created_by
    # when the complete content is saved from version 1
    saved = services.application_save_draft(
        actor=person, application=application, lock_version=1, content=complete_content()
    )
    # then the row holds it at version 2 with the denormalised columns
    application.refresh_from_db()
    assert saved.lock_version == application.lock_version == 2
    assert application.content == complete_content()
    assert application.title == "Inclusive after-school club"
    assert application.amount_requested == Decimal("4500000.00")
    assert application.cofinancing == Decimal("200000.00")
    event = AuditEvent.objects.filter(action="applications.application.save_draft").get()
    assert "budget" in event.changes["sections"] and "title" in event.changes["sections"]
    assert "Inclusive" not in str(event.changes)


def test_a_stale_lock_version_is_refused_and_the_other_save_survives():
    # given two members of the organisation who both loaded the draft at version 1
    application = application_make(content=empty_content("ru"))
    first = application.created_by
    second = member_make(application.organisation)
    stale_copy = Application.objects.select_related("call__jurisdiction").get(pk=application.pk)
    services.application_save_draft(
        actor=first,
        application=application,
        lock_version=1,
        content=complete_content(title="First person's title"),
    )
    # when the second saves from version 1
    with pytest.raises(services.DraftConflict) as caught:
        services.application_save_draft(
            actor=second,
            application=stale_copy,
            lock_version=1,
            content=complete_content(title="Second person's title"),
        )
    # then they are told, and the first person's text is intact
    message = caught.value.messages[0]
    assert message.startswith("This draft was saved at ")
    assert "your text was not saved" in message
    application.refresh_from_db()
    assert application.title == "First person's title"
    assert application.lock_version == 2
    assert AuditEvent.objects.filter(action="applications.application.save_draft").count() == 1


def test_saving_unchanged_content_writes_nothing():
    application = application_make()
    services.application_save_draft(
        actor=application.created_by,
        application=application,
        lock_version=1,
        content=complete_content(),
    )
    application.refresh_from_db()
    assert application.lock_version == 1
    assert not AuditEvent.objects.filter(action="applications.application.save_draft").exists()


def test_only_members_save():
    application = application_make()
    with pytest.raises(PermissionDenied):
        services.application_save_draft(
            actor=user_make(), application=application, lock_version=1, content={}
        )


def test_withdrawn_applications_are_not_drafts():
    # Submitted ones stay editable until the deadline (resubmission, test_submission.py).
    application = application_make(state="withdrawn")
    with pytest.raises(ValidationError, match="no longer a draft"):
        services.application_save_draft(
            actor=application.created_by,
            application=application,
            lock_version=1,
            content=complete_content(title="Changed"),
        )


def test_drafts_freeze_when_the_deadline_passes():
    application = application_make()
    application.call.closes_at = timezone.now() - timedelta(seconds=1)
    with pytest.raises(ValidationError, match="not accepting"):
        services.application_save_draft(
            actor=application.created_by,
            application=application,
            lock_version=1,
            content=complete_content(title="Late change"),
        )


def test_negative_amounts_are_refused():
    application = application_make()
    content = complete_content()
    content["budget"][0]["amount"] = "-1.00"
    with pytest.raises(ValidationError, match="zero or more"):
        services.application_save_draft(
            actor=application.created_by, application=application, lock_version=1, content=content
        )
    application.refresh_from_db()
    assert application.lock_version == 1
