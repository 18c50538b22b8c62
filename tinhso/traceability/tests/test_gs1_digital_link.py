"""GS1 Digital Link URIs: parsing on any host and path prefix, exact errors, building back."""

import pytest

from tinhso.traceability.gs1.digital_link import (
    CANONICAL_BASE,
    DigitalLink,
    DigitalLinkError,
    parse_digital_link,
)

GTIN = "09506000134352"  # the GS1 Digital Link standard's example GTIN (check digit 2)


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        (
            "https://id.gs1.org/01/09506000134352",
            DigitalLink(key="01", value=GTIN, base="https://id.gs1.org"),
        ),
        (
            # any host and path prefix; GTIN-13 padded; percent-encoded lot; query attributes
            "https://example.com/shop/vn/01/9506000134352/10/ABC%2F1/21/12345"
            "?17=261231&3103=000195&linkType=gs1:pip&utm_source=qr",
            DigitalLink(
                key="01",
                value=GTIN,
                qualifiers={"10": "ABC/1", "21": "12345"},
                attributes={"17": "261231", "3103": "000195"},
                link_type="gs1:pip",
                other_params={"utm_source": "qr"},
                base="https://example.com/shop/vn",
            ),
        ),
        (
            "/414/0614141000012/254/5",
            DigitalLink(key="414", value="0614141000012", qualifiers={"254": "5"}),
        ),
        (
            "https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25&10=ABC123",
            DigitalLink(
                key="00",
                value="106141412345678908",
                attributes={"02": "00614141123452", "37": "25", "10": "ABC123"},
                base="https://id.gs1.org",
            ),
        ),
        (
            # Digital Link 1.1 short names, still accepted on input
            "https://id.gs1.org/gtin/9506000134352/lot/ABC?exp=261231",
            DigitalLink(
                key="01",
                value=GTIN,
                qualifiers={"10": "ABC"},
                attributes={"17": "261231"},
                base="https://id.gs1.org",
            ),
        ),
        (
            "/01/09506000134352/22/V1/10/L1/21/S1/",  # all three qualifiers, trailing slash
            DigitalLink(key="01", value=GTIN, qualifiers={"22": "V1", "10": "L1", "21": "S1"}),
        ),
        (
            "/01/09506000134352/235/TPX-1",  # UPUI
            DigitalLink(key="01", value=GTIN, qualifiers={"235": "TPX-1"}),
        ),
        (
            "/8006/106141411234590102/21/S",
            DigitalLink(key="8006", value="106141411234590102", qualifiers={"21": "S"}),
        ),
        (
            "/8010/0614141-AB%23/8011/12",
            DigitalLink(key="8010", value="0614141-AB#", qualifiers={"8011": "12"}),
        ),
        (
            # the path prefix may itself look like an AI path: the key is the right-most one
            "https://example.com/01/abc/414/0614141000012",
            DigitalLink(key="414", value="0614141000012", base="https://example.com/01/abc"),
        ),
        (
            "/8004/0614141ABC%2F1?linkType=linkset#ignored",
            DigitalLink(key="8004", value="0614141ABC/1", link_type="linkset"),
        ),
    ],
)
def test_parse_digital_link(uri: str, expected: DigitalLink) -> None:
    # when
    link = parse_digital_link(uri)
    # then
    assert link == expected
    assert list(link.qualifiers) == list(expected.qualifiers)  # order matters


@pytest.mark.parametrize(
    ("uri", "code", "message"),
    [
        (
            "https://example.com/products/tea",
            "missing_key",
            "No GS1 primary key found: the path must end with /{AI}/{value} pairs starting with "
            "a primary key such as /01/{GTIN}.",
        ),
        (
            "/01/09506000134352/10/",
            "incomplete_path",
            "The path after AI (01) must be /{AI}/{value} pairs; an AI or a value is missing.",
        ),
        ("/01/09506000134353", "check_digit", "GTIN has a wrong check digit: expected 2, got 3."),
        ("/01/0950600013435", "check_digit", "GTIN has a wrong check digit: expected 9, got 5."),
        ("/01/0950600013", "length", "GTIN must be 8, 12, 13 or 14 digits long; got 10."),
        ("/00/10614141234567890", "length", "SSCC must be 18 digits long; got 17."),
        (
            "/01/09506000134352/21/12345/10/ABC",
            "qualifier_order",
            "Key qualifiers of AI (01) must be in the order (22), (10), (21); "
            "(10) came after (21).",
        ),
        (
            "/01/09506000134352/254/1",
            "qualifier_not_allowed",
            "AI (254) is not a key qualifier of AI (01) and cannot be in the path; allowed: "
            "(22), (10), (21), (235). Data attributes go in the query string.",
        ),
        (
            "/00/106141412345678908/10/ABC",
            "qualifier_not_allowed",
            "AI (10) is not a key qualifier of AI (00) and cannot be in the path; allowed: none. "
            "Data attributes go in the query string.",
        ),
        (
            "/01/09506000134352/10/A/235/X",
            "qualifiers_mixed",
            "AI (235) and AI (10) cannot both qualify AI (01).",
        ),
        (
            "/01/09506000134352/99x/abc",
            "unknown_ai",
            "Unknown GS1 application identifier '99x' in the path.",
        ),
        ("/01/09506000134352/10/A/10/B", "duplicate_ai", "AI (10) appears more than once."),
        ("/01/09506000134352/10/A?10=B", "duplicate_ai", "AI (10) appears more than once."),
        (
            "/01/09506000134352/21/" + "1" * 21,
            "too_long",
            "AI (21) is too long: at most 20 characters, got 21.",
        ),
        (
            "/01/09506000134352/10/L%C3%B4",
            "charset",
            "AI (10) contains 'ô' at position 2, which is not allowed (GS1 character set 82).",
        ),
        ("/01/09506000134352/10/%FF", "encoding", "'%FF' is not valid percent-encoded UTF-8."),
        (
            "/01/09506000134352?17=261331",
            "format",
            "'261331' is not a valid value for AI (17) (format N6).",
        ),
        ("/01/09506000134352?17=2612", "length", "AI (17) must be 6 digits long; got 4."),
        (
            "/00/106141412345678908?02=00614141123453",
            "check_digit",
            "AI (02) has a wrong check digit: expected 2, got 3.",
        ),
        (
            "/01/09506000134352?9999=1",
            "unknown_ai",
            "Unknown GS1 application identifier '9999' in the query string.",
        ),
        (
            "ftp://example.com/01/09506000134352",
            "scheme",
            "A GS1 Digital Link URI must be an http or https URI with a host.",
        ),
        (
            "/8006/106141411234590302",
            "piece",
            "ITIP piece number 03 must be between 01 and the total 02.",
        ),
    ],
)
def test_malformed_digital_link_says_exactly_why(uri: str, code: str, message: str) -> None:
    # when
    with pytest.raises(DigitalLinkError) as caught:
        parse_digital_link(uri)
    # then
    assert (caught.value.code, caught.value.message) == (code, message)


@pytest.mark.parametrize(
    "uri",
    [
        "https://id.gs1.org/01/09506000134352",
        "https://id.gs1.org/01/09506000134352/10/ABC%2F1/21/12345?17=261231&linkType=gs1%3Apip",
        "https://example.com/shop/414/0614141000012/254/5",
        "https://example.com/8004/0614141ABC%21%28%29%2A",
        "https://id.gs1.org/00/106141412345678908?02=00614141123452&37=25",
    ],
)
def test_uri_round_trip(uri: str) -> None:
    # given
    link = parse_digital_link(uri)
    # when
    rebuilt = link.uri(link.base)
    # then
    assert rebuilt.replace("%3A", ":") == uri.replace("%3A", ":")
    assert parse_digital_link(rebuilt) == link


def test_canonical_form_is_on_id_gs1_org_without_query() -> None:
    # given
    link = parse_digital_link("https://tinhso.example/qr/gtin/9506000134352/ser/S%2B1?exp=261231")
    # when / then
    assert link.canonical == "https://id.gs1.org/01/09506000134352/21/S%2B1"
    assert link.uri() == "https://id.gs1.org/01/09506000134352/21/S%2B1?17=261231"
    assert link.uri("https://tinhso.example/", with_query=False) == (
        "https://tinhso.example/01/09506000134352/21/S%2B1"
    )
    assert CANONICAL_BASE == "https://id.gs1.org"


def test_values_are_percent_encoded_except_unreserved_characters() -> None:
    # given every symbol of GS1 character set 82
    link = DigitalLink(key="01", value=GTIN, qualifiers={"21": "!\"%&'()*+,-./:;<=>?_"})
    # when / then
    assert link.path == (
        "/01/09506000134352/21/%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F_"
    )
    assert parse_digital_link(link.path).qualifiers == link.qualifiers


def test_lenient_order_puts_qualifiers_in_the_standard_order() -> None:
    # given qualifiers written out of order
    uri = "https://example.com/01/09506000134352/21/S1/10/L1/22/V1"
    # when
    link = parse_digital_link(uri, strict_order=False)
    # then
    assert list(link.qualifiers.items()) == [("22", "V1"), ("10", "L1"), ("21", "S1")]
    assert link.canonical == "https://id.gs1.org/01/09506000134352/22/V1/10/L1/21/S1"
    with pytest.raises(DigitalLinkError) as caught:
        parse_digital_link("/01/09506000134352/21/S1/235/X", strict_order=False)
    assert caught.value.code == "qualifiers_mixed"
