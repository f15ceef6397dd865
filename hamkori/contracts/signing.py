"""How a party signs a contract: a small provider interface with one implementation today.

`PlatformConfirmation` is a signed-in person's explicit confirmation on the platform: the
Signature row records who, when, the method "platform" and the SHA-256 of the signed copy
(the contract's PDF in its language, without the signature block filled in — the same bytes
for both parties, so each signature names the document the other one signed).

A national e-signature provider plugs in as another class with the same `sign` method, for
example NCALayer in Kazakhstan:

1. the contract page loads the signed copy's bytes (or their SHA-256) into the browser, which
   asks the local NCALayer service (a WebSocket on the signer's computer) to sign them with the
   person's key from the national certification centre (NCA RK) and returns a CMS (CAdES)
   signature;
2. a provider class `NcaLayerSignature(cms=...)` verifies the CMS on the server (certificate
   chain to NCA RK, revocation by OCSP, the signed digest equal to `document_sha256`, the IIN
   or BIN in the certificate equal to the signer's or the party's), and returns a
   SignatureResult with method "ncalayer" and the CMS's serial or a storage key as
   `provider_reference`;
3. the view passes that provider to services.contract_sign instead of the default.

Nothing else changes: the service still checks who may sign for which party, records the
Signature and brings the contract into force when both parties have signed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SignatureResult:
    method: str
    document_sha256: str
    provider_reference: str = ""


class SignatureProvider(Protocol):
    def sign(self, contract, user) -> SignatureResult:
        """Sign the contract's signed copy for `user`, or raise ValidationError."""
        ...


def signed_copy(contract):
    """The copy both parties sign: the contract's PDF in its language with the signature block
    empty, rendered once at the first signature and kept (SignedCopy), so that the second
    party signs the same bytes and anyone can later download exactly what was signed."""
    from django.utils import timezone

    from hamkori.contracts.document import contract_pdf
    from hamkori.contracts.models import SignedCopy

    copy = SignedCopy.objects.filter(contract=contract).first()
    if copy is None:
        pdf = contract_pdf(contract, contract.language, signing_copy=True)
        copy = SignedCopy.objects.create(
            contract=contract,
            language=contract.language,
            sha256=hashlib.sha256(pdf).hexdigest(),
            pdf=pdf,
            created_at=timezone.now(),
        )
    return copy


def signed_copy_sha256(contract) -> str:
    """The SHA-256 of the signed copy (see signed_copy)."""
    return signed_copy(contract).sha256


class PlatformConfirmation:
    """The signer confirms on the platform while signed in; `confirmed` is the checkbox
    "I have read the contract and sign it for my organisation"."""

    method = "platform"

    def __init__(self, *, confirmed: bool = True):
        self.confirmed = confirmed

    def sign(self, contract, user) -> SignatureResult:
        if not self.confirmed:
            raise ValidationError(
                {"confirm": _("Confirm that you have read the contract and sign it.")}
            )
        return SignatureResult(method=self.method, document_sha256=signed_copy_sha256(contract))


__all__ = [
    "PlatformConfirmation",
    "SignatureProvider",
    "SignatureResult",
    "signed_copy",
    "signed_copy_sha256",
]
