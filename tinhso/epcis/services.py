"""Capturing EPCIS 2.0 events: the only way events enter the repository.

The REST capture interface, the single-event endpoint, the background task and the
``epcis_capture`` command all call :func:`capture_document` or :func:`capture_event`, so they
accept and refuse exactly the same things.

A capture is all or nothing, in one transaction. The document is validated as the standard
says (``validate_document``: all but the events first, then each event just before it is
written, so that the database stores one event while the next is checked and hashed); any
problem and everything is rolled back, the job keeping every problem, each naming its event and
field. Each event gets its eventID (the CBV 2.0 event hash when it has none) and the
repository's recordTime. An event whose eventID is already stored, by the same owner, is not
stored again: capturing twice is harmless. One stored by another owner is a problem.

Auditing is one entry per capture job, not per event: a job of 10,000 events is one act of one
actor, the entry names the job, and the job names its events (``Event.capture_job``). An entry
per event would double the rows written and the time taken, and tell nothing more.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change, snapshot
from tinhso.epcis import errors
from tinhso.epcis.bulk import insert_events
from tinhso.epcis.choices import JobSource, JobStatus
from tinhso.epcis.models import CaptureJob, Event
from tinhso.epcis.permissions import EventPolicy
from tinhso.epcis.preparation import Preparation
from tinhso.epcis.validation import (
    Problem,
    context_prefixes,
    hash_prefixes,
    validate_document,
    validate_event,
)
from tinhso.traceability.models import Enterprise
from tinhso.traceability.resolver.freshness import data_changed as resolver_data_changed

POLICY = EventPolicy()
_AUDITED = ["status", "source", "event_count", "stored_count", "duplicate_count"]
_ATTEMPTS = 3  # a concurrent capture of the same new eventID makes us look again


class NotJSON(ValueError):
    """The bytes are not a JSON text (or use NaN/Infinity, which JSON does not have, or the NUL
    character, which no database text can hold)."""


def parse_json(data: bytes) -> Any:
    """Parse a request body or file as strict JSON; NotJSON with the reason otherwise."""

    def refuse(constant: str) -> None:
        raise NotJSON(f"{constant} is not a JSON value")

    if b"\\u0000" in data:
        raise NotJSON("the NUL character (\\u0000) is not accepted")
    try:
        return json.loads(data, parse_constant=refuse)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotJSON(str(exc)) from exc


def document_events(doc: Any) -> list[Any]:
    """The event list of an EPCISDocument or EPCISQueryDocument ([] when there is none)."""
    if not isinstance(doc, dict):
        return []
    body = doc.get("epcisBody")
    if isinstance(body, dict) and "queryResults" in body:
        results = body["queryResults"]
        body = results.get("resultsBody") if isinstance(results, dict) else None
    events = body.get("eventList") if isinstance(body, dict) else None
    return events if isinstance(events, list) else []


def capture_document(
    *,
    actor: Any,
    doc: Any,
    owner: Enterprise | None,
    source: str = JobSource.DOCUMENT,
    job: CaptureJob | None = None,
) -> CaptureJob:
    """Validate an EPCIS document and store its events for ``owner`` (None: the center), all or
    nothing, as one audited capture job, which is returned finished. Enterprise users capture for
    their own enterprise; center staff and administrators for the center or any enterprise."""
    POLICY.require_capture(actor, owner)
    if job is None:
        job = _new_job(actor, owner, source, len(document_events(doc)))
    with _failed_on_error(actor, job):
        # All but the events is checked first; each event as it is written, so the database
        # stores one while the next is checked. A problem anywhere rolls everything back.
        head = _without_events(doc)
        if head is None or validate_document(head):
            problems = validate_document(doc)
            if problems:
                return _finish_failed(actor, job, problems)
        context = doc["@context"]
        prepared = Preparation(
            document_events(doc), namespaces=hash_prefixes(context),
            prefixes=context_prefixes(context), context=context, in_document=True,
            record_time=_now_ms(), validate=head is not None,
        )  # fmt: skip
        return _store(actor, job, prepared)


def capture_event(
    *, actor: Any, event: Any, owner: Enterprise | None
) -> tuple[CaptureJob, str | None]:
    """Validate one event (carrying its own @context) and store it for ``owner``, as a capture
    job of its own. Returns the finished job and the eventID (None when refused)."""
    POLICY.require_capture(actor, owner)
    job = _new_job(actor, owner, JobSource.EVENT, 1)
    with _failed_on_error(actor, job):
        problems = validate_event(event)
        if problems:
            return _finish_failed(actor, job, problems), None
        prepared = Preparation(
            [event], namespaces=None, prefixes=context_prefixes(event.get("@context")),
            context=None, in_document=False, record_time=_now_ms(),
        )  # fmt: skip
        job = _store(actor, job, prepared)
        stored = job.status == JobStatus.SUCCESS
        return job, prepared.kept[0][1] if stored else None


def start_capture(
    *, actor: Any, owner: Enterprise | None, data: bytes, event_count: int
) -> CaptureJob:
    """Keep a large document for the task worker and queue its capture; the job answers at once
    and finishes when the task does."""
    from tinhso.epcis.tasks import capture_document_task

    POLICY.require_capture(actor, owner)
    path = default_storage.save(f"epcis/{uuid.uuid4().hex}.json", ContentFile(data))
    with transaction.atomic():
        job = _new_job(actor, owner, JobSource.DOCUMENT, event_count, document_path=path)
        actor_id = actor.pk if getattr(actor, "pk", None) is not None else None
        transaction.on_commit(
            lambda: capture_document_task.enqueue(job_id=str(job.pk), actor_id=actor_id)
        )
    return job


def fail_job(*, actor: Any, job: CaptureJob) -> CaptureJob:
    """Mark a job failed by the server (nothing of it was stored) and audit it; for the task
    when something other than the document went wrong."""
    return _finish_failed(actor, job, [_internal()])


@contextmanager
def _failed_on_error(actor: Any, job: CaptureJob) -> Iterator[None]:
    """A capture that breaks on the server leaves its job failed, not running for ever."""
    try:
        yield
    except Exception:
        if job.status == JobStatus.RUNNING:
            _finish_failed(actor, job, [_internal()])
        raise


def _without_events(doc: Any) -> dict[str, Any] | None:
    """An EPCISDocument with its event list emptied, to check all but its events; None when it
    is no EPCISDocument with an event list (it is then checked whole)."""
    if not isinstance(doc, dict) or doc.get("type") != "EPCISDocument":
        return None
    body = doc.get("epcisBody")
    if not isinstance(body, dict):
        return None
    if not isinstance(body.get("eventList"), list):
        return None
    return {**doc, "epcisBody": {**body, "eventList": []}}


def _new_job(
    actor: Any, owner: Enterprise | None, source: str, event_count: int, document_path: str = ""
) -> CaptureJob:
    created_by = actor if getattr(actor, "pk", None) is not None else None
    return CaptureJob.objects.create(
        owner=owner,
        created_by=created_by,
        source=source,
        event_count=event_count,
        document_path=document_path,
    )


class _Rejected(Exception):
    """The capture has problems: roll back what was written."""


def _store(actor: Any, job: CaptureJob, prepared: Preparation) -> CaptureJob:
    """Write the prepared events that are new, in one transaction, and finish the job."""
    for attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                stored = _write(prepared, job) if attempt == 0 else _write_new(prepared, job)
                job.stored_count, job.duplicate_count = stored, prepared.count - stored
                _finish(actor, job, JobStatus.SUCCESS, [])
                if stored:  # consumer pages show the journey (written by COPY: no signals)
                    resolver_data_changed()
                return job
        except IntegrityError:
            continue  # an eventID is stored already (perhaps by a capture running meanwhile)
        except _Rejected as rejected:
            return _finish_failed(actor, job, rejected.args[0])
    return _finish_failed(actor, job, [_internal()])


def _write(prepared: Preparation, job: CaptureJob) -> int:
    """Most captures bring only new events: write each as it is made, and let the unique index
    object if one is stored already."""
    stored = insert_events(
        prepared, count=prepared.count, record_time=prepared.record_time,
        owner_id=job.owner_id, job_id=job.pk,
    )  # fmt: skip
    if prepared.problems:
        raise _Rejected(prepared.problems)
    return stored


def _write_new(prepared: Preparation, job: CaptureJob) -> int:
    """Write the events not stored yet; refuse eventIDs another owner holds."""
    prepared.finish()
    if prepared.problems:
        raise _Rejected(prepared.problems)
    new, problems = _new_events(prepared.kept, job.owner_id, prepared.in_document)
    if problems:
        raise _Rejected(problems)
    return insert_events(
        prepared.remake(new), count=len(new), record_time=prepared.record_time,
        owner_id=job.owner_id, job_id=job.pk,
    )  # fmt: skip


def _internal() -> Problem:
    return Problem("", "internal", errors.INTERNAL)


def _new_events(
    kept: list[tuple[int, str]], owner_id: int | None, in_document: bool
) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The events (index, eventID) not stored yet, and problems for eventIDs another owner
    holds."""
    stored: dict[str, int | None] = {}
    ids = [event_id for _index, event_id in kept]
    for start in range(0, len(ids), 900):  # SQLite takes at most a few thousand parameters
        chunk = ids[start : start + 900]
        stored.update(Event.objects.filter(event_id__in=chunk).values_list("event_id", "owner_id"))
    new = [(index, event_id) for index, event_id in kept if event_id not in stored]
    problems = [
        Problem(
            f"epcisBody.eventList[{index}].eventID" if in_document else "eventID",
            "event_id_taken",
            errors.EVENT_ID_TAKEN,
            {},
            index if in_document else None,
            event_id,
        )
        for index, event_id in kept
        if event_id in stored and stored[event_id] != owner_id
    ]
    return new, problems


def _now_ms() -> datetime:
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _finish_failed(actor: Any, job: CaptureJob, problems: Sequence[Problem]) -> CaptureJob:
    job.stored_count = job.duplicate_count = 0
    with transaction.atomic():
        _finish(actor, job, JobStatus.FAILED, [errors.stored(p) for p in problems])
    return job


def _finish(actor: Any, job: CaptureJob, status: str, problems: list[dict[str, Any]]) -> None:
    job.status, job.errors, job.finished_at = status, problems, timezone.now()
    job.save(
        update_fields=[
            "status",
            "errors",
            "finished_at",
            "stored_count",
            "duplicate_count",
            "document_path",
        ]
    )
    owner = job.owner
    record_change(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=job,
        after=snapshot(job, _AUDITED),
        org_unit=owner.org_unit if owner is not None else None,
    )
