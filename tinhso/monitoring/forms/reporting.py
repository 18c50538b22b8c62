"""Forms of the reporting room: the report list's filters, the report's grid of values, and the
reason a report is returned or unlocked."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.forms import BootstrapMixin
from tinhso.monitoring.choices import ValueType
from tinhso.monitoring.models import CategoryOption, DataElement, DataValue
from tinhso.monitoring.periods import Period, PeriodError, parse_period
from tinhso.monitoring.reports import OVERDUE, REPORT_STATUSES, FormEntry, evidence_field
from tinhso.monitoring.services import Conflict


class ReportFilterForm(forms.Form):
    """The report list's filters; data sets and units are picked by code."""

    data_set = forms.CharField(label=gettext_lazy("Data set"), required=False)
    org_unit = forms.CharField(label=gettext_lazy("Unit"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", ""), *REPORT_STATUSES, (OVERDUE, gettext_lazy("Overdue"))],
    )
    period = forms.CharField(label=gettext_lazy("Period"), required=False, max_length=8)

    def clean_period(self) -> Period | None:
        code = self.cleaned_data["period"].strip()
        try:
            return parse_period(code) if code else None
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReasonForm(BootstrapMixin, forms.Form):
    """Why a report goes back to its unit; the service insists on one."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# -- the report's grid --

BOOLEAN_CHOICES = (("", "—"), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))


def display_value(element: DataElement, value: Decimal) -> str:
    """A stored value as the form shows it: 1.234,5 on a Vietnamese page, yes/no for booleans."""
    if element.value_type == ValueType.BOOLEAN:
        return "yes" if value else "no"
    return str(number_format(Decimal(format(value.normalize(), "f")), force_grouping=True))


def _same_value(a: str, b: str) -> bool:
    """Whether two spellings of a cell are the same entry ("1 234" is "1234")."""
    return a.strip().replace(" ", "") == b.strip().replace(" ", "")


def _same_text(a: str, b: str) -> bool:
    """Whether two comments are the same; browsers send a textarea's line ends as CRLF."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


@dataclass
class Cell:
    """One input of the grid: what it shows, what it showed when the form was opened, and the
    version of the value then (so a save over someone else's newer value is a conflict)."""

    element: DataElement
    option: CategoryOption
    stored: DataValue | None
    text: str = ""
    shown: str = ""
    version: int | None = None
    errors: list[str] = field(default_factory=list)
    refused: str = ""  # the entry refused because someone saved a newer value meanwhile

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Show the stored value, as a freshly opened form does."""
        stored = self.stored
        self.text = self.shown = display_value(self.element, stored.value) if stored else ""
        self.version = stored.version if stored else None

    @property
    def name(self) -> str:
        return f"{self.element.pk}-{self.option.pk}"

    @property
    def field(self) -> str:
        return f"{self.element.code}.{self.option.code}"

    @property
    def is_boolean(self) -> bool:
        return self.element.value_type == ValueType.BOOLEAN

    @property
    def touched(self) -> bool:
        return not _same_value(self.text, self.shown)

    @property
    def stale(self) -> bool:
        """Someone saved this value after the form showed it."""
        current = self.stored.version if self.stored else None
        return self.version != current


@dataclass(frozen=True)
class Evidence:
    value_id: int
    name: str


@dataclass
class Row:
    """One data element: a cell per option, one comment and the evidence of its values."""

    element: DataElement
    cells: list[Cell]
    comment: str = ""
    shown_comment: str = ""
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reset_comment()

    def reset_comment(self) -> None:
        comments = [c.stored.comment for c in self.cells if c.stored and c.stored.comment]
        self.comment = self.shown_comment = comments[0] if comments else ""

    @property
    def evidence(self) -> list[Evidence]:
        """The distinct evidence files of the element's values, each with a value to fetch it by."""
        files: dict[str, Evidence] = {}
        for cell in self.cells:
            name = cell.stored.evidence.name if cell.stored else ""
            if cell.stored and name:
                files.setdefault(name, Evidence(cell.stored.pk, os.path.basename(name)))
        return list(files.values())

    @property
    def comment_touched(self) -> bool:
        return not _same_text(self.comment, self.shown_comment)


@dataclass
class Section:
    """Elements split the same way: the columns are the category's options."""

    options: list[CategoryOption]
    rows: list[Row]
    title: str = ""


@dataclass(frozen=True)
class Problem:
    """A message for the summary above the form, pointing at the input it is about."""

    label: str
    message: str
    anchor: str


class ReportGrid:
    """The report as a grid of inputs: rows of data elements, columns of their category's
    options. Bound to a POST it yields the entries to save: only the cells the person changed,
    and every filled cell of an element whose comment changed or that got an evidence file."""

    def __init__(
        self,
        elements: list[DataElement],
        options: Mapping[int | None, list[CategoryOption]],
        stored: Mapping[tuple[int, int], DataValue],
    ) -> None:
        self.sections: list[Section] = []
        by_category: dict[int | None, Section] = {}
        for element in elements:
            columns = options.get(element.category_id, [])
            cells = [Cell(element, o, stored.get((element.pk, o.pk))) for o in columns]
            section = by_category.get(element.category_id)
            if section is None:
                title = str(element.category) if element.category_id else ""
                section = by_category[element.category_id] = Section(columns, [], title)
                self.sections.append(section)
            section.rows.append(Row(element, cells))
        self.files: dict[int, UploadedFile[bytes]] = {}
        self.errors: list[str] = []  # messages about no input in particular

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def bind(self, data: Mapping[str, Any], files: Mapping[str, UploadedFile[bytes]]) -> None:
        """Take what the person typed and chose, as posted."""
        for row in self.rows:
            row.comment = data.get(f"comment-{row.element.pk}", "")
            row.shown_comment = data.get(f"shown-comment-{row.element.pk}", "")
            upload = files.get(f"evidence-{row.element.pk}")
            if upload is not None:
                self.files[row.element.pk] = upload
            for cell in row.cells:
                cell.text = data.get(f"value-{cell.name}", "")
                cell.shown = data.get(f"shown-{cell.name}", "")
                version = data.get(f"version-{cell.name}", "")
                cell.version = int(version) if version.isdigit() else None

    def entries(self) -> list[FormEntry]:
        """What to save; problems the service cannot see (an emptied value, a comment or file
        with no value to keep it with) go on the grid instead."""
        entries: list[FormEntry] = []
        for row in self.rows:
            entries += self._row_entries(row)
        return entries

    def _row_entries(self, row: Row) -> list[FormEntry]:
        upload = self.files.get(row.element.pk)
        whole_row = row.comment_touched or upload is not None
        entries = []
        for cell in row.cells:
            if cell.touched and not cell.text.strip():
                cell.errors.append(_("A saved value cannot be emptied; enter a number."))
            elif cell.text.strip() and (cell.touched or whole_row):
                comment = row.comment.replace("\r\n", "\n").strip()
                if not row.comment_touched and cell.stored is not None:
                    comment = cell.stored.comment  # each value keeps its own comment
                entries.append(
                    FormEntry(cell.element, cell.option, cell.text, comment, cell.version, upload)
                )
        if whole_row and not entries and not any(c.errors for c in row.cells):
            row.errors.append(_("Enter a value to keep the comment or evidence with."))
        return entries

    def refuse(self, conflicts: Sequence[Conflict] = ()) -> None:
        """Nothing was saved: put the service's messages beside their inputs. Cells the person
        did not change show the stored value again; a changed cell someone else saved meanwhile
        shows the newer value, with the refused entry beside it; other changed cells keep what
        was typed, to be saved once the problems are put right."""
        cells = {cell.field: cell for row in self.rows for cell in row.cells}
        rows = {evidence_field(row.element): row for row in self.rows}
        for conflict in conflicts:
            target: Cell | Row | None = cells.get(conflict.field) or rows.get(conflict.field)
            (target.errors if target is not None else self.errors).append(conflict.message)
        for row in self.rows:
            if not row.comment_touched:
                row.reset_comment()
            for cell in row.cells:
                if cell.touched and cell.stale:
                    cell.refused = cell.text
                if not cell.touched or cell.stale:
                    cell.reset()

    @property
    def has_errors(self) -> bool:
        return bool(self.problems())

    def problems(self) -> list[Problem]:
        """Every message on the grid, for the summary at the top."""
        found = [Problem(_("Report"), message, "report-form") for message in self.errors]
        for row in self.rows:
            name = row.element.name
            found += [Problem(name, m, f"row-{row.element.pk}") for m in row.errors]
            for cell in row.cells:
                label = f"{name} · {cell.option.name}" if row.element.category_id else name
                found += [Problem(label, m, f"cell-{cell.name}") for m in cell.errors]
        return found
