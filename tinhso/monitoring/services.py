"""Every write of reported values: bulk imports, form saves, and the approval workflow."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change
from tinhso.monitoring import excel
from tinhso.monitoring.bulk import Row, insert_values, upsert_values
from tinhso.monitoring.dhis2.datavaluesets import FormatError, RawValue, parse_csv, parse_json
from tinhso.monitoring.lookup import ValueLookup
from tinhso.monitoring.models import CategoryOption, DataElement, DataImport, DataValue
from tinhso.monitoring.periods import Period, PeriodError, parse_period
from tinhso.monitoring.permissions import IMPORT, DataValuePolicy
from tinhso.monitoring.validation import clean_value
from tinhso.orgunits.models import OrgUnit

value_policy = DataValuePolicy()

# Told how far an import has got: (values done, values in all, what it is doing).
Progress = Callable[[int, int, str], None]
PROGRESS_EVERY = 10_000  # values between two progress reports while checking
FILE_FORMATS = ("json", "csv", "xlsx")
MAX_LOGGED_CONFLICTS = 1_000


@dataclass(frozen=True)
class Conflict:
    """Why one row was refused: the row, the field as the format names it, a message."""

    row: int
    field: str
    message: str


@dataclass
class ImportSummary:
    """DHIS2's import summary: what was (or, in a dry run, would be) imported, updated, ignored."""

    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    dry_run: bool = False
    log_id: int | None = None  # the DataImport row of a real, successful import

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(slots=True)
class CheckedValue:
    """A row that passed every check; ``key`` is its place in the unique index."""

    row: int
    element: DataElement
    unit: OrgUnit
    period: Period
    option: CategoryOption
    value: Decimal
    comment: str
    key: tuple[int, int, str, int] = (0, 0, "", 0)

    def __post_init__(self) -> None:
        # .id, not .pk: the pk property costs a lookup, and this runs for every row.
        self.key = (self.element.id, self.unit.id, self.period.code, self.option.id)


def import_data_values(
    *,
    actor: Any,
    values: Sequence[RawValue],
    dry_run: bool = False,
    source: str = "",
    file_format: str = "json",
    progress: Progress | None = None,
    fed: bool = False,
) -> ImportSummary:
    """Import values all-or-nothing: any conflict writes nothing; the same file twice changes
    nothing the second time; ``dry_run`` reports without writing. Reporters: their units only.
    ``progress`` hears how far the checks have got, then that the writing starts. ``fed``:
    the platform's own feeds (tinhso.monitoring.feeds), which alone may write the values of
    computed data sets; every other caller is refused them."""
    value_policy.require(actor, IMPORT)
    summary = ImportSummary(dry_run=dry_run)
    report = progress or _silent
    report(0, len(values), _("Checking values"))
    lookup = ValueLookup(actor, (v.data_element for v in values), (v.org_unit for v in values))
    checked = _check_all(values, lookup, summary, report, fed=fed)
    if summary.conflicts:
        return summary
    # Reported before the transaction: a report made inside it is seen only after the commit.
    report(len(values), len(values), _("Writing values") if not dry_run else _("Comparing values"))
    with transaction.atomic():
        new, changed = _plan_writes(checked, actor, summary)
        if not dry_run:
            insert_values(new)
            upsert_values(changed)
            summary.log_id = _log_import(actor, summary, source, file_format)
    return summary


def _silent(done: int, total: int, message: str) -> None:
    """The progress of an import nobody watches."""


def _check_all(
    values: Sequence[RawValue],
    lookup: ValueLookup,
    summary: ImportSummary,
    report: Progress,
    *,
    fed: bool,
) -> list[CheckedValue]:
    checked: list[CheckedValue] = []
    seen: dict[tuple[int, int, str, int], int] = {}
    # In chunks, so that the row loop itself carries no progress bookkeeping.
    for start in range(0, len(values), PROGRESS_EVERY):
        if start:
            report(start, len(values), _("Checking values"))
        for raw in values[start : start + PROGRESS_EVERY]:
            try:
                value = _check(raw, lookup, fed=fed)
            except _RowProblem as problem:
                summary.conflicts.append(Conflict(raw.row, problem.field, problem.message))
                continue
            if value.key in seen:
                message = _("The same value is also on row %(row)s.") % {"row": seen[value.key]}
                summary.conflicts.append(Conflict(raw.row, "value", message))
                continue
            seen[value.key] = raw.row
            checked.append(value)
    return checked


class _RowProblem(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field_name, message


def _check(raw: RawValue, lookup: ValueLookup, *, fed: bool) -> CheckedValue:
    element = lookup.elements.get(raw.data_element)
    if element is None:
        raise _RowProblem(
            "dataElement",
            _("No data element has the code “%(code)s”.") % {"code": raw.data_element},
        )
    unit = _unit(raw, lookup)
    period = _period(raw, element, unit, lookup)
    computed_set = lookup.fed_only.get((element.id, unit.id, period.type.value))
    if computed_set is not None and not fed:
        raise _RowProblem("dataElement", computed_refusal(computed_set))
    option = lookup.option_for(element, raw.option)
    if option is None:
        raise _RowProblem(
            "categoryOptionCombo",
            _("“%(code)s” is not an option of %(element)s.")
            % {"code": raw.option, "element": element.code},
        )
    try:
        number = clean_value(element, raw.value)
    except ValueError as exc:
        raise _RowProblem("value", str(exc)) from None
    if (element.id, unit.id, period.code) in lookup.locked:
        raise _RowProblem(
            "period", _("The report for this period is approved; ask the center to unlock it.")
        )
    return CheckedValue(raw.row, element, unit, period, option, number, raw.comment)


def _unit(raw: RawValue, lookup: ValueLookup) -> OrgUnit:
    unit = lookup.units.get(raw.org_unit)
    if unit is None:
        raise _RowProblem(
            "orgUnit", _("No org unit has the code “%(code)s”.") % {"code": raw.org_unit}
        )
    if unit.id not in lookup.writable_unit_ids:
        raise _RowProblem("orgUnit", _("You cannot report for %(unit)s.") % {"unit": unit})
    return unit


def _period(raw: RawValue, element: DataElement, unit: OrgUnit, lookup: ValueLookup) -> Period:
    try:
        period = _parse_period(raw.period)
    except PeriodError as exc:
        raise _RowProblem("period", str(exc)) from None
    if (element.id, unit.id, period.type.value) not in lookup.reporting:
        message = _("%(unit)s does not report %(element)s for %(type)s periods.") % {
            "unit": unit, "element": element.code, "type": period.type.label,
        }  # fmt: skip
        raise _RowProblem("period", message)
    return period


def computed_refusal(data_set: object) -> str:
    """Why a person may not write the values of a computed data set (named by ``data_set``)."""
    return _(
        "The values of “%(set)s” are filled in automatically by the platform; they cannot be "
        "entered or imported by hand."
    ) % {"set": data_set}


@functools.lru_cache(maxsize=1024)
def _parse_period(code: str) -> Period:
    """A file names few periods many times; parse each once."""
    return parse_period(code)


def _plan_writes(
    checked: list[CheckedValue], actor: Any, summary: ImportSummary
) -> tuple[list[Row], list[Row]]:
    """The new rows, and the changed ones with their version raised."""
    existing = _existing(checked)
    new: list[Row] = []
    changed: list[Row] = []
    stored_by = getattr(actor, "pk", None)
    for value in checked:
        old = existing.get(value.key)
        if old is None:
            new.append(_data_value(value, stored_by, version=1))
        elif old[0] != value.value or old[1] != value.comment:
            changed.append(_data_value(value, stored_by, version=old[2] + 1))
    summary.imported, summary.updated = len(new), len(changed)
    summary.ignored = len(checked) - len(new) - len(changed)
    return new, changed


def _existing(
    checked: list[CheckedValue],
) -> dict[tuple[int, int, str, int], tuple[Decimal, str, int]]:
    if not checked:
        return {}
    rows = DataValue.objects.filter(
        data_element_id__in={v.key[0] for v in checked},
        org_unit_id__in={v.key[1] for v in checked},
        period__in={v.period.code for v in checked},
    ).values_list(
        "data_element_id", "org_unit_id", "period", "option_id", "value", "comment", "version"
    )
    return {(e, u, p, o): (value, comment, version) for e, u, p, o, value, comment, version in rows}


def _data_value(value: CheckedValue, stored_by: int | None, *, version: int) -> Row:
    """The row in bulk.COLUMNS order."""
    period = value.period
    element, unit, code, option = value.key
    return (
        element, unit, code, period.type.value, period.start, period.end,
        option, value.value, value.comment, version, stored_by,
    )  # fmt: skip


def _log_import(actor: Any, summary: ImportSummary, source: str, file_format: str) -> int:
    """A bulk load is audited once, on its DataImport row, not value by value."""
    log = _import_log(actor, summary, source, file_format)
    counts = {"imported": summary.imported, "updated": summary.updated, "ignored": summary.ignored}
    record_change(actor=actor, action=AuditAction.IMPORT, obj=log, after=counts, org_unit=None)
    return log.pk


def _import_log(actor: Any, summary: ImportSummary, source: str, file_format: str) -> DataImport:
    is_user = getattr(actor, "pk", None) is not None
    conflicts = [
        {"row": c.row, "field": c.field, "message": c.message}
        for c in summary.conflicts[:MAX_LOGGED_CONFLICTS]
    ]
    if len(summary.conflicts) > MAX_LOGGED_CONFLICTS:
        more = len(summary.conflicts) - MAX_LOGGED_CONFLICTS
        message = ngettext(
            "%(count)s more conflict is not shown.", "%(count)s more conflicts are not shown.", more
        ) % {"count": more}
        conflicts.append({"row": 0, "field": "", "message": message})
    return DataImport.objects.create(
        actor=actor if is_user else None, actor_name=actor.get_username(), source=source[:200],
        file_format=file_format, dry_run=summary.dry_run, imported=summary.imported,
        updated=summary.updated, ignored=summary.ignored, conflicts=conflicts,
    )  # fmt: skip


# -- files: the three formats a person or a system uploads --


def parse_file(data: bytes, file_format: str) -> tuple[list[RawValue], list[FormatError]]:
    """The values of a dataValueSets JSON or CSV document or of a filled-in Excel template."""
    if file_format == "xlsx":
        return excel.parse_workbook(data)
    return (parse_csv if file_format == "csv" else parse_json)(data)


def import_file(
    *,
    actor: Any,
    data: bytes,
    file_format: str,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
) -> ImportSummary:
    """Parse a file and import its values (see ``import_data_values``); a file that cannot be
    read is refused whole, its problems reported as conflicts. Callers as for the import."""
    value_policy.require(actor, IMPORT)
    values, errors = parse_file(data, file_format)
    if errors:
        conflicts = [Conflict(e.row, e.field, e.message) for e in errors]
        return ImportSummary(conflicts=conflicts, dry_run=dry_run)
    return import_data_values(
        actor=actor, values=values, dry_run=dry_run, source=source, file_format=file_format,
        progress=progress,
    )  # fmt: skip


def keep_import_result(
    *, actor: Any, summary: ImportSummary, source: str, file_format: str
) -> DataImport:
    """The DataImport row of an import's outcome, for a background import's result page: the
    one a real import wrote, or a new one for a dry run or a refused file (not audited, since
    nothing changed). Whoever ran the import."""
    value_policy.require(actor, IMPORT)
    if summary.log_id is not None:
        return DataImport.objects.get(pk=summary.log_id)
    return _import_log(actor, summary, source, file_format)
