"""Reads of reported values: exports, the rows of an Excel template, the record of imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tinhso.core.policies import VIEW, Scope
from tinhso.monitoring.excel import TemplateRow, TemplateTooLarge, template_rows
from tinhso.monitoring.models import DataImport, DataSet, DataValue
from tinhso.monitoring.periods import Period, PeriodError, PeriodType, parse_period, periods_between
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.services import Conflict, ImportSummary
from tinhso.orgunits.models import OrgUnit

value_policy = DataValuePolicy()


def export_rows(
    *, user: Any, data_set: str, periods: Sequence[str], org_unit: str, children: bool
) -> list[dict[str, Any]]:
    """Values of one data set, some periods and a unit (and its subtree), as dataValueSets
    rows, given by code as the API is; anyone who may read values, within their reach."""
    found_set, unit, found_periods = export_target(
        data_set=data_set, org_unit=org_unit, periods=periods
    )
    return export_values(
        user=user, data_set=found_set, org_unit=unit, periods=found_periods, children=children
    )


def export_target(
    *, data_set: str, org_unit: str, periods: Sequence[str]
) -> tuple[DataSet, OrgUnit, list[Period]]:
    """The data set, unit and periods an export names by code; ValidationError otherwise."""
    found_set = DataSet.objects.filter(code=data_set).first()
    unit = OrgUnit.objects.filter(code=org_unit).first()
    if found_set is None or unit is None or not periods:
        raise ValidationError(
            {"dataSet": _("Give an existing dataSet, a period and an orgUnit, by code.")}
        )
    return found_set, unit, parse_periods(periods)


def parse_periods(codes: Sequence[str]) -> list[Period]:
    """Period codes as periods; ValidationError on the period field for a wrong one."""
    try:
        return [parse_period(code) for code in codes]
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from None


def export_values(
    *,
    user: Any,
    data_set: DataSet,
    org_unit: OrgUnit,
    periods: Sequence[Period],
    children: bool = True,
) -> list[dict[str, Any]]:
    """The stored values of ``data_set`` for these periods under ``org_unit``, as dataValueSets
    rows (the JSON/CSV exports); only what ``user`` may read."""
    values = value_policy.scope(DataValue.objects.all(), user, VIEW).filter(
        period__in=[p.code for p in periods], data_element__data_sets=data_set
    )
    values = (
        values.filter(org_unit__path__startswith=org_unit.path)
        if children
        else values.filter(org_unit=org_unit)
    )
    rows = values.values_list(
        "data_element__code", "period", "org_unit__code", "option__code", "value", "comment",
        "updated_at",
    ).order_by("org_unit__code", "period_start", "data_element__code", "option__code")  # fmt: skip
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


def reporting_units(
    *, user: Any, data_set: DataSet, org_unit: OrgUnit, action: str, children: bool = True
) -> list[OrgUnit]:
    """The units under ``org_unit`` that report ``data_set`` and where ``user`` may ``action``
    values: VIEW for an export, IMPORT for a template to fill in."""
    subtree = (
        OrgUnit.objects.filter(path__startswith=org_unit.path)
        if children
        else OrgUnit.objects.filter(pk=org_unit.pk)
    )
    units = value_policy.reachable_units(subtree, user, action).filter(data_sets=data_set)
    return list(units.order_by("path"))


def workbook_rows(
    *,
    user: Any,
    data_set: DataSet,
    org_unit: OrgUnit,
    periods: Sequence[Period],
    action: str,
    children: bool = True,
) -> list[TemplateRow]:
    """The rows of the Excel template (see ``excel.template_rows``) for the units ``user`` may
    ``action`` under ``org_unit``; ValidationError when there are none, or too many rows, or a
    period is not of the data set's type."""
    if any(str(p.type) != data_set.period_type for p in periods):
        message = _("%(set)s is reported %(type)s.") % {
            "set": data_set, "type": PeriodType(data_set.period_type).label,
        }  # fmt: skip
        raise ValidationError({"period": message})
    units = reporting_units(
        user=user, data_set=data_set, org_unit=org_unit, action=action, children=children
    )
    if not units:
        raise ValidationError(
            {"org_unit": _("No unit you can reach under %(unit)s reports %(set)s.")
             % {"unit": org_unit, "set": data_set}}
        )  # fmt: skip
    try:
        return template_rows(data_set, units, periods)
    except TemplateTooLarge as exc:
        raise ValidationError({"org_unit": str(exc)}) from None


def import_logs(user: Any) -> QuerySet[DataImport]:
    """The imports ``user`` may look back at: the center sees all, anyone else their own."""
    logs = DataImport.objects.all()
    if value_policy.scope_for(user, IMPORT) is Scope.ALL:
        return logs
    if not getattr(user, "pk", None) or value_policy.scope_for(user, IMPORT) is Scope.NONE:
        return logs.none()
    return logs.filter(actor=user)


def summary_of(log: DataImport) -> ImportSummary:
    """A recorded import as the summary it was, to show it the same way."""
    return ImportSummary(
        imported=log.imported, updated=log.updated, ignored=log.ignored, dry_run=log.dry_run,
        conflicts=[Conflict(c["row"], c["field"], c["message"]) for c in log.conflicts],
        log_id=log.pk,
    )  # fmt: skip


MAX_PERIODS = 120


def period_range(data_set: DataSet, start: str, end: str) -> list[Period]:
    """The data set's periods from ``start`` to ``end``. Either end may be a coarser period,
    which stands for the periods it holds: "2026" to "2026" is every month of 2026 for a
    monthly set. ValidationError on the ``start`` or ``end`` field otherwise."""
    first = _bound(start, data_set, "start")[0]
    last = _bound(end, data_set, "end")[-1]
    if last < first:
        raise ValidationError({"end": _("The end comes before the start.")})
    periods = periods_between(first, last)
    if len(periods) > MAX_PERIODS:
        message = _("At most %(max)s periods at a time.") % {"max": MAX_PERIODS}
        raise ValidationError({"end": message})
    return periods


def _bound(code: str, data_set: DataSet, field: str) -> list[Period]:
    period_type = PeriodType(data_set.period_type)
    try:
        period = parse_period(code.strip())
    except PeriodError as exc:
        raise ValidationError({field: str(exc)}) from None
    if period.type.rank < period_type.rank:
        message = _("%(set)s is reported %(type)s; give such a period or a longer one.") % {
            "set": data_set, "type": period_type.label,
        }  # fmt: skip
        raise ValidationError({field: message})
    return period.children(period_type)
