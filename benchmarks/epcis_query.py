"""EPCIS query speed: events by EPC over millions of stored events, through the REST view and
the selector, beside the same query in raw SQL (PostgreSQL only).

The repository is filled as fast as PostgreSQL allows: event rows and their identifier rows are
generated in SQL (``INSERT … SELECT … FROM generate_series``) with the secondary indexes and
constraints set aside, then rebuilt as the migration defines them, and the tables analysed.
Each event is an ObjectEvent of EPCS_PER_EVENT SGTINs (one of 100 GTINs of a Vietnamese
company prefix, serials unique), a business step among four, five read points, as JSON like a
captured one. Then QUERIES random EPCs, each written as an EPC URN, are asked:

- through the view: GET /epcis/epcs/{epc}/events (and /epcis/events?MATCH_epc=…) with the
  Django test client, as center staff (DRF's force_authenticate: no session lookup);
- through the selector: ``query_events`` with a MATCH_anyEPC query;
- raw SQL: the same rows (the document text, in (event_time, id) order) by hand.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/tinhso DEBUG=true
.venv/bin/python benchmarks/epcis_query.py`` (EVENTS=5000000 by default; a throw-away test
database is created). Target (issue 5): < 20 ms median for a query by EPC.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

EVENTS = int(os.environ.get("EVENTS", "5000000"))
EPCS_PER_EVENT = 3
QUERIES = int(os.environ.get("QUERIES", "200"))
CHUNK = 500_000
TARGET_MS = 20.0
GCP = "8934567"
STEPS = ("commissioning", "packing", "shipping", "receiving")


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("epcis_query.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report(name)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def report(name: str) -> None:
    load_seconds = load(EVENTS)
    sizes = table_sizes()
    rng = random.Random(57)
    serials = [rng.randrange(EVENTS * EPCS_PER_EVENT) for _ in range(QUERIES)]
    epcs = [epc_urn(serial) for serial in serials]
    view = median_ms(epcs, by_view)
    view_match = median_ms(epcs, by_view_match)
    selector = median_ms(epcs, by_selector)
    raw = median_ms(epcs, by_raw_sql)
    window = median_ms(list(range(QUERIES)), by_time_and_step)
    print(f"database: postgresql ({name}); {EVENTS:,} events, {EPCS_PER_EVENT} EPCs each")
    print(f"loaded in {load_seconds:.0f} s ({EVENTS / load_seconds:,.0f} events/s); {sizes}")
    print(f"query by EPC, median of {QUERIES} random EPCs (written as EPC URNs):")
    print(f"  GET /epcis/epcs/{{epc}}/events:   {view:6.2f} ms   (limit: < {TARGET_MS:.0f} ms)")
    print(
        f"  GET /epcis/events?MATCH_epc=…:   {view_match:6.2f} ms   (limit: < {TARGET_MS:.0f} ms)"
    )
    print(f"  selector query_events:           {selector:6.2f} ms")
    print(f"  raw SQL, same rows:              {raw:6.2f} ms")
    print(f"  view / raw SQL: {float(view) / float(raw):.1f}×")
    print(
        f"one day of one business step (eventType + EQ_bizStep + GE/LT_eventTime, 30 per "
        f"page) through the view: {window:.2f} ms"
    )


def epc_urn(serial: int) -> str:
    item = 12345 + serial % 100
    return f"urn:epc:id:sgtin:{GCP}.0{item}.{serial}"


def gtins() -> list[str]:
    from tinhso.traceability.gs1.keys import check_digit

    bodies = [f"0{GCP}{12345 + n}" for n in range(100)]
    return [body + str(check_digit(body)) for body in bodies]


def load(count: int) -> float:
    """Fill the tables, indexes set aside meanwhile; returns the seconds it took."""
    from tinhso.epcis.models import CaptureJob

    job = CaptureJob.objects.create(source="command", status="success")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        saved = set_aside(cursor)
        for first in range(0, count, CHUNK):
            last = min(first + CHUNK, count) - 1
            cursor.execute(EVENTS_SQL, {"first": first, "last": last, "job": str(job.pk)})
            cursor.execute(
                IDENTIFIERS_SQL,
                {"first": first, "last": last, "gtins": gtins(), "n": EPCS_PER_EVENT},
            )
            print(f"  … {last + 1:,} events", file=sys.stderr)
        cursor.execute("SELECT setval(pg_get_serial_sequence('epcis_event', 'id'), %s)", [count])
        for statement in saved:
            cursor.execute(statement)
        cursor.execute("ANALYZE epcis_event")
        cursor.execute("ANALYZE epcis_eventidentifier")
    return time.perf_counter() - started


# Event i: time i seconds after 2026-01-01 (Vietnam), EPCs i*3 … i*3+2.
EVENTS_SQL = """
INSERT INTO epcis_event (id, event_id, event_type, event_time, event_time_zone_offset,
    record_time, action, biz_step, disposition, read_point, biz_location, owner_id,
    capture_job_id, document)
SELECT i + 1, t.event_id, 'ObjectEvent', t.at, '+07:00', t.at + interval '1 hour', 'OBSERVE',
    t.step, 'in_progress', t.read_point, 'https://id.gs1.org/414/8934567000000', NULL,
    %(job)s::uuid,
    jsonb_build_object(
        'type', 'ObjectEvent', 'eventID', t.event_id,
        'eventTime', to_char(t.at AT TIME ZONE 'Asia/Ho_Chi_Minh',
            'YYYY-MM-DD"T"HH24:MI:SS.MS"+07:00"'),
        'eventTimeZoneOffset', '+07:00',
        'recordTime', to_char((t.at + interval '1 hour') AT TIME ZONE 'UTC',
            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'epcList', jsonb_build_array(
            'urn:epc:id:sgtin:8934567.0' || (12345 + (i * 3) %% 100) || '.' || (i * 3),
            'urn:epc:id:sgtin:8934567.0' || (12345 + (i * 3 + 1) %% 100) || '.' || (i * 3 + 1),
            'urn:epc:id:sgtin:8934567.0' || (12345 + (i * 3 + 2) %% 100) || '.' || (i * 3 + 2)),
        'action', 'OBSERVE', 'bizStep', t.step, 'disposition', 'in_progress',
        'readPoint', jsonb_build_object('id', 'urn:epc:id:sgln:8934567.00000.' || i %% 5),
        'bizLocation', jsonb_build_object('id', 'urn:epc:id:sgln:8934567.00000.0'))
FROM generate_series(%(first)s, %(last)s) AS i,
LATERAL (SELECT
    'ni:///sha-256;' || encode(sha256(i::text::bytea), 'hex') || '?ver=CBV2.0' AS event_id,
    timestamptz '2026-01-01 00:00:00+07' + i * interval '1 second' AS at,
    (ARRAY['commissioning', 'packing', 'shipping', 'receiving'])[i %% 4 + 1] AS step,
    'https://id.gs1.org/414/8934567000000'
        || CASE WHEN i %% 5 = 0 THEN '' ELSE '/254/' || i %% 5 END AS read_point) AS t
"""
IDENTIFIERS_SQL = """
INSERT INTO epcis_eventidentifier (event_id, identifier, role)
SELECT i + 1,
    'https://id.gs1.org/01/' || (%(gtins)s::text[])[(i * %(n)s + k) %% 100 + 1] || '/21/'
        || (i * %(n)s + k),
    1
FROM generate_series(%(first)s, %(last)s) AS i, generate_series(0, %(n)s - 1) AS k
"""


def set_aside(cursor: Any) -> list[str]:
    """Drop the secondary indexes and the constraints but the primary keys; return the
    statements that make them again, as the migration defined them."""
    tables = ("epcis_event", "epcis_eventidentifier")
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')",
        [list(tables)],
    )
    constraints = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
        " AND indexname NOT LIKE '%%_pkey'",
        [list(tables)],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in constraints
    ]


def table_sizes() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('epcis_event')),"
            " pg_size_pretty(pg_total_relation_size('epcis_eventidentifier'))"
        )
        events, identifiers = cursor.fetchone()
    return f"events {events}, identifiers {identifiers} (with indexes)"


def _client() -> Any:
    from rest_framework.test import APIClient

    from tinhso.accounts.tests.factories import UserFactory
    from tinhso.core.roles import Role

    global _CLIENT
    if _CLIENT is None:
        _CLIENT = APIClient()
        _CLIENT.force_authenticate(UserFactory(role=Role.CENTER_STAFF))
    return _CLIENT


_CLIENT: Any = None


def by_view(epc: str) -> int:
    response = _client().get(f"/epcis/epcs/{quote(epc, safe='')}/events")
    assert response.status_code == 200, response.content
    return response.content.count(b'"eventID"')


def by_view_match(epc: str) -> int:
    response = _client().get("/epcis/events", {"MATCH_epc": epc})
    assert response.status_code == 200, response.content
    return response.content.count(b'"eventID"')


def by_selector(epc: str) -> int:
    from tinhso.core.policies import SYSTEM
    from tinhso.epcis.query import parse_query
    from tinhso.epcis.selectors import query_events

    query = parse_query({"MATCH_anyEPC": [epc]})
    return len(query_events(user=SYSTEM, query=query, limit=query.per_page + 1))


def by_raw_sql(epc: str) -> int:
    from tinhso.traceability.gs1.identifiers import canonical_digital_link

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.event_time, e.id, e.document::text FROM epcis_event e WHERE e.id IN ("
            " SELECT event_id FROM epcis_eventidentifier WHERE identifier = %s"
            " AND role IN (1, 2, 3, 4, 5)) ORDER BY e.event_time, e.id LIMIT 31",
            [canonical_digital_link(epc)],
        )
        return len(cursor.fetchall())


def by_time_and_step(n: int) -> int:
    day = 1 + n % max(1, min(28, EVENTS // 86400))  # one event a second: days with events
    response = _client().get(
        "/epcis/events",
        {
            "eventType": "ObjectEvent", "EQ_bizStep": STEPS[n % 4],
            "GE_eventTime": f"2026-01-{day:02d}T00:00:00+07:00",
            "LT_eventTime": f"2026-01-{day + 1:02d}T00:00:00+07:00",
        },
    )  # fmt: skip
    assert response.status_code == 200, response.content
    return response.content.count(b'"eventID"')


class Timing(float):
    """A median in ms that also knows the 95th percentile of its sample."""

    p95: float

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} (p95 {self.p95:.2f})"


def median_ms(items: list[Any], work: Callable[[Any], int]) -> Timing:
    for item in items[:10]:  # warm-up
        work(item)
    timings = []
    for item in items:
        started = time.perf_counter()
        found = work(item)
        timings.append((time.perf_counter() - started) * 1000)
        assert found >= 1, item
    result = Timing(statistics.median(timings))
    result.p95 = statistics.quantiles(timings, n=20)[-1]
    return result


if __name__ == "__main__":
    main()
