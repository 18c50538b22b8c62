"""Everything a bulk write needs to check its rows, loaded in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tinhso.core.policies import CHANGE
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    CategoryOption,
    DataElement,
    DataSet,
    Submission,
)
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.orgunits.models import OrgUnit

Key = tuple[int, int, str]  # data element id, org unit id, period code


class ValueLookup:
    """Codes to rows, which units report which elements how often, and which cells are locked."""

    def __init__(self, actor: Any, element_codes: Iterable[str], unit_codes: Iterable[str]) -> None:
        self.elements = {e.code: e for e in DataElement.objects.filter(code__in=set(element_codes))}
        units = OrgUnit.objects.filter(code__in=set(unit_codes))
        self.units = {unit.code: unit for unit in units}
        writable = DataValuePolicy().reachable_units(units, actor, CHANGE)
        self.writable_unit_ids = set(writable.values_list("id", flat=True))
        options = CategoryOption.objects.select_related("category")
        self.options = {(o.category_id, o.code): o for o in options}
        self.default_option = next(
            o
            for o in self.options.values()
            if o.code == DEFAULT_CODE and o.category.code == DEFAULT_CODE
        )
        # (element id, unit id, period type) -> the name of the computed data set through
        # which alone the unit reports the element: only the platform's feeds write those.
        self.fed_only: dict[tuple[int, int, str], str] = {}
        self.reporting = self._reporting()
        self.locked = self._locked()

    def _reporting(self) -> set[tuple[int, int, str]]:
        """(element id, unit id, period type) for every assignment of these elements and units;
        fills ``fed_only`` on the way."""
        element_ids = [e.id for e in self.elements.values()]
        unit_ids = [u.id for u in self.units.values()]
        sets = {s.id: s for s in DataSet.objects.only("id", "name", "period_type", "computed")}
        elements = DataSet.elements.through.objects.filter(dataelement_id__in=element_ids)
        units = DataSet.org_units.through.objects.filter(orgunit_id__in=unit_ids)
        units_by_set: dict[int, list[int]] = {}
        for set_id, unit_id in units.values_list("dataset_id", "orgunit_id"):
            units_by_set.setdefault(set_id, []).append(unit_id)
        entered: set[tuple[int, int, str]] = set()
        for set_id, element_id in elements.values_list("dataset_id", "dataelement_id"):
            data_set = sets[set_id]
            for unit_id in units_by_set.get(set_id, []):
                key = (element_id, unit_id, data_set.period_type)
                if data_set.computed:
                    self.fed_only.setdefault(key, data_set.name)
                else:
                    entered.add(key)
        for key in entered:
            self.fed_only.pop(key, None)
        return entered | self.fed_only.keys()

    def _locked(self) -> set[Key]:
        """Cells of approved reports: (element id, unit id, period)."""
        approved = list(
            Submission.objects.filter(
                status=SubmissionStatus.APPROVED,
                org_unit_id__in=[u.id for u in self.units.values()],
            ).values_list("data_set_id", "org_unit_id", "period")
        )
        if not approved:
            return set()
        elements_by_set: dict[int, list[int]] = {}
        through = DataSet.elements.through.objects.filter(
            dataset_id__in={set_id for set_id, _unit, _period in approved}
        ).values_list("dataset_id", "dataelement_id")
        for set_id, element_id in through:
            elements_by_set.setdefault(set_id, []).append(element_id)
        return {
            (element_id, unit_id, period)
            for set_id, unit_id, period in approved
            for element_id in elements_by_set.get(set_id, [])
        }

    def option_for(self, element: DataElement, code: str) -> CategoryOption | None:
        """The option ``code`` names for ``element``; the default one for undivided elements."""
        if element.category_id is None:
            return self.default_option if code in {"", DEFAULT_CODE} else None
        return self.options.get((element.category_id, code))
