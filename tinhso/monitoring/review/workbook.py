"""The review's tables as an XLSX workbook: a cover sheet, then one sheet per table, with
numbers stored as numbers (shown with the document's decimals) so that they add up in Excel."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tinhso.core.sheets import (
    DATE_FORMAT,
    Cells,
    grouped,
    new_workbook,
    sheet_title,
    workbook_bytes,
    write_cover,
    write_table,
)
from tinhso.monitoring.review.document import Letterhead
from tinhso.monitoring.review.figures import Review
from tinhso.monitoring.review.tables import Number, review_tables
from tinhso.monitoring.review.wording import range_phrase


def sheet_names() -> dict[str, str]:
    return {
        "reporting": _("Reporting"),
        "indicators": _("Indicators"),
        "units": _("Units"),
        "overdue": _("Overdue reports"),
        "trend": _("Trend"),
    }


class ReviewCells(Cells):
    """The review's numbers carry their decimals (Number); nothing else is formatted."""

    def value(self, value: Any) -> Any:
        if isinstance(value, Number):
            return int(value.value) if value.places == 0 else float(value.value)
        return value

    def number_format(self, value: Any) -> str | None:
        if isinstance(value, Number):
            return grouped(value.places)
        return DATE_FORMAT if isinstance(value, date) else None

    def text(self, value: Any) -> str:
        if isinstance(value, Number):
            return f"{value.value:,.{value.places}f}"
        return super().text(value)


def build_xlsx(review: Review, letterhead: Letterhead) -> bytes:
    """The workbook as bytes: the cover, then reporting, indicators, units, overdue, trend."""
    workbook, cover = new_workbook()
    write_cover(
        cover,
        name=_("Report"),
        heading=letterhead.summary(review),
        rows=[
            (_("Org unit"), f"{review.unit.code} · {review.unit.name}"),
            (_("Period"), range_phrase(review.periods)),
            (_("From period"), review.first.code),
            (_("To period"), review.last.code),
            (_("Figures as of"), review.today),
            (_("Issued by"), letterhead.issuer),
        ],
        widths=(22, 70),
    )
    names = sheet_names()
    for key, table in review_tables(review).items():
        sheet = workbook.create_sheet(sheet_title(names[key]))
        write_table(
            sheet, table.title, table.columns, table.rows, total=table.total, cells=ReviewCells()
        )
    return workbook_bytes(workbook)
