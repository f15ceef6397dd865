"""The contract pages in the browser: preparing, the schedule, sending, signing, paying,
amending and terminating through the forms, errors shown in the reader's language, who sees
what, and the dashboards' query counts at 10 and at 1,000 contracts."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.applications.models import Application
from hamkori.calls.models import BudgetLine
from hamkori.contracts.models import Contract, PaymentOrder, Tranche
from hamkori.contracts.tests.factories import (
    contract_in_force,
    contract_signing,
    funded_application,
)
from hamkori.decisions.tests.factories import official_of
from hamkori.monitoring.models import Report
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    return client.post(url, data)


def test_an_official_prepares_schedules_and_sends_a_contract_through_the_pages(client):
    # given a funded application whose lot has no budget line
    application = funded_application(on_lot=False)
    official = official_of(application.call)
    client.force_login(official)
    url = reverse("contracts:contract-create", args=[application.pk])
    assert client.get(url).status_code == 200
    # when the line is not chosen, the form says so
    response = _post(client, url, starts_on="2027-02-01", language="ru")
    assert response.status_code == 400
    assert "choose one of the plan" in response.content.decode()
    # then with the line the draft is made
    response = _post(
        client, url, starts_on="2027-02-01", language="ru", budget_line=application.line.pk
    )
    contract = Contract.objects.get(application=application)
    assert response.url == reverse("contracts:contract-detail", args=[contract.pk])
    # and its schedule is changed to 30 / 70, with shares not adding up refused first
    tranches_url = reverse("contracts:contract-tranches", args=[contract.pk])
    bad = _post(
        client,
        tranches_url,
        share_0="30",
        condition_0="signature",
        share_1="60",
        condition_1="final_report_accepted",
    )
    assert bad.status_code == 400 and "must add up to exactly 100" in bad.content.decode()
    _post(
        client,
        tranches_url,
        share_0="30",
        condition_0="signature",
        share_1="70",
        condition_1="final_report_accepted",
    )
    assert [t.amount for t in contract.tranches.all()] == [
        Decimal("1350000.00"),
        Decimal("3150000.00"),
    ]
    # and sending commits the amount
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    _post(client, detail, action="send")
    assert Contract.objects.get(pk=contract.pk).state == "signing"
    assert BudgetLine.objects.get(pk=application.line.pk).committed == contract.amount


def test_both_parties_sign_on_the_page_and_the_contractor_sees_its_schedule(client):
    contract = contract_signing()
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    client.force_login(contract.contractor_admin)
    refused = _post(client, detail, action="sign")
    assert refused.status_code == 400
    assert "Confirm that you have read the contract" in refused.content.decode()
    _post(client, detail, action="sign", confirm="on")
    client.force_login(contract.official)
    _post(client, detail, action="sign", confirm="on")
    assert Contract.objects.get(pk=contract.pk).state == "in_force"
    client.force_login(contract.contractor_admin)
    page = client.get(detail).content.decode()
    assert "Payment schedule" in page and "due" in page
    mine = client.get(reverse("contracts:mine")).content.decode()
    assert contract.reference in mine and "Payments to come" in mine


def test_a_payment_goes_from_order_to_approval_to_paid_through_the_pages(client):
    contract = contract_in_force()
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    tranche = contract.tranches.get(number=1)
    client.force_login(contract.official)
    _post(client, detail, action="order", tranche=tranche.pk)
    order = PaymentOrder.objects.get(tranche=tranche)
    refused = _post(client, detail, action="order_approve", order=order.pk)
    assert refused.status_code == 400
    assert "you prepared this payment order" in refused.content.decode()
    client.force_login(contract.second_official)
    _post(client, detail, action="order_approve", order=order.pk)
    paid_url = reverse("contracts:order-paid", args=[order.pk])
    bad = _post(client, paid_url, paid_on="2999-01-01", reference="PP-7")
    assert bad.status_code == 400 and "cannot be in the future" in bad.content.decode()
    today = timezone.localdate().isoformat()
    _post(client, paid_url, paid_on=today, reference="PP-7")
    assert PaymentOrder.objects.get(pk=order.pk).state == "paid"
    assert Tranche.objects.get(pk=tranche.pk).state == "paid"


def test_an_amendment_refused_by_the_line_shows_the_reason_then_termination_releases(client):
    contract = contract_in_force(line_amount="4600000.00")
    client.force_login(contract.official)
    url = reverse("contracts:contract-amend", args=[contract.pk])
    assert client.get(url).status_code == 200
    items = list(contract.items.all())
    data = {
        "reason": "More sessions.",
        "amount": "4700000.00",
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        f"item_{items[0].number}": "3200000.00",
        f"item_{items[1].number}": str(items[1].amount),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "cannot be committed" in response.content.decode()
    data["amount"], data[f"item_{items[0].number}"] = "4600000.00", "3100000.00"
    client.post(url, data)
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    assert "More sessions." in page
    terminate = reverse("contracts:contract-terminate", args=[contract.pk])
    client.post(terminate, {"reason": "The organisation closed."})
    assert BudgetLine.objects.get(pk=contract.budget_line_id).committed == 0


def test_the_contract_page_and_pdf_are_for_the_parties_and_auditors_only(client):
    contract = contract_in_force()
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    auditor = user_make()
    RoleGrant.objects.create(user=auditor, role=PlatformRole.AUDITOR, jurisdiction_id="KZ")
    for person in (
        contract.official,
        contract.contractor_admin,
        member_make(contract.contractor),
        auditor,
    ):
        client.force_login(person)
        assert client.get(detail).status_code == 200
    pdf = client.get(reverse("contracts:contract-pdf", args=[contract.pk]) + "?language=kk")
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(member_make(organisation_make(), role="admin"))
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"action": "complete"}).status_code == 404
    client.logout()
    assert client.get(detail).status_code == 302


# --- dashboards at two sizes ------------------------------------------------------------

_serial = itertools.count(1)


def _grow(contract: Contract, count: int) -> None:
    """`count` more contracts of the same funder and contractor, each with a due tranche, a
    prepared order and a report to write — written in bulk."""
    applications = Application.objects.bulk_create(
        Application(
            call=contract.call,
            lot=contract.lot,
            organisation=contract.contractor,
            created_by=contract.official,
            state="withdrawn",
            title=f"Bulk {i}",
            currency=contract.currency,
        )
        for i in range(count)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            reference=f"BULK-{next(_serial)}",
            kind=contract.kind,
            call=contract.call,
            lot=contract.lot,
            application=application,
            funder=contract.funder,
            contractor=contract.contractor,
            budget_line=contract.budget_line,
            amount=Decimal("1000.00"),
            currency=contract.currency,
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
            state="in_force",
            created_by=contract.official,
        )
        for application in applications
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(
            contract=c,
            number=n,
            amount=Decimal("500.00"),
            condition="signature",
            state="due" if n == 1 else "ordered",
            due_since=timezone.now(),
        )
        for c in contracts
        for n in (1, 2)
    )
    PaymentOrder.objects.bulk_create(
        PaymentOrder(
            tranche=t, contract_id=t.contract_id, amount=t.amount, prepared_by=contract.official
        )
        for t in tranches
        if t.number == 2
    )
    Report.objects.bulk_create(
        Report(
            contract=c,
            kind="final",
            number=1,
            period_start=c.starts_on,
            period_end=c.ends_on,
            due_on=c.ends_on,
        )
        for c in contracts
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["contracts:dashboard", "contracts:mine"])
def test_the_dashboards_run_the_same_queries_at_ten_and_at_a_thousand_contracts(client, url_name):
    small = contract_in_force()
    _grow(small, 9)
    large = contract_in_force()
    _grow(large, 999)
    person = "official" if url_name == "contracts:dashboard" else "contractor_admin"
    counts = []
    for contract in (small, large):
        client.force_login(getattr(contract, person))
        counts.append(_queries(client, reverse(url_name)))
    assert counts[0] == counts[1]
    assert Contract.objects.filter(funder=large.funder).count() == 1000
    page = client.get(reverse(url_name)).content.decode()
    assert large.reference in page or "BULK-" in page


@pytest.mark.parametrize(("jurisdiction", "sees"), [("KZ", True), ("TJ", False)])
def test_an_auditor_reads_the_officials_dashboard_of_their_jurisdiction_without_actions(
    client, jurisdiction, sees
):
    # given a contract of a Kazakh body and an auditor of one country
    contract = contract_in_force()
    auditor = user_make()
    RoleGrant.objects.create(user=auditor, role=PlatformRole.AUDITOR, jurisdiction_id=jurisdiction)
    client.force_login(auditor)

    # when they open the contracts dashboard (with no body to read: their own contracts)
    response = client.get(reverse("contracts:dashboard"), follow=True)

    # then they see the contracts of their country's bodies, and no action to take
    assert response.status_code == 200
    assert (contract.reference in response.content.decode()) is sees
    assert reverse("contracts:contract-create", args=[contract.application_id]) not in (
        response.content.decode()
    )
