"""The standard's event queries over REST: every supported parameter, identifiers and CBV
values in any of their written forms, keyset pages with Link headers, refused parameters, and
events by ID and by EPC."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import pytest
from rest_framework.test import APIClient

from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.epcis.models import Event
from tinhso.epcis.services import capture_document
from tinhso.epcis.tests.conftest import GCP, document, object_event, sgtin
from tinhso.epcis.validation import event_hash_id, validate_document
from tinhso.traceability.models import Enterprise

GTIN_DL = "https://id.gs1.org/01/08934567123457"
LOT = f"urn:epc:class:lgtin:{GCP}.012345.L7"
EXAMPLE = "https://tinhso.example.vn/epcis/"

HARVEST = object_event(
    serials=[1, 2], time="2026-05-01T07:00:00+07:00", step="commissioning",
    quantityList=[{"epcClass": LOT, "quantity": 12.5, "uom": "KGM"}],
)  # fmt: skip
PACKING = {
    "type": "AggregationEvent", "eventTime": "2026-05-02T07:00:00+07:00",
    "eventTimeZoneOffset": "+07:00", "action": "ADD", "bizStep": "packing",
    "disposition": "in_progress", "parentID": f"urn:epc:id:sscc:{GCP}.0000000001",
    "childEPCs": [sgtin(1), sgtin(2)], "readPoint": {"id": f"urn:epc:id:sgln:{GCP}.00000.2"},
}  # fmt: skip
PROCESSING = {
    "type": "TransformationEvent", "eventTime": "2026-05-03T07:00:00+07:00",
    "eventTimeZoneOffset": "+07:00", "bizStep": f"{EXAMPLE}roasting",
    "inputEPCList": [sgtin(1)], "outputEPCList": [sgtin(9, item="054321")],
}  # fmt: skip
SHIPPING = object_event(
    serials=[2], time="2026-05-04T07:00:00+07:00", step="shipping", action="OBSERVE",
    disposition="in_transit",
)  # fmt: skip
OURS = [HARVEST, PACKING, PROCESSING, SHIPPING]
OTHERS = object_event(serials=[500], time="2026-05-02T12:00:00+07:00", step="shipping")
CENTER = object_event(serials=[600], time="2026-05-05T12:00:00+07:00", step="inspecting")


def _id(event: dict[str, Any]) -> str:
    return event_hash_id(event)


@pytest.fixture
def stored(users: dict[Role, Any], enterprise: Enterprise, other_enterprise: Enterprise) -> None:
    capture_document(actor=users[Role.ENTERPRISE], doc=document(*OURS), owner=enterprise)
    capture_document(actor=SYSTEM, doc=document(OTHERS), owner=other_enterprise)
    capture_document(actor=SYSTEM, doc=document(CENTER), owner=None)
    assert Event.objects.count() == 6


@pytest.fixture
def client(api_client: APIClient, users: dict[Role, Any], stored: None) -> APIClient:
    api_client.force_login(users[Role.ENTERPRISE])
    return api_client


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    return [e["eventID"] for e in body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]]


def _query(client: APIClient, **params: str) -> list[str]:
    return _ids(client.get("/epcis/events?" + urlencode(params)))


def test_the_answer_is_an_epcis_query_document_of_the_callers_events_in_time_order(
    client: APIClient,
) -> None:
    response = client.get("/epcis/events", HTTP_ACCEPT="application/ld+json")

    body = response.json()
    assert response["Content-Type"] == "application/ld+json"
    assert response["GS1-EPCIS-Version"] == "2.0"
    assert response["GS1-EPC-Format"] == "Never_Translates"
    assert (body["@context"], body["type"], body["schemaVersion"]) == (
        ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "EPCISQueryDocument", "2.0",
    )  # fmt: skip
    assert body["creationDate"].endswith("Z")
    assert body["epcisBody"]["queryResults"]["queryName"] == "SimpleEventQuery"
    assert _ids(response) == [_id(e) for e in OURS]
    assert [str(p) for p in validate_document(body)] == []
    assert "Link" not in response


def test_center_staff_and_leaders_read_every_owners_events(
    api_client: APIClient, users: dict[Role, Any], stored: None
) -> None:
    for role in (Role.CENTER_STAFF, Role.LEADER, Role.ADMINISTRATOR):
        api_client.force_login(users[role])
        assert _query(api_client, perPage="100") == [
            _id(e) for e in (HARVEST, PACKING, OTHERS, PROCESSING, SHIPPING, CENTER)
        ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"eventType": "ObjectEvent"}, [HARVEST, SHIPPING]),
        ({"eventType": "AggregationEvent|TransformationEvent"}, [PACKING, PROCESSING]),
        ({"GE_eventTime": "2026-05-02T07:00:00+07:00"}, [PACKING, PROCESSING, SHIPPING]),
        # PACKING is at 2026-05-02T00:00Z and PROCESSING at 2026-05-03T00:00Z: GE takes the
        # bound in, LT leaves it out
        ({"LT_eventTime": "2026-05-02T00:00:00Z"}, [HARVEST]),
        (
            {"GE_eventTime": "2026-05-02T00:00:00Z", "LT_eventTime": "2026-05-03T00:00:00Z"},
            [PACKING],
        ),
        ({"EQ_action": "OBSERVE"}, [SHIPPING]),
        ({"EQ_action": "ADD|OBSERVE"}, [HARVEST, PACKING, SHIPPING]),
        ({"EQ_bizStep": "shipping"}, [SHIPPING]),
        ({"EQ_bizStep": "urn:epcglobal:cbv:bizstep:shipping"}, [SHIPPING]),
        ({"EQ_bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}, [SHIPPING]),
        ({"EQ_bizStep": "cbv:BizStep-shipping"}, [SHIPPING]),
        ({"EQ_bizStep": "packing|commissioning"}, [HARVEST, PACKING]),
        ({"EQ_bizStep": f"{EXAMPLE}roasting"}, [PROCESSING]),
        ({"EQ_disposition": "https://ref.gs1.org/cbv/Disp-in_transit"}, [SHIPPING]),
        ({"EQ_readPoint": f"urn:epc:id:sgln:{GCP}.00000.2"}, [PACKING]),
        ({"EQ_readPoint": "https://id.gs1.org/414/8934567000000/254/2"}, [PACKING]),
        ({"EQ_bizLocation": f"urn:epc:id:sgln:{GCP}.00000.0"}, [HARVEST, SHIPPING]),
        ({"EQ_bizLocation": "https://id.gs1.org/414/8934567000000"}, [HARVEST, SHIPPING]),
        ({"MATCH_epc": sgtin(2)}, [HARVEST, PACKING, SHIPPING]),
        ({"MATCH_epc": f"{GTIN_DL}/21/2"}, [HARVEST, PACKING, SHIPPING]),
        (
            {"MATCH_epc": "https://example.com/01/08934567123457/21/2?k=v"},
            [HARVEST, PACKING, SHIPPING],
        ),
        ({"MATCH_epc": f"urn:epc:idpat:sgtin:{GCP}.012345.*"}, [HARVEST, PACKING, SHIPPING]),
        ({"MATCH_parentID": f"urn:epc:id:sscc:{GCP}.0000000001"}, [PACKING]),
        ({"MATCH_inputEPC": sgtin(1)}, [PROCESSING]),
        ({"MATCH_outputEPC": sgtin(9, item="054321")}, [PROCESSING]),
        ({"MATCH_anyEPC": sgtin(1)}, [HARVEST, PACKING, PROCESSING]),
        ({"MATCH_anyEPC": "https://id.gs1.org/00/089345670000000017"}, [PACKING]),
        ({"MATCH_epcClass": LOT}, [HARVEST]),
        ({"MATCH_anyEPCClass": f"{GTIN_DL}/10/L7"}, [HARVEST]),
        ({"MATCH_anyEPCClass": f"urn:epc:idpat:sgtin:{GCP}.012345.*"}, [HARVEST]),
        ({"MATCH_epc": sgtin(500)}, []),  # another enterprise's EPC
        ({"EQ_eventID": _id(PACKING)}, [PACKING]),
        ({"EQ_eventID": f"{_id(PACKING)}|{_id(SHIPPING)}"}, [PACKING, SHIPPING]),
        ({"eventType": "ObjectEvent", "EQ_bizStep": "shipping", "MATCH_epc": sgtin(2)}, [SHIPPING]),
    ],
)
def test_each_query_parameter_filters(
    client: APIClient, params: dict[str, str], expected: list[dict[str, Any]]
) -> None:
    assert _query(client, **params) == [_id(e) for e in expected]


def test_record_time_bounds(client: APIClient) -> None:
    recorded = Event.objects.get(event_id=_id(HARVEST)).record_time
    at = recorded.isoformat()
    later = recorded.replace(year=2099).isoformat()

    assert _query(client, GE_recordTime=at) == [_id(e) for e in OURS]
    assert _query(client, LT_recordTime=at) == []
    assert _query(client, GE_recordTime=later) == []
    assert _query(client, LT_recordTime=later) == [_id(e) for e in OURS]


def test_a_time_whose_plus_sign_was_not_encoded_is_still_read(client: APIClient) -> None:
    response = client.get("/epcis/events?GE_eventTime=2026-05-04T07:00:00+07:00")

    assert _ids(response) == [_id(SHIPPING)]


def test_pages_follow_the_link_header_until_the_last(client: APIClient) -> None:
    # when
    seen: list[str] = []
    url = "/epcis/events?perPage=3&eventType=ObjectEvent|AggregationEvent|TransformationEvent"
    pages = 0
    while url:
        response = client.get(url)
        seen += _ids(response)
        pages += 1
        link = response.headers.get("Link", "")
        url = link[1 : link.index(">")] if link else ""
        if url:
            assert link.endswith('>; rel="next"')
            assert url.startswith("http://testserver/epcis/events?")
            assert "eventType=ObjectEvent%7CAggregationEvent%7CTransformationEvent" in url

    # then
    assert pages == 2
    assert seen == [_id(e) for e in OURS]


def test_events_at_the_same_time_are_paged_without_loss(
    api_client: APIClient, users: dict[Role, Any]
) -> None:
    # given: five events at the very same time
    same = [object_event(serials=[n], time="2026-06-01T00:00:00Z") for n in range(5)]
    capture_document(actor=SYSTEM, doc=document(*same), owner=None)
    api_client.force_login(users[Role.CENTER_STAFF])

    # when
    first = api_client.get("/epcis/events?perPage=2")
    rest: list[str] = []
    url = first["Link"][1 : first["Link"].index(">")]
    while url:
        response = api_client.get(url)
        rest += _ids(response)
        link = response.headers.get("Link", "")
        url = link[1 : link.index(">")] if link else ""

    # then
    assert sorted(_ids(first) + rest) == sorted(_id(e) for e in same)
    assert len(_ids(first) + rest) == 5


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("color=red", "color"),
        ("EQ_ILMD_bestBeforeDate=2026-01-01", "EQ_ILMD_bestBeforeDate"),
        ("WD_readPoint=urn:epc:id:sgln:8934567.00000.0", "WD_readPoint"),
        ("GE_eventTime=yesterday", "GE_eventTime"),
        ("GE_eventTime=2026-05-01T00:00:00", "GE_eventTime"),  # no time zone
        ("LT_recordTime=2026-02-30T00:00:00Z", "LT_recordTime"),
        ("GE_eventTime=2026-05-01T00:00:00Z&GE_eventTime=2026-05-02T00:00:00Z", "GE_eventTime"),
        ("eventType=ShipmentEvent", "eventType"),
        ("EQ_action=CREATE", "EQ_action"),
        ("EQ_bizStep=", "EQ_bizStep"),
        ("MATCH_epc=a||b", "MATCH_epc"),
        ("perPage=0", "perPage"),
        ("perPage=ten", "perPage"),
        ("nextPageToken=not-a-token", "nextPageToken"),
        ("nextPageToken=MTIzLmFiYw", "nextPageToken"),  # "123.abc"
    ],
)
def test_a_malformed_or_unknown_parameter_is_400_naming_it(
    client: APIClient, query: str, parameter: str
) -> None:
    response = client.get(f"/epcis/events?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["status"], body["parameter"]) == (
        "epcisException:QueryParameterException", 400, parameter,
    )  # fmt: skip
    assert body["detail"].startswith(f"{parameter}: ")


def test_a_standard_parameter_not_implemented_says_so(client: APIClient) -> None:
    response = client.get("/epcis/events?EQ_ILMD_lotNumber=L7", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["detail"] == (
        "EQ_ILMD_lotNumber: This query parameter is not supported by this repository."
    )


def test_per_page_is_capped_at_a_thousand(client: APIClient) -> None:
    assert _query(client, perPage="100000") == [_id(e) for e in OURS]


def test_an_event_by_its_url_encoded_id(client: APIClient) -> None:
    event_id = _id(PACKING)

    response = client.get(f"/epcis/events/{quote(event_id, safe='')}")

    assert _ids(response) == [event_id]
    event = response.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]
    assert {k: v for k, v in event.items() if k not in ("eventID", "recordTime")} == PACKING
    assert event["recordTime"].endswith("Z")


@pytest.mark.parametrize("event", [OTHERS, CENTER], ids=["other_enterprise", "center"])
def test_someone_elses_event_is_not_found(client: APIClient, event: dict[str, Any]) -> None:
    response = client.get(f"/epcis/events/{quote(_id(event), safe='')}")

    assert response.status_code == 404
    assert response.json()["type"] == "epcisException:NoSuchNameException"


def test_an_unknown_event_id_is_not_found(client: APIClient) -> None:
    assert client.get("/epcis/events/urn%3Auuid%3Anothing").status_code == 404


@pytest.mark.parametrize(
    "epc", [sgtin(1), f"{GTIN_DL}/21/1", "https://example.com/01/08934567123457/21/1"]
)
def test_the_events_of_an_epc_whichever_way_it_is_written(client: APIClient, epc: str) -> None:
    response = client.get(f"/epcis/epcs/{quote(epc, safe='')}/events")

    assert _ids(response) == [_id(e) for e in (HARVEST, PACKING, PROCESSING)]


def test_the_events_of_a_class_and_with_further_filters(client: APIClient) -> None:
    assert _ids(client.get(f"/epcis/epcs/{quote(LOT, safe='')}/events")) == [_id(HARVEST)]
    url = f"/epcis/epcs/{quote(sgtin(1), safe='')}/events?eventType=AggregationEvent"
    assert _ids(client.get(url)) == [_id(PACKING)]


def test_event_types(client: APIClient) -> None:
    response = client.get("/epcis/eventTypes")

    assert response.json() == {
        "@context": "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
        "type": "EventTypeItemList",
        "eventType": [
            "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
            "AssociationEvent",
        ],
    }  # fmt: skip


def test_a_query_costs_a_bounded_number_of_database_queries(
    client: APIClient, django_assert_max_num_queries: Any
) -> None:
    # session, user, groups, enterprise, events
    with django_assert_max_num_queries(6):
        response = client.get(f"/epcis/events?MATCH_anyEPC={sgtin(1)}&perPage=2")
    assert len(_ids(response)) == 2
