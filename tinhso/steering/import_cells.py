"""Reading one cell of a task sheet: text, dates (a date cell or dd/mm/yyyy), a choice by its
value or its label in either language, lists of codes. A cell that cannot be read raises
CellError with the message to show on its row and column."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from tinhso.steering.choices import Recurrence, TaskLevel
from tinhso.steering.import_workbook import plain

# Accepted spellings besides the value and its label (compared plain: no marks, lower case).
# Spelled here because a list typed before the template existed uses them.
LEVEL_WORDS = {
    "trung uong": TaskLevel.CENTRAL, "cap trung uong": TaskLevel.CENTRAL,
    "tinh": TaskLevel.PROVINCE, "cap tinh": TaskLevel.PROVINCE,
    "don vi": TaskLevel.UNIT, "cap don vi": TaskLevel.UNIT, "co so": TaskLevel.UNIT,
}  # fmt: skip
RECURRENCE_WORDS = {
    "": Recurrence.NONE, "khong": Recurrence.NONE, "mot lan": Recurrence.NONE,
    "one off": Recurrence.NONE, "once": Recurrence.NONE,
    "thang": Recurrence.MONTHLY, "hang thang": Recurrence.MONTHLY,
    "quy": Recurrence.QUARTERLY, "hang quy": Recurrence.QUARTERLY,
    "nam": Recurrence.YEARLY, "hang nam": Recurrence.YEARLY, "annually": Recurrence.YEARLY,
}  # fmt: skip
DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
CODE_SEPARATORS = re.compile(r"[;,\n]+")


class CellError(Exception):
    """A cell that cannot be read; its message says why."""


def text(cell: Any) -> str:
    """What the cell holds as text: a whole number without ".0", a date as dd/mm/yyyy."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date)):
        return f"{cell:%d/%m/%Y}"
    return unicodedata.normalize("NFC", str(cell)).strip()


def required(value: Any) -> Any:
    """``value``, unless it is empty."""
    if value is None or value == "":
        raise CellError(_("This cell is required."))
    return value


def date(cell: Any) -> dt.date | None:
    """A date cell, or text written dd/mm/yyyy (also with . or -) or yyyy-mm-dd."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    typed = text(cell)
    if not typed:
        return None
    match = DATE_TEXT.match(typed)
    iso = ISO_DATE_TEXT.match(typed)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("“%(text)s” is not a real date.") % {"text": typed}) from None
    message = _("Write the date as dd/mm/yyyy, e.g. 31/12/2026 (found “%(text)s”).")
    raise CellError(message % {"text": typed})


def choice(cell: Any, choices: Any, words: Mapping[str, str], *, needed: bool = False) -> str:
    """A value of ``choices`` (TextChoices), typed as the value, its label in Vietnamese or
    English, or one of ``words``; marks and case do not matter."""
    typed = plain(text(cell))
    if not typed and needed:
        raise CellError(_("This cell is required."))
    found = _spellings(choices).get(typed) or words.get(typed)
    if found is not None:
        return str(found)
    labels = ", ".join(str(label) for label in choices.labels)
    raise CellError(
        _("“%(text)s” is not one of: %(labels)s.") % {"text": text(cell), "labels": labels}
    )


@functools.cache
def _spellings(choices: Any) -> dict[str, str]:
    """Each value of ``choices`` by itself and by its label in Vietnamese and English."""
    spellings: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                spellings[plain(str(value))] = str(value)
                spellings[plain(str(label))] = str(value)
    return spellings


def codes(cell: Any) -> list[str]:
    """The codes in a cell, separated by semicolons, commas or line breaks."""
    return [code.strip() for code in CODE_SEPARATORS.split(text(cell)) if code.strip()]


def task_id(typed: str) -> int | None:
    """The task id written as 12 or #12, if that is what ``typed`` is."""
    digits = typed[1:] if typed.startswith("#") else typed
    return int(digits) if digits.isdigit() and len(digits) < 12 else None
