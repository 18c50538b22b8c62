"""Validation rules between the values of one report, checked when a unit saves its form.

A rule applies to a data set when every element it names is in the set, and it is judged once
every value it names has been entered (DHIS2's SKIP_IF_ANY_VALUE_MISSING): a reporter filling the
form in several sittings is not stopped by a rule whose other side is still blank. An element's
total (``#{CODE}``) is present as soon as one of its options is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from operator import eq, ge, gt, le, lt, ne

from tinhso.monitoring.choices import RuleOperator
from tinhso.monitoring.expressions import Expression, ExpressionError, Reference, parse
from tinhso.monitoring.models import CategoryOption, DataElement, DataSet, ValidationRule

COMPARE = {
    RuleOperator.EQUAL: eq,
    RuleOperator.NOT_EQUAL: ne,
    RuleOperator.LESS: lt,
    RuleOperator.LESS_OR_EQUAL: le,
    RuleOperator.GREATER: gt,
    RuleOperator.GREATER_OR_EQUAL: ge,
}

Cell = tuple[DataElement, CategoryOption]


@dataclass(frozen=True)
class BrokenRule:
    rule: ValidationRule
    left: Decimal
    right: Decimal
    # The form cells the message belongs beside: those of the rule's left side.
    fields: tuple[str, ...]


def broken_rules(data_set: DataSet, values: Mapping[Cell, Decimal]) -> list[BrokenRule]:
    """The rules of ``data_set`` that the report's ``values`` break."""
    elements = {e.code: e for e in data_set.elements.all()}
    broken = []
    for rule in ValidationRule.objects.order_by("code"):
        sides = _sides(rule)
        if sides is None or not _covered(sides, elements):
            continue
        found = _check(rule, sides, _references(values))
        if found is not None:
            left, right = found
            broken.append(BrokenRule(rule, left, right, _fields(sides[0], elements)))
    return broken


def _sides(rule: ValidationRule) -> tuple[Expression, Expression] | None:
    try:
        return parse(rule.left), parse(rule.right)
    except ExpressionError:  # saved before a change of grammar; the metadata pages flag it
        return None


def _covered(sides: tuple[Expression, Expression], elements: Mapping[str, DataElement]) -> bool:
    references = sides[0].references | sides[1].references
    return bool(references) and all(ref.code in elements for ref in references)


def _references(values: Mapping[Cell, Decimal]) -> dict[Reference, Decimal]:
    """Each cell by ``#{CODE.OPTION}``, and each element's total by ``#{CODE}``."""
    found: dict[Reference, Decimal] = {}
    for (element, option), value in values.items():
        found[Reference(element.code, option.code)] = value
        total = Reference(element.code)
        found[total] = found.get(total, Decimal(0)) + value
    return found


def _check(
    rule: ValidationRule,
    sides: tuple[Expression, Expression],
    values: Mapping[Reference, Decimal],
) -> tuple[Decimal, Decimal] | None:
    """The two sides if the rule is broken; None if it holds or cannot be judged yet."""
    references = sides[0].references | sides[1].references
    if not all(ref in values for ref in references):
        return None
    left, right = sides[0].evaluate(values), sides[1].evaluate(values)
    if not isinstance(left, Decimal) or not isinstance(right, Decimal):
        return None  # e.g. a division by zero: nothing to compare
    return None if COMPARE[RuleOperator(rule.operator)](left, right) else (left, right)


def _fields(left: Expression, elements: Mapping[str, DataElement]) -> tuple[str, ...]:
    fields: list[str] = []
    for ref in sorted(left.references, key=lambda r: (r.code, r.option or "")):
        options = [ref.option] if ref.option else _option_codes(elements[ref.code])
        fields += [f"{ref.code}.{option}" for option in options]
    return tuple(fields)


def _option_codes(element: DataElement) -> Iterable[str]:
    if element.category_id is None:
        return ["default"]
    return [option.code for option in element.category.options.all()]  # type: ignore[union-attr]
