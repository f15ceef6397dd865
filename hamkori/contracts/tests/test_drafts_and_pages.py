"""A draft with a wrong start date: refused before the result's publication, and a draft can
be discarded (the award waits again, the ledger untouched). The signed document can be
downloaded and checked against the signatures' SHA-256; the smaller page matters: plain
shares, the language's name, the signature method in words, an unknown PDF language."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hamkori.calls.models import BudgetLine
from hamkori.contracts import services
from hamkori.contracts.models import Contract, ContractItem, LedgerEntry, Signature, Tranche
from hamkori.contracts.tests.factories import (
    contract_draft,
    contract_in_force,
    funded_application,
)
from hamkori.core.models import AuditEvent
from hamkori.decisions.models import Result
from hamkori.decisions.tests.factories import official_of
from hamkori.rules.selectors import local_zone

pytestmark = pytest.mark.django_db


def _published_on(application):
    result = Result.objects.get(call_id=application.call_id)
    zone = local_zone(application.call.jurisdiction_id)
    return timezone.localtime(result.published_at, zone).date()


def test_a_contract_cannot_start_before_the_result_was_published():
    # given a funded application
    application = funded_application()
    official = official_of(application.call)
    published_on = _published_on(application)
    # when the draft would start the day before publication, it is refused at the date
    with pytest.raises(ValidationError) as refused:
        services.contract_prepare(
            actor=official,
            application=application,
            budget_line=application.line,
            starts_on=published_on - timedelta(days=1),
            check_start=True,
        )
    assert "starts_on" in refused.value.message_dict
    # then on the day of publication it is accepted
    contract = services.contract_prepare(
        actor=official, application=application, starts_on=published_on, check_start=True
    )
    assert contract.starts_on == published_on


def test_the_form_shows_the_start_date_refusal_at_its_field(client):
    application = funded_application()
    client.force_login(official_of(application.call))
    response = client.post(
        reverse("contracts:contract-create", args=[application.pk]),
        {"starts_on": "2020-01-01", "language": "ru"},
    )
    assert response.status_code == 400
    assert "cannot start before the result was published" in response.content.decode()
    assert not Contract.objects.filter(application=application).exists()


def test_a_draft_is_discarded_and_its_award_waits_again_with_the_ledger_untouched(client):
    # given a draft and its line's totals
    contract = contract_draft()
    line = BudgetLine.objects.get(pk=contract.budget_line_id)
    reference = contract.reference
    client.force_login(contract.official)
    dashboard = reverse("contracts:dashboard")
    assert contract.application.title not in client.get(dashboard).content.decode()
    # when an official of the funder discards it from its page
    response = client.post(reverse("contracts:contract-discard", args=[contract.pk]))
    # then it is gone with its items and tranches, audited with its reference
    assert response.url == dashboard
    assert not Contract.objects.filter(pk=contract.pk).exists()
    assert not ContractItem.objects.filter(contract_id=contract.pk).exists()
    assert not Tranche.objects.filter(contract_id=contract.pk).exists()
    event = AuditEvent.objects.get(action="contracts.contract.discard")
    assert event.changes["reference"] == reference
    # and the ledger is untouched
    after = BudgetLine.objects.get(pk=line.pk)
    assert (after.committed, after.disbursed) == (line.committed, line.disbursed)
    assert not LedgerEntry.objects.filter(contract_id=contract.pk).exists()
    # and the award is waiting again and a new draft can be prepared
    assert contract.application.title in client.get(dashboard).content.decode()
    again = services.contract_prepare(actor=contract.official, application=contract.application)
    assert again.reference == reference


@pytest.mark.parametrize(
    ("state", "who", "status"),
    [
        ("draft", "contractor_admin", 403),
        ("draft", "second_official", 302),
        ("in_force", "official", 403),
    ],
)
def test_only_an_official_of_the_funder_discards_and_only_a_draft(client, state, who, status):
    contract = contract_draft() if state == "draft" else contract_in_force()
    actor = getattr(contract, who)
    if status == 403:
        with pytest.raises(PermissionDenied):
            services.contract_discard(actor=actor, contract=contract)
    client.force_login(actor)
    response = client.post(reverse("contracts:contract-discard", args=[contract.pk]))
    assert response.status_code == status
    assert Contract.objects.filter(pk=contract.pk).exists() is (status == 403)


def test_the_downloaded_signed_document_hashes_to_the_signatures_digest(client):
    # given a contract in force, later amended (its terms change, what was signed does not)
    contract = contract_in_force()
    services.contract_amend(
        actor=contract.official,
        contract=contract,
        reason="Later end.",
        ends_on=contract.ends_on + timedelta(days=30),
    )
    client.force_login(contract.contractor_admin)
    # when the signed document is downloaded from the contract page's link
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    url = reverse("contracts:contract-signed-copy", args=[contract.pk])
    assert url in page
    pdf = client.get(url).content
    # then its SHA-256 is the one on both signatures, shown next to them
    digest = hashlib.sha256(pdf).hexdigest()
    assert set(
        Signature.objects.filter(contract=contract).values_list("document_sha256", flat=True)
    ) == {digest}
    assert digest in page
    assert pdf.startswith(b"%PDF")


def test_no_signed_document_before_the_first_signature(client):
    contract = contract_draft()
    client.force_login(contract.official)
    assert (
        client.get(reverse("contracts:contract-signed-copy", args=[contract.pk])).status_code == 404
    )


def test_an_unknown_pdf_language_is_not_found(client):
    contract = contract_in_force()
    client.force_login(contract.official)
    url = reverse("contracts:contract-pdf", args=[contract.pk])
    assert client.get(url + "?language=xx").status_code == 404
    assert client.get(url + "?language=kk").status_code == 200


def test_the_schedule_form_shows_plain_shares_and_a_plain_total(client):
    contract = contract_draft()
    client.force_login(contract.official)
    url = reverse("contracts:contract-tranches", args=[contract.pk])
    page = client.get(url).content.decode()
    assert 'value="50"' in page
    assert "E+" not in page
    refused = client.post(
        url,
        {
            "share_0": "60",
            "condition_0": "signature",
            "share_1": "60",
            "condition_1": "final_report_accepted",
        },
    ).content.decode()
    assert "120 %" in refused
    assert "E+" not in refused
    assert services.plain_number(Decimal("1.2E+2")) == "120"
    assert services.plain_number(Decimal("33.33330")) == "33.3333"


def test_a_schedule_change_after_approval_says_a_new_approval_is_needed(client):
    contract = contract_draft(jurisdiction="TJ", instrument="sso")
    services.contract_approve(actor=contract.second_official, contract=contract)
    client.force_login(contract.official)
    response = client.post(
        reverse("contracts:contract-tranches", args=[contract.pk]),
        {"share_0": "100", "condition_0": "signature"},
        follow=True,
    )
    assert "needs a new approval" in response.content.decode()


def test_the_threshold_sentence_appears_once_on_a_draft(client):
    contract = contract_draft(jurisdiction="TJ", instrument="sso")
    client.force_login(contract.official)
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    assert page.count("second official") == 1


def test_the_sign_form_names_the_language_and_the_method_is_in_words(client):
    contract = contract_in_force()
    contract.refresh_from_db()
    client.force_login(contract.official)
    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()
    assert "confirmation by the signed-in person on the platform" in page
    assert "· platform ·" not in page
    draft = contract_draft()
    sent = services.contract_send(actor=draft.official, contract=draft)
    client.force_login(draft.official)
    page = client.get(reverse("contracts:contract-detail", args=[sent.pk])).content.decode()
    assert "the language “русский”" in page
    assert "“ru”" not in page
