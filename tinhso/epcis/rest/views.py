"""The EPCIS 2.0 REST endpoints under /epcis/: capture (documents and single events), capture
jobs, event queries, events by ID and by EPC, and event types.

Authentication is the API's (bearer tokens, or the session); permissions are EventPolicy's,
asked once here and once again by the services and selectors themselves. Limits: 20 MB and
10,000 events per capture (413 CaptureLimitExceededException beyond); documents of up to 1,000
events are captured before the answer, larger ones by the task worker; the job resource exists
at once either way. A body that is not JSON is refused (400) before any job exists; a JSON
document with errors makes a failed job (202), whose errors name event and field, as the
standard's asynchronous capture has it. Events are returned as captured, so GS1-EPC-Format is
``Never_Translates``; only ``rollback`` capture is offered.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from tinhso.core.policies import ADD, VIEW
from tinhso.epcis.errors import problem_object
from tinhso.epcis.models import CaptureJob
from tinhso.epcis.permissions import EventPolicy
from tinhso.epcis.query import (
    ALL_ROLES,
    PER_PAGE_DEFAULT,
    EventQuery,
    QueryParameterError,
    match_of,
    parse_query,
)
from tinhso.epcis.rest import documents, pagination
from tinhso.epcis.rest.problems import (
    CAPTURE_LIMIT,
    IMPLEMENTATION,
    NO_SUCH_NAME,
    QUERY_PARAMETER,
    VALIDATION,
    EpcisProblem,
    exception_handler,
)
from tinhso.epcis.selectors import JobKey, capture_job, capture_jobs, event_by_id, query_events
from tinhso.epcis.services import (
    NotJSON,
    capture_document,
    capture_event,
    document_events,
    parse_json,
    start_capture,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_EVENTS = 10_000
INLINE_EVENTS = 1_000
JSON_TYPES = ("application/json", "application/ld+json")
_ACCEPTED = {"*/*", "application/*", "application/problem+json", *JSON_TYPES}

VERSION_HEADERS = {
    "GS1-EPCIS-Version": "2.0",
    "GS1-CBV-Version": "2.0",
    # No EPCIS or CBV extension (such as FIT) is supported.
    "GS1-Extensions": "",
    "GS1-EPC-Format": "Never_Translates",
}
CAPTURE_HEADERS = {
    "GS1-EPCIS-Capture-Limit": str(MAX_EVENTS),
    "GS1-EPCIS-Capture-File-Size-Limit": str(MAX_BYTES),
    "GS1-Capture-Error-Behaviour": "rollback",
}


class EpcisPermission(permissions.BasePermission):
    """Reading is EventPolicy's VIEW, capturing its ADD."""

    def has_permission(self, request: Request, view: Any) -> bool:
        action = VIEW if request.method in permissions.SAFE_METHODS else ADD
        policy: EventPolicy = view.policy
        return policy.can(request.user, action)


class EpcisView(APIView):
    """The common ground of the endpoints: authentication, policy, JSON or JSON-LD answers,
    EPCIS problems for errors, and the GS1 version headers on every response."""

    schema = None  # described by GS1's own OpenAPI document, not the Tỉnh Số API's
    permission_classes = [EpcisPermission]
    parser_classes: list[Any] = []  # bodies are read raw, within the capture limits
    policy = EventPolicy()
    extra_headers: Mapping[str, str] = {}

    def get_exception_handler(self) -> Any:
        return exception_handler

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        accepted = {
            part.split(";")[0].strip().lower()
            for part in request.META.get("HTTP_ACCEPT", "").split(",")
        } - {""}
        if accepted and not accepted & _ACCEPTED and not force:
            raise exceptions.NotAcceptable
        media = "application/ld+json" if "application/ld+json" in accepted else "application/json"
        return JSONRenderer(), media

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in {**VERSION_HEADERS, **self.extra_headers}.items():
            if name not in response:
                response[name] = value
        return response

    def options(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        response = HttpResponse(status=204)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response

    def json_response(self, body: Any, status: int = 200) -> HttpResponse:
        """``body`` as JSON (bytes are sent as they are) in the negotiated media type."""
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        media = getattr(self.request, "accepted_media_type", None) or "application/json"
        return HttpResponse(data, status=status, content_type=media)


class CaptureView(EpcisView):
    """``POST /epcis/capture`` captures an EPCISDocument (202, Location of the job);
    ``GET /epcis/capture`` lists the capture jobs the caller may see, newest first."""

    extra_headers = CAPTURE_HEADERS

    def post(self, request: Request) -> HttpResponse:
        behaviour = request.headers.get("GS1-Capture-Error-Behaviour", "rollback")
        if behaviour.strip().lower() != "rollback":
            raise EpcisProblem(
                501, IMPLEMENTATION, _("Functionality not supported by server"),
                _("Only the rollback capture error behaviour is supported."),
            )  # fmt: skip
        data, doc = _json_body(request)
        owner = self.policy.capture_owner(request.user)
        count = len(document_events(doc))
        if count > MAX_EVENTS:
            raise _too_large(_("At most %(limit)s events per capture.") % {"limit": MAX_EVENTS})
        if count <= INLINE_EVENTS:
            job = capture_document(actor=request.user, doc=doc, owner=owner)
        else:
            job = start_capture(actor=request.user, owner=owner, data=data, event_count=count)
        response = self.json_response(documents.capture_job(job), status=202)
        response["Location"] = request.build_absolute_uri(
            reverse("epcis:capture_job", args=[job.pk])
        )
        return response

    def get(self, request: Request) -> HttpResponse:
        params = request.query_params
        per_page = _per_page(params.get("perPage"))
        token = params.get("nextPageToken")
        after = _token(pagination.job_key, token) if token else None
        jobs = capture_jobs(user=request.user, after=after, limit=per_page + 1)
        response = self.json_response([documents.capture_job(job) for job in jobs[:per_page]])
        if len(jobs) > per_page:
            last = jobs[per_page - 1]
            key = JobKey(last.created_at, str(last.pk))
            response["Link"] = pagination.next_link(request, pagination.job_token(key))
        return response


class CaptureJobView(EpcisView):
    """``GET /epcis/capture/{captureID}``: the state of a capture job and its errors."""

    extra_headers = CAPTURE_HEADERS

    def get(self, request: Request, capture_id: str) -> HttpResponse:
        job = _job(request, capture_id)
        return self.json_response(documents.capture_job(job))


class EventsView(EpcisView):
    """``GET /epcis/events`` answers an event query (EPCISQueryDocument, paged by perPage and
    nextPageToken); ``POST /epcis/events`` captures one event (201, Location of the event)."""

    def get(self, request: Request) -> HttpResponse:
        return _events_page(self, _query(request))

    def post(self, request: Request) -> HttpResponse:
        _data, event = _json_body(request)
        owner = self.policy.capture_owner(request.user)
        job, event_id = capture_event(actor=request.user, event=event, owner=owner)
        if event_id is None:
            internal = any(entry["code"] == "internal" for entry in job.errors)
            raise EpcisProblem(
                500 if internal else 400, IMPLEMENTATION if internal else VALIDATION,
                _("The event was not captured."), captureID=str(job.pk),
                errors=[problem_object(entry) for entry in job.errors],
            )  # fmt: skip
        stored = event_by_id(user=request.user, event_id=event_id)
        assert stored is not None  # just stored, or stored before by the same owner
        response = self.json_response(stored.json.encode(), status=201)
        response["Location"] = request.build_absolute_uri(event_path(event_id))
        return response


class EventView(EpcisView):
    """``GET /epcis/events/{eventID}`` (the ID URL-encoded): an EPCISQueryDocument holding the
    event."""

    def get(self, request: Request, event_id: str) -> HttpResponse:
        stored = event_by_id(user=request.user, event_id=event_id)
        if stored is None:
            raise _not_found(_("No event with this eventID."))
        return self.json_response(documents.query_document([stored.json]))


class EpcEventsView(EpcisView):
    """``GET /epcis/epcs/{epc}/events``: the events naming this identifier in any role (as an
    EPC, parent, input, output or class of a quantity), as an EPC URN or a Digital Link,
    further filtered by any event query parameters."""

    def get(self, request: Request, epc: str) -> HttpResponse:
        query = _query(request)
        query.matches.append(match_of(ALL_ROLES, [epc]))
        return _events_page(self, query)


class EventTypesView(EpcisView):
    """``GET /epcis/eventTypes``: the event types of the repository (EventTypeItemList)."""

    def get(self, request: Request) -> HttpResponse:
        return self.json_response(documents.event_types())


def event_path(event_id: str) -> str:
    """The path of an event's resource, its ID percent-encoded whole."""
    return f"{reverse('epcis:events')}/{quote(event_id, safe='')}"


def _events_page(view: EpcisView, query: EventQuery) -> HttpResponse:
    request = view.request
    token = query.page_token
    after = _token(pagination.event_key, token) if token else None
    rows = query_events(user=request.user, query=query, after=after, limit=query.per_page + 1)
    page = rows[: query.per_page]
    response = view.json_response(documents.query_document([row.json for row in page]))
    if len(rows) > query.per_page:
        token = pagination.event_token(page[-1].key)
        response["Link"] = pagination.next_link(request, token)
    return response


def _query(request: Request) -> EventQuery:
    params = {name: request.query_params.getlist(name) for name in request.query_params}
    try:
        return parse_query(params)
    except QueryParameterError as error:
        raise EpcisProblem(
            400, QUERY_PARAMETER, _("Invalid query parameter"),
            _("%(parameter)s: %(message)s") % {"parameter": error.name, "message": error.message},
            parameter=error.name,
        ) from error  # fmt: skip


def _token(decode: Any, token: str) -> Any:
    try:
        return decode(token)
    except pagination.BadToken as error:
        raise EpcisProblem(
            400, QUERY_PARAMETER, _("Invalid query parameter"),
            _("nextPageToken: this token was not made by this repository."),
            parameter="nextPageToken",
        ) from error  # fmt: skip


def _per_page(value: str | None) -> int:
    if value is None:
        return PER_PAGE_DEFAULT
    try:
        return parse_query({"perPage": [value]}).per_page
    except QueryParameterError as error:
        raise EpcisProblem(
            400, QUERY_PARAMETER, _("Invalid query parameter"), str(error.message),
            parameter="perPage",
        ) from error  # fmt: skip


def _job(request: Request, capture_id: str) -> CaptureJob:
    try:
        uuid.UUID(capture_id)
    except ValueError:
        raise _not_found(_("No capture job with this ID.")) from None
    job = capture_job(user=request.user, job_id=capture_id)
    if job is None:
        raise _not_found(_("No capture job with this ID."))
    return job


def _json_body(request: Request) -> tuple[bytes, Any]:
    """The raw body and its JSON, within the capture limits; problems otherwise."""
    media = (request.content_type or "").split(";")[0].strip().lower()
    if media not in JSON_TYPES:
        raise EpcisProblem(
            415, IMPLEMENTATION, _("Unsupported Media Type"),
            _("Send JSON: Content-Type application/json or application/ld+json."),
        )  # fmt: skip
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_large = _("At most %(limit)s bytes per capture.") % {"limit": MAX_BYTES}
    if length > MAX_BYTES:
        raise _too_large(too_large)
    stream = request.stream
    data = stream.read(MAX_BYTES + 1) if stream is not None else b""
    if len(data) > MAX_BYTES:
        raise _too_large(too_large)
    try:
        return data, parse_json(data)
    except NotJSON as error:
        raise EpcisProblem(
            400, VALIDATION, _("The request body is not JSON."), str(error)
        ) from error


def _too_large(detail: str) -> EpcisProblem:
    return EpcisProblem(
        413, CAPTURE_LIMIT, _("Capture Payload too large"), detail, headers=CAPTURE_HEADERS
    )


def _not_found(detail: Any) -> EpcisProblem:
    return EpcisProblem(404, NO_SUCH_NAME, _("Resource not found"), detail)
