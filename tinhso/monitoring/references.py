"""Which metadata names which data element: the ``#{CODE}`` and ``#{CODE.OPTION}``
references in the expressions of indicators and validation rules, and the check that each names
an element (and option) that exists."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext as _

from tinhso.monitoring import expressions
from tinhso.monitoring.expressions import ExpressionError, Reference
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    CategoryOption,
    DataElement,
    Indicator,
    ValidationRule,
)

# The fields of each kind that hold expressions over data elements.
EXPRESSIONS: dict[type[Model], tuple[str, str]] = {
    Indicator: ("numerator", "denominator"),
    ValidationRule: ("left", "right"),
}


def check_expression(text: str) -> list[str]:
    """What is wrong with an indicator expression, each message naming the position; empty
    when it parses and every ``#{CODE}`` and ``#{CODE.OPTION}`` names a known element/option."""
    try:
        expression = expressions.parse(text)
    except ExpressionError as exc:
        return [exc.message]
    known_codes, known_options = known_references(expression.references)
    problems: list[str] = []
    seen: set[Reference] = set()
    for reference, position in expression.positions():
        if reference in seen:
            continue
        seen.add(reference)
        problems += [
            _("%(problem)s at position %(position)s") % {"problem": problem, "position": position}
            for problem in expressions.validate(_written(reference), known_codes, known_options)
        ]
    return problems


def _written(reference: Reference) -> str:
    inside = f"{reference.code}.{reference.option}" if reference.option else reference.code
    return "#{" + inside + "}"


def known_references(
    references: Collection[Reference],
) -> tuple[set[str], dict[str, set[str]]]:
    """The named element codes that exist, and the option codes each of them takes. Values of
    undivided elements are stored under the "default" option, so ``#{CODE.default}`` is known."""
    elements = DataElement.objects.filter(code__in={ref.code for ref in references})
    categories = dict(elements.values_list("code", "category_id"))
    options: dict[int, set[str]] = {}
    rows = CategoryOption.objects.filter(category_id__in=set(categories.values()) - {None})
    for category_id, option_code in rows.values_list("category_id", "code"):
        options.setdefault(category_id, set()).add(option_code)
    known_options = {
        code: options.get(category_id, set()) if category_id else {DEFAULT_CODE}
        for code, category_id in categories.items()
    }
    return set(categories), known_options


def naming(model: type[Model], element_codes: Collection[str]) -> list[tuple[Any, set[Reference]]]:
    """Indicators (or rules) whose expressions name any of ``element_codes``, with all their
    references. The text search only narrows the rows (it ignores case on SQLite); the parse
    decides."""
    fields = EXPRESSIONS[model]
    query = Q()
    for code in element_codes:
        prefix = "#{" + code
        for field in fields:
            query |= Q(**{f"{field}__contains": prefix})
    if not query:
        return []
    found = []
    for obj in model._default_manager.filter(query).order_by("code"):
        references = references_of(obj)
        if any(reference.code in element_codes for reference in references):
            found.append((obj, references))
    return found


def indicators_using(element: DataElement) -> list[Indicator]:
    """The indicators whose expressions name ``element``, by code."""
    return [indicator for indicator, _refs in naming(Indicator, {element.code})]


def rules_using(element: DataElement) -> list[ValidationRule]:
    """The validation rules whose sides name ``element``, by code."""
    return [rule for rule, _refs in naming(ValidationRule, {element.code})]


def elements_named_by(obj: Indicator | ValidationRule) -> list[DataElement]:
    """The data elements an indicator's or a rule's expressions name, by code."""
    codes = {reference.code for reference in references_of(obj)}
    return list(DataElement.objects.filter(code__in=codes).select_related("category"))


def codes_using(model: type[Model], code: str) -> str:
    return ", ".join(obj.code for obj, _refs in naming(model, {code}))


def references_of(obj: Model) -> set[Reference]:
    found: set[Reference] = set()
    for name in EXPRESSIONS[type(obj)]:
        found |= _references(getattr(obj, name))
    return found


def _references(text: str) -> set[Reference]:
    try:
        return set(expressions.parse(text).references)
    except ExpressionError:  # stored before validation existed, or loaded raw: names nothing
        return set()
