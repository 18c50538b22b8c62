"""Database helpers the ORM does not offer: several lookups in one round trip, and lookups whose
SQL is compiled once per shape rather than on every request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Select:
    """A compiled SELECT of whole ``model`` rows; ``sql`` is None when it can match nothing."""

    model: type[Model]
    sql: str | None
    params: tuple[Any, ...]

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> Select:
        query = queryset.query
        if query.values_select or query.deferred_loading[0] or query.select_related:
            raise ValueError("a Select takes querysets of whole model rows only")
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # e.g. code__in=[]: nothing to ask for
            return cls(queryset.model, None, ())
        return cls(queryset.model, sql, tuple(params))


def compiled(build: Callable[[Sequence[str]], QuerySet[Any]], values: Sequence[str]) -> Select:
    """``build(values)`` compiled, reusing the SQL compiled for the same number of values.

    Compiling a queryset with subqueries costs the ORM about half a millisecond, more than a
    small lookup takes the database. The SQL depends only on how many values there are; the
    values travel as parameters and are put in place of markers here.
    """
    template = _template(build, len(values))
    by_marker = dict(zip(_markers(len(values)), values, strict=True))
    params = tuple(by_marker.get(p, p) if isinstance(p, str) else p for p in template.params)
    return Select(template.model, template.sql, params)


@cache
def _template(build: Callable[[Sequence[str]], QuerySet[Any]], count: int) -> Select:
    return Select.of(build(_markers(count)))


def _markers(count: int) -> list[str]:
    # A NUL byte cannot occur in a code, so a marker is never confused with a real value.
    return [f"\x00marker{i}\x00" for i in range(count)]


def fetch_together(*selects: Select | QuerySet[Any]) -> list[list[Any]]:
    """The rows of several SELECTs of whole model rows, in one round trip where possible.

    On PostgreSQL the statements go out together in psycopg's pipeline mode and their rows come
    back together. Elsewhere (SQLite has no network to save), and while a test counts queries,
    they run one by one through Django's cursor.
    """
    plans = [s if isinstance(s, Select) else Select.of(s) for s in selects]
    if connection.vendor != "postgresql" or connection.force_debug_cursor:
        return [_run(plan) for plan in plans]
    return _pipelined(plans)


def _run(plan: Select) -> list[Any]:
    if plan.sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, plan.params)
        return [_instance(plan, row) for row in cursor.fetchall()]


def _pipelined(plans: Sequence[Select]) -> list[list[Any]]:
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    with raw.pipeline():
        cursors: list[psycopg.Cursor[Any] | None] = []
        for plan in plans:
            cursor = psycopg.Cursor(raw) if plan.sql is not None else None
            if cursor is not None:
                cursor.execute(plan.sql, plan.params)  # type: ignore[arg-type]
            cursors.append(cursor)
        results = [cursor.fetchall() if cursor else [] for cursor in cursors]
    return [
        [_instance(plan, row) for row in rows] for plan, rows in zip(plans, results, strict=True)
    ]


def _instance(plan: Select, row: Sequence[Any]) -> Model:
    names, converters = _reading(plan.model, connection.vendor)
    values = list(row)
    for index, expression, field_converters in converters:
        for converter in field_converters:
            values[index] = converter(values[index], expression, connection)
    return plan.model.from_db(connection.alias, names, values)


@cache
def _reading(model: type[Model], vendor: str) -> tuple[list[str], list[tuple[int, Any, list[Any]]]]:
    """The model's column names, and for each column that needs one, the converters the ORM
    would apply to it on this database (SQLite hands back decimals as floats, for one)."""
    names, converters = [], []
    for index, field in enumerate(model._meta.concrete_fields):
        names.append(field.attname)
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if found:
            converters.append((index, expression, found))
    return names, converters
