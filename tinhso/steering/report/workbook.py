"""The dashboard as an XLSX workbook: a cover sheet (what the figures cover and how they are
defined), then one sheet per panel with numbers stored as numbers and dates as dates."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.monitoring.dashboard import Panel
from tinhso.steering.dashboard import SteeringDashboard
from tinhso.steering.report.tables import dashboard_panels
from tinhso.steering.report.wording import definitions, scope_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 2  # row 1 holds the panel's title
MAX_WIDTH = 60
DATE_FORMAT = "DD/MM/YYYY"


def build_xlsx(board: SteeringDashboard) -> bytes:
    """The workbook as bytes: the cover, then summary, units, heatmap, overdue, directives,
    budget."""
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    _cover(cover, board)
    names = sheet_names()
    for key, panel in dashboard_panels(board).items():
        _sheet(workbook.create_sheet(sheet_title(names[key])), panel)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sheet_names() -> dict[str, str]:
    return {
        "summary": _("Key figures"),
        "units": _("On-time rate by unit"),
        "heatmap": _("Unit × month"),
        "overdue": _("Overdue tasks"),
        "directives": _("Tasks per directive"),
        "budget": _("Budget"),
    }


def file_name(board: SteeringDashboard, extension: str) -> str:
    """e.g. tien-do-nhiem-vu-2026.xlsx (ASCII, so that every browser keeps it)."""
    return f"tien-do-nhiem-vu-{board.year}.{extension}"


def _cover(sheet: Worksheet, board: SteeringDashboard) -> None:
    sheet.title = sheet_title(_("About"))
    sheet.append([_("Task progress, %(year)s") % {"year": board.year}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    rows: list[tuple[str, Any]] = [
        (_("Year"), board.year),
        (_("Figures as of"), board.today),
        *scope_lines(board),
    ]
    for label, value in rows:
        sheet.append([label, value])
        if isinstance(value, dt.date):
            sheet.cell(sheet.max_row, 2).number_format = DATE_FORMAT  # a short sheet
    sheet.append([])
    sheet.append([_("Definitions")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for label, text in definitions():
        sheet.append([label, text])
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90


def _sheet(sheet: Worksheet, panel: Panel) -> None:
    sheet.append([panel.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(panel.columns)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Rows counted here: the sheet's max_row walks every cell, quadratic over a long sheet.
    for row, values in enumerate(panel.rows, HEADER_ROW + 1):
        sheet.append([_plain(value) for value in values])
        for column, value in enumerate(values, 1):
            if fmt := _number_format(value):
                sheet.cell(row, column).number_format = fmt
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    if panel.rows:
        last = get_column_letter(len(panel.columns))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(panel.rows)}"
    _widths(sheet, panel)


def _plain(value: Any) -> Any:
    """Decimals as floats (Excel has no other number); everything else as it is."""
    return float(value) if isinstance(value, Decimal) else value


def _number_format(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        places = max(-int(value.as_tuple().exponent), 0)
        return "#,##0" + ("." + "0" * places if places else "")
    if isinstance(value, int):
        return "#,##0"
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def _widths(sheet: Worksheet, panel: Panel) -> None:
    for index, name in enumerate(panel.columns, 1):
        texts = [name, *(_shown(row[index - 1]) for row in panel.rows)]
        width = min(max(len(text) for text in texts) + 2, MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 8)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)


_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return _FORBIDDEN.sub(" ", text)[:31].strip() or "Sheet"
