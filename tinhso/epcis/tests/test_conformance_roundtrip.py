"""The repository against the shared conformance corpus (../shared/conformance/epcis), through
the REST interface: every valid document is captured whole and each of its events comes back
from the query interface, by eventID and by its identifiers; every single event is captured
by POST /epcis/events; every invalid document (and the disputed one, ADR 0008) is rejected
with nothing stored and its job's errors naming the events and fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tinhso.core.roles import Role
from tinhso.epcis.models import CaptureJob, Event, EventIdentifier
from tinhso.epcis.services import document_events
from tinhso.epcis.tests.test_epcis_conformance import INVALID
from tinhso.epcis.validation import event_hash_id, hash_prefixes, validate_document

CORPUS = Path(settings.BASE_DIR).parent / "shared" / "conformance" / "epcis"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"EPCIS conformance corpus not found at {CORPUS} (a checkout without ../shared)",
)


def _names(folder: str) -> list[str]:
    return sorted(p.name for p in (CORPUS / folder).glob("*.json")) if CORPUS.is_dir() else []


def _load(*parts: str) -> Any:
    return json.loads(CORPUS.joinpath(*parts).read_text())


@pytest.fixture
def client(api_client: APIClient, users: dict[Role, Any]) -> APIClient:
    api_client.force_login(users[Role.CENTER_STAFF])
    return api_client


def _capture(client: APIClient, doc: Any) -> dict[str, Any]:
    response = client.post(
        "/epcis/capture", data=json.dumps(doc), content_type="application/ld+json"
    )
    assert response.status_code == 202, response.content
    job: dict[str, Any] = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").json()
    return job


def _returned(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert [str(p) for p in validate_document(body)] == []
    events: list[dict[str, Any]] = body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return events


def _without_repository_fields(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("eventID", "recordTime", "@context")}


@pytest.mark.parametrize("name", _names("valid"))
def test_a_valid_document_is_captured_and_each_event_is_returned(
    client: APIClient, name: str
) -> None:
    # given
    doc = _load("valid", name)
    events = document_events(doc)
    namespaces = hash_prefixes(doc["@context"])
    ids = [event.get("eventID") or event_hash_id(event, namespaces) for event in events]

    # when
    job = _capture(client, doc)

    # then: captured whole
    assert (job["success"], job["errors"]) == (True, [])
    assert job["storedCount"] + job["duplicateCount"] == len(events)
    assert Event.objects.count() == len(set(ids))
    for event, event_id in zip(events, ids, strict=True):
        # by its eventID, as captured (the first time, when a document repeats an ID)
        by_id = _returned(client.get("/epcis/events?" + urlencode({"EQ_eventID": event_id})))
        assert [e["eventID"] for e in by_id] == [event_id]
        if ids.index(event_id) == events.index(event):
            assert _without_repository_fields(by_id[0]) == _without_repository_fields(event)
        by_path = _returned(client.get(f"/epcis/events/{quote(event_id, safe='')}"))
        assert by_path == by_id
        # by each identifier it names, through MATCH_anyEPC / MATCH_anyEPCClass and /epcs
        for identifier in _identifiers_as_written(event):
            found = _returned(client.get(f"/epcis/epcs/{quote(identifier, safe='')}/events"))
            assert event_id in [e["eventID"] for e in found], identifier


def _identifiers_as_written(event: dict[str, Any]) -> list[str]:
    written = [event["parentID"]] if "parentID" in event else []
    for key in ("epcList", "childEPCs", "inputEPCList", "outputEPCList"):
        written += event.get(key, [])
    for key in ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"):
        written += [element["epcClass"] for element in event.get(key, [])]
    return written


@pytest.mark.parametrize("name", _names("valid"))
def test_each_event_is_found_by_the_standard_match_parameters(client: APIClient, name: str) -> None:
    doc = _load("valid", name)
    _capture(client, doc)
    namespaces = hash_prefixes(doc["@context"])
    for event in document_events(doc):
        event_id = event.get("eventID") or event_hash_id(event, namespaces)
        for key, parameter in (
            ("epcList", "MATCH_anyEPC"), ("childEPCs", "MATCH_anyEPC"),
            ("inputEPCList", "MATCH_inputEPC"), ("outputEPCList", "MATCH_outputEPC"),
            ("quantityList", "MATCH_anyEPCClass"),
        ):  # fmt: skip
            for value in event.get(key, []):
                identifier = value["epcClass"] if isinstance(value, dict) else value
                found = _returned(client.get("/epcis/events?" + urlencode({parameter: identifier})))
                assert event_id in [e["eventID"] for e in found], (parameter, identifier)


@pytest.mark.parametrize("name", _names("events"))
def test_a_single_event_is_captured_by_post_events_and_returned(
    client: APIClient, name: str
) -> None:
    event = _load("events", name)

    response = client.post("/epcis/events", data=json.dumps(event), content_type="application/json")

    assert response.status_code == 201, response.content
    returned = _returned(client.get(response["Location"]))
    assert [e["eventID"] for e in returned] == [event.get("eventID") or event_hash_id(event)]
    assert _without_repository_fields(returned[0]) == _without_repository_fields(event)
    assert returned[0]["@context"] == event["@context"]


def _where(job: dict[str, Any]) -> set[tuple[int | None, str]]:
    return {(error["event"], error["field"]) for error in job["errors"]}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_document_is_rejected_whole_naming_events_and_fields(
    client: APIClient, name: str
) -> None:
    job = _capture(client, _load("invalid", name))

    assert (job["running"], job["success"]) == (False, False)
    assert _where(job) == INVALID[name]
    assert all(error["detail"] for error in job["errors"])
    assert (Event.objects.count(), EventIdentifier.objects.count()) == (0, 0)
    assert CaptureJob.objects.get().stored_count == 0


def test_every_invalid_document_is_tried() -> None:
    assert set(_names("invalid")) == set(INVALID)


def test_the_disputed_document_is_rejected_as_adr_0008_decides(client: APIClient) -> None:
    job = _capture(client, _load("disputed_SensorData_with_combined_events.json"))

    reports = "epcisBody.eventList[{}].sensorElementList[0].sensorReport[{}].type"
    assert job["success"] is False
    assert _where(job) == {
        (7, reports.format(7, 1)),
        (7, reports.format(7, 2)),
        (8, reports.format(8, 0)),
        (8, reports.format(8, 1)),
    }
    assert Event.objects.count() == 0
