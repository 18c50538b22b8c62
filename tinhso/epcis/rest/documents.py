"""The JSON bodies of the REST binding: the EPCISQueryDocument around stored events, the
capture job resource, and the event type list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from tinhso.epcis.choices import JobStatus
from tinhso.epcis.errors import problem_object
from tinhso.epcis.models import CaptureJob
from tinhso.epcis.validation import EVENT_TYPES

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
QUERY_NAME = "SimpleEventQuery"


def timestamp(moment: datetime) -> str:
    """A time as the standard writes it: UTC, milliseconds, Z."""
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def query_document(event_texts: Sequence[str]) -> bytes:
    """An EPCISQueryDocument holding events given as their stored JSON text, spliced in as they
    are (each carries the namespaces it needs)."""
    head = {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": timestamp(timezone.now()),
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    body = (
        f'{opening}, "epcisBody": {{"queryResults": {{"queryName": "{QUERY_NAME}", '
        f'"resultsBody": {{"eventList": [{", ".join(event_texts)}]}}}}}}}}'
    )
    return body.encode()


def capture_job(job: CaptureJob) -> dict[str, Any]:
    """The standard's captureJob resource, with the counts of this repository."""
    return {
        "captureID": str(job.pk),
        "createdAt": timestamp(job.created_at),
        "finishedAt": timestamp(job.finished_at) if job.finished_at else None,
        "running": job.status == JobStatus.RUNNING,
        "success": job.status != JobStatus.FAILED,
        "captureErrorBehaviour": "rollback",
        "errors": [problem_object(entry) for entry in job.errors],
        "eventCount": job.event_count,
        "storedCount": job.stored_count,
        "duplicateCount": job.duplicate_count,
    }


def event_types() -> dict[str, Any]:
    """EventTypeItemList: the five event types this repository stores."""
    return {"@context": EPCIS_CONTEXT, "type": "EventTypeItemList", "eventType": list(EVENT_TYPES)}
