"""python manage.py steering_report --year 2026 --out bao-cao.docx: the task progress report of
the whole province in the layout of Decree 30/2020/NĐ-CP (or, with an .xlsx output, the
dashboard's workbook), in Vietnamese unless --language says otherwise. Options left out take
the report page's defaults."""

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tinhso.core.dates import local_date
from tinhso.core.decree30.options import (
    LETTER_OPTIONS,
    add_letter_arguments,
    form_errors,
    letter_data,
    over_defaults,
)
from tinhso.core.policies import SYSTEM
from tinhso.steering import dashboard
from tinhso.steering.report.document import build_docx
from tinhso.steering.report.forms import ProgressReportForm, initial_values
from tinhso.steering.report.workbook import build_xlsx

# The form's fields by the options that fill them, for messages naming what to correct.
OPTIONS = {
    "year": "--year", "directive": "--directive", "programme": "--programme", **LETTER_OPTIONS,
}  # fmt: skip


class Command(BaseCommand):
    help = "Write the task progress report of a year (DOCX, Decree 30 layout) or its workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year tasks fall due.")
        parser.add_argument(
            "--out", type=Path, help="report.docx or report.xlsx; default: bao-cao-tien-do-<year>"
        )
        parser.add_argument("--directive", help="Only one directive's tasks (its id).")
        parser.add_argument("--programme", help="Only one programme's tasks and money (its id).")
        add_letter_arguments(
            parser,
            subject_help="What the tasks carry out; default: Resolution 57.",
            parent_body_help="Default: UBND of the province.",
            proposals_help="The text of the proposals, one per line.",
            proposals_default=None,
        )
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="The day statuses are judged on."
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["out"] or Path(f"bao-cao-tien-do-{options['year']}.docx")
        file_format = output.suffix.lstrip(".").lower()
        if file_format not in ("docx", "xlsx"):
            raise CommandError("--out must end in .docx or .xlsx.")
        today = options["as_of"] or local_date()
        with translation.override(options["language"]):
            form = self._form(options, today)
            if not form.is_valid():
                raise CommandError(form_errors(form, OPTIONS))
            data = form.cleaned_data
            board = dashboard.build(
                user=SYSTEM, year=data["year"], today=today,
                directive_id=data["directive"].pk if data["directive"] else None,
                programme_id=data["programme"].pk if data["programme"] else None,
            )  # fmt: skip
            docx = file_format == "docx"
            body = build_docx(board, form.details()) if docx else build_xlsx(board)
        output.write_bytes(body)
        self.stdout.write(f"{output} ({len(body):,} bytes)")

    def _form(self, options: dict[str, Any], today: date) -> ProgressReportForm:
        """The page's form, bound to the options over its defaults."""
        given = {
            "year": options["year"], "directive": options["directive"] or "",
            "programme": options["programme"] or "", **letter_data(options),
        }  # fmt: skip
        data = over_defaults(initial_values(SYSTEM, options["date"] or today), given)
        return ProgressReportForm(data, user=SYSTEM, today=today)
