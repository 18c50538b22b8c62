"""Reads of reported values: exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tinhso.core.policies import VIEW
from tinhso.monitoring.models import DataSet, DataValue
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.orgunits.models import OrgUnit


def export_rows(
    *, user: Any, data_set: str, period: str, org_unit: str, children: bool
) -> list[dict[str, Any]]:
    """Values of one data set, period and unit (and its subtree), as dataValueSets rows."""
    values = DataValuePolicy().scope(DataValue.objects.all(), user, VIEW)
    values = values.filter(period=period, data_element__data_sets__code=data_set)
    unit = OrgUnit.objects.filter(code=org_unit).first()
    if unit is None or not DataSet.objects.filter(code=data_set).exists():
        raise ValidationError(
            {"dataSet": _("Give an existing dataSet, a period and an orgUnit, by code.")}
        )
    values = (
        values.filter(org_unit__path__startswith=unit.path)
        if children
        else values.filter(org_unit=unit)
    )
    rows = values.values_list(
        "data_element__code", "period", "org_unit__code", "option__code", "value", "comment",
        "updated_at",
    ).order_by("org_unit__code", "data_element__code", "option__code")  # fmt: skip
    return [
        {
            "dataElement": element, "period": pe, "orgUnit": ou, "categoryOptionCombo": option,
            "value": _plain(value), "comment": comment, "lastUpdated": updated.isoformat(),
        }
        for element, pe, ou, option, value, comment, updated in rows
    ]  # fmt: skip


def _plain(value: Any) -> str:
    """12.000000 → "12", 87.500000 → "87.5"."""
    return format(value.normalize(), "f")
