"""The reports a contract gets when it comes into force (contracts calls reports_schedule)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from hamkori.monitoring import services
from hamkori.monitoring.models import Report, ReportKind, ReportState
from hamkori.monitoring.tests.factories import contract_with_reports, report_of, report_submitted

pytestmark = pytest.mark.django_db


def test_an_interim_report_per_interim_tranche_and_a_final_report():
    # given a contract with an advance, an interim and a final tranche, now in force
    contract = contract_with_reports()

    reports = list(Report.objects.filter(contract=contract).order_by("number"))

    # then the interim report covers the first half and is due at the middle
    middle = contract.starts_on + (contract.ends_on - contract.starts_on) // 2
    assert [(r.number, r.kind, r.state) for r in reports] == [
        (1, ReportKind.INTERIM, ReportState.DRAFT),
        (2, ReportKind.FINAL, ReportState.DRAFT),
    ]
    interim, final = reports
    assert (interim.period_start, interim.period_end, interim.due_on) == (
        contract.starts_on,
        middle,
        middle,
    )
    # and the final report covers the whole contract, due 15 days after its end (KZ rule)
    assert (final.period_start, final.period_end) == (contract.starts_on, contract.ends_on)
    assert final.due_on == contract.ends_on + timedelta(days=15)


def test_the_rows_come_from_the_application_and_the_contract_items():
    contract = contract_with_reports()
    final = Report.objects.get(contract=contract, kind=ReportKind.FINAL)

    indicators = list(final.indicators.values_list("name", "unit", "target", "actual"))
    items = list(final.financial_lines.values_list("item__number", "actual"))

    assert indicators == [
        ("Children attending at least 10 sessions", "children", Decimal("120.00"), Decimal(0))
    ]
    assert items == [(item.number, Decimal(0)) for item in contract.items.order_by("number")]
    assert items


def test_without_interim_tranches_only_the_final_report():
    contract = contract_with_reports(
        schedule=[("0.5", "signature"), ("0.5", "final_report_accepted")]
    )

    kinds = list(Report.objects.filter(contract=contract).values_list("kind", flat=True))

    assert kinds == [ReportKind.FINAL]


def test_two_interim_tranches_cut_the_period_in_thirds():
    contract = contract_with_reports(
        schedule=[
            ("0.4", "signature"),
            ("0.2", "interim_report_accepted"),
            ("0.2", "interim_report_accepted"),
            ("0.2", "final_report_accepted"),
        ]
    )

    interims = list(
        Report.objects.filter(contract=contract, kind=ReportKind.INTERIM).order_by("number")
    )

    length = (contract.ends_on - contract.starts_on).days
    first = contract.starts_on + timedelta(days=length // 3)
    second = contract.starts_on + timedelta(days=2 * length // 3)
    assert [(r.period_start, r.period_end) for r in interims] == [
        (contract.starts_on, first),
        (first + timedelta(days=1), second),
    ]


def test_scheduling_again_makes_nothing_new():
    contract = contract_with_reports()

    again = services.reports_schedule(contract=contract)

    assert len(again) == Report.objects.filter(contract=contract).count() == 2


def _extend(contract, months: int = 2):
    from hamkori.contracts import services as contracts

    new_end = contract.ends_on + timedelta(days=30 * months)
    contracts.contract_amend(
        actor=contract.official,
        contract=contract,
        reason="Занятия продлены на лето.",
        ends_on=new_end,
    )
    return new_end


def test_an_amendment_moving_the_end_moves_the_reports_still_in_draft():
    # given a contract in force with its interim and final reports in draft
    contract = contract_with_reports()

    # when an amendment extends it
    new_end = _extend(contract)

    # then the reports follow the new period: the interim cut at the new middle, the final due
    # 15 days after the new end
    interim, final = Report.objects.filter(contract=contract).order_by("number")
    middle = contract.starts_on + (new_end - contract.starts_on) // 2
    assert (interim.period_start, interim.period_end, interim.due_on) == (
        contract.starts_on,
        middle,
        middle,
    )
    assert (final.period_end, final.due_on) == (new_end, new_end + timedelta(days=15))
    # and the amendment records the move
    amendment = contract.amendments.get()
    assert [change["report"] for change in amendment.changes["reports"]] == [1, 2]


def test_a_submitted_report_keeps_its_period_and_the_next_starts_after_it():
    # given a contract with two interim reports, the first already submitted
    contract = contract_with_reports(
        schedule=[
            ("0.4", "signature"),
            ("0.2", "interim_report_accepted"),
            ("0.2", "interim_report_accepted"),
            ("0.2", "final_report_accepted"),
        ]
    )
    first = report_of(contract)
    kept = (first.period_start, first.period_end, first.due_on)
    report_submitted(first, contract.contractor_admin)

    # when an amendment extends the contract
    new_end = _extend(contract, months=3)

    # then the submitted report keeps its period; the draft one starts the day after it ends
    first, second, final = Report.objects.filter(contract=contract).order_by("number")
    assert (first.period_start, first.period_end, first.due_on) == kept
    assert second.period_start == first.period_end + timedelta(days=1)
    length = (new_end - contract.starts_on).days
    assert second.period_end == contract.starts_on + timedelta(days=2 * length // 3)
    assert final.due_on == new_end + timedelta(days=15)
