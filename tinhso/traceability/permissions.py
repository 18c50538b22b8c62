"""Who may read and change the traceability registry.

Every row belongs to an enterprise, and reach is decided through it:

- the center (administrators and center staff) registers enterprises, links enterprise-role
  accounts to them and manages every record;
- an enterprise-role account reads and changes only the records of the enterprises it acts for
  (``Enterprise.users``): its profile, locations, products, batches, serials and links; the
  identity the center verified (name, tax code, GS1 company prefix, commune) stays the center's;
- leaders read everything, the overview included;
- a unit reporter reads the enterprises registered in their commune or subtree (by the
  enterprise's commune) and everything those enterprises record; an enterprise with no commune
  is out of every reporter's reach.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet

from tinhso.core.policies import ADD, CHANGE, DELETE, VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role

OVERVIEW = "overview"  # the counts by commune and product type
PROFILE = "profile"  # "My enterprise": the enterprise role's own page
LINK_USERS = "link_users"  # choose which enterprise-role accounts act for an enterprise
BROWSE = "browse"  # the register of enterprises as a tab (an enterprise has "My enterprise")

_CENTER = {Role.ADMINISTRATOR: Scope.ALL, Role.CENTER_STAFF: Scope.ALL}
_READ = {
    **_CENTER,
    Role.LEADER: Scope.ALL,
    Role.UNIT_REPORTER: Scope.UNIT,
    Role.ENTERPRISE: Scope.OWN,
}
_WRITE_OWN = {**_CENTER, Role.ENTERPRISE: Scope.OWN}


class RegistryPolicy(Policy):
    """Rows reached through their enterprise: OWN means the user acts for it, UNIT that its
    commune is in the reporter's subtree. ``enterprise`` is the lookup prefix from the policed
    model to its enterprise ("" for Enterprise itself)."""

    rules: ClassVar[Rules] = {VIEW: _READ, ADD: _WRITE_OWN, CHANGE: _WRITE_OWN}
    enterprise: ClassVar[str] = "enterprise__"

    def scope(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        return self._narrow(queryset, user, action, self.enterprise)

    def enterprises(self, user: Any, action: str) -> QuerySet[Any]:
        """The enterprises whose rows of this model ``user`` may ``action``."""
        from tinhso.traceability.models import Enterprise

        return self._narrow(Enterprise.objects.all(), user, action, "")

    def _narrow(
        self, queryset: QuerySet[Any], user: Any, action: str, prefix: str
    ) -> QuerySet[Any]:
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return queryset
        if scope is Scope.OWN:
            return queryset.filter(**{f"{prefix}users": user})
        unit = getattr(user, "org_unit", None)
        if scope is Scope.UNIT and unit is not None:
            return queryset.filter(**{f"{prefix}org_unit__path__startswith": unit.path})
        return queryset.none()

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool:
        if obj is None:
            return self.scope_for(user, action) is not Scope.NONE
        return self.can_in(user, action, self.enterprise_of(obj))

    def can_in(self, user: Any, action: str, enterprise: Any) -> bool:
        """Whether ``user`` may ``action`` this model's rows of ``enterprise`` (for a new row:
        whether they may add one there)."""
        scope = self.scope_for(user, action)
        if scope is Scope.ALL:
            return True
        if scope is Scope.OWN:
            return bool(enterprise.users.filter(pk=user.pk).exists())
        unit = getattr(user, "org_unit", None)
        commune = enterprise.org_unit
        return bool(
            scope is Scope.UNIT
            and unit is not None
            and commune is not None
            and commune.path.startswith(unit.path)
        )

    def enterprise_of(self, obj: Model) -> Any:
        """The enterprise ``obj`` belongs to."""
        for part in self.enterprise.split("__"):
            if part:
                obj = getattr(obj, part)
        return obj


class EnterprisePolicy(RegistryPolicy):
    """Enterprises: the center registers them and links their accounts; an enterprise changes
    its own contact details; leaders and the center see the overview."""

    enterprise = ""
    rules: ClassVar[Rules] = {
        VIEW: _READ,
        ADD: _CENTER,
        CHANGE: _WRITE_OWN,
        LINK_USERS: _CENTER,
        OVERVIEW: {**_CENTER, Role.LEADER: Scope.ALL},
        PROFILE: {Role.ENTERPRISE: Scope.OWN},
        BROWSE: {**_CENTER, Role.LEADER: Scope.ALL, Role.UNIT_REPORTER: Scope.UNIT},
    }


class LocationPolicy(RegistryPolicy):
    """Farms, plants, warehouses and shops, recorded by their enterprise or the center."""


class ProductPolicy(RegistryPolicy):
    """Products, recorded by their enterprise or the center."""


class BatchPolicy(RegistryPolicy):
    """Batches, reached through their product's enterprise."""

    enterprise = "product__enterprise__"


class SerialPolicy(RegistryPolicy):
    """Serial numbers, reached through their product's enterprise; added, never changed."""

    enterprise = "product__enterprise__"
    rules: ClassVar[Rules] = {VIEW: _READ, ADD: _WRITE_OWN}


class ProductLinkPolicy(RegistryPolicy):
    """A product's Digital Link targets; the only registry rows that may be deleted."""

    enterprise = "product__enterprise__"
    rules: ClassVar[Rules] = {VIEW: _READ, ADD: _WRITE_OWN, CHANGE: _WRITE_OWN, DELETE: _WRITE_OWN}
