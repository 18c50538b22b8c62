"""Test helpers shared by every app: the permission matrix and the "nothing changed" check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from tinhso.core.roles import Role

# The column order of every matrix row: the five roles, then an anonymous visitor.
COLUMNS: tuple[Role | None, ...] = (
    Role.ADMINISTRATOR,
    Role.CENTER_STAFF,
    Role.LEADER,
    Role.UNIT_REPORTER,
    Role.ENTERPRISE,
    None,
)


@dataclass(frozen=True)
class Case:
    """One cell of a permission matrix: who does what to which object, and the status expected."""

    role: Role | None
    action: str
    target: str  # "own" (in the reporter's unit), "other" (outside it) or "-" (no object)
    status: int

    def __str__(self) -> str:
        who = self.role.value if self.role else "anonymous"
        return f"{who}-{self.action}-{self.target}-{self.status}"

    @property
    def denied(self) -> bool:
        """Refused: forbidden, out of scope, not signed in, or not allowed at all."""
        return self.status in (401, 403, 404, 405) or self.role is None


def expand(matrix: Mapping[tuple[str, str], tuple[int, ...]]) -> list[Case]:
    """Turn ``{(action, target): (status per COLUMNS)}`` into one Case per cell."""
    cases = []
    for (action, target), statuses in matrix.items():
        assert len(statuses) == len(COLUMNS), f"{action}/{target} needs {len(COLUMNS)} statuses"
        cases += [
            Case(role, action, target, status)
            for role, status in zip(COLUMNS, statuses, strict=True)
        ]
    return cases


def state_of(*querysets: QuerySet[Any]) -> list[list[dict[str, Any]]]:
    """Every row of the given querysets, to compare before and after a denied request."""
    return [list(queryset.order_by("pk").values()) for queryset in querysets]


def sign_in(client: Any, users: Mapping[Role, Model], role: Role | None) -> Model | None:
    """Sign ``client`` (Django's or DRF's test client) in as the user with ``role``."""
    if role is None:
        return None
    user = users[role]
    client.force_login(user)
    return user
