"""The official's review with the contracts flow: a report returned, changed and submitted
again, then accepted, releases its tranche; completion after the final report and every
payment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hamkori.contracts.models import ContractState, TrancheState
from hamkori.contracts.tests.factories import tranche_paid
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.monitoring import services
from hamkori.monitoring.models import Report, ReportKind, ReportReview, ReportState
from hamkori.monitoring.services import Entry
from hamkori.monitoring.tests.factories import (
    contract_with_reports,
    report_accepted,
    report_of,
    report_submitted,
)
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db


def _last_mail_to(address: str) -> OutboxEmail:
    return [m for m in OutboxEmail.objects.order_by("pk") if address in m.to][-1]


def _tranche_states(contract) -> list[str]:
    return list(contract.tranches.order_by("number").values_list("state", flat=True))


def test_a_returned_then_accepted_interim_report_releases_its_tranche():
    # given a contract in force: the advance is due, the others wait for the reports
    contract = contract_with_reports()
    report = report_submitted(report_of(contract), contract.contractor_admin)
    assert _tranche_states(contract) == ["due", "waiting", "waiting"]

    # when the official returns it with comments
    services.report_review(
        actor=contract.official, report=report, accept=False, comment="Attach the bus receipts."
    )

    # then the contractor is told, the tranche still waits and the report can change again
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert _tranche_states(contract) == ["due", "waiting", "waiting"]
    mail = _last_mail_to(contract.contractor_admin.email)
    assert "Attach the bus receipts." in mail.body
    services.report_save(
        actor=contract.contractor_admin,
        report=report,
        lock_version=report.lock_version,
        narrative="Twenty sessions; bus receipts attached.",
        indicators={},
        financial={},
        beneficiaries={("children", "f", "0-17"): 12},
    )
    services.report_submit(actor=contract.contractor_admin, report=report)

    # when the official accepts it
    services.report_review(actor=contract.official, report=report, accept=True)

    # then the interim tranche is due, the final one still waits, and the history stays
    assert Report.objects.get(pk=report.pk).state == ReportState.ACCEPTED
    assert _tranche_states(contract) == ["due", "due", "waiting"]
    assert list(ReportReview.objects.filter(report=report).values_list("accepted", "comment")) == [
        (False, "Attach the bus receipts."),
        (True, ""),
    ]
    assert AuditEvent.objects.filter(action="contracts.tranche.due").exists()


def test_returning_needs_comments():
    contract = contract_with_reports()
    report = report_submitted(report_of(contract), contract.contractor_admin)

    with pytest.raises(ValidationError) as error:
        services.report_review(actor=contract.official, report=report, accept=False, comment=" ")

    assert "comment" in error.value.message_dict
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


@pytest.mark.parametrize("who", ["contractor_admin", "stranger"])
def test_only_the_funders_officials_review(who):
    contract = contract_with_reports()
    report = report_submitted(report_of(contract), contract.contractor_admin)
    actor = contract.contractor_admin if who == "contractor_admin" else user_make()

    with pytest.raises(PermissionDenied):
        services.report_review(actor=actor, report=report, accept=True)


def test_a_draft_cannot_be_reviewed():
    contract = contract_with_reports()

    with pytest.raises(ValidationError):
        services.report_review(actor=contract.official, report=report_of(contract), accept=True)


def test_the_final_report_waits_for_the_interim_reports():
    contract = contract_with_reports()
    final = report_submitted(report_of(contract, ReportKind.FINAL), contract.contractor_admin)

    with pytest.raises(ValidationError) as error:
        services.report_review(actor=contract.official, report=final, accept=True)

    assert "interim" in str(error.value)


def test_the_whole_contract_from_reports_to_completion():
    # given a contract whose advance is paid
    contract = contract_with_reports()
    tranche_paid(contract, 1)
    assert services.completion_refusal(contract) == "The final report is not accepted yet."

    # when both reports are accepted and the tranches they released paid
    report_accepted(report_of(contract), contract)
    tranche_paid(contract, 2)
    report_accepted(report_of(contract, ReportKind.FINAL), contract)
    assert _tranche_states(contract) == ["paid", "paid", "due"]
    assert services.completion_refusal(contract) == "Not every tranche is paid yet."
    tranche_paid(contract, 3)

    # then the official completes the contract
    completed = services.contract_complete_after_reports(actor=contract.official, contract=contract)
    assert completed.state == ContractState.COMPLETED
    assert contract.budget_line.__class__.objects.get(pk=contract.budget_line_id).disbursed == (
        contract.amount
    )


def test_the_contractor_cannot_complete_the_contract():
    contract = contract_with_reports()

    with pytest.raises(PermissionDenied):
        services.contract_complete_after_reports(actor=contract.contractor_admin, contract=contract)


def test_the_submission_mails_the_official_who_prepared_the_contract():
    contract = contract_with_reports()

    report_submitted(report_of(contract), contract.contractor_admin)

    mail = _last_mail_to(contract.official.email)
    with translation.override(mail.language):
        assert str(report_of(contract).get_kind_display()) in mail.subject
    assert contract.reference in mail.subject
    assert f"/monitoring/report/{report_of(contract).pk}/" in mail.body


def test_tranche_state_names_are_the_contracts_apps():
    # The review relies on these condition and state names (contracts.models).
    assert {TrancheState.WAITING, TrancheState.DUE} == {"waiting", "due"}
    assert Entry(Decimal(1)).comment == ""
