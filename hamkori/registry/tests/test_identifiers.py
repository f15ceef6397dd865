"""KZ BIN and TJ TIN validation, with the BIN's check digit pinned by a property test."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from hamkori.registry.identifiers import (
    bin_checksum_ok,
    make_kz_bin,
    normalise_identifier,
    validate_identifier,
    validate_kz_bin,
    validate_tj_tin,
)


def reference_check_digit(first_eleven: str) -> int | None:
    """DOMAIN.md §5 written out again, independently of the code under test."""
    digits = [int(c) for c in first_eleven]
    first = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    if first != 10:
        return first
    second = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True))
    return None if second % 11 == 10 else second % 11


def first_sum(value: str) -> int:
    return sum(int(c) * w for c, w in zip(value[:11], range(1, 12), strict=True)) % 11


def accepted(value: str) -> bool:
    try:
        validate_kz_bin(value)
    except ValidationError:
        return False
    return True


valid_bins = st.builds(
    make_kz_bin,
    year=st.integers(0, 99),
    month=st.integers(1, 12),
    entity_type=st.sampled_from("456"),
    serial=st.integers(0, 999_999),
).filter(lambda v: v is not None)


@given(valid_bins)
def test_a_bin_built_with_its_check_digit_is_valid(value):
    validate_kz_bin(value)
    assert bin_checksum_ok(value)


@given(valid_bins, st.integers(0, 11), st.integers(0, 9))
def test_a_single_digit_change_is_accepted_exactly_when_the_check_digit_still_matches(
    value, position, digit
):
    # given a valid BIN and a change of one digit
    assume(int(value[position]) != digit)
    changed = value[:position] + str(digit) + value[position + 1 :]
    # then it passes exactly when month, entity type and the recomputed check digit agree
    structure_ok = 1 <= int(changed[2:4]) <= 12 and changed[4] in "456"
    expected = structure_ok and reference_check_digit(changed[:11]) == int(changed[11])
    assert accepted(changed) == expected


@given(valid_bins, st.integers(0, 11), st.integers(0, 9))
def test_every_change_the_first_weights_can_see_is_rejected(value, position, digit):
    # given a change outside digit 11, where both numbers are decided by the first weights
    assume(int(value[position]) != digit and position != 10)
    changed = value[:position] + str(digit) + value[position + 1 :]
    assume(first_sum(value) != 10 and first_sum(changed) != 10)
    # then the check digit catches it: weights 1..10 are invertible modulo 11
    assert not accepted(changed)


def test_the_algorithm_cannot_see_some_changes_of_the_eleventh_digit():
    # given a BIN whose first sum is not 10 (the 11th digit has weight 11 ≡ 0)
    value = next(
        v for s in range(1, 100) if (v := make_kz_bin(15, 3, "4", s)) and first_sum(v) != 10
    )
    # when the 11th digit changes, the first sum does not move
    changed = value[:10] + str((int(value[10]) + 1) % 10) + value[11]
    # then the change goes unnoticed unless it pushes the sum to the second weights
    assert first_sum(changed) == first_sum(value)
    assert accepted(changed)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("15034000001", "bin_format"),
        ("1503400000123", "bin_format"),
        ("15034000001a", "bin_format"),
        ("", "bin_format"),
        ("151340000019", "bin_month"),
        ("150040000019", "bin_month"),
        ("150370000019", "bin_entity_type"),
    ],
)
def test_malformed_bins_are_rejected_with_their_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_kz_bin(value)
    assert error.value.code == code


def test_a_wrong_check_digit_is_reported_as_such():
    value = make_kz_bin(15, 3, "4", 42)
    wrong = value[:11] + str((int(value[11]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_kz_bin(wrong)
    assert error.value.code == "bin_checksum"


def test_no_bin_exists_when_both_sums_are_ten():
    # find 11 digits where both passes give 10: make_kz_bin must refuse them
    for serial in range(100_000):
        if reference_check_digit(f"15034{serial:06d}") is None:
            assert make_kz_bin(2015, 3, "4", serial) is None
            return
    pytest.fail("no 11-digit prefix without a check digit found")


def test_tj_tin_has_nine_digits():
    validate_tj_tin("500000001")
    for bad in ("50000000", "5000000012", "50000000a", ""):
        with pytest.raises(ValidationError):
            validate_tj_tin(bad)


def test_identifiers_are_validated_per_jurisdiction_after_normalising():
    value = make_kz_bin(15, 3, "4", 7)
    spaced = f"{value[:4]} {value[4:8]}-{value[8:]}"
    validate_identifier("KZ", normalise_identifier(spaced))
    validate_identifier("TJ", normalise_identifier("500 000 001"))
    with pytest.raises(ValidationError):
        validate_identifier("TJ", value)
    with pytest.raises(ValidationError):
        validate_identifier("XX", value)
