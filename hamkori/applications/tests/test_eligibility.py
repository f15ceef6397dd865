"""The automatic eligibility checks, each failing with its reason, and the jurisdiction
without a rule ("no rule set", never an invented figure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hamkori.applications.eligibility import CHECK_CODES, eligibility_run
from hamkori.applications.models import ApplicationVersion, EligibilityCheck
from hamkori.applications.receipt import snapshot_build, snapshot_digest
from hamkori.applications.services import application_submit
from hamkori.applications.tests.factories import application_make
from hamkori.applications.tests.submission_factories import (
    eligible_organisation,
    open_call,
    ready_application,
)
from hamkori.registry.models import AnnualReport, UnreliableSupplierFlag
from hamkori.registry.tests.factories import user_make
from hamkori.rules.selectors import rule_value

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _checks(version) -> dict[str, EligibilityCheck]:
    return {check.code: check for check in EligibilityCheck.objects.filter(version=version)}


def _submit(application, key="e-1"):
    return application_submit(
        actor=application.created_by, application=application, idempotency_key=key
    )


def _version_by_hand(application, number=1):
    """A version of the application as it stands, without the submission's refusals (to
    reach the checks that completeness already guards)."""
    now = timezone.now()
    snapshot = snapshot_build(application, number=number, submitted_at=now)
    return ApplicationVersion.objects.create(
        application=application,
        number=number,
        snapshot=snapshot,
        digest=snapshot_digest(snapshot),
        submitted_at=now,
        submitted_by=application.created_by,
        idempotency_key=f"hand-{application.pk}-{number}",
    )


def test_every_check_passes_for_an_eligible_application():
    version = _submit(ready_application(language="en"))

    checks = _checks(version)

    assert list(checks) == list(CHECK_CODES)
    assert all(check.passed for check in checks.values())


def test_suspended_organisation_fails_with_its_status_in_the_applications_language():
    application = ready_application(language="ru")
    application.organisation.status = "suspended"
    application.organisation.save(update_fields=["status"])

    check = _checks(_submit(application))["organisation_active"]

    assert not check.passed
    assert "приостановлено" in check.reason


def test_late_annual_report_fails_in_kazakhstan():
    # given a KZ organisation whose report for last year came after 31 March
    organisation = eligible_organisation("KZ")
    year = timezone.localdate().year - 1
    AnnualReport.objects.filter(organisation=organisation, year=year).update(
        submitted_on=date(year + 1, 4, 15)
    )
    application = ready_application(organisation=organisation, language="en")

    check = _checks(_submit(application))["annual_report"]

    assert not check.passed
    assert "submitted late" in check.reason
    assert str(year) in check.reason


def test_open_unreliable_supplier_flag_fails_with_its_reason():
    application = ready_application(language="en")
    UnreliableSupplierFlag.objects.create(
        organisation=application.organisation,
        reason="Contract 12/2025 not fulfilled",
        set_by=user_make(),
    )

    check = _checks(_submit(application))["not_unreliable"]

    assert not check.passed
    assert "Contract 12/2025 not fulfilled" in check.reason


def test_lifted_flag_no_longer_counts():
    application = ready_application(language="en")
    UnreliableSupplierFlag.objects.create(
        organisation=application.organisation,
        reason="old",
        set_by=user_make(),
        lifted_at=timezone.now(),
    )

    assert _checks(_submit(application))["not_unreliable"].passed


def test_amount_above_the_band_fails_with_the_mrp_arithmetic():
    # given a short grant: at most 3,000 MRP of the financial year
    call = open_call()
    call.lots.update(budget=Decimal("100000000.00"))
    mrp = Decimal(str(rule_value("KZ", "mrp", date(call.financial_year, 1, 1))))
    high = Decimal(str(rule_value("KZ", "grant.short.max_mrp"))) * mrp
    over = high + Decimal("1.00")
    budget = [{"category": "staff", "item": "Staff", "amount": str(over), "cofinancing": "0"}]
    application = ready_application(call=call, budget=budget, language="en")

    [check] = [
        c
        for c in eligibility_run(_version_by_hand(application), language="en")
        if c.code == "amount_in_band"
    ]

    assert not check.passed
    assert f"{high:,.2f}" in check.reason
    assert f"{mrp:,.2f}" in check.reason
    assert f"{over:,.2f}" in check.reason


def test_amount_at_the_top_of_the_band_passes():
    call = open_call()
    call.lots.update(budget=Decimal("100000000.00"))
    mrp = Decimal(str(rule_value("KZ", "mrp", date(call.financial_year, 1, 1))))
    high = Decimal(str(rule_value("KZ", "grant.short.max_mrp"))) * mrp
    budget = [{"category": "staff", "item": "Staff", "amount": str(high), "cofinancing": "0"}]
    application = ready_application(call=call, budget=budget, language="en")

    assert _checks(_submit(application))["amount_in_band"].passed


def test_duration_longer_than_the_lot_and_the_bounds_fails():
    # given a short grant (at most 12 months) and a 24-month project
    application = ready_application(duration_months=24, language="en")

    check = _checks(_submit(application))["duration_in_bounds"]

    assert not check.passed
    assert "24 months is longer than the lot's 12 months" in check.reason
    assert "outside the bounds of 3 to 12 months" in check.reason


def test_missing_required_document_fails():
    application = ready_application(attach_documents=False, language="en")

    [check] = [
        c
        for c in eligibility_run(_version_by_hand(application), language="en")
        if c.code == "attachments_present"
    ]

    assert not check.passed
    assert "Document 1" in check.reason


def test_second_submitted_application_to_the_lot_fails():
    # given an organisation whose first application was withdrawn after submission, and a
    # second one submitted to the same lot
    first = ready_application(language="en")
    version = _submit(first, "first")
    first.state = "withdrawn"
    first.save(update_fields=["state"])
    second = application_make(
        call=first.call,
        lot=first.lot,
        organisation=first.organisation,
        user=first.created_by,
        content=first.content,
        state="submitted",
    )

    [check] = [c for c in eligibility_run(version, language="en") if c.code == "one_per_lot"]

    assert second.pk
    assert not check.passed


def test_tajikistan_without_grant_bands_says_no_rule_set():
    # given a TJ social-order call: no band in MRP, no annual-report rule for funding
    application = ready_application("TJ", language="tg")

    checks = _checks(_submit(application))

    assert checks["amount_in_band"].passed
    # the reason is written in the application's language (Tajik here)
    assert checks["amount_in_band"].reason == (
        "Дар ин юрисдиксия қоида барои доираи маблағ муқаррар нашудааст."
    )
    assert checks["annual_report"].passed
