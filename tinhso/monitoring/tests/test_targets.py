"""Progress towards targets and its rating, as a table of cases."""

from decimal import Decimal

import pytest

from tinhso.monitoring.choices import Direction
from tinhso.monitoring.models import Indicator, Target
from tinhso.monitoring.targets import Rating, progress, target_for

HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER


def indicator(direction: str) -> Indicator:
    return Indicator(code="X", direction=direction, green_from=Decimal(100), amber_from=Decimal(80))


@pytest.mark.parametrize(
    ("direction", "value", "target", "baseline", "percent", "rating"),
    [
        (HIGHER, "50", "100", None, "50", Rating.RED),
        (HIGHER, "85", "100", None, "85", Rating.AMBER),
        (HIGHER, "100", "100", None, "100", Rating.GREEN),
        (HIGHER, "120", "100", None, "120", Rating.GREEN),
        # from a baseline of 40 towards 100: 70 has covered half the way
        (HIGHER, "70", "100", "40", "50", Rating.RED),
        (HIGHER, "30", "100", "40", "-16.67", Rating.RED),
        # lower is better: 10 days against a target of 8 days
        (LOWER, "10", "8", None, "80", Rating.AMBER),
        (LOWER, "6", "8", None, "133.33", Rating.GREEN),
        (LOWER, "0", "8", None, "100", Rating.GREEN),
        # from 20 days down towards 10: at 12, 80 % of the way
        (LOWER, "12", "10", "20", "80", Rating.AMBER),
        (HIGHER, "5", "0", None, None, Rating.NONE),
        (HIGHER, None, "100", None, None, Rating.NONE),
        (HIGHER, "5", None, None, None, Rating.NONE),
    ],
)
def test_progress(
    direction: str,
    value: str | None,
    target: str | None,
    baseline: str | None,
    percent: str | None,
    rating: Rating,
) -> None:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    result = progress(indicator(direction), number(value), number(target), number(baseline))
    shown = None if result.percent is None else result.percent.quantize(Decimal("0.01"))
    assert shown == number(
        percent if percent is None else Decimal(percent).quantize(Decimal("0.01"))
    )
    assert result.rating is rating


def test_thresholds_are_the_indicators_own() -> None:
    strict = Indicator(code="S", green_from=Decimal(110), amber_from=Decimal(100))
    assert progress(strict, Decimal(105), Decimal(100)).rating is Rating.AMBER


def test_target_for_a_year_prefers_its_own_then_the_next() -> None:
    targets = [Target(year=2025, value=1), Target(year=2030, value=3), Target(year=2026, value=2)]
    assert target_for(targets, 2026).value == 2  # type: ignore[union-attr]
    assert target_for(targets, 2027).value == 3  # type: ignore[union-attr]
    assert target_for(targets, 2031) is None
