"""National identifiers of organisations.

KZ BIN (DOMAIN.md §5, [V]): 12 digits; digits 1–4 are the year and month of registration,
digit 5 the entity type (4 resident legal entity, 5 non-resident, 6 joint entrepreneurship);
the 12th digit is a check digit: the sum of the first 11 digits times weights 1..11, mod 11;
if that is 10, weights 3,4,...,11,1,2; if it is 10 again the number is invalid.

A property of the official algorithm worth knowing: the 11th digit has weight 11 ≡ 0 (mod 11)
in the first pass, so a change of that digit alone is caught only when the first sum is 10.
The tests pin exactly which single-digit changes the algorithm can and cannot detect.

TJ TIN [U]: 9 digits (tax identification number); no public check-digit rule was found.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
BIN_ENTITY_TYPES = {"4", "5", "6"}


def bin_check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no check digit exists (both sums 10)."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, WEIGHTS_FIRST, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, WEIGHTS_SECOND, strict=True)) % 11
        if check == 10:
            return None
    return check


def bin_checksum_ok(value: str) -> bool:
    if not re.fullmatch(r"\d{12}", value):
        return False
    check = bin_check_digit(value[:11])
    return check is not None and check == int(value[11])


def validate_kz_bin(value: str) -> None:
    if not re.fullmatch(r"\d{12}", value or ""):
        raise ValidationError(_("A BIN has exactly 12 digits."), code="bin_format")
    if not 1 <= int(value[2:4]) <= 12:
        raise ValidationError(
            _("Digits 3–4 of a BIN are the month of registration (01–12)."), code="bin_month"
        )
    if value[4] not in BIN_ENTITY_TYPES:
        raise ValidationError(
            _("Digit 5 of a BIN is the entity type: 4, 5 or 6 for a legal entity."),
            code="bin_entity_type",
        )
    if not bin_checksum_ok(value):
        raise ValidationError(
            _("The check digit of this BIN is wrong; please check the number."), code="bin_checksum"
        )


def validate_tj_tin(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("A Tajik TIN has exactly 9 digits."), code="tin_format")


VALIDATORS = {"KZ": validate_kz_bin, "TJ": validate_tj_tin}


OPEN_DATA_PREFIX = re.compile(r"^\s*(KZ-BIN|TJ-TIN)-", re.IGNORECASE)


def normalise_identifier(value: str) -> str:
    """Digits only: spaces and dashes removed, and the open-data prefix the site shows
    (KZ-BIN-…, TJ-TIN-…) accepted, since people copy the identifier from the page."""
    return re.sub(r"[\s-]", "", OPEN_DATA_PREFIX.sub("", value or ""))


def validate_identifier(jurisdiction_code: str, value: str) -> None:
    validator = VALIDATORS.get(jurisdiction_code)
    if validator is None:
        raise ValidationError(_("Unknown jurisdiction."), code="jurisdiction")
    validator(value)


def make_kz_bin(year: int, month: int, entity_type: str, serial: int) -> str | None:
    """A BIN with a correct check digit (demo and synthetic data); None if none exists."""
    first = f"{year % 100:02d}{month:02d}{entity_type}{serial % 1_000_000:06d}"
    check = bin_check_digit(first)
    return None if check is None else f"{first}{check}"
