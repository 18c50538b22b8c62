"""GS1 keys: check digits, validation messages, GTIN details (GS1 Vietnam prefix 893)."""

import random

import pytest
from biip.checksums import gs1_standard_check_digit

from tinhso.traceability.gs1.ai import Role, get_ai
from tinhso.traceability.gs1.keys import (
    GS1KeyError,
    check_digit,
    company_prefix_length,
    describe_gtin,
    validate_cpid,
    validate_gcn,
    validate_gdti,
    validate_giai,
    validate_gln,
    validate_grai,
    validate_gsin,
    validate_gsrn,
    validate_gtin,
    validate_itip,
    validate_key,
    validate_sscc,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("629104150021", "3"),  # GenSpecs §7.9.1 worked example (GTIN-13 6291041500213)
        ("1061414107346", "4"),  # GTIN-14 10614141073464 (EPCIS examples)
        ("10614141234567890", "8"),  # SSCC 106141412345678908
        ("061414100001", "2"),  # GLN 0614141000012
        ("893456700001", "7"),  # a GS1 Vietnam GTIN-13: 8934567000017
        ("9638507", "4"),  # GTIN-8 96385074
    ],
)
def test_check_digit_of_known_keys(body: str, expected: str) -> None:
    # when / then
    assert check_digit(body) == expected


def test_check_digit_agrees_with_biip_on_random_bodies() -> None:
    # given
    rng = random.Random(893)
    bodies = ["".join(rng.choices("0123456789", k=rng.randint(1, 30))) for _ in range(2000)]
    # when / then
    for body in bodies:
        assert check_digit(body) == str(gs1_standard_check_digit(body)), body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8934567000017", "08934567000017"),  # GTIN-13, GS1 Vietnam
        ("08934567000017", "08934567000017"),
        ("18934567000014", "18934567000014"),  # GTIN-14 with packaging indicator 1
        ("614141123452", "00614141123452"),  # GTIN-12 (UPC-A)
        ("96385074", "00000096385074"),  # GTIN-8
    ],
)
def test_validate_gtin_normalises_to_14_digits(value: str, expected: str) -> None:
    assert validate_gtin(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("8934567000018", "check_digit", "GTIN has a wrong check digit: expected 7, got 8."),
        ("893456700001", "check_digit", "GTIN has a wrong check digit: expected 2, got 1."),
        ("89345670017", "length", "GTIN must be 8, 12, 13 or 14 digits long; got 11."),
        ("893456700001X", "non_digit", "GTIN must contain only digits; found 'X' at position 13."),
        ("8934567 00017", "non_digit", "GTIN must contain only digits; found ' ' at position 8."),
        ("", "empty", "GTIN is empty."),
        (
            "８９３４５６７００００１７",
            "non_digit",
            "GTIN must contain only digits; found '８' at position 1.",
        ),
    ],
)
def test_validate_gtin_says_what_is_wrong(value: str, code: str, message: str) -> None:
    # when
    with pytest.raises(GS1KeyError) as caught:
        validate_gtin(value)
    # then
    assert (caught.value.code, caught.value.message) == (code, message)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_gln, "0614141000012"),
        (validate_sscc, "106141412345678908"),
        (validate_gsrn, "061414112345678902"),
        (validate_gsin, "06141411234567890"),
        (validate_grai, "00614141000418"),  # no serial
        (validate_grai, "00614141000418ABC-12/x"),
        (validate_gdti, "0614141000005"),
        (validate_gdti, "0614141000005PO-4711"),
        (validate_gcn, "0614141000005"),
        (validate_gcn, "0614141000005012345678901"),
        (validate_itip, "106141411234590102"),
        (validate_giai, "0614141ABC/1.2"),
        (validate_cpid, "0614141-AB#/9"),
    ],
)
def test_valid_keys_are_returned_unchanged(validator, value: str) -> None:  # type: ignore[no-untyped-def]
    assert validator(value) == value


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (validate_gln, "0614141000014", "GLN has a wrong check digit: expected 2, got 4."),
        (validate_gln, "061414100001", "GLN must be 13 digits long; got 12."),
        (validate_sscc, "10614141234567890", "SSCC must be 18 digits long; got 17."),
        (validate_sscc, "106141412345678900", "SSCC has a wrong check digit: expected 8, got 0."),
        (
            validate_gsrn,
            "06141411234567890A",
            "GSRN must contain only digits; found 'A' at position 18.",
        ),
        (validate_gsin, "06141411234567891", "GSIN has a wrong check digit: expected 0, got 1."),
        (validate_grai, "10614141000415", "GRAI must start with the filler digit 0; got 1."),
        (validate_grai, "0061414100041", "GRAI must start with 14 digits; got 13."),
        (
            validate_grai,
            "00614141000418" + "S" * 17,
            "GRAI serial component is too long: at most 16 characters, got 17.",
        ),
        (
            validate_gdti,
            "0614141000005PO 4711",
            "GDTI serial component contains ' ' at position 3, which is not allowed "
            "(GS1 character set 82).",
        ),
        (
            validate_gcn,
            "0614141000005A1",
            "GCN serial component must contain only digits; found 'A' at position 1.",
        ),
        (
            validate_itip,
            "106141411234590302",
            "ITIP piece number 03 must be between 01 and the total 02.",
        ),
        (validate_itip, "106141411234530102", "ITIP has a wrong check digit: expected 9, got 3."),
        (validate_giai, "0614141" + "9" * 24, "GIAI is too long: at most 30 characters, got 31."),
        (
            validate_giai,
            "0614141 Bình",
            "GIAI contains ' ' at position 8, which is not allowed (GS1 character set 82).",
        ),
        (
            validate_cpid,
            "0614141ab",
            "CPID contains 'a' at position 8, which is not allowed (GS1 character set 39).",
        ),
    ],
)
def test_invalid_keys_name_the_fault(validator, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    # when
    with pytest.raises(GS1KeyError) as caught:
        validator(value)
    # then
    assert caught.value.message == message


def test_validate_key_dispatches_by_primary_key_ai() -> None:
    # when / then
    assert validate_key("01", "8934567000017") == "08934567000017"
    assert validate_key("417", "0614141000012") == "0614141000012"
    with pytest.raises(GS1KeyError) as caught:
        validate_key("8017", "061414112345678903")
    assert caught.value.message == "GSRN provider has a wrong check digit: expected 2, got 3."


def test_describe_gtin_of_a_vietnamese_product() -> None:
    # given a GTIN-13 under GS1 Vietnam's prefix 893 (check digit computed: 7)
    gtin = "8934567000017"
    # when
    info = describe_gtin(gtin)
    # then
    assert info.gtin14 == "08934567000017"
    assert info.format == 13
    assert (info.prefix, info.prefix_usage) == ("893", "GS1 Vietnam")
    assert info.is_vietnamese is True
    assert info.company_prefix == "8934567"


def test_describe_gtin_of_a_foreign_product_is_not_vietnamese() -> None:
    info = describe_gtin("4012345111118")
    assert (info.prefix, info.prefix_usage, info.is_vietnamese) == ("401", "GS1 Germany", False)


@pytest.mark.parametrize(
    ("digits", "length"),
    [
        ("893456700001", 7),
        ("893500123456", 8),  # GS1 Vietnam publishes 8-digit prefixes in this range
        ("061414110734", 7),
        ("401234511111", 7),
        ("abc", None),
    ],
)
def test_company_prefix_length_from_the_published_gs1_table(
    digits: str, length: int | None
) -> None:
    assert company_prefix_length(digits) == length


def test_ai_table_comes_from_biip_with_digital_link_roles() -> None:
    # when
    gtin, lot, expiry, unknown = get_ai("01"), get_ai("lot"), get_ai("17"), get_ai("0")
    # then
    assert gtin is not None and lot is not None and expiry is not None
    assert (gtin.code, gtin.format, gtin.role, gtin.check_digit_span) == (
        "01",
        "N14",
        Role.PRIMARY_KEY,
        14,
    )
    assert (lot.code, lot.format, lot.role, lot.title) == (
        "10",
        "X..20",
        Role.QUALIFIER,
        "BATCH/LOT",
    )
    assert (expiry.format, expiry.role) == ("N6", Role.ATTRIBUTE)
    assert expiry.pattern.fullmatch("261231") and not expiry.pattern.fullmatch("261331")
    assert unknown is None
    assert get_ai("999") is None
