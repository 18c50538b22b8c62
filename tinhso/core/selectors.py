"""Reads behind the home pages of each role."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from tinhso.audit.models import AuditEntry
from tinhso.audit.permissions import AuditEntryPolicy
from tinhso.core.policies import VIEW
from tinhso.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit
from tinhso.orgunits.permissions import OrgUnitPolicy


def org_tree_counts(user: Any) -> dict[str, int]:
    """How many units in force the user can see, by kind of unit, in one query."""
    units = OrgUnitPolicy().scope(OrgUnit.objects.active(), user, VIEW)
    return units.aggregate(
        provinces=Count("pk", filter=Q(kind__in=[OrgUnitKind.PROVINCE, OrgUnitKind.CENTRAL_CITY])),
        agencies=Count("pk", filter=Q(kind=OrgUnitKind.AGENCY)),
        communes=Count("pk", filter=Q(kind__in=LOCAL_KINDS)),
    )


def recent_changes(user: Any, limit: int = 8) -> list[AuditEntry]:
    """The latest audit entries the user may read."""
    entries = AuditEntryPolicy().scope(AuditEntry.objects.all(), user, VIEW)
    return list(entries.select_related("content_type")[:limit])
