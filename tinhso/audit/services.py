"""Writing the audit trail. Every service that changes a domain object calls ``record_change``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from tinhso.audit.context import current_request
from tinhso.audit.models import AuditAction, AuditEntry

Snapshot = dict[str, Any]


def snapshot(obj: Model, fields: Sequence[str]) -> Snapshot:
    """The JSON-ready values of ``fields`` on ``obj`` (foreign keys by their id)."""
    values: Snapshot = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, getattr(field, "attname", name))
        values[name] = _jsonable(value)
    return values


def diff(before: Snapshot | None, after: Snapshot | None) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value differs."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*before, *after]))
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def record_change(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: Model,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    org_unit: Model | None = None,
) -> AuditEntry:
    """Append one audit entry for ``obj``; callers run it in the same transaction as the write."""
    return AuditEntry.objects.create(**_entry_fields(actor, action, obj, before, after, org_unit))


def record_write(
    actor: Any, obj: Model, before: Snapshot | None, after: Snapshot, org_unit: Any = None
) -> None:
    """Audit a creation (``before`` is None), or an update that changed anything; callers hold
    the transaction."""
    if before == after:
        return
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    record_change(
        actor=actor, action=action, obj=obj, before=before, after=after, org_unit=org_unit
    )


def record_changes(
    *,
    actor: Any,
    action: AuditAction | str,
    items: Iterable[tuple[Model, Snapshot | None, Snapshot | None, Model | None]],
) -> int:
    """Append many entries in one insert, for bulk writes such as loading a province."""
    entries = [
        AuditEntry(**_entry_fields(actor, action, obj, before, after, unit))
        for obj, before, after, unit in items
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def _entry_fields(
    actor: Any,
    action: AuditAction | str,
    obj: Model,
    before: Snapshot | None,
    after: Snapshot | None,
    org_unit: Model | None,
) -> dict[str, Any]:
    request = current_request()
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return {
        "actor": actor if is_user else None,
        "actor_name": (actor.get_username() if is_user else "system")[:150],
        "action": action,
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "org_unit": org_unit,
        "changes": diff(before, after),
        "remote_addr": request.remote_addr,
        "request_id": request.request_id,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    return value
