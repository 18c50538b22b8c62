"""The Excel template of a data set: download it, fill in the values, upload it.

One row per value to report (org unit × period × data element × option), sorted so that a
unit's report for one period reads top to bottom like the paper form. A long list rather than a
grid because every row then stands on its own: Excel's filter works on it, one shape serves one
commune's month and a province's year alike, and a problem is reported by its row. Only the
value and comment cells are unlocked; the codes the upload maps back by sit, row for row, on a
hidden sheet, and the visible code cells must still match them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any, Literal

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from tinhso.monitoring.choices import ValueType
from tinhso.monitoring.dhis2.datavaluesets import FormatError, RawValue
from tinhso.monitoring.models import DEFAULT_CODE, CategoryOption, DataElement, DataSet, DataValue
from tinhso.monitoring.periods import Period
from tinhso.monitoring.validation import WHOLE_TYPES
from tinhso.orgunits.models import OrgUnit

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARK = "tinhso:dataValueSet-template"
VERSION = 1
KEYS_SHEET = "_keys"
FIRST_ROW = 5  # 1: title, 2: how to fill it in, 3: headers in Vietnamese, 4: in English
MAX_ROWS = 100_000  # a bigger range is better exported as CSV; Excel stops at 1,048,576

# The columns of the data sheet: (field as the JSON/CSV formats name it, header, width).
COLUMNS = (
    ("orgUnit", gettext_lazy("Org unit code"), 11),
    ("", gettext_lazy("Org unit"), 28),
    ("period", gettext_lazy("period"), 9),
    ("dataElement", gettext_lazy("Data element code"), 16),
    ("", gettext_lazy("data element"), 48),
    ("categoryOptionCombo", gettext_lazy("disaggregation"), 16),
    ("", gettext_lazy("unit of measure"), 12),
    ("value", gettext_lazy("value"), 14),
    ("comment", gettext_lazy("comment"), 36),
)
LETTERS = "ABCDEFGHI"
COLUMN_OF_FIELD = {field: LETTERS[i] for i, (field, _h, _w) in enumerate(COLUMNS) if field}
VALUE_COLUMN, COMMENT_COLUMN = 7, 8  # 0-based positions of the two open columns
KEY_FIELDS = ("orgUnit", "period", "dataElement", "categoryOptionCombo")
# The data sheet's cells that repeat a key, by 0-based column, and the key's position.
CHECKED_KEYS = ((0, 0, "orgUnit"), (2, 1, "period"), (3, 2, "dataElement"))
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}

_BOLD = Font(bold=True)
_MUTED = Font(italic=True, color="666666")
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_OPEN_FILL = PatternFill("solid", fgColor="FFF7D6")
_OPEN = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")

# A write-only worksheet: it gets protection, filters and validations at run time from
# Worksheet._setup, which the type stubs do not know about.
Sheet = Any
Operator = Literal["between", "greaterThanOrEqual", "lessThanOrEqual"]


class TemplateTooLarge(ValueError):
    """More rows than one workbook should hold."""


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One value to report, and what is stored for it now."""

    unit: OrgUnit
    period: Period
    element: DataElement
    option: CategoryOption
    value: Decimal | None
    comment: str


def template_rows(
    data_set: DataSet, org_units: Sequence[OrgUnit], periods: Sequence[Period]
) -> list[TemplateRow]:
    """Every (unit, period, element, option) of the data set, with its stored value if any.
    The caller chooses the units: the ones the user may read (export) or write (template)."""
    elements = list(data_set.elements.select_related("category").order_by("code"))
    options = _options_by_element(elements)
    count = len(org_units) * len(periods) * sum(len(options[e.pk]) for e in elements)
    if count > MAX_ROWS:
        message = _(
            "%(count)s rows are too many for one workbook (at most %(max)s); "
            "choose fewer units or periods, or export CSV."
        )
        raise TemplateTooLarge(message % {"count": count, "max": MAX_ROWS})
    stored = _stored_values(elements, org_units, periods)
    return [
        TemplateRow(unit, period, element, option, *stored.get(
            (element.pk, unit.pk, period.code, option.pk), (None, "")
        ))
        for unit in org_units
        for period in periods
        for element in elements
        for option in options[element.pk]
    ]  # fmt: skip


def _options_by_element(elements: Iterable[DataElement]) -> dict[int, list[CategoryOption]]:
    options = list(CategoryOption.objects.select_related("category"))
    default = [o for o in options if o.code == DEFAULT_CODE and o.category.code == DEFAULT_CODE]
    return {
        e.pk: [o for o in options if o.category_id == e.category_id] if e.category_id else default
        for e in elements
    }


def _stored_values(
    elements: Sequence[DataElement], units: Sequence[OrgUnit], periods: Sequence[Period]
) -> dict[tuple[int, int, str, int], tuple[Decimal, str]]:
    if not (elements and units and periods):
        return {}
    rows = DataValue.objects.filter(
        data_element__in=elements, org_unit__in=units, period__in=[p.code for p in periods]
    ).values_list("data_element_id", "org_unit_id", "period", "option_id", "value", "comment")
    return {(e, u, p, o): (value, comment) for e, u, p, o, value, comment in rows}


def build_template(
    data_set: DataSet, org_units: Sequence[OrgUnit], periods: Sequence[Period]
) -> bytes:
    """The workbook of ``data_set`` for these units and periods, current values filled in."""
    return build_workbook(data_set, template_rows(data_set, org_units, periods))


def build_workbook(data_set: DataSet, rows: Sequence[TemplateRow]) -> bytes:
    """The template workbook of ``rows`` (see ``template_rows``)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title())
    keys = workbook.create_sheet(KEYS_SHEET)
    _write_heading(sheet, data_set)
    _write_keys_heading(keys, data_set, sheet.title)
    yes_no = YES_NO["vi" if (translation.get_language() or "").startswith("vi") else "en"]
    for row in rows:
        sheet.append(_data_cells(sheet, row, yes_no))
        keys.append(
            [row.unit.code, row.period.code, row.element.code, row.option.code],
        )
    last = FIRST_ROW + len(rows) - 1
    _add_validations(sheet, rows, yes_no)
    _protect(sheet, keys, last)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title() -> str:
    # Sheet names cannot hold []:*?/\ and stop at 31 characters.
    title = str(_("Data"))
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Data"


def _write_heading(sheet: Sheet, data_set: DataSet) -> None:
    for index, (_field, _header, width) in enumerate(COLUMNS):
        sheet.column_dimensions[LETTERS[index]].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.append(
        [_cell(sheet, f"{data_set.name} ({data_set.code})", font=Font(bold=True, size=13))]
    )
    sheet.append([_cell(sheet, _instructions(), font=_MUTED)])
    for language, font in (("vi", _BOLD), ("en", _MUTED)):
        with translation.override(language):
            headers = [capfirst(str(header)) for _field, header, _width in COLUMNS]
        sheet.append([_cell(sheet, text, font=font, fill=_HEADER_FILL) for text in headers])


def _instructions() -> str:
    return _(
        "Fill in the value and comment columns only; an empty value leaves the stored one "
        "unchanged. Upload the file on the import page."
    )


def _write_keys_heading(keys: Sheet, data_set: DataSet, sheet_title: str) -> None:
    keys.sheet_state = "veryHidden"
    keys.append([MARK, VERSION])
    keys.append(["dataSet", data_set.code])
    keys.append(["sheet", sheet_title])
    keys.append(list(KEY_FIELDS))


def _data_cells(sheet: Sheet, row: TemplateRow, yes_no: tuple[str, str]) -> list[Any]:
    element = row.element
    option = "" if row.option.code == DEFAULT_CODE else row.option.name
    return [
        row.unit.code, row.unit.name, row.period.code, element.code, element.name, option,
        element.unit,
        _cell(sheet, _cell_value(element, row.value, yes_no), fill=_OPEN_FILL, locked=False),
        _cell(sheet, row.comment or None, fill=_OPEN_FILL, locked=False),
    ]  # fmt: skip


def _cell_value(element: DataElement, value: Decimal | None, yes_no: tuple[str, str]) -> Any:
    if value is None:
        return None
    if element.value_type == ValueType.BOOLEAN:
        return yes_no[0] if value else yes_no[1]
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _cell(
    sheet: Sheet,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    locked: bool = True,
) -> Cell:
    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if not locked:
        cell.protection = _OPEN
        cell.alignment = _WRAP
    return cell


def _add_validations(sheet: Sheet, rows: Sequence[TemplateRow], yes_no: tuple[str, str]) -> None:
    """Excel refuses a wrong value as it is typed; the upload checks again all the same.
    Rows with the same rule are merged into runs, so the rule's cell list stays short."""
    runs: dict[tuple[str, Decimal | None, Decimal | None], list[tuple[int, int]]] = {}
    for number, row in enumerate(rows, start=FIRST_ROW):
        element = row.element
        spans = runs.setdefault((element.value_type, element.min_value, element.max_value), [])
        if spans and spans[-1][1] == number - 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    column = LETTERS[VALUE_COLUMN]
    for (value_type, low, high), spans in runs.items():
        if len(spans) > 1000:  # Excel slows down on very long cell lists; the upload still checks
            continue
        rule = _validation(value_type, low, high, yes_no)
        rule.add(
            " ".join(f"{column}{a}:{column}{b}" if a != b else f"{column}{a}" for a, b in spans)
        )
        sheet.data_validations.append(rule)


def _validation(
    value_type: str, low: Decimal | None, high: Decimal | None, yes_no: tuple[str, str]
) -> DataValidation:
    prompt = str(ValueType(value_type).label)
    if value_type == ValueType.BOOLEAN:
        return DataValidation(
            type="list", formula1=f'"{yes_no[0]},{yes_no[1]}"', allow_blank=True,
            showErrorMessage=True, prompt=prompt, showInputMessage=True,
        )  # fmt: skip
    if value_type == ValueType.PERCENTAGE:
        low = max(low, Decimal(0)) if low is not None else Decimal(0)
        high = min(high, Decimal(100)) if high is not None else Decimal(100)
    elif value_type == ValueType.POSITIVE_INTEGER:
        low = max(low, Decimal(1)) if low is not None else Decimal(1)
    elif value_type == ValueType.ZERO_OR_POSITIVE_INTEGER:
        low = max(low, Decimal(0)) if low is not None else Decimal(0)
    kind: Literal["whole", "decimal"] = "whole" if value_type in WHOLE_TYPES else "decimal"
    operator, first, second = _bounds(low, high)
    if low is not None or high is not None:
        prompt = f"{prompt}: {_bound_text(low)} – {_bound_text(high)}"
    return DataValidation(
        type=kind, operator=operator, formula1=first, formula2=second, allow_blank=True,
        showErrorMessage=True, prompt=prompt[:250], showInputMessage=True,
    )  # fmt: skip


def _bounds(low: Decimal | None, high: Decimal | None) -> tuple[Operator, str, str | None]:
    if low is not None and high is not None:
        return "between", _format(low), _format(high)
    if low is not None:
        return "greaterThanOrEqual", _format(low), None
    if high is not None:
        return "lessThanOrEqual", _format(high), None
    # Any number: Excel has no "is a number" rule, so a range wide enough for every value.
    return "between", "-1E+18", "1E+18"


def _bound_text(number: Decimal | None) -> str:
    return "…" if number is None else _format(number)


def _format(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _protect(sheet: Sheet, keys: Sheet, last: int) -> None:
    # No password: the lock guards against slips, not people; a changed key is caught on upload.
    sheet.protection.sheet = True
    sheet.protection.autoFilter = False  # filtering stays allowed; sorting would move rows
    sheet.protection.formatColumns = False
    keys.protection.sheet = True
    if last >= FIRST_ROW:
        sheet.auto_filter.ref = f"A{FIRST_ROW - 1}:{LETTERS[-1]}{last}"


# -- reading a filled-in template --


def parse_workbook(file: bytes | IO[bytes]) -> tuple[list[RawValue], list[FormatError]]:
    """The values typed into a template, as the JSON/CSV parsers give them; ``row`` is the row
    of the data sheet. Empty value cells are left out. Errors name the row and the column."""
    try:
        workbook = load_workbook(
            io.BytesIO(file) if isinstance(file, bytes) else file, read_only=True, data_only=True
        )
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], [FormatError(0, "document", _("The file is not an Excel workbook (.xlsx)."))]
    try:
        return _parse(workbook)
    finally:
        workbook.close()


def _parse(workbook: Any) -> tuple[list[RawValue], list[FormatError]]:
    if KEYS_SHEET not in workbook.sheetnames:
        return [], [_not_a_template()]
    keys = workbook[KEYS_SHEET].iter_rows(values_only=True, max_col=len(KEY_FIELDS))
    heading = [next(keys, ()) for _row in range(FIRST_ROW - 1)]
    if _text(_at(heading[0], 0)) != MARK or _text(_at(heading[0], 1)) != str(VERSION):
        return [], [_not_a_template()]
    sheet_title = _text(_at(heading[2], 1))
    if sheet_title not in workbook.sheetnames:
        message = _("The sheet “%(sheet)s” is missing.") % {"sheet": sheet_title}
        return [], [FormatError(0, "sheet", message)]
    cells = workbook[sheet_title].iter_rows(
        min_row=FIRST_ROW, values_only=True, max_col=len(COLUMNS)
    )
    return _read_rows(cells, keys)


def _not_a_template() -> FormatError:
    message = _(
        "This workbook is not a data template of this system; download the template and fill it in."
    )
    return FormatError(0, "document", message)


def _read_rows(
    cells: Iterator[tuple[Any, ...]], keys: Iterator[tuple[Any, ...]]
) -> tuple[list[RawValue], list[FormatError]]:
    values: list[RawValue] = []
    errors: list[FormatError] = []
    number = FIRST_ROW
    for number, row in enumerate(cells, start=FIRST_ROW):
        key = next(keys, None)
        if key is None:
            if any(_text(cell) for cell in row):
                message = _("This row is not part of the template.")
                errors.append(FormatError(number, "row", message))
            continue
        value = _read_row(number, row, tuple(_text(k) for k in key), errors)
        if value is not None:
            values.append(value)
    if next(keys, None) is not None:
        message = _("Rows were deleted from the template; download a new one.")
        errors.append(FormatError(number + 1, "row", message))
    return values, errors


def _read_row(
    number: int, row: tuple[Any, ...], key: tuple[str, ...], errors: list[FormatError]
) -> RawValue | None:
    for column, position, field in CHECKED_KEYS:
        if _text(_at(row, column)) != _at(key, position):
            message = _("Column %(column)s was changed from “%(code)s”; download a new template.")
            errors.append(
                FormatError(
                    number, field, message % {"column": LETTERS[column], "code": key[position]}
                )
            )
            return None
    value, comment = _value_text(_at(row, VALUE_COLUMN)), _text(_at(row, COMMENT_COLUMN))
    if not value:
        if comment:
            errors.append(FormatError(number, "value", _("A comment needs a value.")))
        return None
    return RawValue(
        row=number, org_unit=key[0], period=key[1], data_element=key[2], option=key[3],
        value=value, comment=comment,
    )  # fmt: skip


def _value_text(cell: Any) -> str:
    """What the cell holds, written as the JSON/CSV formats would write it."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        # Written out in full: 1e+20 would pass a digit count its 21 digits do not.
        return str(int(cell)) if cell.is_integer() else format(Decimal(repr(cell)), "f")
    if isinstance(cell, (datetime, date, time)):
        return cell.isoformat()  # not a number; the import says so on its row
    return _text(cell)


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _at(row: Sequence[Any] | None, index: int) -> Any:
    return row[index] if row is not None and index < len(row) else None
