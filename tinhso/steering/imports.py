"""Importing a task list from Excel: every row checked, then all rows created or none.

Each row goes through ``services.create_task`` (so each task is checked by the same rules as a
form and audited), all of them inside one transaction that is rolled back when any row has a
problem or when it is only a check (dry run). A check therefore finds exactly what the import
would.

Rules the file follows (the template's Instructions sheet says the same):

- A directive is found by its number and date; it is never created by the import. An unknown one
  is an error on the row, so a typo cannot start a second copy of a plan.
- A row whose directive, title (case and spacing aside) and lead unit match a task already
  recorded is *unchanged*: nothing is written for it, so the same file imported twice creates
  nothing the second time. A note names the columns where the file differs from the stored task,
  to be changed on its page. Two such rows in one file are an error.
- The parent is the row key of another row of the file, or ``#id`` of a task already recorded; a
  bare number that is not a row key is taken as a task id.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.accounts.models import User
from tinhso.core.policies import ADD
from tinhso.core.progress import tracked
from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import import_cells as cells
from tinhso.steering import services
from tinhso.steering.choices import Recurrence, TaskLevel
from tinhso.steering.import_workbook import (
    COLUMN_BY_KEY,
    RawRow,
    header_of,
    plain,
    read_workbook,
)
from tinhso.steering.models import Directive, Programme, Task
from tinhso.steering.permissions import TaskPolicy

policy = TaskPolicy()

CREATE = "create"
UNCHANGED = "unchanged"
# Told how far an import has got: (rows done, rows in all, what it is doing).
Progress = Callable[[int, int, str], None]

# A service's field name, to the sheet's column.
COLUMN_OF_FIELD = {
    "directive": "directive_number", "parent": "parent", "level": "level", "title": "title",
    "lead_unit": "lead_unit", "co_units": "co_units", "deadline": "deadline",
    "recurrence": "recurrence", "first_due": "first_due", "last_due": "last_due",
    "expected_product": "expected_product", "indicators": "indicators", "programme": "programme",
}  # fmt: skip
# Compared with the stored task when a row is left unchanged.
COMPARED = ("level", "deadline", "recurrence", "first_due", "last_due", "expected_product")


@dataclass(frozen=True)
class RowError:
    """A problem: its row on the sheet (0: the file), the column's key, the column's letter."""

    row: int
    field: str
    message: str
    column: str = ""

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column_name, "message": self.message}
        if not self.row:
            return self.message
        if not self.column_name:
            return _("Row %(row)s: %(message)s") % values
        return _("Row %(row)s, column %(column)s: %(message)s") % values

    @property
    def column_name(self) -> str:
        """The column as a person finds it: its letter and its header."""
        if self.field not in COLUMN_BY_KEY:
            return self.column
        header = header_of(self.field)
        return f"{self.column} ({header})" if self.column else header


@dataclass(frozen=True)
class RowResult:
    """What a row does (or, in a check, would do): create a task, or leave one unchanged."""

    row: int
    action: str
    title: str
    lead_unit: str
    task_id: int | None = None  # the new task (not in a check), or the one left unchanged
    note: str = ""


@dataclass
class TaskImportSummary:
    """The outcome of an import or of a check; nothing was written if ``errors``."""

    dry_run: bool = False
    results: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return 0 if self.errors else sum(1 for r in self.results if r.action == CREATE)

    @property
    def unchanged(self) -> int:
        return 0 if self.errors else sum(1 for r in self.results if r.action == UNCHANGED)

    def as_dict(self) -> dict[str, Any]:
        """Plain data, to keep the outcome of a background import as JSON."""
        return {
            "dry_run": self.dry_run,
            "results": [asdict(result) for result in self.results],
            "errors": [asdict(error) for error in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskImportSummary:
        return cls(
            dry_run=bool(data.get("dry_run")),
            results=[RowResult(**result) for result in data.get("results", [])],
            errors=[RowError(**error) for error in data.get("errors", [])],
        )


def import_tasks(
    *,
    actor: Any,
    data: bytes | IO[bytes],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> TaskImportSummary:
    """Create the tasks of a filled-in task sheet, all-or-nothing; ``dry_run`` checks the file
    the same way and writes nothing. Center staff and administrators (TaskPolicy ADD)."""
    policy.require(actor, ADD)
    summary = TaskImportSummary(dry_run=dry_run)
    raw_rows, problems = read_workbook(data)
    if problems:
        summary.errors = [RowError(p.row, p.field, p.message, p.column) for p in problems]
        return summary
    checked = _check_rows(raw_rows, summary)
    _write(actor, checked, summary, progress or _silent)
    summary.errors.sort(key=lambda error: error.row)
    summary.results.sort(key=lambda result: result.row)
    if summary.errors:
        summary.results = []
    return summary


def _silent(done: int, total: int, message: str) -> None:
    """The progress of an import nobody watches."""


# -- reading the rows ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Row:
    """A row whose cells all made sense; the service may still refuse it."""

    raw: RawRow
    key: str
    fields: dict[str, Any]
    co_units: list[OrgUnit]
    indicators: list[Indicator]
    parent_key: str = ""  # a row key of the file
    parent_task: Task | None = None  # or a task already recorded
    existing: Task | None = None  # a task this row matches: left unchanged


class _Lookups:
    """Everything the rows name, fetched in a few queries for the whole file."""

    def __init__(self, rows: Sequence[RawRow]) -> None:
        numbers = {cells.text(row.cells.get("directive_number")) for row in rows}
        self.directives: dict[tuple[str, dt.date], Directive] = {
            (d.number, d.date): d for d in Directive.objects.filter(number__in=numbers)
        }
        codes = {code for row in rows for code in _unit_codes(row)}
        codes |= {code.zfill(5) for code in codes if code.isdigit()}
        self.units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        wanted = {code for row in rows for code in cells.codes(row.cells.get("indicators"))}
        self.indicators = {i.code: i for i in Indicator.objects.filter(code__in=wanted)}
        self.programmes = list(Programme.objects.all())
        found_ids = (cells.task_id(cells.text(row.cells.get("parent"))) for row in rows)
        ids = {task_id for task_id in found_ids if task_id is not None}
        self.tasks = {t.pk: t for t in Task.objects.filter(pk__in=ids)}
        self.existing = self._existing()

    def _existing(self) -> dict[tuple[int, str, int], Task]:
        query = Task.objects.filter(directive__in=list(self.directives.values()))
        return {_identity(t.directive_id, t.title, t.lead_unit_id): t for t in query}

    def unit(self, code: str) -> OrgUnit:
        unit = self.units.get(code) or (self.units.get(code.zfill(5)) if code.isdigit() else None)
        if unit is None:
            raise cells.CellError(_("No org unit has the code “%(code)s”.") % {"code": code})
        if unit.valid_to is not None:
            message = _("%(unit)s (%(code)s) ended on %(date)s; use the unit that took it over.")
            raise cells.CellError(
                message % {"unit": unit, "code": code, "date": f"{unit.valid_to:%d/%m/%Y}"}
            )
        return unit

    def programme(self, text: str) -> Programme:
        by_id = [p for p in self.programmes if text.isdigit() and p.pk == int(text)]
        found = by_id or [p for p in self.programmes if plain(p.name) == plain(text)]
        if len(found) > 1:
            raise cells.CellError(
                _("Several programmes are named “%(name)s”; give its id.") % {"name": text}
            )
        if not found:
            raise cells.CellError(_("No programme has the name or id “%(name)s”.") % {"name": text})
        return found[0]


def _check_rows(raw_rows: Sequence[RawRow], summary: TaskImportSummary) -> list[_Row]:
    """Read every row's cells; the rows that made sense, every problem in ``summary``."""
    lookups = _Lookups(raw_rows)
    keys = _row_keys(raw_rows, summary)
    rows: list[_Row] = []
    seen: dict[tuple[int, str, int], int] = {}
    for raw in raw_rows:
        row = _check_row(raw, lookups, keys, summary)
        if row is None:
            continue
        identity = _identity(
            row.fields["directive"].pk, row.fields["title"], row.fields["lead_unit"].pk
        )
        if identity in seen:
            message = _("The same task (directive, title and lead unit) is on row %(row)s.")
            _add(summary, raw, "title", message % {"row": seen[identity]})
            continue
        seen[identity] = raw.row
        row.existing = lookups.existing.get(identity)
        rows.append(row)
    return rows


def _row_keys(raw_rows: Sequence[RawRow], summary: TaskImportSummary) -> dict[str, int]:
    keys: dict[str, int] = {}
    for raw in raw_rows:
        key = cells.text(raw.cells.get("key"))
        if not key:
            continue
        if key in keys:
            message = _("The row key “%(key)s” is also on row %(row)s.")
            _add(summary, raw, "key", message % {"key": key, "row": keys[key]})
        else:
            keys[key] = raw.row
    return keys


def _check_row(
    raw: RawRow, lookups: _Lookups, keys: dict[str, int], summary: TaskImportSummary
) -> _Row | None:
    before = len(summary.errors)
    values: dict[str, Any] = {}
    readers: dict[str, Callable[[Any], Any]] = {
        "directive_date": lambda cell: cells.required(cells.date(cell)),
        "level": lambda cell: cells.choice(cell, TaskLevel, cells.LEVEL_WORDS, needed=True),
        "title": lambda cell: cells.required(" ".join(cells.text(cell).split())),
        "lead_unit": lambda cell: lookups.unit(cells.required(cells.text(cell))),
        "co_units": lambda cell: [lookups.unit(code) for code in cells.codes(cell)],
        "deadline": cells.date,
        "recurrence": lambda cell: cells.choice(cell, Recurrence, cells.RECURRENCE_WORDS),
        "first_due": cells.date, "last_due": cells.date,
        "expected_product": lambda cell: cells.text(cell),
        "indicators": lambda cell: [_indicator(code, lookups) for code in cells.codes(cell)],
        "programme": lambda cell: lookups.programme(cells.text(cell)) if cells.text(cell) else None,
    }  # fmt: skip
    for name, read in readers.items():
        try:
            values[name] = read(raw.cells.get(name))
        except cells.CellError as bad:
            _add(summary, raw, name, str(bad))
    directive = _directive(raw, values.get("directive_date"), lookups, summary)
    parent_key, parent_task = _parent(raw, keys, lookups, summary)
    if len(summary.errors) > before or directive is None:
        return None
    fields = {
        "directive": directive, "level": values["level"], "title": values["title"],
        "lead_unit": values["lead_unit"], "deadline": values["deadline"],
        "recurrence": values["recurrence"], "first_due": values["first_due"],
        "last_due": values["last_due"], "expected_product": values["expected_product"],
        "programme": values["programme"],
    }  # fmt: skip
    return _Row(
        raw, cells.text(raw.cells.get("key")), fields, _unique(values["co_units"]),
        _unique(values["indicators"]), parent_key, parent_task,
    )  # fmt: skip


def _directive(
    raw: RawRow, date: dt.date | None, lookups: _Lookups, summary: TaskImportSummary
) -> Directive | None:
    number = cells.text(raw.cells.get("directive_number"))
    if not number:
        _add(summary, raw, "directive_number", _("This cell is required."))
        return None
    if date is None:
        return None
    directive = lookups.directives.get((number, date))
    if directive is None:
        message = _(
            "No directive numbered “%(number)s” dated %(date)s is recorded; record it on the "
            "Directives page first (the import does not create directives)."
        )
        _add(
            summary,
            raw,
            "directive_number",
            message % {"number": number, "date": f"{date:%d/%m/%Y}"},
        )
    return directive


def _parent(
    raw: RawRow, keys: dict[str, int], lookups: _Lookups, summary: TaskImportSummary
) -> tuple[str, Task | None]:
    text = cells.text(raw.cells.get("parent"))
    if not text:
        return "", None
    if not text.startswith("#") and text in keys:
        if keys[text] == raw.row:
            _add(summary, raw, "parent", _("A row cannot be its own parent."))
        return text, None
    task_id = cells.task_id(text)
    if task_id is None:
        message = _("No row of this file has the key “%(key)s”.") % {"key": text}
    elif task_id in lookups.tasks:
        return "", lookups.tasks[task_id]
    else:
        message = _("No row has the key “%(key)s” and no task has the id %(id)s.") % {
            "key": text, "id": task_id,
        }  # fmt: skip
    _add(summary, raw, "parent", message)
    return "", None


def _indicator(code: str, lookups: _Lookups) -> Indicator:
    found = lookups.indicators.get(code)
    if found is None:
        raise cells.CellError(_("No indicator has the code “%(code)s”.") % {"code": code})
    return found


# -- writing --------------------------------------------------------------------------------------


def _write(actor: Any, rows: list[_Row], summary: TaskImportSummary, progress: Progress) -> None:
    """Create the rows' tasks, parents first, through the service; roll everything back when
    anything is wrong or when it is a check."""
    ordered = _parents_first(rows, summary)
    by_key = {row.key: row for row in rows if row.key}
    made: dict[int, Task] = {}  # row number → the task it created or matched
    # Said once, before the transaction: a report made inside it would be seen only after the
    # commit (or never, when it is rolled back).
    progress(0, len(ordered), _("Checking and writing the tasks, all in one transaction"))
    with transaction.atomic():
        for row in ordered:
            parent = row.parent_task
            if row.parent_key and row.parent_key in by_key:
                parent = made.get(by_key[row.parent_key].raw.row)
            task = row.existing or _create(actor, row, parent, summary)
            if task is not None:
                made[row.raw.row] = task
                summary.results.append(_result(row, task, parent, summary.dry_run))
        if summary.errors or summary.dry_run:
            transaction.set_rollback(True)


def _create(actor: Any, row: _Row, parent: Task | None, summary: TaskImportSummary) -> Task | None:
    try:
        return services.create_task(
            actor=actor, parent=parent, co_units=row.co_units, indicators=row.indicators,
            **row.fields,
        )  # fmt: skip
    except ValidationError as exc:
        for name, messages in _messages(exc).items():
            for message in messages:
                _add(summary, row.raw, COLUMN_OF_FIELD.get(name, "row"), message)
    except DatabaseError as exc:  # a rule only the database knows; the row's savepoint is undone
        _add(
            summary, row.raw, "row", _("The database refused this row: %(error)s") % {"error": exc}
        )
    return None


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: list(exc.messages)}


def _parents_first(rows: list[_Row], summary: TaskImportSummary) -> list[_Row]:
    """The rows in file order, except that a row comes after the row it names as parent.
    Rows whose parent row failed are kept (parentless) so their own problems still show;
    nothing is written then anyway. A loop of parents is an error on each of its rows."""
    by_key = {row.key: row for row in rows if row.key}
    ordered: list[_Row] = []
    placed: set[int] = set()
    for row in rows:
        chain: list[_Row] = []
        current: _Row | None = row
        while current is not None and current.raw.row not in placed:
            if any(item is current for item in chain):
                _loop(chain[[id(item) for item in chain].index(id(current)) :], summary)
                break
            chain.append(current)
            current = by_key.get(current.parent_key) if current.parent_key else None
        for item in reversed(chain):
            if item.raw.row not in placed:
                placed.add(item.raw.row)
                ordered.append(item)
    return ordered


def _loop(rows: list[_Row], summary: TaskImportSummary) -> None:
    numbers = ", ".join(str(row.raw.row) for row in sorted(rows, key=lambda r: r.raw.row))
    for row in rows:
        message = _("Rows %(rows)s name each other as parent.") % {"rows": numbers}
        _add(summary, row.raw, "parent", message)
        row.parent_key = ""


def _result(row: _Row, task: Task, parent: Task | None, dry_run: bool) -> RowResult:
    title, unit = row.fields["title"], row.fields["lead_unit"].code
    if row.existing is None:
        return RowResult(row.raw.row, CREATE, title, unit, None if dry_run else task.pk)
    return RowResult(row.raw.row, UNCHANGED, title, unit, task.pk, _differences(row, task, parent))


def _differences(row: _Row, task: Task, parent: Task | None) -> str:
    """A note naming the columns where the file differs from the task it matched."""
    wanted = {**row.fields, "programme_id": getattr(row.fields["programme"], "pk", None)}
    differ = [name for name in COMPARED if getattr(task, name) != wanted[name]]
    if task.programme_id != wanted["programme_id"]:
        differ.append("programme")
    if parent is not None and task.parent_id != parent.pk:
        differ.append("parent")
    if not differ:
        return ""
    message = _(
        "Already recorded as task #%(id)s; the file differs in: %(columns)s. Change it on its page."
    )
    return message % {"id": task.pk, "columns": ", ".join(header_of(name) for name in differ)}


# -- cells ---------------------------------------------------------------------------------------


def _add(summary: TaskImportSummary, raw: RawRow, name: str, message: str) -> None:
    summary.errors.append(RowError(raw.row, name, message, raw.letters.get(name, "")))


def _unit_codes(row: RawRow) -> list[str]:
    return [cells.text(row.cells.get("lead_unit")), *cells.codes(row.cells.get("co_units"))]


def _identity(directive_id: int, title: str, lead_unit_id: int) -> tuple[int, str, int]:
    """What makes a row the same task as another: directive, title and lead unit."""
    title = unicodedata.normalize("NFC", " ".join(title.split())).casefold()
    return directive_id, title, lead_unit_id


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


# -- in the background ---------------------------------------------------------------------------


@task
def import_tasks_task(
    *, progress_id: str, actor_id: int, path: str, dry_run: bool, language: str, keep_file: bool
) -> dict[str, int]:
    """Check or import a big task sheet kept in the default storage, with progress; the outcome
    is kept beside it as JSON for the result page. The file is deleted afterwards unless
    ``keep_file`` and the check passed (the import follows)."""
    actor = User.objects.get(pk=actor_id)
    with translation.override(language), tracked(progress_id) as progress:
        with default_storage.open(path, "rb") as stored:
            data = stored.read()
        summary = import_tasks(actor=actor, data=data, dry_run=dry_run, progress=progress.step)
        default_storage.save(result_path(progress_id), ContentFile(_json(summary)))
        if not (keep_file and summary.ok):
            default_storage.delete(path)
        progress.finish(
            outcome(summary), result_url=reverse("steering:import_result", args=[progress_id])
        )
    return {
        "created": summary.created,
        "unchanged": summary.unchanged,
        "errors": len(summary.errors),
    }


def result_path(progress_id: str) -> str:
    """Where a background import keeps its outcome."""
    return f"imports/steering/{progress_id}.json"


def _json(summary: TaskImportSummary) -> bytes:
    return json.dumps(summary.as_dict(), ensure_ascii=False).encode()


def outcome(summary: TaskImportSummary) -> str:
    """One line saying what the import or the check found."""
    counts = {
        "created": summary.created,
        "unchanged": summary.unchanged,
        "errors": len(summary.errors),
    }
    if summary.errors:
        message = ngettext(
            "%(errors)s problem; nothing was written.",
            "%(errors)s problems; nothing was written.",
            counts["errors"],
        )
        return message % counts
    if summary.dry_run:
        return _("Checked: %(created)s to create, %(unchanged)s unchanged.") % counts
    return _("Imported: %(created)s created, %(unchanged)s unchanged.") % counts
