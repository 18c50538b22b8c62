"""Checking one reported value against its data element: type, range."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import sanitize_separators
from django.utils.translation import gettext as _

from tinhso.monitoring.choices import ValueType
from tinhso.monitoring.models import DataElement

TRUE_WORDS = {"true", "1", "yes", "có", "x"}
FALSE_WORDS = {"false", "0", "no", "không"}
LIMIT = Decimal(10) ** 18
MAX_DIGITS = 18
WHOLE_TYPES = frozenset(
    {ValueType.INTEGER, ValueType.POSITIVE_INTEGER, ValueType.ZERO_OR_POSITIVE_INTEGER}
)


def clean_value(element: DataElement, text: str, *, localized: bool = False) -> Decimal:
    """The number ``text`` means for ``element``; ValueError with a reader's message otherwise.
    ``localized`` accepts Vietnamese writing (1.234,5) as typed into forms."""
    if element.value_type == ValueType.BOOLEAN:
        return _boolean(text)
    number = _number(text, localized)
    _check_type(element.value_type, number)
    _check_range(element, number)
    return number


def _boolean(text: str) -> Decimal:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return Decimal(1)
    if word in FALSE_WORDS:
        return Decimal(0)
    raise ValueError(_("Write yes or no (true/false)."))


def _number(text: str, localized: bool) -> Decimal:
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        # Most imported values are plain whole numbers: nothing to clean, nothing to doubt.
        return Decimal(text)
    raw = text.strip().replace(" ", "")
    if localized:
        # As the page's language writes numbers: 1.234,5 in Vietnamese, 1,234.5 in English.
        raw = str(sanitize_separators(raw))
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text[:40]}) from None
    # The column holds 18 digits before the point: 1e20 has one digit but does not fit.
    too_large = number.is_finite() and abs(number) >= LIMIT
    if not number.is_finite() or too_large or len(number.as_tuple().digits) > MAX_DIGITS:
        raise ValueError(_("“%(text)s” is not a usable number.") % {"text": text[:40]})
    return number


def _check_type(value_type: str, number: Decimal) -> None:
    if value_type in WHOLE_TYPES and number != number.to_integral_value():
        raise ValueError(_("A whole number is expected."))
    if value_type == ValueType.POSITIVE_INTEGER and number <= 0:
        raise ValueError(_("A number greater than zero is expected."))
    if value_type == ValueType.ZERO_OR_POSITIVE_INTEGER and number < 0:
        raise ValueError(_("Zero or a positive number is expected."))
    if value_type == ValueType.PERCENTAGE and not 0 <= number <= 100:
        raise ValueError(_("A percentage is between 0 and 100."))


def _check_range(element: DataElement, number: Decimal) -> None:
    if element.min_value is not None and number < element.min_value:
        raise ValueError(_("At least %(min)s.") % {"min": _plain(element.min_value)})
    if element.max_value is not None and number > element.max_value:
        raise ValueError(_("At most %(max)s.") % {"max": _plain(element.max_value)})


def _plain(limit: Decimal) -> str:
    """100, not 1E+2: normalize() alone drops zeros into an exponent."""
    return format(limit.normalize(), "f")
