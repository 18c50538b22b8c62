"""Progress towards a target, respecting the indicator's direction, and its red/amber/green.

With a baseline, progress is the share of the way from the baseline to the target that has been
covered; without one, the value against the target (higher is better) or the target against the
value (lower is better). An indicator already past its target is above 100 %; one moving away
from it is below 0 %.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tinhso.monitoring.choices import Direction
from tinhso.monitoring.models import Indicator, Target

HUNDRED = Decimal(100)


class Rating(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return str(RATING_LABELS[self])


RATING_LABELS = {
    Rating.GREEN: _("On track"),
    Rating.AMBER: _("Needs attention"),
    Rating.RED: _("Off track"),
    Rating.NONE: _("No target or no data"),
}


@dataclass(frozen=True)
class Progress:
    value: Decimal | None
    target: Decimal | None
    baseline: Decimal | None
    percent: Decimal | None
    rating: Rating


def progress(
    indicator: Indicator,
    value: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
) -> Progress:
    """How far ``value`` has come towards ``target``, rated by the indicator's thresholds."""
    percent = _percent(indicator.direction, value, target, baseline)
    return Progress(value, target, baseline, percent, rate(indicator, percent))


def rate(indicator: Indicator, percent: Decimal | None) -> Rating:
    if percent is None:
        return Rating.NONE
    if percent >= indicator.green_from:
        return Rating.GREEN
    if percent >= indicator.amber_from:
        return Rating.AMBER
    return Rating.RED


def _percent(
    direction: str, value: Decimal | None, target: Decimal | None, baseline: Decimal | None
) -> Decimal | None:
    if value is None or target is None:
        return None
    lower_is_better = direction == Direction.LOWER_IS_BETTER
    if baseline is not None and baseline != target:
        covered = baseline - value if lower_is_better else value - baseline
        return covered / abs(target - baseline) * HUNDRED
    if lower_is_better:
        return target / value * HUNDRED if value > 0 else HUNDRED
    return value / target * HUNDRED if target != 0 else None


def target_for(targets: Iterable[Target], year: int) -> Target | None:
    """The year's own target, else the nearest later one (e.g. 2030), else None."""
    later = sorted((t for t in targets if t.year >= year), key=lambda t: t.year)
    return later[0] if later else None
