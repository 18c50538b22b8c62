"""EPC URIs (TDS 2.x) <-> GS1 Digital Link URIs: tables, round trips, the conformance corpus."""

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tinhso.traceability.gs1.digital_link import DigitalLinkError
from tinhso.traceability.gs1.identifiers import (
    IdentifierError,
    canonical_digital_link,
    digital_link_of,
    epc_urn,
)

# EPC URI -> canonical Digital Link. Sources: the element-string examples of the EPC Tag Data
# Standard (e.g. (255)401234567890104711 <-> urn:epc:id:sgcn:4012345.67890.04711), the test
# vectors of the public EPC/Digital Link translators (RalphTro/gs1-epc-digitallink-translator,
# openepcis/openepcis-epc-digitallink-translator) and the EPCIS 2.0 conformance documents.
EPC_TO_DL = [
    # TDS examples
    ("urn:epc:id:sgtin:0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6789"),
    ("urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908"),
    ("urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400"),
    ("urn:epc:id:grai:0614141.12345.400", "https://id.gs1.org/8003/00614141123452400"),
    ("urn:epc:id:giai:0614141.12345400", "https://id.gs1.org/8004/061414112345400"),
    ("urn:epc:id:gsrn:0614141.1234567890", "https://id.gs1.org/8018/061414112345678902"),
    ("urn:epc:id:gsrnp:0614141.1234567890", "https://id.gs1.org/8017/061414112345678902"),
    ("urn:epc:id:gdti:0614141.12345.006847", "https://id.gs1.org/253/0614141123452006847"),
    ("urn:epc:id:sgcn:4012345.67890.04711", "https://id.gs1.org/255/401234567890104711"),
    ("urn:epc:id:ginc:0614141.xyz3311cba", "https://id.gs1.org/401/0614141xyz3311cba"),
    ("urn:epc:id:gsin:0614141.123456789", "https://id.gs1.org/402/06141411234567890"),
    (
        "urn:epc:id:itip:4012345.012345.01.02.987",
        "https://id.gs1.org/8006/040123451234560102/21/987",
    ),
    ("urn:epc:id:pgln:1234567.89012", "https://id.gs1.org/417/1234567890128"),
    (
        "urn:epc:id:cpi:0614141.123ABC.123456789",
        "https://id.gs1.org/8010/0614141123ABC/8011/123456789",
    ),
    ("urn:epc:class:lgtin:4012345.012345.998877", "https://id.gs1.org/01/04012345123456/10/998877"),
    ("urn:epc:idpat:sgtin:4012345.098765.*", "https://id.gs1.org/01/04012345987652"),
    # escapes: TDS %-escapes in the EPC URI become Digital Link percent-encoding
    ("urn:epc:id:sgtin:4012345.011111.98%22", "https://id.gs1.org/01/04012345111118/21/98%22"),
    (
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()",
        "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
    ),
    (
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.12345",
        "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/12345",
    ),
    ("urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11"),
    (
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB",
        "https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB",
    ),
    ("urn:epc:id:sgtin:0614141.107346.A.B.C", "https://id.gs1.org/01/10614141073464/21/A.B.C"),
    # translator test vectors
    ("urn:epc:id:sgtin:415056789012.0.987654", "https://id.gs1.org/01/04150567890128/21/987654"),
    ("urn:epc:id:sgtin:234567890.1123.9999", "https://id.gs1.org/01/12345678901231/21/9999"),
    ("urn:epc:id:sgtin:387583784374.7.9302932", "https://id.gs1.org/01/73875837843740/21/9302932"),
    ("urn:epc:id:sscc:4012345.3111111111", "https://id.gs1.org/00/340123451111111111"),
    ("urn:epc:id:sgln:4012345.00005.0", "https://id.gs1.org/414/4012345000054"),
    ("urn:epc:id:grai:4012345.00022.334455", "https://id.gs1.org/8003/04012345000221334455"),
    ("urn:epc:id:gdti:4012345.00009.PO-4711", "https://id.gs1.org/253/4012345000092PO-4711"),
    ("urn:epc:id:sgcn:439439434939..4", "https://id.gs1.org/255/43943943493924"),
    ("urn:epc:id:pgln:999999999999.", "https://id.gs1.org/417/9999999999994"),
    ("urn:epc:id:upui:234567.1890123.1111ANC", "https://id.gs1.org/01/12345678901231/235/1111ANC"),
    (
        "urn:epc:id:itip:234567.1890123.56.78.1111",
        "https://id.gs1.org/8006/123456789012315678/21/1111",
    ),
    ("urn:epc:idpat:itip:943549030.3943.04.93.*", "https://id.gs1.org/8006/394354903094320493"),
    ("urn:epc:idpat:sgcn:12345678.9012.*", "https://id.gs1.org/255/1234567890128"),
    ("urn:epc:idpat:cpi:438483.74387483.*", "https://id.gs1.org/8010/43848374387483"),
    ("urn:epc:idpat:grai:4012345.66666.*", "https://id.gs1.org/8003/04012345666663"),
    ("urn:epc:idpat:gdti:4012345.55555.*", "https://id.gs1.org/253/4012345555554"),
    # a Vietnamese product: GS1 Vietnam prefix 893, GCP 8934567, GTIN-13 8934567000017
    (
        "urn:epc:id:sgtin:8934567.000001.CHE-2026",
        "https://id.gs1.org/01/08934567000017/21/CHE-2026",
    ),
    ("urn:epc:class:lgtin:8934567.000001.L01", "https://id.gs1.org/01/08934567000017/10/L01"),
]


@pytest.mark.parametrize(("epc", "digital_link"), EPC_TO_DL)
def test_epc_uri_to_canonical_digital_link(epc: str, digital_link: str) -> None:
    assert canonical_digital_link(epc) == digital_link


@pytest.mark.parametrize(("epc", "digital_link"), EPC_TO_DL)
def test_epc_round_trip_with_the_company_prefix_length(epc: str, digital_link: str) -> None:
    # given the GS1 Company Prefix length as written in the EPC URI
    gcp_length = len(epc.split(":")[4].split(".")[0])
    # when
    back = epc_urn(digital_link, company_prefix_length=gcp_length)
    # then
    assert back == epc


@pytest.mark.parametrize(
    ("digital_link", "canonical"),
    [
        # any host, path prefix, short GTIN, query string and fragment
        (
            "https://example.com/shop/01/9506000134352/21/12345?17=261231#top",
            "https://id.gs1.org/01/09506000134352/21/12345",
        ),
        (
            "http://id.gs1.de/01/04012345999990/21/XYZ-1234",
            "https://id.gs1.org/01/04012345999990/21/XYZ-1234",
        ),
        ("https://example.org/8004/401234599999", "https://id.gs1.org/8004/401234599999"),
        ("https://id.gs1.org/gtin/96385074/lot/A1", "https://id.gs1.org/01/00000096385074/10/A1"),
        ("https://id.gs1.org/01/09506000134352", "https://id.gs1.org/01/09506000134352"),
        (
            "https://example.com/01/09506000134352/21/S1/10/L1",  # qualifiers put in order
            "https://id.gs1.org/01/09506000134352/10/L1/21/S1",
        ),
    ],
)
def test_any_digital_link_to_canonical(digital_link: str, canonical: str) -> None:
    assert canonical_digital_link(digital_link) == canonical
    assert canonical_digital_link(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    "identifier",
    [
        "urn:uuid:6f2b6b4e-8e0c-4b8e-9b7a-6d3c1f0e2a11",
        "https://example.com/products/tea",
        "https://example.com/blog/2024/01/post",  # looks like /01/ but is no GTIN
        "urn:epc:id:gid:95100000.12345.400",  # an EPC, but not a GS1 key
        "urn:epc:idpat:sgtin:4012345.*.*",  # a wider pattern has no Digital Link
        "urn:epcglobal:cbv:bt:0614141073467:1152",
        "urn:epc:id:sgtin:0614141.107346",  # missing serial
        "urn:epc:id:sgtin:0614141.10734.1",  # 12 digits instead of 13
        "urn:epc:id:sgtin:06141.4110734.1",  # company prefix shorter than 6
        "urn:epc:id:sgtin:0614141.107346.a/b",  # "/" must be escaped as %2F
        "urn:epc:id:sgtin:0614141.107346.%41",  # only the seven TDS escapes exist
        "urn:epc:id:sgtin:0614141.107346." + "1" * 21,  # serial over 20 characters
        "urn:epc:id:cpi:0614141.123ABC.0123",  # cpi serial without leading zeros
        "https://id.gs1.org/01/09506000134353",  # wrong check digit
        "https://id.gs1.org/01/09506000134352/10/A/235/X",  # a lot cannot qualify a UPUI
        "https://id.example.com/8003/030013450007718765",  # from the conformance corpus
        "",
        "geo:22.39,103.46",
    ],
)
def test_other_identifiers_are_returned_unchanged(identifier: str) -> None:
    assert canonical_digital_link(identifier) == identifier


@pytest.mark.parametrize(
    ("digital_link", "gcp_length", "epc"),
    [
        ("https://id.gs1.org/01/12356789080128/21/1234", 6, "urn:epc:id:sgtin:235678.1908012.1234"),
        (
            "https://lidl.de/food/frozen/01/12356789080128/21/1234",
            6,
            "urn:epc:id:sgtin:235678.1908012.1234",
        ),
        ("https://id.gs1.org/01/12345678901231", 6, "urn:epc:idpat:sgtin:234567.1890123.*"),
        (
            "https://id.gs1.org/01/12345678901231/10/L1/21/S1",
            6,
            "urn:epc:id:sgtin:234567.1890123.S1",
        ),
        (
            "https://id.gs1.org/8010/12345678A9012/8011/1010",
            8,
            "urn:epc:id:cpi:12345678.A9012.1010",
        ),
        (
            "https://id.gs1.org/8010/9507885039434%2F38",
            6,
            "urn:epc:idpat:cpi:950788.5039434%2F38.*",
        ),
        ("https://id.gs1.org/255/43943943493924", 6, "urn:epc:id:sgcn:439439.434939.4"),
        ("https://id.gs1.org/255/43943943493924", 12, "urn:epc:id:sgcn:439439434939..4"),
        ("https://id.gs1.org/414/0614141123452?17=261231", 7, "urn:epc:id:sgln:0614141.12345.0"),
        ("https://id.gs1.org/8004/0614141A%2FB", 7, "urn:epc:id:giai:0614141.A%2FB"),
        # the GCP length looked up in GS1's published table (bundled in biip)
        (
            "https://id.gs1.org/01/08934567000017/21/CHE-2026",
            None,
            "urn:epc:id:sgtin:8934567.000001.CHE-2026",
        ),
        (
            "https://id.gs1.org/8006/590448415232328393/21/547564756",
            None,
            "urn:epc:id:itip:9044841.552323.83.93.547564756",
        ),
        # already an EPC URN, or not a GS1 identifier, or no EPC form
        ("urn:epc:id:sgtin:0614141.812345.6789", None, "urn:epc:id:sgtin:0614141.812345.6789"),
        ("urn:epc:id:gid:95100000.12345.400", None, "urn:epc:id:gid:95100000.12345.400"),
        ("urn:uuid:6f2b6b4e-8e0c-4b8e-9b7a-6d3c1f0e2a11", 7, None),
        ("https://example.com/products/tea", 7, None),
        ("https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2K", 7, None),  # GMN
        ("https://id.gs1.org/01/12345678901231/22/V1", 6, None),  # CPV alone
        ("https://id.gs1.org/8018/061414112345678902/8019/1", 7, None),  # with an SRIN
        # a GTIN-8 is an individually assigned key: the published table gives 12 digits (TDS)
        ("https://id.gs1.org/01/00000096385074", None, "urn:epc:idpat:sgtin:000009638507.0.*"),
        ("https://id.gs1.org/01/09990000000012/21/1", None, None),  # no published GCP length
    ],
)
def test_digital_link_to_epc_urn(
    digital_link: str, gcp_length: int | None, epc: str | None
) -> None:
    assert epc_urn(digital_link, company_prefix_length=gcp_length) == epc


@pytest.mark.parametrize(
    ("identifier", "gcp_length", "code", "message"),
    [
        (
            "https://id.gs1.org/01/12345678901231/21/1",
            5,
            "company_prefix_length",
            "A GS1 Company Prefix is 6 to 12 digits long; got 5.",
        ),
        (
            "https://id.gs1.org/8004/0614ABC",
            7,
            "company_prefix_length",
            "A GS1 Company Prefix of 7 digits does not fit the (8004) '0614ABC'.",
        ),
        (
            "https://id.gs1.org/01/12345678901234/21/1",
            6,
            "check_digit",
            "GTIN has a wrong check digit: expected 1, got 4.",
        ),
        (
            "urn:epc:id:sgtin:0614141.10734.1",
            None,
            "reference",
            "In a sgtin EPC URI the GS1 Company Prefix and the next field must be 13 digits "
            "together; got '0614141.10734'.",
        ),
    ],
)
def test_epc_urn_rejects_malformed_gs1_identifiers(
    identifier: str, gcp_length: int | None, code: str, message: str
) -> None:
    with pytest.raises((IdentifierError, DigitalLinkError)) as caught:
        epc_urn(identifier, company_prefix_length=gcp_length)
    assert (caught.value.code, caught.value.message) == (code, message)


@pytest.mark.parametrize(
    ("identifier", "code", "message"),
    [
        (
            "urn:epc:id:sgtin:0614141.107346",
            "fields",
            "A sgtin EPC URI has 3 dot-separated fields after the scheme; got 2.",
        ),
        (
            "urn:epc:id:sgtin:06141.4110734.1",
            "company_prefix",
            "The GS1 Company Prefix of a sgtin EPC URI must be 6 to 12 digits; got '06141'.",
        ),
        (
            "urn:epc:id:sgtin:0614141.107346." + "1" * 21,
            "too_long",
            "A sgtin EPC URI component is at most 20 characters; got 21.",
        ),
        (
            "urn:epc:id:sgcn:4012345.67890.A1",
            "serial",
            "The serial component of an sgcn EPC URI is 1 to 12 digits; got 'A1'.",
        ),
        (
            "urn:epc:id:cpi:0614141.123ABC.0123",
            "serial",
            "The serial of a cpi EPC URI is 1 to 12 digits without leading zeros; got '0123'.",
        ),
        (
            "urn:epc:idpat:sgtin:4012345.098765.1",
            "pattern",
            "Only the last field of a sgtin EPC pattern may be '*'.",
        ),
        (
            "https://id.gs1.org/01/09506000134353",
            "check_digit",
            "GTIN has a wrong check digit: expected 2, got 3.",
        ),
    ],
)
def test_digital_link_of_is_strict(identifier: str, code: str, message: str) -> None:
    with pytest.raises((IdentifierError, DigitalLinkError)) as caught:
        digital_link_of(identifier)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_plain_sgtins_convert_like_every_other_epc() -> None:
    # given random plain SGTINs (the common case has its own fast path) of every GCP length
    rng = random.Random(893)
    for _ in range(2000):
        gcp_length = rng.randint(6, 12)
        digits = "".join(rng.choices("0123456789", k=13))
        serial = "".join(rng.choices("0123456789ABCxyz-_.", k=rng.randint(1, 20)))
        epc = f"urn:epc:id:sgtin:{digits[:gcp_length]}.{digits[gcp_length:]}.{serial}"
        # when
        link = digital_link_of(epc)
        # then
        assert link is not None
        assert canonical_digital_link(epc) == link.canonical
        assert epc_urn(link.canonical, company_prefix_length=gcp_length) == epc


def test_digital_link_of_returns_none_for_non_gs1_identifiers() -> None:
    assert digital_link_of("urn:uuid:6f2b6b4e-8e0c-4b8e-9b7a-6d3c1f0e2a11") is None
    assert digital_link_of("https://example.com/products/tea") is None
    assert digital_link_of("urn:epc:id:gid:95100000.12345.400") is None


def test_digital_link_of_an_epc_gives_key_and_qualifiers() -> None:
    link = digital_link_of("urn:epc:id:sgln:0614141.12345.400")
    assert link is not None
    assert (link.key, link.value, link.qualifiers) == ("414", "0614141123452", {"254": "400"})


def test_canonical_digital_link_never_raises_on_mangled_input() -> None:
    # given identifiers mutated at random: dropped, doubled and replaced characters
    rng = random.Random(57)
    seeds = [epc for epc, _ in EPC_TO_DL] + [dl for _, dl in EPC_TO_DL]
    alphabet = "0123456789.:/%*?&=#ABCxyzô\x00"
    # when / then
    for _ in range(5000):
        chars = list(rng.choice(seeds))
        for _edit in range(rng.randint(1, 3)):
            position = rng.randrange(len(chars))
            chars[position : position + rng.randint(0, 2)] = rng.choice(alphabet) * rng.randint(
                0, 2
            )
        mangled = "".join(chars)
        result = canonical_digital_link(mangled)
        assert result == mangled or result.startswith("https://id.gs1.org/")


# -- the EPCIS conformance corpus ------------------------------------------------------------------

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "conformance" / "epcis" / "valid"
_LIST_FIELDS = {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}
_ONE_FIELDS = {"parentID", "epcClass"}
_PLACE_FIELDS = {"readPoint", "bizLocation"}


def _identifiers(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name in _LIST_FIELDS and isinstance(value, list):
                yield from (item for item in value if isinstance(item, str))
            elif name in _ONE_FIELDS and isinstance(value, str):
                yield value
            elif (
                name in _PLACE_FIELDS
                and isinstance(value, dict)
                and isinstance(value.get("id"), str)
            ):
                yield value["id"]
            yield from _identifiers(value)
    elif isinstance(node, list):
        for item in node:
            yield from _identifiers(item)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared EPCIS conformance corpus is absent")
def test_every_identifier_of_the_conformance_corpus_converts_or_stays() -> None:
    # given every epc, parentID, epcClass, readPoint and bizLocation of the valid documents
    identifiers = {
        identifier
        for path in sorted(CORPUS.glob("*.json"))
        for identifier in _identifiers(json.loads(path.read_text(encoding="utf-8")))
    }
    assert len(identifiers) >= 90
    converted = 0
    for identifier in sorted(identifiers):
        # when
        canonical = canonical_digital_link(identifier)
        # then a GS1 identifier becomes canonical and comes back; anything else stays as it was
        if canonical == identifier:
            continue
        converted += 1
        assert canonical.startswith("https://id.gs1.org/"), identifier
        assert canonical_digital_link(canonical) == canonical
        if identifier.startswith("urn:epc:"):
            gcp_length = len(identifier.split(":")[4].split(".")[0])
            assert epc_urn(canonical, company_prefix_length=gcp_length) == identifier
    assert converted >= 85
