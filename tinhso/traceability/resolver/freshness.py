"""The resolver's data generation: a stamp in the database that changes with every write the
public resolver shows, so that every web process (gunicorn runs several, on one machine or many)
knows at once whether the answers it keeps in memory (``resolver.memo``) still hold.

The stamp is the one row of ``ResolverGeneration``. A write that can change a resolver answer
gives it a new random value, in the write's own transaction, so the new value becomes visible
exactly when the data does; a random value (not a counter) never comes back after a rollback,
so an answer kept under one value always shows the data committed with it.

Knowing it costs no query on PostgreSQL: each web connection LISTENs on a channel to which every
change sends the new value (NOTIFY, delivered when the write commits, and only if it does), so a
process learns of a change from the bytes already on its connection, read without blocking at
the start of each request. Where that cannot be trusted — SQLite, a connection inside a
transaction (tests), just after connecting, after this process's own write, or when the last
read from the table is older than RECHECK_SECONDS (a safety net should a notification ever be
lost) — it is one primary-key lookup. A cold render reads it in the product's own query.
LISTEN needs the connection's own session: behind PgBouncer, session pooling keeps it, while
transaction pooling would not (changes would then show only after RECHECK_SECONDS).

What changes it:

- every save and delete of the registry records the resolver shows (enterprise, location,
  product, batch, serial number, product link) and of org units (their names are shown), through
  model signals connected by the app's config — infrastructure, not domain logic, and no service
  can forget it. Inside a transaction the stamp changes before the row is written, so a
  transaction always takes the stamp's lock before the row's and two writers cannot deadlock
  on them; outside one (autocommit) it changes after the row is committed, so no reader can see
  the new stamp with the old row;
- every EPCIS capture that stores events (``epcis.services`` calls :func:`data_changed`; it
  writes by COPY, so no signal fires).

Writes that send no signal and that no resolver answer shows before them need nothing: serial
numbers added in bulk were unknown (404, never kept) until then. Any other bulk write to these
tables must call :func:`data_changed`.
"""

from __future__ import annotations

import secrets
import time
import weakref
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, Subquery
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save
from psycopg import Error as PsycopgError

from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.models import (
    Batch,
    Enterprise,
    Location,
    Product,
    ProductLink,
    ResolverGeneration,
    Serial,
)

ROW_ID = 1
CHANNEL = "tinhso_resolver_generation"
RECHECK_SECONDS = 30.0
SHOWN_MODELS: tuple[type[Model], ...] = (
    Enterprise,
    Location,
    Product,
    Batch,
    Serial,
    ProductLink,
    OrgUnit,
)
_TABLE = ResolverGeneration._meta.db_table
_READ = f"SELECT value FROM {_TABLE} WHERE id = %s"
# PostgreSQL and SQLite (3.24+) both take this upsert; the row comes back after a flush.
_BUMP = (
    f"INSERT INTO {_TABLE} (id, value) VALUES (%s, %s) "
    "ON CONFLICT (id) DO UPDATE SET value = excluded.value"
)
_forgetters: list[Any] = []


class _Heard:
    """What one listening PostgreSQL connection knows: the last value, and when the table was
    last read (monotonic seconds)."""

    __slots__ = ("generation", "read_at")

    def __init__(self) -> None:
        self.generation: int | None = None
        self.read_at = 0.0


# Per psycopg connection (Django reconnects with a new one, which listens anew).
_listening: weakref.WeakKeyDictionary[Any, _Heard] = weakref.WeakKeyDictionary()


def current_generation(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The stamp as committed now (one primary-key lookup); None when the row is missing (a
    flushed database: nothing is kept until the next write puts it back)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_READ, [ROW_ID])
        row = cursor.fetchone()
    return int(row[0]) if row else None


def generation_now(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The current stamp, as cheaply as it can be known (see the module's docstring)."""
    wrapper = connections[using]
    raw = wrapper.connection
    if wrapper.vendor != "postgresql" or raw is None or wrapper.in_atomic_block:
        return current_generation(using)
    heard = _listening.get(raw)
    if heard is None:
        return _listen(using, raw)
    try:
        _drain(raw, heard)
    except PsycopgError:  # the connection broke: Django finds out on its next query
        _listening.pop(raw, None)
        return None
    if heard.generation is None or time.monotonic() - heard.read_at > RECHECK_SECONDS:
        heard.generation, heard.read_at = current_generation(using), time.monotonic()
    return heard.generation


def _listen(using: str, raw: Any) -> int | None:
    """LISTEN on this connection, then read the table: no change falls between the two."""
    heard = _Heard()
    _listening[raw] = heard
    raw.add_notify_handler(lambda notify: _hear(heard, notify.channel, notify.payload))
    with connections[using].cursor() as cursor:
        cursor.execute(f"LISTEN {CHANNEL}")
    read = current_generation(using)
    if heard.generation is None:  # else a notification came meanwhile, as new or newer
        heard.generation = read
    heard.read_at = time.monotonic()
    return heard.generation


def _drain(raw: Any, heard: _Heard) -> None:
    """Take the notifications already on the connection's socket, without waiting."""
    pgconn = raw.pgconn
    pgconn.consume_input()
    while (notify := pgconn.notifies()) is not None:
        _hear(heard, notify.relname.decode(), notify.extra.decode())


def _hear(heard: _Heard, channel: str, payload: str) -> None:
    if channel == CHANNEL:
        heard.generation = int(payload) if payload.lstrip("-").isdigit() else None


def generation_subquery() -> Subquery:
    """The stamp as a subquery, to read it in the same statement (and snapshot) as a record."""
    return Subquery(ResolverGeneration.objects.filter(id=ROW_ID).values("value")[:1])


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the stamp a new value: call it inside the transaction of a write the resolver shows
    (or right after the write, in autocommit). This process forgets its answers at once."""
    value = secrets.randbits(63)
    wrapper = connections[using]
    with wrapper.cursor() as cursor:
        cursor.execute(_BUMP, [ROW_ID, value])
        if wrapper.vendor == "postgresql":  # delivered on commit, and only then
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(value)])
    forget_everything()


def forget_everything(**kwargs: Any) -> None:
    """This process no longer trusts what it knows (its own write, which may yet roll back; a
    flush or a migration): it forgets its answers, and reads the table next time."""
    for heard in list(_listening.values()):
        heard.generation = None
    for forget in _forgetters:
        forget()


def on_change(forget: Any) -> None:
    """Call ``forget()`` in this process whenever it changes the stamp (the memo registers)."""
    _forgetters.append(forget)


def _before_write(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if connections[using].in_atomic_block:
        data_changed(using)


def _after_write(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if not connections[using].in_atomic_block:
        data_changed(using)


def connect_signals() -> None:
    """Change the stamp around every save and delete of the models the resolver shows; forget
    everything after a migration or a flush (tests), which change tables wholesale."""
    for model in SHOWN_MODELS:
        uid = f"resolver-freshness-{model._meta.label_lower}"
        pre_save.connect(_before_write, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_write, sender=model, dispatch_uid=uid)
        post_save.connect(_after_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_write, sender=model, dispatch_uid=uid)
    post_migrate.connect(forget_everything, dispatch_uid="resolver-freshness-migrate")
