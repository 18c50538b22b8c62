"""Aggregates for the analytics API, the IOC dashboard and the periodic report.

A data item (a data element, one of its options, or an indicator) is aggregated into cells of
period × org unit. Each cell takes the values stored for the unit's whole subtree whose period lies
wholly inside the cell's period, combined by the element's aggregation type:

- sum, average, min, max: over every stored value, across time and units alike;
- last: each unit's latest value in the period (per option), then summed over units — the
  stock-figure rule, e.g. "enterprises using traceability" at the end of the year.

Values stored for a coarser period than the cell's (a yearly value asked for by month) are left
out rather than split. Indicators are computed from the aggregated elements of the same cell, as
DHIS2 does; a cell where none of an indicator's elements has data has no value, otherwise a
missing element counts as zero (DHIS2's SKIP_IF_ALL_VALUES_MISSING).

One SQL statement per aggregation family does the work: the requested units and periods travel
as two small VALUES tables joined to the data values, so the database groups straight into the
cells and only one row per cell and option comes back to Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from tinhso.core.db import Select, compiled, fetch_together
from tinhso.monitoring.choices import Aggregation
from tinhso.monitoring.expressions import Expression, ExpressionError, Reference, parse
from tinhso.monitoring.models import CategoryOption, DataElement, DataValue, Indicator
from tinhso.monitoring.periods import Period, PeriodType
from tinhso.orgunits.models import OrgUnit, path_prefixes


class AnalyticsError(ValueError):
    """A request that names something unknown or cannot be answered; ``field`` says which part."""

    def __init__(self, message: str, field: str = "dx") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# What to aggregate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataItem:
    """One ``dx`` item: an element total, one option of an element, or an indicator."""

    code: str
    element: DataElement | None = None
    option: CategoryOption | None = None
    indicator: Indicator | None = None
    numerator: Expression | None = None
    denominator: Expression | None = None
    # The elements an indicator's expressions refer to, by code.
    sources: Mapping[str, DataElement] = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.indicator is not None:
            return self.indicator.name
        assert self.element is not None
        if self.option is not None:
            return f"{self.element.name} — {self.option.name}"
        return self.element.name

    @property
    def references(self) -> frozenset[Reference]:
        """The element totals or options an indicator needs aggregated."""
        if self.numerator is None or self.denominator is None:
            return frozenset()
        return self.numerator.references | self.denominator.references

    def needs(self) -> list[DataElement]:
        """The elements whose values this item is computed from."""
        return [self.element] if self.element is not None else list(self.sources.values())


def resolve_items(codes: Sequence[str]) -> list[DataItem]:
    """The data items ``codes`` name: ``ELEMENT``, ``ELEMENT.OPTION`` or ``INDICATOR``."""
    return resolve_items_with(codes)[0]


def resolve_items_with(
    codes: Sequence[str], *also: Select | QuerySet[Any]
) -> tuple[list[DataItem], list[list[Any]]]:
    """The data items ``codes`` name and the rows of the ``also`` querysets, all fetched in one
    round trip (see fetch_together)."""
    bare = sorted({code.split(".", 1)[0] for code in codes})
    indicator_rows, element_rows, option_rows, *extra = fetch_together(
        compiled(_indicators, bare), compiled(_elements, bare), compiled(_options, bare), *also
    )
    indicators = {i.code: i for i in indicator_rows}
    elements = _with_options(element_rows, option_rows)
    items = []
    for code in codes:
        if code in indicators:
            numerator, denominator = _expressions(indicators[code])
            item = DataItem(
                code, indicator=indicators[code], numerator=numerator, denominator=denominator
            )
            items.append(_with_sources(item, elements))
        else:
            items.append(_element_item(code, elements))
    return items, extra


def _indicators(codes: Sequence[str]) -> QuerySet[Indicator]:
    return Indicator.objects.filter(code__in=codes)


def _elements(codes: Sequence[str]) -> QuerySet[DataElement]:
    """The named elements and, by a text match on the expressions, those the named indicators
    refer to: a superset, narrowed by the parsed references in _with_sources."""
    reference = Concat(Value("#{"), OuterRef("code"))
    referring = _indicators(codes).filter(
        Q(numerator__contains=reference) | Q(denominator__contains=reference)
    )
    return DataElement.objects.filter(Q(code__in=codes) | Exists(referring))


def _options(codes: Sequence[str]) -> QuerySet[CategoryOption]:
    return CategoryOption.objects.filter(category__data_elements__in=_elements(codes)).distinct()


def _expressions(indicator: Indicator) -> tuple[Expression, Expression]:
    try:
        return parse(indicator.numerator), parse(indicator.denominator)
    except ExpressionError as exc:
        raise AnalyticsError(
            _("Indicator %(code)s has an invalid expression: %(reason)s")
            % {"code": indicator.code, "reason": exc}
        ) from None


def _with_options(elements: Sequence[Any], options: Sequence[Any]) -> dict[str, DataElement]:
    """Elements by code, each with its options attached as ``options_by_code``."""
    by_category: dict[int, dict[str, CategoryOption]] = defaultdict(dict)
    for option in options:
        by_category[option.category_id][option.code] = option
    for element in elements:
        element.options_by_code = by_category.get(element.category_id or 0, {})
    return {element.code: element for element in elements}


def _element_item(code: str, elements: Mapping[str, DataElement]) -> DataItem:
    element_code, _dot, option_code = code.partition(".")
    element = elements.get(element_code)
    if element is None:
        raise AnalyticsError(
            _("“%(code)s” is neither a data element nor an indicator.") % {"code": code}
        )
    if not option_code:
        return DataItem(code, element=element)
    option = _options_of(element).get(option_code)
    if option is None:
        raise AnalyticsError(
            _("Data element %(element)s has no option “%(option)s”.")
            % {"element": element_code, "option": option_code}
        )
    return DataItem(code, element=element, option=option)


def _options_of(element: DataElement) -> dict[str, CategoryOption]:
    options: dict[str, CategoryOption] = element.options_by_code  # type: ignore[attr-defined]
    return options


def _with_sources(item: DataItem, elements: Mapping[str, DataElement]) -> DataItem:
    """The indicator item with its referenced elements, or AnalyticsError naming a missing one."""
    sources: dict[str, DataElement] = {}
    for ref in item.references:
        element = elements.get(ref.code)
        if element is None or (ref.option and ref.option not in _options_of(element)):
            written = f"{ref.code}.{ref.option}" if ref.option else ref.code
            raise AnalyticsError(
                _("Indicator %(code)s refers to %(reference)s, which does not exist.")
                % {"code": item.code, "reference": f"#{{{written}}}"}
            )
        sources[ref.code] = element
    return DataItem(
        item.code, indicator=item.indicator, numerator=item.numerator,
        denominator=item.denominator, sources=sources,
    )  # fmt: skip


# Where and when ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A result cell's coordinates by index into the request's periods and units."""

    item: int
    period: int
    unit: int


@dataclass
class _Accumulator:
    """Partial aggregates of one element (all options, or one) in one cell."""

    total: Decimal = Decimal(0)
    count: int = 0
    low: Decimal | None = None
    high: Decimal | None = None

    def add(self, total: Decimal, count: int, low: Decimal, high: Decimal) -> None:
        self.total += total
        self.count += count
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)

    def result(self, aggregation: str) -> Decimal | None:
        if not self.count:
            return None
        match aggregation:
            case Aggregation.AVERAGE:
                return self.total / self.count
            case Aggregation.MIN:
                return self.low
            case Aggregation.MAX:
                return self.high
            case _:  # sum, and last (already one value per unit)
                return self.total


@dataclass
class _Totals:
    """Aggregated element values of one request, keyed by (element id, option id or None)."""

    cells: dict[tuple[int, int | None, int, int], _Accumulator] = field(
        default_factory=lambda: defaultdict(_Accumulator)
    )

    def add(self, row: Sequence[Any]) -> None:
        element_id, option_id, period, unit, total, count, low, high = row
        values = _decimal(total), int(count), _decimal(low), _decimal(high)
        self.cells[element_id, option_id, period, unit].add(*values)
        self.cells[element_id, None, period, unit].add(*values)

    def value(
        self, element: DataElement, option: CategoryOption | None, period: int, unit: int
    ) -> Decimal | None:
        accumulator = self.cells.get((element.pk, option.pk if option else None, period, unit))
        return accumulator.result(element.aggregation) if accumulator else None


def aggregate(
    items: Sequence[DataItem],
    periods: Sequence[Sequence[Period]],
    units: Sequence[Sequence[OrgUnit]],
) -> dict[Cell, Decimal]:
    """Each item's value in each cell. A cell's period (or unit) is the union of the periods (or
    subtrees) given at that index: filters pass several, dimensions one each."""
    elements = {element.pk: element for item in items for element in item.needs()}
    totals = _query_totals(elements.values(), periods, units)
    results: dict[Cell, Decimal] = {}
    for i, item in enumerate(items):
        for p in range(len(periods)):
            for u in range(len(units)):
                value = _item_value(item, totals, p, u)
                if value is not None:
                    results[Cell(i, p, u)] = value
    return results


def _item_value(item: DataItem, totals: _Totals, period: int, unit: int) -> Decimal | None:
    if item.element is not None:
        return totals.value(item.element, item.option, period, unit)
    assert item.numerator is not None and item.denominator is not None
    values = {
        ref: totals.value(*_element_and_option(item, ref), period, unit) for ref in item.references
    }
    if all(value is None for value in values.values()):
        return None
    filled = {ref: Decimal(0) if value is None else value for ref, value in values.items()}
    numerator, denominator = item.numerator.evaluate(filled), item.denominator.evaluate(filled)
    if not isinstance(numerator, Decimal) or not isinstance(denominator, Decimal):
        return None
    if denominator == 0:
        return None
    assert item.indicator is not None
    return numerator / denominator * item.indicator.factor


def _element_and_option(
    item: DataItem, ref: Reference
) -> tuple[DataElement, CategoryOption | None]:
    element = item.sources[ref.code]
    return element, _options_of(element)[ref.option] if ref.option else None


def rounded(item: DataItem, value: Decimal) -> Decimal:
    """The value as shown: an indicator to its decimals, an element to at most 4 places."""
    places = item.indicator.decimals if item.indicator is not None else 4
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def as_text(item: DataItem, value: Decimal) -> str:
    """The rounded value without trailing zeros or an exponent: 10, 87.5, 33.3."""
    return f"{rounded(item, value).normalize():f}"


def _decimal(value: Any) -> Decimal:
    # SQLite hands back floats; their shortest repr is the stored decimal.
    return value if isinstance(value, Decimal) else Decimal(repr(value))


# SQL ----------------------------------------------------------------------------------------------


def _query_totals(
    elements: Iterable[DataElement],
    periods: Sequence[Sequence[Period]],
    units: Sequence[Sequence[OrgUnit]],
) -> _Totals:
    totals = _Totals()
    by_family: dict[bool, list[int]] = defaultdict(list)
    for element in elements:
        by_family[element.aggregation == Aggregation.LAST].append(element.pk)
    period_rows = [(i, code) for i, group in enumerate(periods) for code in _codes_within(group)]
    cell_units = _cell_units(units)
    if cell_units is None or not period_rows:
        return totals
    with connection.cursor() as cursor:
        for is_last, element_ids in by_family.items():
            sql, params = _statement(is_last, element_ids, cell_units, period_rows)
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                totals.add(row)
    return totals


# Up to this many cells, the database finds each cell's units by path prefix itself; past it
# (e.g. LEVEL-2 nationwide, 3,321 cells) one query reads the tree and the map goes in as VALUES.
PREFIX_CELLS = 50


def _cell_units(units: Sequence[Sequence[OrgUnit]]) -> tuple[str, list[Any]] | None:
    """The SQL (and parameters) of a ``(unit_id, cell)`` table: every unit in each cell's
    subtrees, once per cell; None when no cell has a unit."""
    if not any(units):
        return None
    if len(units) <= PREFIX_CELLS:
        table = connection.ops.quote_name(OrgUnit._meta.db_table)
        selects, params = [], []
        for i, group in enumerate(units):
            if not group:
                continue
            prefixes = " OR ".join(["path LIKE %s ESCAPE '\\'"] * len(group))
            selects.append(f"SELECT id, {int(i)} FROM {table} WHERE {prefixes}")
            params += [connection.ops.prep_for_like_query(unit.path) + "%" for unit in group]
        return " UNION ALL ".join(selects), params
    rows = _unit_index(units)
    return "VALUES " + ", ".join(f"({int(unit)}, {int(i)})" for unit, i in rows), []


def _unit_index(units: Sequence[Sequence[OrgUnit]]) -> list[tuple[int, int]]:
    """(unit id, cell index) for every unit in each requested subtree."""
    index_of_path: dict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(units):
        for unit in group:
            index_of_path[unit.path].append(i)
    roots = _outermost(index_of_path)
    rows: set[tuple[int, int]] = set()
    for unit_id, path in _units_under(roots):
        for prefix in path_prefixes(path):
            for i in index_of_path.get(prefix, ()):
                rows.add((unit_id, i))
    return sorted(rows)


def _outermost(paths: Iterable[str]) -> list[str]:
    roots: list[str] = []
    for path in sorted(paths):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def _units_under(roots: Sequence[str]) -> Iterable[tuple[int, str]]:
    units = OrgUnit.objects.values_list("id", "path")
    if len(roots) > 50:  # cheaper to read the whole tree than to OR many prefixes
        return units
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root)
    return units.filter(condition)


def _codes_within(group: Sequence[Period]) -> list[str]:
    """The codes of every period a value can be stored for that lies inside one of ``group``:
    2026Q1 holds 2026Q1, 202601, 202602 and 202603. Values join their cell on this code, an
    equality the database can hash, rather than on date ranges. A set: a value inside two
    nested periods of one filter cell still counts once."""
    codes = {
        child.code
        for period in group
        for period_type in PeriodType
        if period_type.rank <= period.type.rank
        for child in period.children(period_type)
    }
    return sorted(codes)


def _statement(
    is_last: bool,
    element_ids: Sequence[int],
    cell_units: tuple[str, list[Any]],
    period_rows: Sequence[tuple[int, str]],
) -> tuple[str, list[Any]]:
    """The SQL for one family; unit and element ids are our own integers, paths and dates are
    parameters."""
    table = connection.ops.quote_name(DataValue._meta.db_table)
    unit_sql, params = cell_units[0], list(cell_units[1])
    period_values = ", ".join(f"({int(i)}, %s)" for i, _code in period_rows)
    ids = ", ".join(str(int(pk)) for pk in element_ids)
    params += [code for _i, code in period_rows]
    # Cells drive the join: each (unit, period code) pair probes the unique (element, unit,
    # period, option) index. SQLite keeps the written order of a CROSS JOIN; PostgreSQL plans
    # it freely.
    source = f"""
        FROM cell_period cp
        CROSS JOIN cell_unit cu
        CROSS JOIN {table} dv
        WHERE dv.data_element_id IN ({ids})
          AND dv.org_unit_id = cu.unit_id AND dv.period = cp.code"""
    cells = f"""WITH cell_unit (unit_id, cell) AS MATERIALIZED ({unit_sql}),
        cell_period (cell, code) AS MATERIALIZED (VALUES {period_values})"""
    if not is_last:
        sql = f"""{cells}
            SELECT dv.data_element_id, dv.option_id, cp.cell, cu.cell,
                   SUM(dv.value), COUNT(*), MIN(dv.value), MAX(dv.value)
            {source}
            GROUP BY dv.data_element_id, dv.option_id, cp.cell, cu.cell"""
        return sql, params
    sql = f"""{cells},
        ranked AS (
            SELECT dv.data_element_id AS element_id, dv.option_id AS option_id,
                   cp.cell AS period_cell, cu.cell AS unit_cell, dv.value AS value,
                   ROW_NUMBER() OVER (
                       PARTITION BY dv.data_element_id, dv.option_id, dv.org_unit_id,
                                    cp.cell, cu.cell
                       ORDER BY dv.period_end DESC, dv.period_start DESC) AS recency
            {source})
        SELECT element_id, option_id, period_cell, unit_cell,
               SUM(value), COUNT(*), MIN(value), MAX(value)
        FROM ranked WHERE recency = 1
        GROUP BY element_id, option_id, period_cell, unit_cell"""
    return sql, params
