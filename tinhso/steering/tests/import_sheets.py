"""Task sheets for the import tests, written with openpyxl into the real template (or a bare
sheet), and the state that a refused import must leave untouched."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from tinhso.audit.models import AuditEntry
from tinhso.core.testing import state_of
from tinhso.steering.import_workbook import COLUMNS, FIRST_ROW, SHEET, build_template
from tinhso.steering.models import Task

KEYS = [column.key for column in COLUMNS]  # A key, B directive_number, … O programme


def task_row(**cells: Any) -> dict[str, Any]:
    """A one-off task of the board's directive, led by the reporter's ward; ``cells`` change it."""
    row: dict[str, Any] = {
        "directive_number": "01-KH/BCĐ", "directive_date": dt.date(2025, 3, 1),
        "level": "province", "title": "Số hóa hồ sơ đất đai", "lead_unit": "03388",
        "deadline": "30/06/2026",
    }  # fmt: skip
    row.update(cells)
    return {key: value for key, value in row.items() if value is not None}


def sheet(*rows: dict[str, Any]) -> bytes:
    """The downloaded template with ``rows`` typed in from its first data row."""
    workbook = load_workbook(io.BytesIO(build_template()))
    tasks = workbook[SHEET]
    for number, row in enumerate(rows, start=FIRST_ROW):
        for key, value in row.items():
            tasks.cell(row=number, column=KEYS.index(key) + 1, value=value)
    return _save(workbook)


def bare_sheet(header: list[Any], *lines: list[Any], title: str = "Sheet1") -> bytes:
    """A workbook made by hand: one sheet, ``header`` on row 1, then ``lines``."""
    workbook = Workbook()
    tasks = workbook.active
    assert tasks is not None
    tasks.title = title
    tasks.append(header)
    for line in lines:
        tasks.append(line)
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def written() -> list[list[dict[str, Any]]]:
    """Tasks, their units and indicators, and the audit trail: unchanged by a refused import."""
    return state_of(
        Task.objects.all(), Task.co_units.through.objects.all(),
        Task.indicators.through.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip
