"""The contract's PDF in kk, ru, tg and en, read back from the file: parties with their
identifiers, the amount in figures, items, tranches, dates and the signatures."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from hamkori.contracts.document import contract_pdf
from hamkori.contracts.models import Signature
from hamkori.contracts.signing import signed_copy_sha256
from hamkori.contracts.tests.factories import contract_in_force

pytestmark = pytest.mark.django_db

WORDS = {"kk": "Сомасы", "ru": "Сумма", "tg": "Маблағ", "en": "Amount"}


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["kk", "ru", "tg", "en"])
def test_the_contract_reads_back_from_its_pdf_in_each_language(language):
    # given a signed contract
    contract = contract_in_force()
    # when its PDF is rendered in the language
    text = _text(contract_pdf(contract, language))
    # then it is in that language and names the parties, amount, items, tranches and dates
    assert WORDS[language] in text
    assert contract.reference in text
    assert contract.funder.identifier in text
    assert contract.contractor.identifier in text
    digits = re.sub(r"\D", "", text)
    assert "450000000" in digits  # 4 500 000,00 whatever the separators
    assert "225000000" in digits  # each tranche
    assert "300000000" in digits  # the first item
    assert contract.starts_on.strftime("%d.%m.%Y") in text
    assert contract.ends_on.strftime("%d.%m.%Y") in text
    assert contract.official.full_name in text
    assert contract.contractor_admin.full_name in text
    with translation.override(language):
        assert str(contract.get_kind_display()).capitalize() in text


def test_both_signatures_name_the_digest_of_the_signing_copy():
    contract = contract_in_force()
    digest = signed_copy_sha256(contract)
    assert set(
        Signature.objects.filter(contract=contract).values_list("document_sha256", flat=True)
    ) == {digest}
    signing_copy = contract_pdf(contract, contract.language, signing_copy=True)
    assert hashlib.sha256(signing_copy).hexdigest() == digest
    # the full copy shows the signatures, the signing copy does not
    assert contract.official.full_name not in _text(signing_copy)
