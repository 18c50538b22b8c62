"""The review's figures for one org unit over a period range, from the analytics engine.

Which indicators: those of the chosen indicator group, or, without a group, those with a target
for the unit or a unit above it (the dashboard's KPI rule). Each gets its value over the whole
range (the range's periods as one cell, so "last value" elements take the latest in the range),
the same range a year before, and its progress towards the unit's own target for the range's
last year (or the next target year after it, e.g. 2030). The province's targets stand for the
province only, so a commune's report rates only against the commune's own targets.

The unit comparison shows, for the units directly under the chosen one, the indicators that
most of them report (at most ``MAIN_INDICATORS``); the trend shows the first of those period by
period against a year before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tinhso.monitoring.analytics import Cell, DataItem, aggregate, resolve_items, rounded
from tinhso.monitoring.models import Indicator, IndicatorGroup, Target
from tinhso.monitoring.periods import Period, PeriodError, PeriodType, parse_period, periods_between
from tinhso.monitoring.review.completeness import Reporting, reporting_status
from tinhso.monitoring.targets import Progress, Rating, progress, target_for
from tinhso.orgunits.models import OrgUnit

MAX_PERIODS = 36
MAIN_INDICATORS = 4
# The finer periods a single-period range is split into for the trend chart.
TREND_SPLIT = {
    PeriodType.YEARLY: PeriodType.QUARTERLY,
    PeriodType.SIX_MONTHLY: PeriodType.QUARTERLY,
    PeriodType.QUARTERLY: PeriodType.MONTHLY,
}


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator's row of the results table; values rounded as shown."""

    indicator: Indicator
    item: DataItem
    value: Decimal | None
    previous: Decimal | None
    target: Target | None
    progress: Progress

    @property
    def target_value(self) -> Decimal | None:
        return rounded(self.item, self.target.value) if self.target else None

    @property
    def percent(self) -> Decimal | None:
        """Progress in %, to one decimal, as the table and the chart show it."""
        return percent(self.progress.percent)


def percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    values: list[Decimal | None]


@dataclass(frozen=True)
class UnitComparison:
    """The main indicators for each unit directly under the report's unit that has data."""

    lines: list[IndicatorLine]
    rows: list[UnitRow]
    without_data: int


@dataclass(frozen=True)
class Trend:
    line: IndicatorLine
    periods: list[Period]
    values: list[Decimal | None]
    previous: list[Decimal | None]


@dataclass(frozen=True)
class Review:
    """Everything the report says about ``unit`` from ``periods[0]`` to ``periods[-1]``."""

    unit: OrgUnit
    province: OrgUnit
    periods: list[Period]
    today: date
    group: IndicatorGroup | None
    reporting: Reporting
    indicators: list[IndicatorLine]
    units: UnitComparison | None
    trend: Trend | None

    @property
    def first(self) -> Period:
        return self.periods[0]

    @property
    def last(self) -> Period:
        return self.periods[-1]

    @property
    def previous_periods(self) -> list[Period]:
        return [year_before(p) for p in self.periods]

    def rated(self, rating: Rating) -> list[IndicatorLine]:
        return [line for line in self.indicators if line.progress.rating is rating]


def review_periods(start: str, end: str) -> list[Period]:
    """The periods from ``start`` to ``end`` (ISO codes of one type), or ValidationError naming
    the field at fault."""
    first = _parse(start, "start")
    last = _parse(end, "end")
    try:
        periods = periods_between(first, last)
    except PeriodError as exc:
        raise ValidationError({"end": str(exc)}) from None
    if len(periods) > MAX_PERIODS:
        message = _("At most %(max)s periods at a time.") % {"max": MAX_PERIODS}
        raise ValidationError({"end": message})
    return periods


def _parse(code: str, field: str) -> Period:
    try:
        return parse_period(code.strip())
    except PeriodError as exc:
        raise ValidationError({field: str(exc)}) from None


def year_before(period: Period) -> Period:
    return period.shift(-period.type.per_year)


def collect(
    *, unit: OrgUnit, periods: Sequence[Period], today: date, group: IndicatorGroup | None = None
) -> Review:
    """The review's figures; ``today`` decides which reports are due and overdue."""
    periods = list(periods)
    indicators = _indicators(unit, group)
    items = resolve_items([i.code for i in indicators]) if indicators else []
    lines = _lines(items, indicators, unit, periods)
    units = _unit_comparison(lines, unit, periods)
    reporting = reporting_status(
        unit=unit, first_day=periods[0].start, last_day=periods[-1].end, today=today
    )
    return Review(
        unit=unit,
        province=province_of(unit),
        periods=periods,
        today=today,
        group=group,
        reporting=reporting,
        indicators=lines,
        units=units,
        trend=_trend(units, lines, unit, periods),
    )


def province_of(unit: OrgUnit) -> OrgUnit:
    """The root of the unit's tree: the province whose People's Committee heads the letter."""
    if unit.depth == 0:
        return unit
    root = unit.path.split("/", 1)[0] + "/"
    return OrgUnit.objects.filter(path=root).first() or unit


def _indicators(unit: OrgUnit, group: IndicatorGroup | None) -> list[Indicator]:
    paths = [unit.path[: i + 1] for i, c in enumerate(unit.path) if c == "/"]
    chosen = (
        Indicator.objects.filter(groups=group)
        if group is not None
        else Indicator.objects.filter(targets__org_unit__path__in=paths).distinct()
    )
    own = Target.objects.filter(org_unit=unit)
    return list(
        chosen.order_by("code").prefetch_related(Prefetch("targets", own, to_attr="own_targets"))
    )


def _lines(
    items: list[DataItem], indicators: list[Indicator], unit: OrgUnit, periods: list[Period]
) -> list[IndicatorLine]:
    if not items:
        return []
    previous = [year_before(p) for p in periods]
    values = aggregate(items, [periods, previous], [[unit]])
    lines = []
    for i, (item, indicator) in enumerate(zip(items, indicators, strict=True)):
        value, before = values.get(Cell(i, 0, 0)), values.get(Cell(i, 1, 0))
        shown = rounded(item, value) if value is not None else None
        target = target_for(indicator.own_targets, periods[-1].year)  # type: ignore[attr-defined]
        reached = progress(
            indicator, shown, target.value if target else None, target.baseline if target else None
        )
        lines.append(
            IndicatorLine(
                indicator,
                item,
                shown,
                rounded(item, before) if before is not None else None,
                target,
                reached,
            )
        )
    return lines


def _unit_comparison(
    lines: list[IndicatorLine], unit: OrgUnit, periods: list[Period]
) -> UnitComparison | None:
    children = list(
        OrgUnit.objects.filter(parent=unit, valid_to__isnull=True).order_by("kind", "name")
    )
    if not children or not lines:
        return None
    values = aggregate([line.item for line in lines], [periods], [[c] for c in children])
    reported = [
        sum(1 for u in range(len(children)) if Cell(i, 0, u) in values) for i in range(len(lines))
    ]
    # The most widely reported indicators, then shown in the results table's order.
    best = sorted((i for i in range(len(lines)) if reported[i]), key=lambda i: (-reported[i], i))
    main = sorted(best[:MAIN_INDICATORS])
    if not main:
        return None
    rows = []
    for u, child in enumerate(children):
        shown = [values.get(Cell(i, 0, u)) for i in main]
        if any(v is not None for v in shown):
            rows.append(
                UnitRow(
                    child,
                    [
                        rounded(lines[i].item, v) if v is not None else None
                        for i, v in zip(main, shown, strict=True)
                    ],
                )
            )
    return UnitComparison([lines[i] for i in main], rows, len(children) - len(rows))


def _trend(
    units: UnitComparison | None, lines: list[IndicatorLine], unit: OrgUnit, periods: list[Period]
) -> Trend | None:
    line = units.lines[0] if units else next((x for x in lines if x.value is not None), None)
    if line is None:
        return None
    steps = periods
    if len(periods) == 1 and periods[0].type in TREND_SPLIT:
        steps = periods[0].children(TREND_SPLIT[periods[0].type])
    cells = [[p] for p in steps] + [[year_before(p)] for p in steps]
    values = aggregate([line.item], cells, [[unit]])
    shown = [values.get(Cell(0, i, 0)) for i in range(len(cells))]
    as_shown = [rounded(line.item, v) if v is not None else None for v in shown]
    return Trend(line, steps, as_shown[: len(steps)], as_shown[len(steps) :])
