"""Money arithmetic in whole đồng: Decimal throughout, never float.

Rounding rule: amounts are whole VND (no fractions are accepted); a percentage disbursed is
rounded to two decimals, half up (ROUND_HALF_UP), as Vietnamese financial reports print it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``amounts`` (0 for none)."""
    return sum(amounts, ZERO)


def remaining(allocated: Decimal, disbursed: Decimal) -> Decimal:
    """What is left of an allocation."""
    return allocated - disbursed


def percent_disbursed(disbursed: Decimal, allocated: Decimal) -> Decimal:
    """``disbursed`` as a percentage of ``allocated``, two decimals, half up; 0 when nothing
    was allocated."""
    if allocated == ZERO:
        return ZERO.quantize(CENT)
    return (disbursed * HUNDRED / allocated).quantize(CENT, rounding=ROUND_HALF_UP)
