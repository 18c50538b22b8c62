"""The CBV 2.0 event hash ID against GS1's published vectors, and its normalisation rules."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tinhso.epcis.validation import (
    document_event_hash_ids,
    event_hash_id,
    hash_prefixes,
    prehash,
)

# Vectors of GS1's reference implementation (github.com/RalphTro/epcis-event-hash-generator):
# documents from tests/examples/documents/, hashes from tests/examples/expected/CBV2.0/.
VECTORS = json.loads((Path(__file__).parent / "epcis_hash_vectors.json").read_text())["vectors"]

# The reference implementation's documents that the conformance corpus also ships (same events,
# openepcis-test-resources); expected hashes from tests/examples/expected/CBV2.0/<name>.hashes.
CORPUS_VECTORS = {
    "ObjectEvent_all_possible_fields.json": (
        "9811bfb2672e9c3a0f6151be339d22b60db375c8b23d2740f6137cc6539f0639"
    ),
    "AggregationEvent_all_possible_fields.json": (
        "41cf5d2be6b6926acc531597e43932eb4b9b23926ccb6ce08c882bda7a74d1a8"
    ),
    "AssociationEvent_all_possible_fields.json": (
        "3dada0cdabe84618e9f0b842031159cb49534f487d5714cac9cfd647bf5f6c54"
    ),
    "TransactionEvent_all_possible_fields.json": (
        "4a85d64a96409f0c57baed258666b26d83e6690d204a8aaed4c7e2624d8b0c81"
    ),
    "TransformationEvent_all_possible_fields.json": (
        "529cc54b8cf9d8664208cc6c77473274d8c2dd473469920a7d09a814623f52cc"
    ),
    # expected/CBV2.0/TransformationEventWithUserExtensions.hashes
    "TransformationEvent_with_userExtensions.json": (
        "dca180f4e6005d4b6a6408a8d143977ca2e4f3e72048d7aa03b4df4055d484f9"
    ),
    "epcisDocWithAllGS1Keys.json": (
        "40744f32beff53a4bf5bb5956d465cb52de5bbcc9f131409d8efb903b04d9351"
    ),
}
CORPUS = Path(settings.BASE_DIR).parent / "shared" / "conformance" / "epcis"


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_published_vector(vector: dict[str, Any]) -> None:
    # given a document of the reference implementation
    document = vector["document"]

    # when
    hashes = _events_hashes(document)

    # then every event has the published CBV 2.0 hash
    assert hashes == vector["hashes"]


@pytest.mark.parametrize("name", sorted(CORPUS_VECTORS))
def test_published_vector_shipped_in_the_corpus(name: str) -> None:
    if not (CORPUS / "valid").is_dir():
        pytest.skip(f"conformance corpus not found at {CORPUS}")
    document = json.loads((CORPUS / "valid" / name).read_text())

    assert document_event_hash_ids(document) == [f"ni:///sha-256;{CORPUS_VECTORS[name]}?ver=CBV2.0"]


def test_prehash_of_the_sensor_vector_is_the_published_one() -> None:
    # given ReferenceEventHashAlgorithm2, whose pre-hash string the reference implementation
    # publishes in tests/examples/expected/CBV2.0/ReferenceEventHashAlgorithm2.prehashes
    document = _vector("ReferenceEventHashAlgorithm2")["document"]
    event = document["epcisBody"]["eventList"][0]

    assert prehash(event, hash_prefixes(document["@context"])) == (
        "eventType=ObjectEventeventTime=2020-04-01T14:00:00.000ZeventTimeZoneOffset=+01:00"
        "epcListepc=https://id.gs1.org/01/04012345111118/21/9876action=OBSERVE"
        "bizStep=https://ref.gs1.org/cbv/BizStep-inspecting"
        "readPointid=https://id.gs1.org/414/4012345000054"
        "sensorElementsensorMetadatadeviceID=https://id.gs1.org/8004/4000001111"
        "deviceMetadata=https://id.gs1.org/8004/4000001111"
        "sensorReporttype=https://ref.gs1.org/voc/AbsoluteHumidityvalue=12.1uom=A93"
        "sensorReporttype=https://ref.gs1.org/voc/Dimensionless"
        "chemicalSubstance=https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"
        "value=0.18uom=C35"
        "sensorReporttype=https://ref.gs1.org/voc/Dimensionless"
        "microorganism=https://www.ncbi.nlm.nih.gov/taxonomy/1126011value=0.05uom=C35"
        "sensorReporttype=https://ref.gs1.org/voc/Temperaturevalue=26sDev=0.1uom=CEL"
    )


def test_prehash_puts_extensions_of_standard_fields_after_them_in_order() -> None:
    # given ReferenceEventHashAlgorithm3 (expected/CBV2.0/ReferenceEventHashAlgorithm3.prehashes)
    document = _vector("ReferenceEventHashAlgorithm3")["document"]
    event = document["epcisBody"]["eventList"][0]

    assert prehash(event, hash_prefixes(document["@context"])).endswith(
        "destinationListtype=https://ref.gs1.org/cbv/SDT-owning_party"
        "destination=https://id.gs1.org/417/0614141000005"
        "readPoint{https://ns.example.com/epcis/}myField1=AB-12"
        "{https://ns.example.com/epcis/}userExt=CD-34"
    )


def _event(**fields: Any) -> dict[str, Any]:
    return {
        "type": "ObjectEvent",
        "eventTime": "2026-03-01T08:30:00+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": ["urn:epc:id:sgtin:8930001.012345.1001"],
        "action": "OBSERVE",
        "bizStep": "shipping",
        **fields,
    }


def test_hash_has_the_ni_form() -> None:
    hash_id = event_hash_id(_event())

    assert hash_id.startswith("ni:///sha-256;")
    assert hash_id.endswith("?ver=CBV2.0")
    assert len(hash_id) == len("ni:///sha-256;") + 64 + len("?ver=CBV2.0")


def test_same_event_written_differently_has_the_same_hash() -> None:
    # given one event, then the same one with other field and list orders, another time zone
    # for the same instant, a Digital Link instead of the EPC URI, the CBV URI of the bizStep
    first = _event(
        epcList=["urn:epc:id:sgtin:8930001.012345.1001", "urn:epc:id:sgtin:8930001.012345.1002"],
        readPoint={"id": "urn:epc:id:sgln:8930001.00001.0"},
    )
    second = {
        "readPoint": {"id": "https://example.vn/414/8930001000018?linkType=all"},
        "bizStep": "urn:epcglobal:cbv:bizstep:shipping",
        "action": "OBSERVE",
        "epcList": [
            "https://id.gs1.org/01/08930001123458/21/1002",
            "https://shop.example.vn/01/08930001123458/21/1001",
        ],
        "eventTimeZoneOffset": "+07:00",
        "eventTime": "2026-03-01T01:30:00.000Z",
        "type": "ObjectEvent",
    }

    # then
    assert event_hash_id(first) == event_hash_id(second)


def test_fields_outside_the_canonical_order_do_not_change_the_hash() -> None:
    plain = _event()
    annotated = _event(
        eventID="urn:uuid:9f1d1f36-6d3c-4f7e-9d4e-1b7f0c1c2a11",
        recordTime="2026-03-02T00:00:00Z",
        certificationInfo="https://cert.example.vn/VietGAP/123",
        errorDeclaration={"declarationTime": "2026-03-03T00:00:00Z", "reason": "incorrect_data"},
    )

    assert event_hash_id(annotated) == event_hash_id(plain)


@pytest.mark.parametrize(
    "change",
    [
        {"bizStep": "receiving"},
        {"disposition": "in_transit"},
        {"eventTime": "2026-03-01T08:30:00.001+07:00"},
        {"epcList": ["urn:epc:id:sgtin:8930001.012345.1003"]},
        {"readPoint": {"id": "urn:epc:id:sgln:8930001.00001.0"}},
        {"ex:note": "x"},
    ],
)
def test_any_change_changes_the_hash(change: dict[str, Any]) -> None:
    prefixes = hash_prefixes({"ex": "https://ns.example.vn/"})

    assert event_hash_id(_event(**change), prefixes) != event_hash_id(_event(), prefixes)


def test_timestamps_are_utc_milliseconds_rounded_half_even() -> None:
    # .1415 and .1425 are 141500 and 142500 microseconds; the vectors round those to .142
    assert "eventTime=2026-03-01T01:30:00.142Z" in prehash(
        _event(eventTime="2026-03-01T08:30:00.1415+07:00")
    )
    assert "eventTime=2026-03-01T01:30:00.142Z" in prehash(
        _event(eventTime="2026-03-01T08:30:00.1425+07:00")
    )
    assert "eventTime=2026-03-01T01:30:01.000Z" in prehash(
        _event(eventTime="2026-03-01T08:30:00.9996+07:00")
    )


def test_numbers_lose_trailing_zeros() -> None:
    event = _event(
        quantityList=[
            {"epcClass": "urn:epc:class:lgtin:8930001.012345.L1", "quantity": 25.0, "uom": "KGM"},
            {"epcClass": "urn:epc:class:lgtin:8930001.012345.L2", "quantity": 2.50},
        ]
    )

    assert (
        "quantityListquantityElementepcClass=https://id.gs1.org/01/08930001123458/10/L1"
        "quantity=25uom=KGMquantityElementepcClass=https://id.gs1.org/01/08930001123458/10/L2"
        "quantity=2.5action=" in prehash(event)
    )


def test_digital_links_keep_only_the_finest_identification_level() -> None:
    event = _event(
        epcList=["https://id.example.vn/01/08930001123458/22/V1/10/LOT9/21/S7?17=270101"]
    )

    assert "epcListepc=https://id.gs1.org/01/08930001123458/21/S7action=" in prehash(event)


def test_extension_names_are_namespaces_whatever_the_prefix() -> None:
    # given the same extension under two prefixes of one namespace, and as a full URI
    with_ex = event_hash_id(
        _event(**{"ex:grade": "A"}), hash_prefixes({"ex": "https://ns.example.vn/"})
    )
    with_tv = event_hash_id(
        _event(**{"tv:grade": "A"}), hash_prefixes({"tv": "https://ns.example.vn/"})
    )
    full = event_hash_id(_event(**{"https://ns.example.vn/grade": "A"}))

    # then
    assert with_ex == with_tv == full
    assert "{https://ns.example.vn/}grade=A" in prehash(
        _event(**{"tv:grade": "A"}), hash_prefixes({"tv": "https://ns.example.vn/"})
    )


def test_event_level_context_declares_prefixes() -> None:
    event = _event(**{"@context": [{"tv": "https://ns.example.vn/"}], "tv:grade": "A"})

    assert prehash(event).endswith("{https://ns.example.vn/}grade=A")


def test_hashing_does_not_change_the_event() -> None:
    event = _event(sensorElementList=[{"sensorReport": [{"type": "Temperature", "value": 4}]}])
    before = copy.deepcopy(event)

    event_hash_id(event)

    assert event == before


def _vector(name: str) -> dict[str, Any]:
    return next(v for v in VECTORS if v["name"] == name)


def _events_hashes(document: dict[str, Any]) -> list[str]:
    body = document["epcisBody"]
    events = (
        body["eventList"]
        if "eventList" in body
        else body["queryResults"]["resultsBody"]["eventList"]
    )
    prefixes = hash_prefixes(document["@context"])
    return [event_hash_id(event, prefixes) for event in events]
