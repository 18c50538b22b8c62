"""Reading and writing DHIS2 ``dataValueSets`` documents (JSON and CSV, identifiers by code)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# DHIS2's CSV columns, in its order; only the first four and "value" are needed to import.
CSV_COLUMNS = (
    "dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
    "value", "storedby", "lastupdated", "comment", "followup",
)  # fmt: skip
REQUIRED_CSV = ("dataelement", "period", "orgunit", "value")
MAX_BYTES = 200_000_000


@dataclass(slots=True)
class RawValue:
    """One value as the document gives it, before any lookup; ``row`` is 1-based."""

    row: int
    data_element: str
    period: str
    org_unit: str
    option: str
    value: str
    comment: str = ""


@dataclass(frozen=True)
class FormatError:
    row: int
    field: str
    message: str


def parse_json(data: bytes) -> tuple[list[RawValue], list[FormatError]]:
    """A ``{"dataValues": [...]}`` document; top-level period/orgUnit apply to every value."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], [FormatError(0, "document", _("Not valid JSON: %(error)s") % {"error": exc})]
    if not isinstance(document, dict) or not isinstance(document.get("dataValues"), list):
        return [], [FormatError(0, "dataValues", _("The document needs a “dataValues” list."))]
    defaults = {key: str(document.get(key) or "") for key in ("period", "orgUnit")}
    values, errors = [], []
    for row, item in enumerate(document["dataValues"], start=1):
        if not isinstance(item, dict):
            errors.append(FormatError(row, "dataValues", _("Each data value must be an object.")))
            continue
        values.append(_from_json(row, item, defaults))
    return values, errors


def _from_json(row: int, item: dict[str, Any], defaults: dict[str, str]) -> RawValue:
    return RawValue(
        row=row,
        data_element=_text(item.get("dataElement")),
        period=_text(item.get("period")) or defaults["period"],
        org_unit=_text(item.get("orgUnit")) or defaults["orgUnit"],
        option=_text(item.get("categoryOptionCombo")),
        value=_text(item.get("value")),
        comment=_text(item.get("comment")),
    )


def parse_csv(data: bytes) -> tuple[list[RawValue], list[FormatError]]:
    """DHIS2's CSV with a header row (any column order, names case-insensitive)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [FormatError(0, "document", _("The file is not UTF-8 text."))]
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED_CSV if name not in header]
    if missing:
        message = _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        return [], [FormatError(1, "header", message)]
    index = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    values = [
        _from_csv(line, record, index) for line, record in enumerate(reader, start=2) if record
    ]
    return values, []


def _from_csv(line: int, record: list[str], index: dict[str, int]) -> RawValue:
    def cell(name: str) -> str:
        position = index.get(name)
        return record[position].strip() if position is not None and position < len(record) else ""

    return RawValue(
        row=line, data_element=cell("dataelement"), period=cell("period"),
        org_unit=cell("orgunit"), option=cell("categoryoptioncombo"), value=cell("value"),
        comment=cell("comment"),
    )  # fmt: skip


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def to_json(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A ``dataValueSets`` document from rows of dataElement/period/orgUnit/... codes."""
    return {"dataValues": list(rows)}


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    """DHIS2's CSV, with its header, from the same rows as ``to_json``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["dataElement"], row["period"], row["orgUnit"], row["categoryOptionCombo"],
                "", row["value"], row.get("storedBy", ""), row.get("lastUpdated", ""),
                row.get("comment", ""), "false",
            ]
        )  # fmt: skip
    return out.getvalue()
