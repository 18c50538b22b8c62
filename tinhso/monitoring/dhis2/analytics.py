"""DHIS2's analytics request and response, ids by code.

``dimension=dx:STARTUPS;ONLINE_RATE&dimension=pe:LAST_12_MONTHS&filter=ou:12`` asks for each data
item by each period, aggregated over the province. Dimensions become columns of ``rows``; filters
are aggregated together (several periods or units in a filter form one cell). Org units accept
codes, ``LEVEL-n`` (level 1 being the provinces; with codes beside it, the level-n units under
them), ``USER_ORGUNIT`` and ``USER_ORGUNIT_CHILDREN``. The user's org unit here is the root of
what they may read, DHIS2's "data view" unit: a reporter's own unit, the province for those who
read the whole province.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tinhso.core.db import compiled
from tinhso.core.policies import VIEW, Scope
from tinhso.monitoring.analytics import (
    AnalyticsError,
    Cell,
    DataItem,
    aggregate,
    as_text,
    resolve_items_with,
)
from tinhso.monitoring.periods import Period, PeriodError, parse_period_dimension
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.orgunits.models import OrgUnit

DIMENSIONS = ("dx", "pe", "ou")
LEVEL = re.compile(r"LEVEL-([0-9]{1,2})")
MAX_CELLS = 200_000

policy = DataValuePolicy()


@dataclass(frozen=True)
class AnalyticsQuery:
    """The dimensions (in the order asked, each with its items) and the filters of a request."""

    dimensions: tuple[tuple[str, tuple[str, ...]], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]

    def items(self, name: str) -> tuple[str, ...]:
        for dimension, items in self.dimensions + self.filters:
            if dimension == name:
                return items
        return ()

    def is_filter(self, name: str) -> bool:
        return any(dimension == name for dimension, _items in self.filters)


def parse_query(dimension: Sequence[str], filter: Sequence[str]) -> AnalyticsQuery:
    """The query from the ``dimension`` and ``filter`` parameters; AnalyticsError if malformed."""
    dimensions = tuple(_dimension(text, "dimension") for text in dimension)
    filters = tuple(_dimension(text, "filter") for text in filter)
    seen = [name for name, _items in dimensions + filters]
    for name in DIMENSIONS:
        if seen.count(name) > 1:
            raise AnalyticsError(
                _("The %(name)s dimension is given more than once.") % {"name": name}, name
            )
    for name in ("dx", "pe"):
        if name not in seen:
            raise AnalyticsError(_("The %(name)s dimension is required.") % {"name": name}, name)
    query = AnalyticsQuery(dimensions, filters)
    if query.is_filter("dx") and len(query.items("dx")) > 1:
        raise AnalyticsError(_("A dx filter takes exactly one data item."), "dx")
    return query


def _dimension(text: str, parameter: str) -> tuple[str, tuple[str, ...]]:
    name, colon, rest = text.partition(":")
    if name not in DIMENSIONS:
        raise AnalyticsError(
            _("Unknown dimension “%(name)s”; use dx, pe or ou.") % {"name": name}, parameter
        )
    items = tuple(item.strip() for item in rest.split(";") if item.strip()) if colon else ()
    if not items:
        raise AnalyticsError(_("The %(name)s dimension names no items.") % {"name": name}, name)
    return name, items


# Answering ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Axes:
    items: list[DataItem]
    periods: list[Period]
    units: list[OrgUnit]


def answer(query: AnalyticsQuery, *, user: Any, today: date) -> dict[str, Any]:
    """The DHIS2-shaped response: headers, metaData, rows, height, width."""
    unit_items = query.items("ou") or ("USER_ORGUNIT",)
    periods = _periods(query.items("pe"), today)
    named = compiled(_units_by_code, sorted({i for i in unit_items if not _is_keyword(i)}))
    items, (found,) = resolve_items_with(query.items("dx"), named)
    axes = _Axes(items, periods, _units(unit_items, {u.code: u for u in found}, user))
    _check_scope(axes.units, user)
    cells = len(axes.items) * len(axes.periods) * len(axes.units)
    if cells > MAX_CELLS:
        raise AnalyticsError(
            _("The request asks for %(cells)s cells; at most %(limit)s are answered at once.")
            % {"cells": cells, "limit": MAX_CELLS},
            "dimension",
        )
    cell_periods = [axes.periods] if query.is_filter("pe") else [[p] for p in axes.periods]
    units = (
        [axes.units]
        if query.is_filter("ou") or not query.items("ou")
        else [[u] for u in axes.units]
    )
    results = aggregate(axes.items, cell_periods, units)
    return _response(query, axes, results)


def _periods(items: Sequence[str], today: date) -> list[Period]:
    try:
        return parse_period_dimension(items, today)
    except PeriodError as exc:
        raise AnalyticsError(str(exc), "pe") from None


def _units_by_code(codes: Sequence[str]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(code__in=codes)


def _is_keyword(item: str) -> bool:
    return item.startswith("USER_ORGUNIT") or LEVEL.fullmatch(item) is not None


def _units(items: Sequence[str], found: dict[str, OrgUnit], user: Any) -> list[OrgUnit]:
    """The org units ``items`` name, in the order given, without repeats; ``found`` holds the
    units named by code."""
    levels = [int(m.group(1)) for item in items if (m := LEVEL.fullmatch(item))]
    named = [item for item in items if not LEVEL.fullmatch(item)]
    units = _named_units(named, found, user)
    if levels:
        boundaries = units or _data_view_roots(user)
        units = _levels(levels, boundaries)
    return list(dict.fromkeys(units))


def _named_units(items: Sequence[str], found: dict[str, OrgUnit], user: Any) -> list[OrgUnit]:
    units: list[OrgUnit] = []
    for item in items:
        if item == "USER_ORGUNIT":
            units += _data_view_roots(user)
        elif item == "USER_ORGUNIT_CHILDREN":
            roots = _data_view_roots(user)
            units += list(
                OrgUnit.objects.filter(parent__in=roots, valid_to__isnull=True).order_by("code")
            )
        elif item in found:
            units.append(found[item])
        else:
            raise AnalyticsError(_("“%(code)s” is not an org unit code.") % {"code": item}, "ou")
    return units


def _levels(levels: Sequence[int], boundaries: Sequence[OrgUnit]) -> list[OrgUnit]:
    for level in levels:
        if level < 1:
            raise AnalyticsError(_("Levels start at 1 (the provinces)."), "ou")
    units = OrgUnit.objects.filter(
        depth__in=[level - 1 for level in levels], valid_to__isnull=True
    ).order_by("path")
    return [u for u in units if any(u.path.startswith(b.path) for b in boundaries)]


def _data_view_roots(user: Any) -> list[OrgUnit]:
    """The units whose subtrees the user may read: their own unit for a reporter, the
    provinces for readers of everything."""
    scope = policy.scope_for(user, VIEW)
    if scope is Scope.ALL:
        return list(OrgUnit.objects.filter(depth=0, valid_to__isnull=True).order_by("code"))
    unit = getattr(user, "org_unit", None)
    return [unit] if scope is Scope.UNIT and unit is not None else []


def _check_scope(units: Sequence[OrgUnit], user: Any) -> None:
    scope = policy.scope_for(user, VIEW)
    if scope is Scope.ALL:
        return
    own = getattr(user, "org_unit", None)
    for unit in units:
        if scope is not Scope.UNIT or own is None or not unit.path.startswith(own.path):
            raise PermissionDenied(
                _("You may not read the figures of %(unit)s.") % {"unit": unit.name}
            )


# The response ------------------------------------------------------------------------------------


def _headers(query: AnalyticsQuery) -> list[dict[str, Any]]:
    columns = {"dx": _("Data"), "pe": _("Period"), "ou": _("Organisation unit")}
    headers = [
        {"name": name, "column": str(columns[name]), "valueType": "TEXT",
         "type": "java.lang.String", "hidden": False, "meta": True}
        for name, _items in query.dimensions
    ]  # fmt: skip
    headers.append(
        {"name": "value", "column": _("Value"), "valueType": "NUMBER",
         "type": "java.lang.Double", "hidden": False, "meta": False}
    )  # fmt: skip
    return headers


def _response(query: AnalyticsQuery, axes: _Axes, results: dict[Cell, Decimal]) -> dict[str, Any]:
    codes = {
        "dx": [item.code for item in axes.items],
        "pe": [period.code for period in axes.periods],
        "ou": [unit.code for unit in axes.units],
    }
    order = [name for name, _items in query.dimensions]
    rows = []
    for cell, value in sorted(results.items(), key=lambda pair: _row_key(pair[0], order)):
        coordinates = {"dx": cell.item, "pe": cell.period, "ou": cell.unit}
        row = [codes[name][coordinates[name]] for name in order]
        rows.append([*row, as_text(axes.items[cell.item], value)])
    headers = _headers(query)
    return {
        "headers": headers,
        "metaData": _metadata(axes, codes),
        "rows": rows,
        "height": len(rows),
        "width": len(headers),
        "headerWidth": len(headers),
    }


def _row_key(cell: Cell, order: Sequence[str]) -> tuple[int, ...]:
    coordinates = {"dx": cell.item, "pe": cell.period, "ou": cell.unit}
    return tuple(coordinates[name] for name in order)


def _metadata(axes: _Axes, codes: dict[str, list[str]]) -> dict[str, Any]:
    items: dict[str, dict[str, str]] = {
        "dx": {"name": _("Data")},
        "pe": {"name": _("Period")},
        "ou": {"name": _("Organisation unit")},
    }
    items |= {item.code: {"name": item.name} for item in axes.items}
    items |= {period.code: {"name": period.name} for period in axes.periods}
    items |= {unit.code: {"name": unit.name} for unit in axes.units}
    return {"items": items, "dimensions": {**codes, "co": []}}
