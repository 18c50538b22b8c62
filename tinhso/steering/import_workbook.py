"""The Excel side of the task import: the template to download, and reading a filled-in sheet
into raw rows (cell values by column) or messages naming the row and the column.

The sheet is a plain list, one task per row, its columns found by their header text (Vietnamese,
English or the column's key), so a list kept in Excel before can be pasted in or renamed into
shape. Rows 1 and 2 of the template hold the Vietnamese and the English headers; the data starts
on row 3. Reference sheets list what the codes may be (directives, units, indicators,
programmes) as of the download.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import Recurrence, TaskLevel
from tinhso.steering.models import Directive, Programme

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The data sheet's name is data, not interface: the reader looks for it in any language.
SHEET = "Nhiệm vụ"
SHEET_ALIASES = (SHEET, "Tasks")
FIRST_ROW = 3  # 1: headers in Vietnamese, 2: in English
MAX_ROWS = 5_000
MAX_BYTES = 5_000_000
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 5  # a title line or two above the headers is tolerated
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    """One column of the sheet: its key (as the API and messages name it) and header."""

    key: str
    header: str | Promise
    width: int
    required: bool = False
    date: bool = False
    text: bool = False  # stored as text, so that codes such as 03388 keep their leading zero
    help: str | Promise = ""


# Headers carry the context "task import column": a column's name, not the word elsewhere.
COLUMNS: tuple[Column, ...] = (
    Column(
        "key",
        pgettext_lazy("task import column", "Row key"),
        9,
        text=True,
        help=gettext_lazy(
            "Optional. A short name for this row (e.g. 1, 1.2, A) that the parent column of other "
            "rows can refer to."
        ),
    ),
    Column(
        "directive_number",
        pgettext_lazy("task import column", "Directive number"),
        16,
        required=True,
        text=True,
        help=gettext_lazy("The number (số hiệu) of a directive already recorded, e.g. 01-KH/BCĐ."),
    ),
    Column(
        "directive_date",
        pgettext_lazy("task import column", "Directive date"),
        13,
        required=True,
        date=True,
        help=gettext_lazy(
            "Its date, dd/mm/yyyy. Number and date together find the directive; an unknown "
            "directive is an error: record it on the Directives page first."
        ),
    ),
    Column(
        "level",
        pgettext_lazy("task import column", "Level"),
        12,
        required=True,
        help=gettext_lazy(
            "Who assigned the task: central, province or unit (the Vietnamese names work too)."
        ),
    ),
    Column(
        "title",
        pgettext_lazy("task import column", "Task title"),
        48,
        required=True,
        help=gettext_lazy("What is to be done, at most 500 characters."),
    ),
    Column(
        "lead_unit",
        pgettext_lazy("task import column", "Lead unit code"),
        14,
        required=True,
        text=True,
        help=gettext_lazy("The code of the lead unit (see the Units sheet)."),
    ),
    Column(
        "co_units",
        pgettext_lazy("task import column", "Co-operating unit codes"),
        20,
        text=True,
        help=gettext_lazy("Optional. Unit codes separated by ; or , (not the lead unit)."),
    ),
    Column(
        "deadline",
        pgettext_lazy("task import column", "Deadline"),
        13,
        date=True,
        help=gettext_lazy("For a one-off task: dd/mm/yyyy. Leave empty for a recurring task."),
    ),
    Column(
        "recurrence",
        pgettext_lazy("task import column", "Recurrence"),
        12,
        help=gettext_lazy(
            "Empty or one-off; or monthly, quarterly, yearly for a task due again and again."
        ),
    ),
    Column(
        "first_due",
        pgettext_lazy("task import column", "First due date"),
        13,
        date=True,
        help=gettext_lazy("For a recurring task: when the first occurrence is due, dd/mm/yyyy."),
    ),
    Column(
        "last_due",
        pgettext_lazy("task import column", "Last due date"),
        13,
        date=True,
        help=gettext_lazy("Optional, for a recurring task: no occurrence is due after this date."),
    ),
    Column(
        "expected_product",
        pgettext_lazy("task import column", "Expected product"),
        30,
        help=gettext_lazy("Optional. What the unit hands in when the task is done."),
    ),
    Column(
        "indicators",
        pgettext_lazy("task import column", "Indicator codes"),
        18,
        text=True,
        help=gettext_lazy(
            "Optional. Codes of monitoring indicators separated by ; (see the Indicators sheet)."
        ),
    ),
    Column(
        "parent",
        pgettext_lazy("task import column", "Parent task"),
        12,
        text=True,
        help=gettext_lazy(
            "Optional. The row key of another row of this file, or #id of a task already "
            "recorded (e.g. #12). A row key wins over a task id written without #."
        ),
    ),
    Column(
        "programme",
        pgettext_lazy("task import column", "Programme"),
        24,
        help=gettext_lazy("Optional. The name or the id of the programme that funds the task."),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def letter_of(index: int) -> str:
    """The Excel letter of a 0-based column index (A … Z, AA …)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_of(key: str, language: str | None = None) -> str:
    """A column's header, in ``language`` (the active one by default)."""
    column = COLUMN_BY_KEY[key]
    if language is None:
        return capfirst(str(column.header))
    with translation.override(language):
        return capfirst(str(column.header))


def plain(text: str) -> str:
    """Lower case, single spaces, no Vietnamese marks: how typed names are compared."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("*", " ").split())


# -- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """A problem of the file as a whole or of one cell; ``row`` 0 means the file."""

    row: int
    field: str
    message: str
    column: str = ""  # the letter, when one column is at fault


@dataclass(frozen=True)
class RawRow:
    """The cells of one non-empty data row, by column key, and the letter of each column."""

    row: int
    cells: dict[str, Any]
    letters: dict[str, str]


def read_workbook(data: bytes | IO[bytes]) -> tuple[list[RawRow], list[SheetProblem]]:
    """The data rows of a filled-in task sheet, or the problems that stop it being read."""
    raw = data if isinstance(data, bytes) else data.read()
    if not raw:
        return [], [SheetProblem(0, "file", _("The file is empty."))]
    if len(raw) > MAX_BYTES:
        message = _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 1_000_000}
        return [], [SheetProblem(0, "file", message)]
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return [], [SheetProblem(0, "file", _("The file is not an Excel workbook (.xlsx)."))]
    try:
        return _read_sheet(_data_sheet(workbook))
    finally:
        workbook.close()


def _data_sheet(workbook: Any) -> Any:
    for name in SHEET_ALIASES:
        if name in workbook.sheetnames:
            return workbook[name]
    return workbook.worksheets[0]


def _read_sheet(sheet: Any) -> tuple[list[RawRow], list[SheetProblem]]:
    lines = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    top = [(number, _cells(next(lines, ()))) for number in range(1, HEADER_SEARCH_ROWS + 1)]
    found = _find_header(top)
    if found is None:
        return [], [_no_header(sheet.title)]
    header_number, positions = found
    problems = _header_problems(header_number, top[header_number - 1][1], positions)
    if problems:
        return [], problems
    first = header_number + 1
    if first <= HEADER_SEARCH_ROWS and _header_matches(top[first - 1][1]) >= 3:
        first += 1  # the English line under the Vietnamese headers
    pending = ((number, cells) for number, cells in top if number >= first)
    rows, problems = _data_rows(_chain(pending, lines, HEADER_SEARCH_ROWS + 1), positions)
    if not rows and not problems:
        message = _("The sheet “%(sheet)s” has no task rows under its headers.")
        problems = [SheetProblem(0, "file", message % {"sheet": sheet.title})]
    return rows, problems


def _cells(line: Sequence[Any] | None) -> list[Any]:
    return list(line or ())


def _chain(
    first: Iterator[tuple[int, list[Any]]], rest: Iterator[Sequence[Any]], start: int
) -> Iterator[tuple[int, list[Any]]]:
    yield from first
    for number, line in enumerate(rest, start=start):
        yield number, _cells(line)


def _known_headers() -> dict[str, str]:
    """Every accepted spelling of every header (plain), to the column's key."""
    known: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.key, header_of(column.key, "en"), header_of(column.key, "vi")):
            known.setdefault(plain(name), column.key)
        known.setdefault(plain(column.key.replace("_", " ")), column.key)
        known.setdefault(plain(header_of(column.key)), column.key)
    return known


def _header_matches(cells: Sequence[Any]) -> int:
    known = _known_headers()
    return sum(1 for cell in cells if plain(_text(cell)) in known)


def _find_header(top: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]] | None:
    """The first row that names at least three columns, and the position of each it names."""
    known = _known_headers()
    for number, cells in top:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = known.get(plain(_text(cell)))
            if key is not None and key not in positions:
                positions[key] = index
        if len(positions) >= 3:
            return number, positions
    return None


def _no_header(sheet: str) -> SheetProblem:
    message = _(
        "No header row found on the sheet “%(sheet)s”: the first row must name the columns, "
        "as in the template (e.g. “%(example)s”)."
    )
    return SheetProblem(1, "file", message % {"sheet": sheet, "example": header_of("title")})


def _header_problems(
    number: int, cells: Sequence[Any], positions: dict[str, int]
) -> list[SheetProblem]:
    known = _known_headers()
    problems = [
        SheetProblem(
            0, column.key,
            _("The column “%(column)s” is missing.") % {"column": header_of(column.key)},
        )
        for column in COLUMNS
        if column.required and column.key not in positions
    ]  # fmt: skip
    for index, cell in enumerate(cells):
        text = _text(cell)
        key = known.get(plain(text))
        if text and key is None:
            message = _("Unknown column “%(column)s”; the Instructions sheet lists the columns.")
            problems.append(
                SheetProblem(number, "file", message % {"column": text}, letter_of(index))
            )
        elif key is not None and positions[key] != index:
            message = _("The column “%(column)s” appears twice.") % {"column": text}
            problems.append(SheetProblem(number, key, message, letter_of(index)))
    return problems


def _data_rows(
    lines: Iterator[tuple[int, list[Any]]], positions: dict[str, int]
) -> tuple[list[RawRow], list[SheetProblem]]:
    letters = {key: letter_of(index) for key, index in positions.items()}
    rows: list[RawRow] = []
    for number, cells in lines:
        if not any(_text(cell) for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            message = _("The sheet has more than %(max)s task rows; split it into several files.")
            return [], [
                SheetProblem(0, "file", message % {"max": f"{MAX_ROWS:,}".replace(",", ".")})
            ]
        values = {
            key: cells[index] if index < len(cells) else None for key, index in positions.items()
        }
        rows.append(RawRow(number, values, letters))
    return rows, []


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# -- the template ---------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_MUTED = Font(italic=True, color="666666")
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4C4")
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_template() -> bytes:
    """The workbook to fill in: the task sheet with its two header lines and drop-downs, the
    instructions, and the directives, units, indicators and programmes recorded now."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    references = _reference_sheets(workbook)
    _write_headers(sheet)
    _add_validations(sheet, references)
    _write_instructions(workbook.create_sheet(_sheet_name(_("Instructions")), 1))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    # Sheet names cannot hold []:*?/\ and stop at 31 characters.
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def _write_headers(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS):
        letter = letter_of(index)
        sheet.column_dimensions[letter].width = column.width
        vietnamese = header_of(column.key, "vi") + (" *" if column.required else "")
        top = sheet.cell(row=1, column=index + 1, value=vietnamese)
        top.font, top.alignment = _BOLD, _WRAP
        top.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        top.comment = Comment(str(column.help), "Tỉnh Số", width=300, height=120)
        english = sheet.cell(row=2, column=index + 1, value=header_of(column.key, "en"))
        english.font, english.alignment, english.fill = _MUTED, _WRAP, _HEADER_FILL
        if column.date:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.text:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.row_dimensions[1].height = 32


def _letter(key: str) -> str:
    return letter_of([column.key for column in COLUMNS].index(key))


def _add_validations(sheet: Worksheet, references: dict[str, tuple[str, int]]) -> None:
    """Drop-downs as a help; a warning only, since the other accepted spellings are fine too."""
    last = FIRST_ROW + MAX_ROWS - 1
    with translation.override("vi"):
        levels = [str(label) for label in TaskLevel.labels]
        recurrences = [str(label) for label in Recurrence.labels]
    lists = {"level": f'"{",".join(levels)}"', "recurrence": f'"{",".join(recurrences)}"'}
    for key, (title, count) in references.items():
        if count:
            lists[key] = f"'{title}'!$A$2:$A${count + 1}"
    for key, formula in lists.items():
        rule = DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
            errorStyle="warning", showInputMessage=True,
            promptTitle=header_of(key)[:32], prompt=str(COLUMN_BY_KEY[key].help)[:255],
        )  # fmt: skip
        rule.add(f"{_letter(key)}{FIRST_ROW}:{_letter(key)}{last}")
        sheet.add_data_validation(rule)


def _reference_sheets(workbook: Workbook) -> dict[str, tuple[str, int]]:
    """The lists the codes come from; returns, for the drop-downs, each list's sheet and
    length by the column it serves."""
    directives = Directive.objects.order_by("-date", "number")
    units = OrgUnit.objects.active().order_by("path")
    indicators = Indicator.objects.order_by("code")
    programmes = Programme.objects.order_by("-first_year", "name")
    sheets = (
        ("directive_number", _("Directives"),
         (header_of("directive_number"), header_of("directive_date"), _("Issuing body")),
         [(d.number, d.date, d.issuing_body) for d in directives]),
        ("lead_unit", _("Units"), (_("Code"), _("Name")), [(u.code, u.name) for u in units]),
        ("indicators", _("Indicators"), (_("Code"), _("Name")),
         [(i.code, i.name) for i in indicators]),
        ("programme", _("Programmes"), (_("Name"), _("Id"), _("Years")),
         [(p.name, p.pk, f"{p.first_year}–{p.last_year}") for p in programmes]),
    )  # fmt: skip
    found: dict[str, tuple[str, int]] = {}
    for key, title, headers, rows in sheets:
        sheet = workbook.create_sheet(_sheet_name(title))
        _write_reference(sheet, headers, rows)
        if key == "directive_number":
            for cell in sheet["B"][1:]:
                cell.number_format = DATE_FORMAT
        found[key] = (sheet.title, len(rows))
    found.pop("indicators")  # several codes to a cell: a drop-down would refuse them
    return found


def _write_reference(sheet: Worksheet, headers: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate((18, 60, 30)[: len(headers)]):
        sheet.column_dimensions[letter_of(index)].width = width
    sheet.freeze_panes = "A2"


def _write_instructions(sheet: Worksheet) -> None:
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    sheet.append([_("Importing a task list")])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in _rules():
        sheet.append([line])
    sheet.append([])
    sheet.append([_("Column"), _("Required"), _("What to write")])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for index, column in enumerate(COLUMNS):
        required = _("yes") if column.required else ""
        name = f"{letter_of(index)}. {header_of(column.key)}"
        sheet.append([name, required, str(column.help)])
        sheet.cell(row=sheet.max_row, column=3).alignment = _WRAP


def _rules() -> list[str]:
    return [
        _("Fill in one task per row on the sheet “%(sheet)s”, from row %(row)s down; keep the "
          "two header rows.") % {"sheet": SHEET, "row": FIRST_ROW},
        _("Dates: a date cell, or text written dd/mm/yyyy (e.g. 31/12/2026)."),
        _("A one-off task has a deadline; a recurring task (monthly, quarterly, yearly) has a "
          "first due date instead, and optionally a last due date."),
        _("Check the file on the import page first: every problem is listed by row and "
          "column. The import writes all rows or none."),
        _("A row whose directive, title and lead unit match a task already recorded is left "
          "unchanged, so importing the same file twice creates nothing the second time."),
        _("At most %(rows)s rows and %(size)s MB per file.")
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "size": MAX_BYTES // 1_000_000},
        _("The other sheets list the directives, units, indicators and programmes recorded "
          "when this template was downloaded."),
    ]  # fmt: skip
