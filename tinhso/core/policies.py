"""The permission policy base: who may do which action, and which rows each user sees.

Every app declares one ``<Model>Policy`` with a table of rules (action -> role -> scope). Base views
and viewsets consult it, so a new page or endpoint is scoped without anyone remembering to.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from tinhso.core.roles import Role


class Scope(enum.Enum):
    """How far a rule reaches: nothing, the user's own rows, their org unit's subtree, or all."""

    NONE = "none"
    OWN = "own"
    UNIT = "unit"
    ALL = "all"


VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"

Rules = Mapping[str, Mapping[Role, Scope]]


# The usual reach of reading: the center and leaders see all, a reporter their unit's subtree.
READ_ALL_REPORTER_UNIT: Mapping[Role, Scope] = {
    Role.ADMINISTRATOR: Scope.ALL,
    Role.CENTER_STAFF: Scope.ALL,
    Role.LEADER: Scope.ALL,
    Role.UNIT_REPORTER: Scope.UNIT,
}


class Policy:
    """Answers ``can(user, action, obj)`` and ``scope(queryset, user, action)`` for one model."""

    rules: ClassVar[Rules] = {}
    # Lookup from the model to the org unit's materialised path ("path" on OrgUnit itself).
    unit_path: ClassVar[str | None] = None
    # Lookup from the model to the user who owns a row, for Scope.OWN.
    owner: ClassVar[str | None] = None

    def scope_for(self, user: Any, action: str) -> Scope:
        """The reach of ``action`` for ``user``: NONE for anonymous or role-less users."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return Scope.NONE
        role = user.role
        if role is None:
            return Scope.NONE
        return self.rules.get(action, {}).get(role, Scope.NONE)

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool:
        """Whether ``user`` may do ``action`` at all (obj None) or to this object."""
        scope = self.scope_for(user, action)
        if scope is Scope.NONE:
            return False
        if obj is None or scope is Scope.ALL:
            return True
        if scope is Scope.OWN:
            return self.owner is not None and _follow(obj, self.owner) == user
        return _within_unit(user, _follow(obj, self.unit_path) if self.unit_path else None)

    def require(self, user: Any, action: str, obj: Model | None = None) -> None:
        """Raise PermissionDenied unless ``can``; services call this before every write."""
        if not self.can(user, action, obj):
            raise PermissionDenied

    def scope(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        """Narrow ``queryset`` to the rows ``user`` may ``action``."""
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return queryset
        if scope is Scope.OWN and self.owner:
            return queryset.filter(**{self.owner: user})
        unit = getattr(user, "org_unit", None) if scope is Scope.UNIT else None
        if unit is None or not self.unit_path:
            return queryset.none()
        return queryset.filter(**{f"{self.unit_path}__startswith": unit.path})

    def reachable_units(self, units: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        """Narrow a queryset of org units to those where ``user`` may ``action`` this model."""
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return units
        unit = getattr(user, "org_unit", None)
        if scope is Scope.UNIT and unit is not None:
            return units.filter(path__startswith=unit.path)
        return units.none()


def _follow(obj: Any, lookup: str) -> Any:
    for part in lookup.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _within_unit(user: Any, path: str | None) -> bool:
    unit = getattr(user, "org_unit", None)
    return bool(unit is not None and path and path.startswith(unit.path))


class SystemActor:
    """The actor of commands run on the server's shell: an administrator with no account."""

    is_authenticated = True
    is_active = True
    role = Role.ADMINISTRATOR
    org_unit = None
    pk = None

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
