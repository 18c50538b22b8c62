"""Writes to data elements, the figures units report. Center staff and administrators."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.audit.services import Snapshot, record_write, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.writes import Errors, assign, check_names, raise_errors
from tinhso.monitoring.metadata.common import (
    CODED,
    code_of,
    delete_unreferenced,
    dot_message,
    joined_codes,
    model_errors,
    policy,
)
from tinhso.monitoring.metadata.fixed import refuse_fixed
from tinhso.monitoring.models import DEFAULT_CODE, DataElement, Indicator, ValidationRule
from tinhso.monitoring.references import codes_using

ELEMENT_FIELDS = (
    *CODED, "value_type", "unit", "aggregation", "direction", "category", "min_value", "max_value",
)  # fmt: skip


def create_data_element(
    *, actor: Any, code: str, name: str, value_type: str, **fields: Any
) -> DataElement:
    """Create a data element. Center staff and administrators."""
    policy.require(actor, ADD)
    check_names(fields, ELEMENT_FIELDS)
    element = DataElement(code=code, name=name, value_type=value_type, **fields)
    raise_errors(_element_problems(element))
    with transaction.atomic():
        element.save()
        record_write(actor, element, None, _element_state(element))
    return element


def update_data_element(*, actor: Any, element: DataElement, **changes: Any) -> DataElement:
    """Change a data element; its code, category and value type are fixed once it has values."""
    policy.require(actor, CHANGE, element)
    check_names(changes, ELEMENT_FIELDS)
    with transaction.atomic():
        refuse_fixed(element, changes)
        before = _element_state(element)
        assign(element, changes)
        raise_errors(_element_problems(element))
        element.save()
        record_write(actor, element, before, _element_state(element))
    return element


def delete_data_element(*, actor: Any, element: DataElement) -> None:
    """Delete a data element that has no values, is in no data set and no expression."""
    policy.require(actor, DELETE, element)
    problems = []
    if element.values.exists():
        problems.append(_("Values have been reported for it."))
    sets = joined_codes(element.data_sets.all())
    if sets:
        problems.append(_("It belongs to data sets: %(codes)s.") % {"codes": sets})
    indicators = codes_using(Indicator, element.code)
    if indicators:
        problems.append(_("Indicators use it: %(codes)s.") % {"codes": indicators})
    rules = codes_using(ValidationRule, element.code)
    if rules:
        problems.append(_("Validation rules use it: %(codes)s.") % {"codes": rules})
    delete_unreferenced(actor, element, _element_state(element), problems)


def _element_problems(element: DataElement) -> Errors:
    errors = model_errors(element)
    if "." in element.code:
        errors.setdefault("code", []).append(dot_message())
    if element.category is not None and element.category.code == DEFAULT_CODE:
        errors.setdefault("category", []).append(
            _("Leave the disaggregation empty for values that are not split.")
        )
    low, high = element.min_value, element.max_value
    if low is not None and high is not None and low > high:
        errors.setdefault("max_value", []).append(_("The maximum is below the minimum."))
    return errors


def _element_state(element: DataElement) -> Snapshot:
    plain = [name for name in ELEMENT_FIELDS if name != "category"]
    return {**snapshot(element, plain), "category": code_of(element.category)}
