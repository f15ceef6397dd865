"""The contract as a PDF in kk, ru, tg or en (WeasyPrint, as the commission's minutes):
parties with their identifiers, the amount in figures, the budget items, the tranche
schedule, the dates and the signatures.

The signing copy (signing_copy=True) leaves out everything that changes after signature —
the signatures themselves, amendments and tranche states — so both parties sign the same
bytes; its SHA-256 is on each Signature (contracts/signing.py)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from hamkori.contracts.models import AmendmentState, Contract, Party
from hamkori.rules.selectors import local_zone


def document_context(contract: Contract, *, signing_copy: bool = False) -> dict:
    zone = local_zone(contract.funder.jurisdiction_id)
    signatures = [] if signing_copy else list(contract.signatures.select_related("signed_by"))
    for signature in signatures:
        signature.signed_local = timezone.localtime(signature.signed_at, zone)
    by_party = {signature.party: signature for signature in signatures}
    return {
        "contract": contract,
        "parties": [contract.funder, contract.contractor],
        "items": list(contract.items.all()),
        "tranches": list(contract.tranches.all()),
        "amendments": []
        if signing_copy
        else list(contract.amendments.filter(state=AmendmentState.APPLIED)),
        "signature_list": [by_party.get(Party.FUNDER), by_party.get(Party.CONTRACTOR)],
        "signing_copy": signing_copy,
        "zone": zone.key,
    }


def contract_pdf(contract: Contract, language: str, *, signing_copy: bool = False) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    with translation.override(language):
        html = render_to_string(
            "contracts/document_pdf.html", document_context(contract, signing_copy=signing_copy)
        )
    return HTML(string=html).write_pdf()
