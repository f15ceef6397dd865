"""The money and people arithmetic shown on a report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hamkori.monitoring.selectors import beneficiary_table, variance
from hamkori.monitoring.tests.factories import contract_with_reports, report_fill, report_of

MONEY = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2)


@given(planned=MONEY, spent=MONEY)
def test_the_variance_is_planned_minus_spent(planned, spent):
    result = variance(planned, spent)

    assert result.amount + spent == planned
    if planned:
        exact = (planned - spent) * 100 / planned
        assert abs(result.percent - exact) <= Decimal("0.05")
        assert (result.percent < 0) == (spent > planned) or result.percent == 0
    else:
        assert result.percent is None


def test_a_few_values_by_hand():
    assert variance(Decimal("1000.00"), Decimal("250.00")).percent == Decimal("75.0")
    assert variance(Decimal("3.00"), Decimal("2.00")).percent == Decimal("33.3")
    assert variance(Decimal("200.00"), Decimal("250.00")).amount == Decimal("-50.00")


@pytest.mark.django_db
def test_the_people_table_totals_rows_and_columns():
    contract = contract_with_reports()
    report = report_fill(report_of(contract), contract.contractor_admin)

    table = beneficiary_table(report, groups=["women"])

    assert [(group, total) for group, _label, _cells, total in table.rows] == [
        ("children", 21),
        ("women", 0),
    ]
    assert sum(table.column_totals) == table.total == 21
