"""A table (columns and rows) as a CSV or XLSX download: every chart's data can leave the page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(
    name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], file_format: str
) -> HttpResponse:
    """``name``.csv (UTF-8 with a BOM, so Excel reads Vietnamese) or ``name``.xlsx."""
    filename = slugify(name) or "table"
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(title, columns, rows), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31].replace("/", "-").replace(":", " ") or "Sheet"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for index, column in enumerate(sheet.columns, 1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


def _cell(value: Any) -> Any:
    """Numbers written as text become numbers in the sheet, so that sums work in Excel; codes
    with a leading zero (03388) stay text."""
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return float(value) if "." in value else int(value)
    if isinstance(value, Decimal):
        return float(value)
    return value
