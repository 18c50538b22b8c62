"""EPCIS 2.0 / CBV 2.0 validation rules, one at a time, on small events."""

from typing import Any

import pytest
from django.utils import translation

from tinhso.epcis.validation import Problem, validate_document, validate_event

CONTEXT = [
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
    {"tv": "https://ns.tinhso.example.vn/epcis/"},
]
SGTIN = "urn:epc:id:sgtin:8930001.012345.1001"


def _object_event(**fields: Any) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "ObjectEvent",
        "eventTime": "2026-03-01T08:30:00.000+07:00",
        "eventTimeZoneOffset": "+07:00",
        "epcList": [SGTIN],
        "action": "OBSERVE",
        **fields,
    }


def _where(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def _document(*events: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-01T09:00:00Z",
        "epcisBody": {"eventList": list(events)},
        **fields,
    }


MINIMAL_EVENTS = {
    "ObjectEvent": _object_event(),
    "AggregationEvent": {
        **_object_event(action="ADD"),
        "type": "AggregationEvent",
        "epcList": None,
        "parentID": "urn:epc:id:sscc:8930001.0000000017",
        "childEPCs": [SGTIN],
    },
    "TransactionEvent": {
        **_object_event(),
        "type": "TransactionEvent",
        "bizTransactionList": [
            {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:8930001000018:PO-7"}
        ],
    },
    "TransformationEvent": {
        **_object_event(),
        "type": "TransformationEvent",
        "action": None,
        "epcList": None,
        "inputQuantityList": [
            {
                "epcClass": "urn:epc:class:lgtin:8930001.012345.CHE-01",
                "quantity": 120.5,
                "uom": "KGM",
            }
        ],
        "outputEPCList": ["urn:epc:id:sgtin:8930001.054321.77"],
    },
    "AssociationEvent": {
        **_object_event(action="ADD"),
        "type": "AssociationEvent",
        "epcList": None,
        "parentID": "urn:epc:id:grai:8930001.00001.9",
        "childEPCs": ["urn:epc:id:giai:8930001.SENSOR-1"],
    },
}


def _clean(event: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in event.items() if value is not None}


@pytest.mark.parametrize("event_type", sorted(MINIMAL_EVENTS))
def test_minimal_event_of_each_type_is_valid(event_type: str) -> None:
    assert validate_event(_clean(MINIMAL_EVENTS[event_type])) == []


def test_single_event_needs_its_context() -> None:
    event = _object_event()
    del event["@context"]

    assert _where(validate_event(event)) == [("@context", "missing")]


def test_unknown_event_type_is_refused() -> None:
    assert _where(validate_event(_object_event(type="QuantityEvent"))) == [
        ("type", "unknown_event_type")
    ]


@pytest.mark.parametrize(
    "biz_step",
    [
        "commissioning",
        "https://ns.tinhso.example.vn/bizstep/drying",
        "tv:drying",
        "urn:vn:tinhso:bizstep:drying",
    ],
)
def test_biz_step_is_a_cbv_word_or_a_uri(biz_step: str) -> None:
    assert validate_event(_object_event(bizStep=biz_step)) == []


@pytest.mark.parametrize(
    ("biz_step", "code"),
    [
        ("drying", "not_in_vocabulary"),
        ("Shipping", "not_in_vocabulary"),
        ("urn:epcglobal:cbv:bizstep:shipping", "vocabulary_uri_form"),
        (7, "not_in_vocabulary"),
    ],
)
def test_biz_step_that_is_neither_is_refused(biz_step: Any, code: str) -> None:
    assert _where(validate_event(_object_event(bizStep=biz_step))) == [("bizStep", code)]


def test_every_cbv_vocabulary_is_checked() -> None:
    event = _object_event(
        action="ADD",
        disposition="fresh",
        persistentDisposition={"set": ["completeness_verified", "ripe"]},
        bizTransactionList=[{"type": "contract", "bizTransaction": "urn:vn:contract:1"}],
        sourceList=[{"type": "farm", "source": "urn:epc:id:sgln:8930001.00001.0"}],
        destinationList=[{"type": "owning_party", "destination": "urn:epc:id:pgln:8930001.00001"}],
        errorDeclaration={"declarationTime": "2026-03-02T00:00:00Z", "reason": "typo"},
        sensorElementList=[
            {
                "sensorReport": [
                    {"type": "Temprature", "value": 4.5},
                    {"type": "Temperature", "exception": "ALARM", "component": "w"},
                ]
            }
        ],
    )

    assert _where(validate_event(event)) == [
        ("disposition", "not_in_vocabulary"),
        ("persistentDisposition.set[1]", "not_in_vocabulary"),
        ("bizTransactionList[0].type", "not_in_vocabulary"),
        ("sourceList[0].type", "not_in_vocabulary"),
        ("errorDeclaration.reason", "not_in_vocabulary"),
        ("sensorElementList[0].sensorReport[0].type", "not_in_vocabulary"),
        ("sensorElementList[0].sensorReport[1].exception", "not_in_vocabulary"),
        ("sensorElementList[0].sensorReport[1].component", "not_in_vocabulary"),
    ]


def test_gs1_web_vocabulary_uri_of_a_measurement_type_is_refused() -> None:
    # The JSON binding writes measurement types as bare words (the schema's nonGS1WebVoc rule).
    event = _object_event(
        sensorElementList=[{"sensorReport": [{"type": "https://gs1.org/voc/Temperature"}]}]
    )

    assert _where(validate_event(event)) == [
        ("sensorElementList[0].sensorReport[0].type", "vocabulary_uri_form")
    ]


@pytest.mark.parametrize("key", ["tv:grade", "https://ns.other.example/grade", "urn:vn:grade"])
def test_user_extension_with_a_namespace_is_accepted(key: str) -> None:
    assert validate_event(_object_event(**{key: {"nested": [1, "two"]}})) == []


@pytest.mark.parametrize("key", ["grade", "xx:grade", "epcListX"])
def test_field_without_a_namespace_is_refused(key: str) -> None:
    assert _where(validate_event(_object_event(**{key: "A"}))) == [(key, "unknown_field")]


def test_prefix_from_the_event_context_is_declared() -> None:
    event = _object_event(**{"@context": [*CONTEXT, {"hx": "https://htx.example.vn/"}]})
    event["hx:harvester"] = "Lò Văn A"

    assert validate_event(event) == []


def test_ilmd_fields_need_a_namespace_and_an_add() -> None:
    event = _object_event(ilmd={"tv:harvestDate": "2026-02-28", "origin": "Tam Đường"})

    assert _where(validate_event(event)) == [
        ("ilmd.origin", "unknown_field"),
        ("ilmd", "ilmd_not_allowed"),
    ]


@pytest.mark.parametrize(
    ("element", "where"),
    [
        ({"epcClass": SGTIN, "quantity": True}, [("quantityList[0].quantity", "not_number")]),
        ({"epcClass": SGTIN, "quantity": "5"}, [("quantityList[0].quantity", "not_number")]),
        ({"epcClass": SGTIN, "uom": "KGM"}, [("quantityList[0].uom", "uom_without_quantity")]),
        ({"epcClass": SGTIN, "quantity": 5, "uom": "kg"}, [("quantityList[0].uom", "bad_uom")]),
        ({"quantity": 5}, [("quantityList[0].epcClass", "missing")]),
        ({"epcClass": "lô 7", "quantity": 5}, [("quantityList[0].epcClass", "not_uri")]),
        ({"epcClass": SGTIN, "tv:note": 1}, [("quantityList[0].tv:note", "unknown_field")]),
    ],
)
def test_quantity_element(element: dict[str, Any], where: list[tuple[str, str]]) -> None:
    assert _where(validate_event(_object_event(quantityList=[element]))) == where


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"eventTime": "2026-03-01T08:30:00"}, [("eventTime", "not_timestamp")]),
        ({"eventTime": "2026-02-30T08:30:00Z"}, [("eventTime", "not_timestamp")]),
        ({"eventTime": "01/03/2026 08:30"}, [("eventTime", "not_timestamp")]),
        ({"eventTime": "2026-03-01T08:30:00.123456789+07:00"}, []),
        ({"recordTime": "yesterday"}, [("recordTime", "not_timestamp")]),
        ({"eventTimeZoneOffset": "+15:00"}, [("eventTimeZoneOffset", "not_offset")]),
        ({"eventTimeZoneOffset": "07:00"}, [("eventTimeZoneOffset", "not_offset")]),
        ({"eventTimeZoneOffset": "-14:00"}, []),
    ],
)
def test_time_fields(fields: dict[str, Any], where: list[tuple[str, str]]) -> None:
    assert _where(validate_event(_object_event(**fields))) == where


def test_identifiers_are_uris_and_listed_once() -> None:
    event = _object_event(
        epcList=[SGTIN, "8930001123458", SGTIN],
        readPoint={"id": "Nhà máy chè"},
        bizLocation={"tv:name": "Kho"},
        eventID="not a uri",
    )

    assert _where(validate_event(event)) == [
        ("epcList[1]", "not_uri"),
        ("epcList", "duplicate"),
        ("readPoint.id", "not_uri"),
        ("bizLocation.id", "missing"),
        ("eventID", "not_uri"),
    ]


def test_object_event_must_name_what() -> None:
    event = _object_event(epcList=[])

    assert _where(validate_event(event)) == [("epcList", "what_missing")]


def test_object_event_with_sensor_data_and_read_point_needs_no_epc() -> None:
    event = _object_event(
        readPoint={"id": "urn:epc:id:sgln:8930001.00001.0"},
        sensorElementList=[
            {"sensorReport": [{"type": "Temperature", "value": 18.5, "uom": "CEL"}]}
        ],
    )
    del event["epcList"]

    assert validate_event(event) == []


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"parentID": None}, [("parentID", "missing")]),
        ({"parentID": None, "action": "OBSERVE"}, []),
        ({"childEPCs": None}, [("childEPCs", "what_missing")]),
        ({"childEPCs": None, "action": "DELETE"}, []),
        ({"ilmd": {"tv:x": 1}}, [("ilmd", "unknown_field")]),
    ],
)
def test_aggregation_event(changes: dict[str, Any], where: list[tuple[str, str]]) -> None:
    event = _clean({**MINIMAL_EVENTS["AggregationEvent"], **changes})

    assert _where(validate_event(event)) == where


def test_association_event_needs_its_parent() -> None:
    event = _clean({**MINIMAL_EVENTS["AssociationEvent"], "parentID": None, "action": "OBSERVE"})

    assert _where(validate_event(event)) == [("parentID", "missing")]


def test_transaction_event_needs_a_business_transaction() -> None:
    event = _clean({**MINIMAL_EVENTS["TransactionEvent"], "bizTransactionList": []})

    assert _where(validate_event(event)) == [("bizTransactionList", "empty_list")]


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"outputEPCList": None}, [("outputEPCList", "what_missing")]),
        ({"outputEPCList": None, "transformationID": "urn:epc:id:gdti:8930001.00001.7"}, []),
        ({"action": "ADD"}, [("action", "unknown_field")]),
    ],
)
def test_transformation_event(changes: dict[str, Any], where: list[tuple[str, str]]) -> None:
    event = _clean({**MINIMAL_EVENTS["TransformationEvent"], **changes})

    assert _where(validate_event(event)) == where


def test_persistent_disposition_shape() -> None:
    assert _where(validate_event(_object_event(persistentDisposition={}))) == [
        ("persistentDisposition", "empty_object")
    ]
    assert _where(
        validate_event(
            _object_event(persistentDisposition={"set": ["active", "active"], "unset": [], "x": 1})
        )
    ) == [
        ("persistentDisposition.set", "duplicate"),
        ("persistentDisposition.unset", "empty_list"),
        ("persistentDisposition.x", "unknown_field"),
    ]


def test_sensor_element_shape() -> None:
    event = _object_event(
        sensorElementList=[
            {"sensorMetadata": {"time": "now", "deviceID": "máy 1", "tv:battery": 80}},
            {
                "sensorReport": [
                    {
                        "type": "Temperature",
                        "booleanValue": "yes",
                        "hexBinaryValue": "0xFF",
                        "value": "4",
                        "stringValue": 4,
                    }
                ]
            },
        ]
    )

    assert _where(validate_event(event)) == [
        ("sensorElementList[0].sensorMetadata.time", "not_timestamp"),
        ("sensorElementList[0].sensorMetadata.deviceID", "not_uri"),
        ("sensorElementList[0].sensorReport", "missing"),
        ("sensorElementList[1].sensorReport[0].booleanValue", "not_boolean"),
        ("sensorElementList[1].sensorReport[0].hexBinaryValue", "not_hex"),
        ("sensorElementList[1].sensorReport[0].value", "not_number"),
        ("sensorElementList[1].sensorReport[0].stringValue", "not_string"),
    ]


def test_problems_name_the_event_by_index_and_event_id() -> None:
    # given a document whose second event has an eventID and a bad bizStep
    good = _object_event()
    bad = _object_event(eventID="urn:uuid:6a7c3f1e-0d2b-4c55-9c1e-2f0b9d1e7a10", bizStep="phơi")
    del good["@context"], bad["@context"]

    # when
    problems = validate_document(_document(good, bad))

    # then
    assert len(problems) == 1
    assert problems[0].as_dict() == {
        "event": 1,
        "eventID": "urn:uuid:6a7c3f1e-0d2b-4c55-9c1e-2f0b9d1e7a10",
        "field": "epcisBody.eventList[1].bizStep",
        "code": "not_in_vocabulary",
        "message": (
            "“phơi” is not a CBV 2.0 business step: use a word CBV defines, or an absolute "
            "URI (or a CURIE with a declared prefix) for your own value."
        ),
    }


def test_message_is_rendered_in_the_language_active_when_read() -> None:
    # given a problem found while English was active
    event = _object_event()
    del event["action"]
    problem = validate_event(event)[0]

    # when it is read in Vietnamese, then in English
    with translation.override("vi"):
        vietnamese = problem.message

    # then ("This field is required." has a Vietnamese translation already)
    assert problem.code == "missing"
    assert problem.message == "This field is required."
    assert vietnamese not in ("", "This field is required.")


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"schemaVersion": "1.2"}, [("schemaVersion", "bad_version")]),
        ({"schemaVersion": None}, [("schemaVersion", "missing")]),
        ({"creationDate": "2026-03-01"}, [("creationDate", "not_timestamp")]),
        ({"@context": None}, [("@context", "missing")]),
        ({"@context": 5}, [("@context", "bad_context")]),
        ({"sender": "urn:epc:id:pgln:8930001.00001", "tv:batch": "B1"}, []),
        ({"sendr": "x"}, [("sendr", "unknown_field")]),
        ({"type": "EPCISDoc"}, [("type", "bad_document_type")]),
        ({"epcisBody": {}}, [("epcisBody.eventList", "missing")]),
        ({"epcisBody": {"eventList": {}}}, [("epcisBody.eventList", "not_list")]),
        ({"epcisBody": {"eventList": ["x"]}}, [("epcisBody.eventList[0]", "not_object")]),
    ],
)
def test_document_envelope(changes: dict[str, Any], where: list[tuple[str, str]]) -> None:
    event = _object_event()
    del event["@context"]
    document = {
        key: value for key, value in {**_document(event), **changes}.items() if value is not None
    }

    assert _where(validate_document(document)) == where


def test_query_document_events_are_validated() -> None:
    event = _object_event(action="MOVE")
    del event["@context"]
    document = {
        "@context": CONTEXT,
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-03-01T09:00:00Z",
        "epcisBody": {
            "queryResults": {"queryName": "SimpleEventQuery", "resultsBody": {"eventList": [event]}}
        },
    }

    assert _where(validate_document(document)) == [
        ("epcisBody.queryResults.resultsBody.eventList[0].action", "bad_action")
    ]


def test_master_data_in_the_header_is_checked() -> None:
    event = _object_event()
    del event["@context"]
    header = {
        "epcisMasterData": {
            "vocabularyList": [
                {
                    "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
                    "vocabularyElementList": [
                        {
                            "id": "urn:epc:id:sgln:8930001.00001.0",
                            "attributes": [
                                {"id": "urn:epcglobal:cbv:mda#name", "attribute": "HTX"}
                            ],
                        },
                        {"attributes": [{"attribute": "no id"}]},
                    ],
                }
            ]
        }
    }

    problems = validate_document(_document(event, epcisHeader=header))

    element = "epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[1]"
    assert _where(problems) == [
        (f"{element}.attributes[0].id", "missing"),
        (f"{element}.id", "missing"),
    ]


def test_non_object_input_is_a_problem_not_an_error() -> None:
    assert _where(validate_document([])) == [("", "not_object")]
    assert _where(validate_event("ObjectEvent")) == [("", "not_object")]
