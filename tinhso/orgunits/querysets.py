from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from tinhso.orgunits.models import OrgUnit


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def active_on(self, day: dt.date) -> OrgUnitQuerySet:
        """Units in force on ``day``: started by then and not yet ended."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def active(self) -> OrgUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def subtree(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """``unit`` and every unit below it."""
        return self.filter(path__startswith=unit.path)
