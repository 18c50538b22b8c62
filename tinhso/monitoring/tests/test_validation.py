"""One typed value checked against its data element: numbers as people write them, and the
numbers the database column cannot hold."""

from decimal import Decimal

import pytest

from tinhso.monitoring.choices import ValueType
from tinhso.monitoring.models import DataElement
from tinhso.monitoring.validation import clean_value


def element(**fields: object) -> DataElement:
    return DataElement(code="X", name="X", value_type=ValueType.NUMBER, **fields)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", Decimal(12)), ("-3.5", Decimal("-3.5")), ("999999999999999999", Decimal(10**18 - 1))],
)
def test_numbers(text: str, expected: Decimal) -> None:
    assert clean_value(element(), text) == expected


@pytest.mark.parametrize(
    "text", ["1e20", "1E18", "-1e19", "1000000000000000000", "Infinity", "NaN"]
)
def test_numbers_too_large_for_the_column(text: str) -> None:
    with pytest.raises(ValueError, match="is not a usable number"):
        clean_value(element(), text)


def test_limits_are_written_plainly() -> None:
    with pytest.raises(ValueError, match=r"^At most 100\.$"):
        clean_value(element(max_value=Decimal("100.0000")), "101")
    with pytest.raises(ValueError, match=r"^At least 0\.5\.$"):
        clean_value(element(min_value=Decimal("0.5000")), "0.25")
