"""Who may capture and read EPCIS events and capture jobs: one policy for the REST interface,
the services and the command."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from tinhso.core.policies import ADD, VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role
from tinhso.traceability.models import Enterprise
from tinhso.traceability.selectors import enterprise_ids_of

_UNKNOWN = object()


class EventPolicy(Policy):
    """EPCIS events and capture jobs. The center (staff, administrators) captures as the center
    and for any enterprise, and reads everything, as leaders do; an enterprise user captures and
    reads only what its enterprises own, and nothing at all without one; unit reporters and
    anonymous visitors nothing. Scope.OWN here means "an enterprise the user acts for"."""

    rules: ClassVar[Rules] = {
        VIEW: {
            Role.ADMINISTRATOR: Scope.ALL,
            Role.CENTER_STAFF: Scope.ALL,
            Role.LEADER: Scope.ALL,
            Role.ENTERPRISE: Scope.OWN,
        },
        ADD: {
            Role.ADMINISTRATOR: Scope.ALL,
            Role.CENTER_STAFF: Scope.ALL,
            Role.ENTERPRISE: Scope.OWN,
        },
    }

    def enterprise_ids(self, user: Any) -> list[int]:
        """The enterprises an enterprise user acts for (oldest first), looked up once per user
        object."""
        cached = getattr(user, "_epcis_enterprises", _UNKNOWN)
        if cached is _UNKNOWN:
            cached = enterprise_ids_of(user)
            user._epcis_enterprises = cached
        return cached  # type: ignore[return-value]

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool:
        """Whether ``user`` may ``action`` at all, or on this event, job or enterprise."""
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return True
        if scope is not Scope.OWN:
            return False
        owned = self.enterprise_ids(user)
        return bool(owned) and (obj is None or _owner_id(obj) in owned)

    def scope(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        """Events or jobs ``user`` may ``action``: all, its enterprises', or none."""
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return queryset
        owned = self.enterprise_ids(user) if scope is Scope.OWN else []
        if not owned:
            return queryset.none()
        return queryset.filter(owner_id__in=owned)

    def capture_owner(self, user: Any) -> Enterprise | None:
        """Who owns what ``user`` captures through the API: its enterprise, or the center
        (None). An account acting for several enterprises captures for the oldest of them: an
        EPCIS document has no field that could say which. PermissionDenied when ``user`` may
        not capture."""
        scope = self.scope_for(user, ADD)
        if scope is Scope.ALL:
            return None
        owned = self.enterprise_ids(user) if scope is Scope.OWN else []
        if not owned:
            raise PermissionDenied
        return Enterprise.objects.get(pk=owned[0])

    def require_capture(self, user: Any, owner: Enterprise | None) -> None:
        """PermissionDenied unless ``user`` may capture events for ``owner`` (None: the center)."""
        scope = self.scope_for(user, ADD)
        if scope is Scope.ALL:
            return
        owned = self.enterprise_ids(user) if scope is Scope.OWN else []
        if owner is None or owner.pk not in owned:
            raise PermissionDenied


def _owner_id(obj: Model) -> Any:
    if isinstance(obj, Enterprise):
        return obj.pk
    return getattr(obj, "owner_id", None)
