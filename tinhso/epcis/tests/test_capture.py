"""Capturing events: the service (validation, event hash, canonical columns, idempotence,
all-or-nothing, one audit entry per job) and the REST capture interface over it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from tinhso.accounts.services import create_api_token
from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.core.testing import state_of
from tinhso.epcis.choices import IdentifierRole, JobSource, JobStatus
from tinhso.epcis.models import CaptureJob, Event, EventIdentifier
from tinhso.epcis.rest import views
from tinhso.epcis.services import capture_document, capture_event
from tinhso.epcis.tests.conftest import GCP, document, object_event, sgtin, single
from tinhso.epcis.validation import event_hash_id
from tinhso.traceability.models import Enterprise

DL = "https://id.gs1.org"
GTIN = "08934567123457"  # the GTIN of sgtin(…, item "012345") under GCP 8934567
READ_POINT = f"{DL}/414/8934567000000/254/1"
BIZ_LOCATION = f"{DL}/414/8934567000000"


def _audits(job: CaptureJob) -> list[Any]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(CaptureJob), object_id=str(job.pk)
        ).values("action", "actor_name", "changes")
    )


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Event.objects.all(), EventIdentifier.objects.all(), CaptureJob.objects.all(),
        AuditEntry.objects.all(),
    )  # fmt: skip


# --- the service ---------------------------------------------------------------------------


def test_capture_stores_each_event_with_its_hash_id_and_canonical_columns(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    # given
    actor = users[Role.ENTERPRISE]
    event = object_event(serials=[1, 2])
    doc = document(event, object_event(serials=[3], step="packing"))

    # when
    job = capture_document(actor=actor, doc=doc, owner=enterprise)

    # then
    assert (job.status, job.event_count, job.stored_count, job.duplicate_count) == (
        JobStatus.SUCCESS, 2, 2, 0,
    )  # fmt: skip
    assert job.errors == []
    stored = Event.objects.get(event_id=event_hash_id(event))
    assert stored.event_id.startswith("ni:///sha-256;")
    assert (stored.event_type, stored.action, stored.biz_step, stored.disposition) == (
        "ObjectEvent", "ADD", "commissioning", "active",
    )  # fmt: skip
    assert stored.event_time == datetime(2026, 5, 10, 1, 30, tzinfo=UTC)
    assert stored.event_time_zone_offset == "+07:00"
    assert (stored.read_point, stored.biz_location) == (READ_POINT, BIZ_LOCATION)
    assert (stored.owner, stored.capture_job) == (enterprise, job)
    assert sorted(stored.identifiers.values_list("identifier", "role")) == [
        (f"{DL}/01/{GTIN}/21/1", IdentifierRole.EPC),
        (f"{DL}/01/{GTIN}/21/2", IdentifierRole.EPC),
    ]
    assert stored.document == {
        **event,
        "eventID": stored.event_id,
        "recordTime": stored.record_time.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    assert Event.objects.count() == 2


def test_capture_is_audited_once_per_job_not_per_event(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    # given
    doc = document(*(object_event(serials=[n]) for n in range(5)))
    before = AuditEntry.objects.count()

    # when
    job = capture_document(actor=users[Role.ENTERPRISE], doc=doc, owner=enterprise)

    # then
    assert AuditEntry.objects.count() == before + 1
    assert _audits(job) == [
        {
            "action": "import",
            "actor_name": users[Role.ENTERPRISE].username,
            "changes": {
                "status": [None, "success"],
                "source": [None, "document"],
                "event_count": [None, 5],
                "stored_count": [None, 5],
                "duplicate_count": [None, 0],
            },
        }
    ]


def test_capturing_the_same_document_again_stores_nothing_new(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    # given
    doc = document(object_event(serials=[1]), object_event(serials=[2]))
    first = capture_document(actor=users[Role.ENTERPRISE], doc=doc, owner=enterprise)
    before = list(Event.objects.values_list("event_id", "record_time", "capture_job"))

    # when
    again = capture_document(actor=users[Role.ENTERPRISE], doc=doc, owner=enterprise)

    # then
    assert (first.stored_count, again.status, again.stored_count, again.duplicate_count) == (
        2, JobStatus.SUCCESS, 0, 2,
    )  # fmt: skip
    assert list(Event.objects.values_list("event_id", "record_time", "capture_job")) == before
    assert EventIdentifier.objects.count() == 2


def test_an_event_twice_in_one_document_is_stored_once(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    event = object_event(serials=[7])

    job = capture_document(
        actor=users[Role.ENTERPRISE], doc=document(event, event), owner=enterprise
    )

    assert (job.stored_count, job.duplicate_count) == (1, 1)
    assert Event.objects.count() == 1


def test_a_given_event_id_is_kept(users: dict[Role, Any], enterprise: Enterprise) -> None:
    event = object_event(eventID="urn:uuid:7b6b2a6e-5d0e-4c43-9d3c-2b8a8a1f0001")

    capture_document(actor=users[Role.ENTERPRISE], doc=document(event), owner=enterprise)

    assert list(Event.objects.values_list("event_id", flat=True)) == [event["eventID"]]


def test_one_invalid_event_rejects_the_whole_document(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    # given: the first event is valid, the second's business step is no CBV word
    doc = document(object_event(serials=[1]), object_event(serials=[2], step="harvesting"))

    # when
    job = capture_document(actor=users[Role.ENTERPRISE], doc=doc, owner=enterprise)

    # then
    assert (job.status, job.stored_count, job.finished_at is not None) == (
        JobStatus.FAILED, 0, True,
    )  # fmt: skip
    assert [(e["event"], e["field"], e["code"]) for e in job.errors] == [
        (1, "epcisBody.eventList[1].bizStep", "not_in_vocabulary")
    ]
    assert Event.objects.count() == 0
    assert EventIdentifier.objects.count() == 0
    assert [a["changes"]["status"] for a in _audits(job)] == [[None, "failed"]]


def test_an_event_id_another_owner_holds_rejects_the_document(
    users: dict[Role, Any], enterprise: Enterprise, other_enterprise: Enterprise
) -> None:
    # given
    shared = object_event(serials=[1])
    capture_document(actor=SYSTEM, doc=document(shared), owner=other_enterprise)
    before = list(Event.objects.values_list("id", "owner"))

    # when
    doc = document(object_event(serials=[2]), shared)
    job = capture_document(actor=users[Role.ENTERPRISE], doc=doc, owner=enterprise)

    # then
    assert job.status == JobStatus.FAILED
    assert [(e["event"], e["eventID"], e["field"], e["code"]) for e in job.errors] == [
        (1, event_hash_id(shared), "epcisBody.eventList[1].eventID", "event_id_taken")
    ]
    assert list(Event.objects.values_list("id", "owner")) == before


def test_a_custom_business_step_is_stored_as_its_full_uri_and_the_namespaces_travel_along(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    # given: a CURIE business step and a user extension, both of the document's namespace
    context = [*document()["@context"], {"tinhso": "https://tinhso.example.vn/epcis/"}]
    extension: dict[str, Any] = {"tinhso:teaGrade": "A"}
    event = object_event(bizStep="tinhso:harvesting", **extension)

    # when
    capture_document(
        actor=users[Role.ENTERPRISE], doc=document(event, context=context), owner=enterprise
    )

    # then
    stored = Event.objects.get()
    assert stored.biz_step == "https://tinhso.example.vn/epcis/harvesting"
    assert stored.document["@context"] == [{"tinhso": "https://tinhso.example.vn/epcis/"}]
    assert stored.document["tinhso:teaGrade"] == "A"


def test_every_role_of_an_identifier_is_indexed(users: dict[Role, Any]) -> None:
    # given: an aggregation (parent, children, child quantities) and a transformation
    lot = f"urn:epc:class:lgtin:{GCP}.012345.L1"
    aggregation = {
        "type": "AggregationEvent", "eventTime": "2026-05-10T09:00:00+07:00",
        "eventTimeZoneOffset": "+07:00", "action": "ADD",
        "parentID": f"urn:epc:id:sscc:{GCP}.0000000001", "childEPCs": [sgtin(1)],
        "childQuantityList": [{"epcClass": lot, "quantity": 5, "uom": "KGM"}],
    }  # fmt: skip
    transformation = {
        "type": "TransformationEvent", "eventTime": "2026-05-10T10:00:00+07:00",
        "eventTimeZoneOffset": "+07:00", "inputEPCList": [sgtin(2)],
        "inputQuantityList": [{"epcClass": lot, "quantity": 1}],
        "outputEPCList": [sgtin(3)], "outputQuantityList": [{"epcClass": lot, "quantity": 2}],
    }  # fmt: skip
    event = object_event(serials=[4], quantityList=[{"epcClass": lot, "quantity": 3}])

    # when
    job = capture_document(
        actor=SYSTEM, doc=document(aggregation, transformation, event), owner=None
    )

    # then
    assert job.status == JobStatus.SUCCESS, job.errors
    lot_dl = f"{DL}/01/{GTIN}/10/L1"
    assert sorted(EventIdentifier.objects.values_list("role", "identifier")) == [
        (IdentifierRole.EPC, f"{DL}/01/{GTIN}/21/4"),
        (IdentifierRole.PARENT, f"{DL}/00/089345670000000017"),
        (IdentifierRole.CHILD, f"{DL}/01/{GTIN}/21/1"),
        (IdentifierRole.INPUT, f"{DL}/01/{GTIN}/21/2"),
        (IdentifierRole.OUTPUT, f"{DL}/01/{GTIN}/21/3"),
        (IdentifierRole.QUANTITY, lot_dl),
        (IdentifierRole.CHILD_QUANTITY, lot_dl),
        (IdentifierRole.INPUT_QUANTITY, lot_dl),
        (IdentifierRole.OUTPUT_QUANTITY, lot_dl),
    ]
    assert Event.objects.get(event_type="AggregationEvent").owner is None


def test_an_identifier_too_long_to_index_is_refused(users: dict[Role, Any]) -> None:
    event = object_event(epcList=["urn:example:" + "x" * 600])

    job = capture_document(actor=SYSTEM, doc=document(event), owner=None)

    assert [(e["field"], e["code"]) for e in job.errors] == [
        ("epcisBody.eventList[0].epcList", "too_long")
    ]
    assert Event.objects.count() == 0


def test_an_epcis_query_document_is_captured_too(users: dict[Role, Any]) -> None:
    doc = document(object_event())
    doc["type"] = "EPCISQueryDocument"
    doc["epcisBody"] = {
        "queryResults": {
            "queryName": "SimpleEventQuery",
            "resultsBody": {"eventList": doc["epcisBody"]["eventList"]},
        }
    }

    job = capture_document(actor=SYSTEM, doc=doc, owner=None)

    assert (job.status, job.stored_count) == (JobStatus.SUCCESS, 1)


def test_a_single_event_is_captured_as_a_job_of_its_own(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    event = single(object_event())

    job, event_id = capture_event(actor=users[Role.ENTERPRISE], event=event, owner=enterprise)

    assert (job.source, job.status, job.stored_count) == (JobSource.EVENT, JobStatus.SUCCESS, 1)
    assert event_id == event_hash_id(event)
    assert Event.objects.get().event_id == event_id


def test_an_invalid_single_event_names_its_field(users: dict[Role, Any]) -> None:
    event = single(object_event(action="CREATE"))

    job, event_id = capture_event(actor=SYSTEM, event=event, owner=None)

    assert event_id is None
    assert [(e["event"], e["field"], e["code"]) for e in job.errors] == [
        (None, "action", "bad_action")
    ]
    assert Event.objects.count() == 0


@pytest.mark.parametrize("who", ["other_enterprise", "homeless", "reporter", "leader"])
def test_capturing_for_someone_else_is_refused_and_changes_nothing(
    users: dict[Role, Any], enterprise: Enterprise, other_enterprise: Enterprise,
    homeless_user: Any, who: str,
) -> None:  # fmt: skip
    actor = {
        "other_enterprise": other_enterprise.users.get(), "homeless": homeless_user,
        "reporter": users[Role.UNIT_REPORTER], "leader": users[Role.LEADER],
    }[who]  # fmt: skip
    before = _everything()

    with pytest.raises(PermissionDenied):
        capture_document(actor=actor, doc=document(object_event()), owner=enterprise)

    assert _everything() == before


def test_the_center_captures_for_an_enterprise_but_an_enterprise_not_for_the_center(
    users: dict[Role, Any], enterprise: Enterprise
) -> None:
    job = capture_document(
        actor=users[Role.CENTER_STAFF], doc=document(object_event()), owner=enterprise
    )
    assert (job.status, Event.objects.get().owner) == (JobStatus.SUCCESS, enterprise)

    with pytest.raises(PermissionDenied):
        capture_document(actor=users[Role.ENTERPRISE], doc=document(object_event()), owner=None)


# --- the REST capture interface ------------------------------------------------------------


def _post(client: APIClient, url: str, body: Any, **extra: Any) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    extra.setdefault("content_type", "application/ld+json")
    return client.post(url, data=data, **extra)


@pytest.fixture
def enterprise_client(
    api_client: APIClient, users: dict[Role, Any], enterprise: Enterprise
) -> APIClient:
    api_client.force_login(users[Role.ENTERPRISE])
    return api_client


def test_post_capture_answers_202_with_the_location_of_a_finished_job(
    enterprise_client: APIClient, enterprise: Enterprise
) -> None:
    # when
    response = _post(enterprise_client, "/epcis/capture", document(object_event()))

    # then
    job = CaptureJob.objects.get()
    assert response.status_code == 202
    assert response["Location"] == f"http://testserver/epcis/capture/{job.pk}"
    assert response["GS1-EPCIS-Version"] == "2.0"
    assert response["GS1-CBV-Version"] == "2.0"
    assert response["GS1-Extensions"] == ""
    assert response["GS1-Capture-Error-Behaviour"] == "rollback"
    status = enterprise_client.get(f"/epcis/capture/{job.pk}")
    assert status.status_code == 200
    body = status.json()
    assert body == {
        "captureID": str(job.pk),
        "createdAt": body["createdAt"],
        "finishedAt": body["finishedAt"],
        "running": False,
        "success": True,
        "captureErrorBehaviour": "rollback",
        "errors": [],
        "eventCount": 1,
        "storedCount": 1,
        "duplicateCount": 0,
    }
    assert body["createdAt"].endswith("Z") and body["finishedAt"].endswith("Z")
    assert Event.objects.get().owner == enterprise


def test_post_capture_of_an_invalid_document_makes_a_failed_job_naming_event_and_field(
    enterprise_client: APIClient,
) -> None:
    doc = document(object_event(), object_event(serials=[3], disposition="fresh"))

    response = _post(enterprise_client, "/epcis/capture", doc, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 202
    job = enterprise_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").json()
    assert (job["running"], job["success"]) == (False, False)
    assert job["errors"] == [
        {
            "type": "epcisException:ValidationException",
            "title": "Invalid EPCIS event.",
            "status": 400,
            "detail": "“fresh” is not a CBV 2.0 disposition: use a word CBV defines, or an "
            "absolute URI (or a CURIE with a declared prefix) for your own value.",
            "event": 1,
            "eventID": None,
            "field": "epcisBody.eventList[1].disposition",
            "code": "not_in_vocabulary",
        }
    ]
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status", "problem"),
    [
        (b"{not json", "application/json", 400, "epcisException:ValidationException"),
        (b'{"a": NaN}', "application/json", 400, "epcisException:ValidationException"),
        (b"\xff\xfe", "application/json", 400, "epcisException:ValidationException"),
        (b'{"a": "x\\u0000"}', "application/json", 400, "epcisException:ValidationException"),
        (b"<EPCISDocument/>", "application/xml", 415, "epcisException:ImplementationException"),
        (b"{}", "text/plain", 415, "epcisException:ImplementationException"),
    ],
)
def test_a_body_that_is_no_json_document_is_refused_before_any_job(
    enterprise_client: APIClient, body: bytes, content_type: str, status: int, problem: str
) -> None:
    response = enterprise_client.post("/epcis/capture", data=body, content_type=content_type)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert (response.json()["type"], response.json()["status"]) == (problem, status)
    assert CaptureJob.objects.count() == 0


def test_a_document_over_the_size_limit_is_refused_with_413(
    enterprise_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAX_BYTES", 200)

    response = _post(enterprise_client, "/epcis/capture", document(object_event()))

    assert response.status_code == 413
    assert response.json()["type"] == "epcisException:CaptureLimitExceededException"
    assert response["GS1-EPCIS-Capture-File-Size-Limit"] == str(20 * 1024 * 1024)
    assert CaptureJob.objects.count() == 0


def test_a_document_over_the_event_limit_is_refused_with_413(
    enterprise_client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAX_EVENTS", 2)
    doc = document(*(object_event(serials=[n]) for n in range(3)))

    response = _post(enterprise_client, "/epcis/capture", doc, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response.json()["title"] == "Capture Payload too large"
    assert (CaptureJob.objects.count(), Event.objects.count()) == (0, 0)


def test_a_large_document_is_captured_by_the_task_worker(
    enterprise_client: APIClient,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: documents over one event go to the worker
    monkeypatch.setattr(views, "INLINE_EVENTS", 1)
    doc = document(*(object_event(serials=[n]) for n in range(3)))

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(enterprise_client, "/epcis/capture", doc)
    running = enterprise_client.get(response["Location"]).json()
    path = CaptureJob.objects.get().document_path
    for callback in callbacks:
        callback()

    # then: the job existed, running, before the worker took it
    assert response.status_code == 202
    assert (running["running"], running["success"], running["eventCount"]) == (True, True, 3)
    assert default_storage.exists(path) is False
    finished = enterprise_client.get(response["Location"]).json()
    assert (finished["running"], finished["success"], finished["storedCount"]) == (False, True, 3)
    assert CaptureJob.objects.get().document_path == ""


def test_proceed_capture_is_not_offered(enterprise_client: APIClient) -> None:
    response = _post(
        enterprise_client, "/epcis/capture", document(object_event()),
        HTTP_GS1_CAPTURE_ERROR_BEHAVIOUR="proceed",
    )  # fmt: skip

    assert response.status_code == 501
    assert CaptureJob.objects.count() == 0


def test_capture_jobs_are_listed_newest_first_page_by_page(enterprise_client: APIClient) -> None:
    # given
    for n in range(3):
        _post(enterprise_client, "/epcis/capture", document(object_event(serials=[n])))
    ids = [
        str(pk)
        for pk in CaptureJob.objects.order_by("-created_at", "-id").values_list("pk", flat=True)
    ]

    # when
    first = enterprise_client.get("/epcis/capture?perPage=2")
    second = enterprise_client.get(first["Link"].split(">")[0].lstrip("<"))

    # then
    assert [job["captureID"] for job in first.json()] == ids[:2]
    assert first["Link"].endswith('>; rel="next"')
    assert [job["captureID"] for job in second.json()] == ids[2:]
    assert "Link" not in second


def test_an_unknown_or_malformed_capture_id_is_404(enterprise_client: APIClient) -> None:
    for capture_id in ("nope", "5f0c6c1e-0000-4000-8000-000000000000"):
        response = enterprise_client.get(f"/epcis/capture/{capture_id}")
        assert response.status_code == 404
        assert response.json()["type"] == "epcisException:NoSuchNameException"


def test_post_events_captures_one_event_and_answers_201_with_its_location(
    enterprise_client: APIClient,
) -> None:
    # given
    event = single(object_event())
    event_id = event_hash_id(event)

    # when
    response = _post(enterprise_client, "/epcis/events", event)
    again = _post(enterprise_client, "/epcis/events", event)

    # then
    assert response.status_code == 201
    quoted = "ni%3A%2F%2F%2Fsha-256%3B" + event_id.split(";")[1].replace("?", "%3F").replace(
        "=", "%3D"
    )
    assert response["Location"] == f"http://testserver/epcis/events/{quoted}"
    assert response.json()["eventID"] == event_id
    assert again.status_code == 201
    assert Event.objects.count() == 1
    fetched = enterprise_client.get(response["Location"])
    assert fetched.json()["epcisBody"]["queryResults"]["resultsBody"]["eventList"] == [
        response.json()
    ]


def test_post_events_with_an_invalid_event_is_400_naming_the_field(
    enterprise_client: APIClient,
) -> None:
    event = single(object_event())
    del event["eventTime"]

    response = _post(enterprise_client, "/epcis/events", event, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["title"]) == (
        "epcisException:ValidationException", "The event was not captured.",
    )  # fmt: skip
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("eventTime", "missing")]
    assert body["errors"][0]["detail"] == "This field is required."
    assert CaptureJob.objects.get(pk=body["captureID"]).status == JobStatus.FAILED
    assert Event.objects.count() == 0


def test_a_bearer_token_authenticates_and_no_credentials_answer_401(
    api_client: APIClient, users: dict[Role, Any], enterprise: Enterprise
) -> None:
    _token, secret = create_api_token(actor=users[Role.ENTERPRISE], name="ERP")

    anonymous = _post(api_client, "/epcis/capture", document(object_event()))
    signed = _post(
        api_client,
        "/epcis/capture",
        document(object_event()),
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert anonymous.status_code == 401
    assert anonymous.json()["type"] == "epcisException:SecurityException"
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'
    assert signed.status_code == 202
    assert Event.objects.get().owner == enterprise


def test_an_answer_the_client_cannot_accept_is_406(enterprise_client: APIClient) -> None:
    response = enterprise_client.get("/epcis/eventTypes", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


def test_options_describes_the_capture_endpoint(enterprise_client: APIClient) -> None:
    response = enterprise_client.options("/epcis/capture")

    assert response.status_code == 204
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert response["GS1-EPCIS-Capture-Limit"] == "10000"


def test_a_jobs_errors_are_kept_language_neutral_and_read_in_the_readers_language(
    enterprise_client: APIClient,
) -> None:
    # given: a job failed while the client spoke English
    doc = document(object_event())
    del doc["epcisBody"]["eventList"][0]["eventTime"]
    response = _post(enterprise_client, "/epcis/capture", doc, HTTP_ACCEPT_LANGUAGE="en")

    # when
    english = enterprise_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").json()
    vietnamese = enterprise_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").json()

    # then
    assert [e["detail"] for e in english["errors"]] == ["This field is required."]
    assert [e["detail"] for e in vietnamese["errors"]] == ["Trường này là bắt buộc."]
    assert CaptureJob.objects.get().errors == [
        {
            "event": 0,
            "eventID": None,
            "field": "epcisBody.eventList[0].eventTime",
            "code": "missing",
            "msgid": "This field is required.",
            "params": {},
        }
    ]
