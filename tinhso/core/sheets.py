"""Reports as XLSX workbooks: a cover sheet (what the figures are), then one sheet per table, with
numbers stored as numbers and dates as dates, so that they add up and sort in Excel.

Shared by the monitoring review's workbook and the steering dashboard's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 2  # row 1 holds the table's title
MAX_WIDTH = 60
DATE_FORMAT = "DD/MM/YYYY"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class Cells:
    """How a table's values become cells: the value stored, its number format and the text its
    column's width is measured on. Plain Python values: Decimals stored as floats with their
    decimals shown, whole numbers grouped, dates as dates."""

    def value(self, value: Any) -> Any:
        """Decimals as floats (Excel has no other number); everything else as it is."""
        return float(value) if isinstance(value, Decimal) else value

    def number_format(self, value: Any) -> str | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, Decimal):
            return grouped(max(-int(value.as_tuple().exponent), 0))
        if isinstance(value, int):
            return grouped(0)
        if isinstance(value, dt.date):
            return DATE_FORMAT
        return None

    def text(self, value: Any) -> str:
        if isinstance(value, dt.date):
            return date_format(value, "SHORT_DATE_FORMAT")
        return "" if value is None else str(value)


def grouped(places: int) -> str:
    """Excel's format of a number grouped by thousands with ``places`` decimals."""
    return "#,##0" + ("." + "0" * places if places else "")


def sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return _FORBIDDEN.sub(" ", text)[:31].strip() or "Sheet"


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, for the cover."""
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    return workbook, cover


def workbook_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_cover(
    sheet: Worksheet,
    *,
    name: str,
    heading: str,
    rows: Sequence[tuple[str, Any]],
    widths: tuple[float, float],
) -> None:
    """The cover: ``heading`` in bold, then a label and a value a row, dates as dates."""
    sheet.title = sheet_title(name)
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for label, value in rows:
        sheet.append([label, value])
        if isinstance(value, dt.date):
            sheet.cell(sheet.max_row, 2).number_format = DATE_FORMAT  # a short sheet
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = widths


def write_table(
    sheet: Worksheet,
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    total: bool = False,
    cells: Cells | None = None,
) -> None:
    """The title, the header row (frozen, with filters) and the rows; the last row in bold
    when it is a ``total``; each column as wide as its longest text, up to MAX_WIDTH."""
    cells = cells or Cells()
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(columns))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Rows counted here: the sheet's max_row walks every cell, quadratic over a long sheet.
    for row, values in enumerate(rows, HEADER_ROW + 1):
        sheet.append([cells.value(value) for value in values])
        for column, value in enumerate(values, 1):
            if fmt := cells.number_format(value):
                sheet.cell(row, column).number_format = fmt
    last = HEADER_ROW + len(rows)
    if total and rows:
        for cell in sheet[last]:
            cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    if rows:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
    _fit_widths(sheet, columns, rows, cells)


def _fit_widths(
    sheet: Worksheet, columns: Sequence[str], rows: Sequence[Sequence[Any]], cells: Cells
) -> None:
    for index, name in enumerate(columns, 1):
        texts = [name, *(cells.text(row[index - 1]) for row in rows)]
        width = min(max(len(text) for text in texts) + 2, MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 8)
