"""Reading an agencies CSV into checked rows, or into messages naming each bad row and field."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tinhso.orgunits.choices import ADMINISTRATIVE_KINDS, OrgUnitKind
from tinhso.orgunits.models import OrgUnit, code_validator

COLUMNS = (
    "code", "name", "parent_code", "kind", "name_en", "short_name", "email", "phone", "address",
    "valid_from",
)  # fmt: skip
REQUIRED = ("code", "name", "parent_code")
KINDS = {OrgUnitKind.AGENCY.value, OrgUnitKind.OTHER.value}
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file, the header being line 1
    field: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(field)s: %(message)s") % {
            "row": self.row, "field": self.field, "message": self.message,
        }  # fmt: skip


@dataclass
class AgencyRow:
    row: int
    code: str
    parent_code: str
    values: dict[str, Any] = field(default_factory=dict)


def parse_agencies(data: bytes) -> tuple[list[AgencyRow], list[RowError]]:
    """Rows ready to write, and every problem found; the caller writes nothing if any."""
    text, error = _decode(data)
    if error:
        return [], [error]
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    header_errors = _check_header(reader.fieldnames or [])
    if header_errors:
        return [], header_errors
    rows: list[AgencyRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        row, row_errors = _parse_row(line, record, seen)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
            seen[row.code] = line
    errors.extend(_check_against_database(rows))
    if not rows and not errors:
        errors.append(RowError(1, "file", _("The file has no rows.")))
    return rows, errors


def _decode(data: bytes) -> tuple[str, RowError | None]:
    if len(data) > MAX_BYTES:
        return "", RowError(1, "file", _("The file is larger than 1 MB."))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", RowError(1, "file", _("The file is not UTF-8 text. Save it as “CSV UTF-8”."))


def _dialect(text: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        return csv.excel


def _check_header(names: list[str]) -> list[RowError]:
    present = {name.strip() for name in names}
    errors = [
        RowError(1, column, _("The required column is missing."))
        for column in REQUIRED
        if column not in present
    ]
    errors += [
        RowError(
            1,
            name,
            _("Unknown column. Known columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
        )
        for name in names
        if name.strip() not in COLUMNS
    ]
    return errors


def _parse_row(
    line: int, record: dict[str, Any], seen: dict[str, int]
) -> tuple[AgencyRow | None, list[RowError]]:
    values = {key.strip(): (value or "").strip() for key, value in record.items() if key}
    errors = [
        RowError(line, name, _("This field is required."))
        for name in REQUIRED
        if not values.get(name)
    ]
    code = values.get("code", "")
    if code:
        errors += _check_code(line, code, seen)
    kind = values.get("kind") or OrgUnitKind.AGENCY.value
    if kind not in KINDS:
        errors.append(RowError(line, "kind", _("Use “agency” or “other”.")))
    if len(values.get("name", "")) > 200:
        errors.append(RowError(line, "name", _("At most 200 characters.")))
    errors += _check_email(line, values.get("email", ""))
    valid_from, date_error = _parse_date(line, values.get("valid_from", ""))
    errors += date_error
    if errors:
        return None, errors
    fields = {
        "name": values["name"], "kind": kind, "name_en": values.get("name_en", ""),
        "short_name": values.get("short_name", ""), "email": values.get("email", ""),
        "phone": values.get("phone", ""), "address": values.get("address", ""),
        "valid_from": valid_from,
    }  # fmt: skip
    return AgencyRow(row=line, code=code, parent_code=values["parent_code"], values=fields), []


def _check_code(line: int, code: str, seen: dict[str, int]) -> list[RowError]:
    try:
        code_validator(code)
    except ValidationError as exc:
        return [RowError(line, "code", str(exc.messages[0]))]
    if len(code) > 32:
        return [RowError(line, "code", _("At most 32 characters."))]
    if code in seen:
        return [RowError(line, "code", _("The same code is on row %(row)s.") % {"row": seen[code]})]
    return []


def _check_email(line: int, email: str) -> list[RowError]:
    if not email:
        return []
    try:
        validate_email(email)
    except ValidationError:
        return [RowError(line, "email", _("Not a valid e-mail address."))]
    return []


def _parse_date(line: int, text: str) -> tuple[dt.date | None, list[RowError]]:
    if not text:
        return None, []
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date(), []  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None, [RowError(line, "valid_from", _("Write the date as dd/mm/yyyy."))]


def _check_against_database(rows: list[AgencyRow]) -> list[RowError]:
    """Parents must exist (in the tree or on an earlier row); official units are not overwritten."""
    codes = {row.code for row in rows} | {row.parent_code for row in rows}
    known = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    errors: list[RowError] = []
    earlier: set[str] = set()
    for row in rows:
        existing = known.get(row.code)
        if existing is not None and existing.kind in ADMINISTRATIVE_KINDS:
            errors.append(
                RowError(
                    row.row, "code", _("This code belongs to an official administrative unit.")
                )
            )
        if row.parent_code not in known and row.parent_code not in earlier:
            errors.append(
                RowError(
                    row.row,
                    "parent_code",
                    _("No unit has the code “%(code)s” (in the tree or on an earlier row).")
                    % {"code": row.parent_code},
                )
            )
        if row.parent_code == row.code:
            errors.append(RowError(row.row, "parent_code", _("A unit cannot be its own parent.")))
        earlier.add(row.code)
    return errors
