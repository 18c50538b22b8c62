"""EPCIS capture speed: 1,000-event documents through the capture service, beside a raw bulk
insert of the same rows into the same tables.

Each document holds 1,000 ObjectEvents of EPCS_PER_EVENT EPCs each (new serials every run, so
no cache is warm from an earlier one), with bizStep, disposition, readPoint and bizLocation and
without eventIDs, so the CBV 2.0 event hash is computed for every event. The service validates
the whole document, hashes, canonicalises, looks for eventIDs already stored, writes the events
and their identifiers (COPY on PostgreSQL), finishes and audits the job: one transaction per
document; parsing the JSON text is not counted. The limit is the rows the service wrote, read
back and written again by COPY (``executemany`` on SQLite) into the same emptied tables, one
transaction per 1,000 events.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso DEBUG=true
.venv/bin/python benchmarks/epcis_capture.py`` (a throw-away test database is created).
Targets (issue 5): >= 5,000 events/s and >= 50 % of the raw rate.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
DOCUMENTS = int(os.environ.get("DOCUMENTS", "10"))
EVENTS = 1000
EPCS_PER_EVENT = int(os.environ.get("EPCS_PER_EVENT", "3"))
TARGET_RATE = 5000
TARGET_SHARE = 0.5
STEPS = ("commissioning", "packing", "shipping", "receiving")


def main() -> None:
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report(connection.vendor, name)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def report(vendor: str, name: str) -> None:
    total = DOCUMENTS * EVENTS
    service, raw, parts = [], [], []
    for run in range(RUNS):
        # Documents wait as the bytes a request brings, so that only the one being captured
        # is in memory, as in a web or task process.
        data = [json.dumps(build(run, d)).encode() for d in range(DOCUMENTS)]
        empty()
        service.append(capture_all(data))
        rows = stored_rows()
        assert len(rows[0]) == total, len(rows[0])
        empty(keep_jobs=True)  # the rows name their jobs
        raw.append(timed(lambda rows=rows: insert_raw(*rows)))
        del rows
        parts.append(cpu_parts(json.loads(data[0])))
    s, r = total / statistics.median(service), total / statistics.median(raw)
    print(f"database: {vendor} ({name}); median of {RUNS} runs of {DOCUMENTS} documents")
    print(f"{DOCUMENTS} × {EVENTS:,} ObjectEvents, {EPCS_PER_EVENT} EPCs each, no eventIDs")
    print(f"capture service: {s:,.0f} events/s   (limit: >= {TARGET_RATE:,} events/s)")
    print(f"raw bulk insert of the same rows: {r:,.0f} events/s")
    print(f"service / raw: {s / r:.0%}   (limit: >= {TARGET_SHARE:.0%})")
    validate, hashing = (statistics.median(p[i] for p in parts) for i in range(2))
    print(
        f"of which, per 1,000-event document (CPU, median): validation {validate * 1e3:.1f} ms, "
        f"event hash {hashing * 1e3:.1f} ms"
    )


def build(run: int, number: int) -> dict[str, Any]:
    """A 1,000-event document of a tea cooperative, its serials new to this run."""
    gcp = "8934567"
    first = (run * DOCUMENTS + number) * EVENTS * EPCS_PER_EVENT
    events = []
    for i in range(EVENTS):
        serial = first + i * EPCS_PER_EVENT
        events.append(
            {
                "type": "ObjectEvent",
                "eventTime": f"2026-05-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00.000+07:00",
                "eventTimeZoneOffset": "+07:00",
                "epcList": [
                    f"urn:epc:id:sgtin:{gcp}.0{12345 + i % 7}.{serial + k}"
                    for k in range(EPCS_PER_EVENT)
                ],
                "action": "OBSERVE",
                "bizStep": STEPS[i % len(STEPS)],
                "disposition": "in_progress",
                "readPoint": {"id": f"urn:epc:id:sgln:{gcp}.00000.{i % 5}"},
                "bizLocation": {"id": f"urn:epc:id:sgln:{gcp}.00000.0"},
            }
        )
    return {
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-05-31T00:00:00Z",
        "epcisBody": {"eventList": events},
    }


def capture_all(data: list[bytes]) -> float:
    """Seconds the capture service takes over the documents (parsing them is not counted)."""
    from tinhso.core.policies import SYSTEM
    from tinhso.epcis.services import capture_document

    seconds = 0.0
    for document in data:
        doc = json.loads(document)
        started = time.perf_counter()
        job = capture_document(actor=SYSTEM, doc=doc, owner=None)
        seconds += time.perf_counter() - started
        assert job.status == "success" and job.stored_count == EVENTS, job.errors
    return seconds


def stored_rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """What the service wrote, as rows ready for COPY (the documents as JSON text)."""
    from tinhso.epcis.bulk import EVENT_COLUMNS, IDENTIFIER_COLUMNS
    from tinhso.epcis.models import Event, EventIdentifier

    columns = ", ".join(c if c != "document" else "document::text" for c in EVENT_COLUMNS)
    if connection.vendor != "postgresql":
        columns = ", ".join(EVENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {Event._meta.db_table} ORDER BY id")
        events = [tuple(row) for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT {', '.join(IDENTIFIER_COLUMNS)} FROM {EventIdentifier._meta.db_table}"
            " ORDER BY event_id"
        )
        identifiers = [tuple(row) for row in cursor.fetchall()]
    return events, identifiers


def insert_raw(events: list[tuple[Any, ...]], identifiers: list[tuple[Any, ...]]) -> None:
    """The limit: the same rows, 1,000 events (and their identifiers) per transaction."""
    from tinhso.epcis.bulk import EVENT_COLUMNS, IDENTIFIER_COLUMNS, copy_rows
    from tinhso.epcis.models import Event, EventIdentifier

    by_event: dict[Any, list[tuple[Any, ...]]] = {}
    for row in identifiers:
        by_event.setdefault(row[0], []).append(row)
    for start in range(0, len(events), EVENTS):
        batch = events[start : start + EVENTS]
        idents = [row for event in batch for row in by_event[event[0]]]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                copy_rows(batch, idents)
            else:
                with connection.cursor() as cursor:
                    for table, columns, rows in (
                        (Event._meta.db_table, EVENT_COLUMNS, batch),
                        (EventIdentifier._meta.db_table, IDENTIFIER_COLUMNS, idents),
                    ):
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                        )


def cpu_parts(doc: dict[str, Any]) -> tuple[float, float]:
    """Validation and hashing of one document alone, in CPU seconds."""
    from tinhso.epcis.validation import document_event_hash_ids, validate_document

    started = time.process_time()
    validate_document(doc)
    validated = time.process_time()
    document_event_hash_ids(doc)
    return validated - started, time.process_time() - validated


def empty(keep_jobs: bool = False) -> None:
    from tinhso.audit.models import AuditEntry
    from tinhso.epcis.models import CaptureJob, Event, EventIdentifier

    models = [EventIdentifier, Event] if keep_jobs else [EventIdentifier, Event, CaptureJob]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)}")
    else:
        for model in models:
            model.objects.all().delete()
    if not keep_jobs:
        AuditEntry.objects.all().delete()


def timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
