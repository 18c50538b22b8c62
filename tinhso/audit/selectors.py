"""Reads of the audit trail."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from tinhso.audit.models import AuditEntry
from tinhso.audit.permissions import AuditEntryPolicy
from tinhso.core.policies import VIEW


def history_of(obj: Model, user: Any, limit: int = 50) -> list[AuditEntry]:
    """The latest entries about ``obj`` that ``user`` may read, newest first."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return list(AuditEntryPolicy().scope(entries, user, VIEW)[:limit])
