"""The dashboard as an XLSX workbook: a cover sheet (what the figures cover and how they are
defined), then one sheet per panel with numbers stored as numbers and dates as dates."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.core.sheets import new_workbook, sheet_title, workbook_bytes, write_cover, write_table
from tinhso.steering.dashboard import SteeringDashboard
from tinhso.steering.report.tables import dashboard_panels
from tinhso.steering.report.wording import definitions, scope_lines


def build_xlsx(board: SteeringDashboard) -> bytes:
    """The workbook as bytes: the cover, then summary, units, heatmap, overdue, directives,
    budget."""
    workbook, cover = new_workbook()
    _cover(cover, board)
    names = sheet_names()
    for key, panel in dashboard_panels(board).items():
        sheet = workbook.create_sheet(sheet_title(names[key]))
        write_table(sheet, panel.title, panel.columns, panel.rows)
    return workbook_bytes(workbook)


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
    write_cover(
        sheet,
        name=_("About"),
        heading=_("Task progress, %(year)s") % {"year": board.year},
        rows=[(_("Year"), board.year), (_("Figures as of"), board.today), *scope_lines(board)],
        widths=(30, 90),
    )
    sheet.append([])
    sheet.append([_("Definitions")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for label, text in definitions():
        sheet.append([label, text])
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
