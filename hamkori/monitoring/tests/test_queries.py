"""Lists and pages run the same number of queries at 10 and at 1,000 reports or visits; the
lists show each person only what they may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.monitoring.models import MonitoringVisit, Report, ReportKind, ReportState
from hamkori.monitoring.tests.factories import contract_with_reports
from hamkori.registry.tests.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db


def _grow_reports(contract, count: int) -> None:
    start = Report.objects.filter(contract=contract).count() + 1
    Report.objects.bulk_create(
        Report(
            contract=contract,
            kind=ReportKind.INTERIM,
            number=start + n,
            period_start=contract.starts_on,
            period_end=contract.starts_on,
            due_on=contract.starts_on - timedelta(days=n % 3),
            state=[ReportState.DRAFT, ReportState.SUBMITTED][n % 2],
            review_due_on=contract.starts_on,
        )
        for n in range(count)
    )


def _grow_visits(contract, count: int) -> None:
    MonitoringVisit.objects.bulk_create(
        MonitoringVisit(
            contract=contract,
            planned_on=contract.starts_on + timedelta(days=n % 30),
            purpose=f"Visit {n}",
            created_by=contract.official,
        )
        for n in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("monitoring:report-list"),
        reverse("monitoring:report-list") + "?show=overdue",
        reverse("monitoring:report-list") + "?show=review_overdue",
        reverse("monitoring:visit-list"),
    ],
)
def test_the_lists_run_constant_queries(client, url):
    small, large = contract_with_reports(), contract_with_reports()
    _grow_reports(small, 10)
    _grow_reports(large, 1000)
    _grow_visits(small, 10)
    _grow_visits(large, 1000)
    client.force_login(small.official)
    at_10 = _queries(client, url)
    client.force_login(large.official)

    at_1000 = _queries(client, url)

    assert at_10 == at_1000


def test_the_contract_page_runs_constant_queries(client):
    small, large = contract_with_reports(), contract_with_reports()
    _grow_reports(small, 10)
    _grow_reports(large, 1000)
    _grow_visits(small, 10)
    _grow_visits(large, 1000)
    client.force_login(small.official)
    at_10 = _queries(client, reverse("monitoring:contract-monitoring", args=[small.pk]))
    client.force_login(large.official)

    at_1000 = _queries(client, reverse("monitoring:contract-monitoring", args=[large.pk]))

    assert at_10 == at_1000


def test_a_list_shows_only_the_persons_contracts(client):
    mine, other = contract_with_reports(), contract_with_reports()
    client.force_login(mine.contractor_admin)

    page = client.get(reverse("monitoring:report-list")).content.decode()

    assert mine.reference in page and other.reference not in page
    client.force_login(member_make(organisation_make()))
    assert "No reports." in client.get(reverse("monitoring:report-list")).content.decode()
