"""Which fields of a metadata object can no longer change, and why: a code once something
refers to it, and what stored values depend on (an element's category and value type, a data
set's period type). Forms show these fields read-only; the update services refuse changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from tinhso.monitoring.models import (
    Category,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    ValidationRule,
)
from tinhso.monitoring.references import codes_using


def fixed_fields(obj: Model) -> dict[str, str]:
    """The fields of ``obj`` that can no longer change, each with the reason; forms show them
    read-only and the update services refuse to change them."""
    checks: dict[type[Model], Callable[[Any], dict[str, str]]] = {
        DataElement: _fixed_of_element,
        Category: _fixed_of_category,
        Indicator: _fixed_of_indicator,
        DataSet: _fixed_of_data_set,
    }
    check = checks.get(type(obj))
    return check(obj) if check is not None and obj.pk is not None else {}


def _fixed_of_element(element: DataElement) -> dict[str, str]:
    fixed: dict[str, str] = {}
    indicators = codes_using(Indicator, element.code)
    rules = codes_using(ValidationRule, element.code)
    if indicators:
        fixed["code"] = _("Fixed: indicators use this code (%(codes)s).") % {"codes": indicators}
    elif rules:
        fixed["code"] = _("Fixed: validation rules use this code (%(codes)s).") % {"codes": rules}
    if element.values.exists():
        reason = _("Fixed: values have been reported for this data element.")
        fixed.update(dict.fromkeys(("code", "category", "value_type"), reason))
    return fixed


def _fixed_of_category(category: Category) -> dict[str, str]:
    if DataValue.objects.filter(option__category=category).exists():
        return {"code": _("Fixed: its options hold reported values.")}
    return {}


def _fixed_of_indicator(indicator: Indicator) -> dict[str, str]:
    if indicator.targets.exists():
        return {"code": _("Fixed: the indicator has targets.")}
    return {}


def _fixed_of_data_set(data_set: DataSet) -> dict[str, str]:
    if data_set.submissions.exists():
        reason = _("Fixed: units have reports of this data set.")
        return dict.fromkeys(("code", "period_type"), reason)
    return {}


def refuse_fixed(obj: Model, changes: dict[str, Any]) -> None:
    """Refuse a change to a fixed field; giving its current value again is no change."""
    fixed = fixed_fields(obj)
    errors = {
        name: reason
        for name, reason in fixed.items()
        if name in changes and changes[name] != getattr(obj, name)
    }
    if errors:
        raise ValidationError(errors)
