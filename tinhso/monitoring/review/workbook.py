"""The review's tables as an XLSX workbook: a cover sheet, then one sheet per table, with
numbers stored as numbers (shown with the document's decimals) so that they add up in Excel."""

from __future__ import annotations

import io
import re
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.monitoring.review.document import Letterhead
from tinhso.monitoring.review.figures import Review
from tinhso.monitoring.review.tables import Number, Table, Value, review_tables
from tinhso.monitoring.review.wording import range_phrase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 2  # row 1 holds the table's title
MAX_WIDTH = 60


def sheet_names() -> dict[str, str]:
    return {
        "reporting": _("Reporting"),
        "indicators": _("Indicators"),
        "units": _("Units"),
        "overdue": _("Overdue reports"),
        "trend": _("Trend"),
    }


def build_xlsx(review: Review, letterhead: Letterhead) -> bytes:
    """The workbook as bytes: the cover, then reporting, indicators, units, overdue, trend."""
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    _cover(cover, review, letterhead)
    names = sheet_names()
    for key, table in review_tables(review).items():
        _sheet(workbook.create_sheet(_sheet_title(names[key])), table)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _cover(sheet: Worksheet, review: Review, letterhead: Letterhead) -> None:
    sheet.title = _sheet_title(_("Report"))
    sheet.append([letterhead.summary(review)])
    sheet["A1"].font = Font(bold=True, size=13)
    rows = [
        (_("Org unit"), f"{review.unit.code} · {review.unit.name}"),
        (_("Period"), range_phrase(review.periods)),
        (_("From period"), review.first.code),
        (_("To period"), review.last.code),
        (_("Figures as of"), review.today),
        (_("Issued by"), letterhead.issuer),
    ]
    sheet.append([])
    for label, value in rows:
        sheet.append([label, value])
        if isinstance(value, date):
            sheet.cell(sheet.max_row, 2).number_format = "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70


def _sheet(sheet: Worksheet, table: Table) -> None:
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(table.columns)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        sheet.append([_plain(v) for v in values])
        for column, value in enumerate(values, 1):
            cell = sheet.cell(sheet.max_row, column)
            if isinstance(value, Number):
                cell.number_format = "#,##0" + ("." + "0" * value.places if value.places else "")
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    if table.total and table.rows:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    if table.rows:
        sheet.auto_filter.ref = (
            f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{sheet.max_row}"
        )
    _widths(sheet, table)


def _plain(value: Value) -> int | float | str | date | None:
    if isinstance(value, Number):
        return int(value.value) if value.places == 0 else float(value.value)
    return value


def _widths(sheet: Worksheet, table: Table) -> None:
    for index, name in enumerate(table.columns, 1):
        texts = [name, *(_shown(row[index - 1]) for row in table.rows)]
        width = min(max(len(t) for t in texts) + 2, MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 8)


def _shown(value: Value) -> str:
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Number):
        return f"{value.value:,.{value.places}f}"
    return "" if value is None else str(value)


_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return _FORBIDDEN.sub(" ", text)[:31].strip() or "Sheet"
