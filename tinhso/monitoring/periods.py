"""Period arithmetic for aggregate indicators: DHIS2-style ISO codes, relative periods, deadlines.

Codes are ``2026`` (yearly), ``2026S1`` (six-monthly), ``2026Q1`` (quarterly) and ``202601``
(monthly). Parsing is strict: the only leniencies are a lowercase ``s``/``q`` and the ``2026-01``
month spelling, both normalised to the canonical code.
"""

import calendar
import enum
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

MIN_YEAR = 1900
MAX_YEAR = 2100


class PeriodError(ValueError):
    """A period code, relative period name or period range that cannot be used."""


class PeriodType(enum.StrEnum):
    """How long a period lasts; declared from finest to coarsest."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    YEARLY = "yearly"

    @property
    def label(self) -> str:
        """The translated name, e.g. "quý" for quarterly, for messages to people."""
        from tinhso.monitoring.choices import PeriodTypeChoice

        return str(PeriodTypeChoice(self.value).label).lower()

    @property
    def months(self) -> int:
        """How many calendar months one period of this type spans."""
        return _MONTHS[self]

    @property
    def per_year(self) -> int:
        """How many periods of this type make up a year."""
        return 12 // self.months

    @property
    def rank(self) -> int:
        """0 for the finest type; a type rolls up into every type of higher rank."""
        return list(PeriodType).index(self)


_MONTHS = {
    PeriodType.MONTHLY: 1,
    PeriodType.QUARTERLY: 3,
    PeriodType.SIX_MONTHLY: 6,
    PeriodType.YEARLY: 12,
}


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """One calendar period: a year, a half, a quarter or a month; sorts by start, then type."""

    type: PeriodType
    year: int
    index: int = 1

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(
                _("The year %(year)s is outside %(min)s to %(max)s.")
                % {"year": self.year, "min": MIN_YEAR, "max": MAX_YEAR}
            )
        if not 1 <= self.index <= self.type.per_year:
            raise PeriodError(
                _("A %(type)s period is numbered 1 to %(max)s, not %(index)s.")
                % {"type": self.type.label, "max": self.type.per_year, "index": self.index}
            )

    def __str__(self) -> str:
        return self.code

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self.type.rank) < (other.start, other.type.rank)

    # Cached: an import asks each of a file's few periods for its code and dates many times.
    @functools.cached_property
    def code(self) -> str:
        """The ISO code, e.g. ``2026``, ``2026S1``, ``2026Q1`` or ``202601``."""
        match self.type:
            case PeriodType.YEARLY:
                return f"{self.year}"
            case PeriodType.SIX_MONTHLY:
                return f"{self.year}S{self.index}"
            case PeriodType.QUARTERLY:
                return f"{self.year}Q{self.index}"
            case PeriodType.MONTHLY:
                return f"{self.year}{self.index:02d}"

    @property
    def name(self) -> str:
        """The period for people, e.g. "Quý 1/2026" in Vietnamese, "Q1 2026" in English."""
        names = {
            PeriodType.YEARLY: _("Year %(year)s"),
            PeriodType.SIX_MONTHLY: _("Half %(index)s/%(year)s"),
            PeriodType.QUARTERLY: _("Quarter %(index)s/%(year)s"),
            PeriodType.MONTHLY: _("Month %(index)s/%(year)s"),
        }
        return names[self.type] % {"year": self.year, "index": self.index}

    @functools.cached_property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self._first_month, 1)

    @functools.cached_property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        last_month = self._first_month + self.type.months - 1
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def days(self) -> int:
        """How many days the period has, both ends counted."""
        return (self.end - self.start).days + 1

    @property
    def _first_month(self) -> int:
        return (self.index - 1) * self.type.months + 1

    @property
    def _ordinal(self) -> int:
        """A running number of periods of this type, so that shifting is plain addition."""
        return self.year * self.type.per_year + self.index - 1

    def contains(self, other: "Period") -> bool:
        """Whether ``other`` lies wholly inside this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def shift(self, n: int) -> "Period":
        """The period ``n`` steps later (earlier when negative) of the same type."""
        year, zero_based = divmod(self._ordinal + n, self.type.per_year)
        return Period(self.type, year, zero_based + 1)

    def next(self) -> "Period":
        """The following period of the same type."""
        return self.shift(1)

    def previous(self) -> "Period":
        """The preceding period of the same type."""
        return self.shift(-1)

    def children(self, period_type: PeriodType) -> list["Period"]:
        """The periods of a type no coarser than this one that make it up, in order."""
        if period_type.rank > self.type.rank:
            raise PeriodError(
                _("A %(type)s period cannot be split into %(finer)s periods.")
                % {"type": self.type.label, "finer": period_type.label}
            )
        first = period_for_date(self.start, period_type)
        return [first.shift(i) for i in range(self.type.months // period_type.months)]

    def parent(self, period_type: PeriodType) -> "Period":
        """The period of a type no finer than this one that contains it."""
        if period_type.rank < self.type.rank:
            raise PeriodError(
                _("A %(type)s period does not roll up into a %(finer)s period.")
                % {"type": self.type.label, "finer": period_type.label}
            )
        return period_for_date(self.start, period_type)


_PATTERNS = (
    (re.compile(r"([0-9]{4})"), PeriodType.YEARLY),
    (re.compile(r"([0-9]{4})S([0-9])"), PeriodType.SIX_MONTHLY),
    (re.compile(r"([0-9]{4})Q([0-9])"), PeriodType.QUARTERLY),
    (re.compile(r"([0-9]{4})-?([0-9]{2})"), PeriodType.MONTHLY),
)


def parse_period(code: str) -> Period:
    """The period an ISO code names; raises PeriodError for anything else."""
    # The ASCII check keeps str.upper() from turning look-alikes (e.g. "ſ") into S.
    if code.isascii():
        for pattern, period_type in _PATTERNS:
            if match := pattern.fullmatch(code.upper()):
                return _build(code, period_type, *match.groups())
    raise PeriodError(
        _("“%(code)s” is not a period code; expected e.g. 2026, 2026S1, 2026Q1 or 202601.")
        % {"code": code}
    )


def _build(code: str, period_type: PeriodType, year: str, index: str = "1") -> Period:
    """The period from a code's matched parts; a range error is re-raised naming the code."""
    try:
        return Period(period_type, int(year), int(index))
    except PeriodError as exc:
        message = _("“%(code)s” is not a valid period: %(reason)s") % {"code": code, "reason": exc}
        raise PeriodError(message) from None


def period_for_date(day: date, period_type: PeriodType) -> Period:
    """The period of the given type that contains ``day``."""
    return Period(period_type, day.year, (day.month - 1) // period_type.months + 1)


def periods_between(start: Period, end: Period) -> list[Period]:
    """Every period from ``start`` to ``end``, both included; both must have the same type."""
    if start.type != end.type:
        raise PeriodError(
            _("Cannot list periods from %(start)s to %(end)s: they are of different types.")
            % {"start": start, "end": end}
        )
    if end < start:
        raise PeriodError(
            _("Cannot list periods from %(start)s to %(end)s: the end comes before the start.")
            % {"start": start, "end": end}
        )
    return [start.shift(i) for i in range(end._ordinal - start._ordinal + 1)]


def deadline(period: Period, days_after_end: int) -> date:
    """The day ``days_after_end`` days after the period's last day."""
    return period.end + timedelta(days=days_after_end)


class _Window(NamedTuple):
    """``span`` periods of ``anchor`` type, ``offset`` steps from today's, split into ``unit``."""

    anchor: PeriodType
    offset: int
    span: int
    unit: PeriodType


_Y, _S, _Q, _M = PeriodType.YEARLY, PeriodType.SIX_MONTHLY, PeriodType.QUARTERLY, PeriodType.MONTHLY

# Names as DHIS2 spells them; LAST_n windows stop before the current period.
RELATIVE_PERIODS: dict[str, _Window] = {
    "THIS_YEAR": _Window(_Y, 0, 1, _Y),
    "LAST_YEAR": _Window(_Y, -1, 1, _Y),
    "LAST_5_YEARS": _Window(_Y, -5, 5, _Y),
    "LAST_10_YEARS": _Window(_Y, -10, 10, _Y),
    "THIS_SIX_MONTH": _Window(_S, 0, 1, _S),
    "LAST_SIX_MONTH": _Window(_S, -1, 1, _S),
    "LAST_2_SIXMONTHS": _Window(_S, -2, 2, _S),
    "THIS_QUARTER": _Window(_Q, 0, 1, _Q),
    "LAST_QUARTER": _Window(_Q, -1, 1, _Q),
    "LAST_4_QUARTERS": _Window(_Q, -4, 4, _Q),
    "THIS_MONTH": _Window(_M, 0, 1, _M),
    "LAST_MONTH": _Window(_M, -1, 1, _M),
    "LAST_3_MONTHS": _Window(_M, -3, 3, _M),
    "LAST_6_MONTHS": _Window(_M, -6, 6, _M),
    "LAST_12_MONTHS": _Window(_M, -12, 12, _M),
    "QUARTERS_THIS_YEAR": _Window(_Y, 0, 1, _Q),
    "QUARTERS_LAST_YEAR": _Window(_Y, -1, 1, _Q),
    "MONTHS_THIS_YEAR": _Window(_Y, 0, 1, _M),
    "MONTHS_LAST_YEAR": _Window(_Y, -1, 1, _M),
}


def is_relative(name: str) -> bool:
    """Whether ``name`` is a supported relative period name (exact, uppercase)."""
    return name in RELATIVE_PERIODS


def resolve_relative(name: str, today: date) -> list[Period]:
    """The periods a relative name stands for on ``today``, in chronological order."""
    if not is_relative(name):
        raise PeriodError(_("“%(name)s” is not a relative period.") % {"name": name})
    window = RELATIVE_PERIODS[name]
    current = period_for_date(today, window.anchor)
    anchors = [current.shift(window.offset + i) for i in range(window.span)]
    return [child for anchor in anchors for child in anchor.children(window.unit)]


def parse_period_dimension(items: Iterable[str], today: date) -> list[Period]:
    """The periods of an analytics ``pe:`` dimension: ISO codes and relative names, merged."""
    periods: set[Period] = set()
    for item in items:
        periods.update(resolve_relative(item, today) if is_relative(item) else [parse_period(item)])
    return sorted(periods)
