"""Writing many data values at database speed: COPY into a staging table and one upsert on
PostgreSQL, one prepared upsert run many times on SQLite. Django's bulk_create builds a model
object per row, which costs more than the database's own work at 200,000 rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from tinhso.monitoring.models import DataValue

# The columns a bulk write fills; evidence (none) and the times are set by the statement.
COLUMNS = (
    "data_element_id", "org_unit_id", "period", "period_type", "period_start", "period_end",
    "option_id", "value", "comment", "version", "stored_by_id",
)  # fmt: skip
KEY = ("data_element_id", "org_unit_id", "period", "option_id")
UPDATED = ("value", "comment", "version", "stored_by_id")
STAGE_TYPES = (
    "bigint", "bigint", "varchar(8)", "varchar(16)", "date", "date", "bigint", "numeric(24,6)",
    "text", "integer", "bigint",
)  # fmt: skip

Row = Sequence[Any]


def upsert_values(rows: Sequence[Row]) -> None:
    """Insert rows (in COLUMNS order), or update value/comment/version/stored_by on conflict."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_upsert(rows)
    else:
        _executemany_upsert(rows)


def insert_values(rows: Sequence[Row]) -> None:
    """Insert rows known to be new (in COLUMNS order): COPY straight into the table on
    PostgreSQL. A row someone else inserted meanwhile fails the whole import, never half of it."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        _executemany_upsert(rows)
        return
    table = DataValue._meta.db_table
    columns = ", ".join((*COLUMNS, "evidence", "created_at", "updated_at"))
    now = timezone.now()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row, "", now, now))


def _upsert_sql(source: str) -> str:
    table = DataValue._meta.db_table
    columns = ", ".join(COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in (*UPDATED, "updated_at"))
    return (
        f"INSERT INTO {table} ({columns}, evidence, created_at, updated_at) {source} "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates}"
    )


def _copy_upsert(rows: Sequence[Row]) -> None:
    stage = "monitoring_datavalue_stage"
    definition = ", ".join(f"{c} {t}" for c, t in zip(COLUMNS, STAGE_TYPES, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} ({definition}) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(f"COPY {stage} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(_upsert_sql(f"SELECT {', '.join(COLUMNS)}, '', now(), now() FROM {stage}"))
        cursor.execute(f"TRUNCATE {stage}")


def _executemany_upsert(rows: Sequence[Row]) -> None:
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = _upsert_sql(f"SELECT {placeholders}, '', datetime('now'), datetime('now') WHERE true")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_sqlite_row(row) for row in rows])


def _sqlite_row(row: Row) -> list[Any]:
    # SQLite stores Django's decimals as text-compatible REAL; dates as ISO text.
    return [
        str(value) if hasattr(value, "as_tuple") or hasattr(value, "isoformat") else value
        for value in row
    ]
