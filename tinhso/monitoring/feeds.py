"""Feeds: counts kept by another module (a register, a registry) written as monitoring data
values through the audited import, so that nobody retypes them. The steering committees
(tinhso.steering.committees) and the traceability registry (tinhso.traceability.indicators)
feed their counts through here.

Rules, the same for every feed:

- A count equal to the stored value is not written and not audited (the comment is not
  compared: a figure still right does not change because the day it was counted to did).
- A count of 0 where nothing is stored is not written either (nothing to report yet).
- A value in an approved (locked) report is the unit's signed figure: it is never overwritten,
  and the result names it as "locked" so that the center can unlock the report and feed again.
- A value the unit does not report (the catalogue is not loaded, or the unit is not among the
  data set's reporters for that period type) is "missing": nothing is written for it.
- The rest is written in one import (one DataImport row and its audit entry), all or nothing.

Feeds write undivided elements only (the default option).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.lookup import ValueLookup
from tinhso.monitoring.models import DataValue
from tinhso.monitoring.periods import parse_period
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.services import import_data_values
from tinhso.orgunits.models import OrgUnit

FILE_FORMAT = "register"

value_policy = DataValuePolicy()


@dataclass(frozen=True)
class FedValue:
    """One count to feed: the element's code, the unit it is the figure of, the count, and the
    comment stored with it (in the site's language)."""

    element: str
    org_unit: OrgUnit
    count: int
    comment: str = ""


@dataclass
class FeedResult:
    """What one feed did with each value it was given (``written``: would be, in a dry run)."""

    written: list[FedValue] = field(default_factory=list)
    unchanged: list[FedValue] = field(default_factory=list)
    locked: list[FedValue] = field(default_factory=list)  # differs, but the approved value stays
    missing: list[FedValue] = field(default_factory=list)  # the unit does not report it
    zero: list[FedValue] = field(default_factory=list)  # 0, and nothing stored


def feed_counts(
    *,
    actor: Any,
    period: str,
    values: Sequence[FedValue],
    source: str,
    dry_run: bool = False,
) -> FeedResult:
    """Write the counts of ``period`` (a period code, e.g. "2025") by the rules above, through
    the audited import; ``dry_run`` sorts them and checks them without writing or auditing.
    Whoever may import the units' values (administrators and center staff; SYSTEM)."""
    value_policy.require(actor, IMPORT)
    period_type = parse_period(period).type
    lookup = ValueLookup(actor, {v.element for v in values}, {v.org_unit.code for v in values})
    stored = stored_values({v.element for v in values}, period, units=[v.org_unit for v in values])
    result = FeedResult()
    for value in values:
        element = lookup.elements.get(value.element)
        unit_id = value.org_unit.id
        if element is None or (element.id, unit_id, period_type) not in lookup.reporting:
            result.missing.append(value)
        elif value.count == 0 and (value.element, unit_id) not in stored:
            result.zero.append(value)
        elif stored.get((value.element, unit_id)) == Decimal(value.count):
            result.unchanged.append(value)
        elif (element.id, unit_id, period) in lookup.locked:
            result.locked.append(value)
        else:
            result.written.append(value)
    if result.written:
        _import(actor, period, result.written, source, dry_run)
    return result


def stored_values(
    codes: Iterable[str],
    period: str,
    *,
    units: Iterable[OrgUnit] | None = None,
    within: OrgUnit | None = None,
) -> dict[tuple[str, int], Decimal]:
    """The stored values of the elements ``codes`` in ``period``, by (element code, unit id), for
    ``units`` or for every unit of the subtree ``within``."""
    rows = DataValue.objects.filter(period=period, data_element__code__in=set(codes))
    if units is not None:
        rows = rows.filter(org_unit__in={unit.pk for unit in units})
    if within is not None:
        rows = rows.filter(org_unit__path__startswith=within.path)
    found = rows.values_list("data_element__code", "org_unit_id", "value")
    return {(code, unit_id): value for code, unit_id, value in found}


def _import(actor: Any, period: str, values: list[FedValue], source: str, dry_run: bool) -> None:
    raw = [_raw(row, value, period) for row, value in enumerate(values, start=1)]
    result = import_data_values(
        actor=actor, values=raw, dry_run=dry_run, source=source, file_format=FILE_FORMAT,
        fed=True,
    )  # fmt: skip
    if result.conflicts:
        raise ValidationError(
            [f"{values[c.row - 1].element}: {c.message}" for c in result.conflicts]
        )


def _raw(row: int, value: FedValue, period: str) -> RawValue:
    return RawValue(
        row=row, data_element=value.element, period=period, org_unit=value.org_unit.code,
        option="", value=str(value.count), comment=value.comment,
    )  # fmt: skip
