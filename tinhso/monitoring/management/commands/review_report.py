"""python manage.py review_report --unit 12 --from 2026Q1 --to 2026Q3 --out report.docx: the
periodic review report of a unit as DOCX or XLSX (by the output's extension), in Vietnamese
unless --language says otherwise. Options left out take the page form's defaults."""

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
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
from tinhso.core.decree30.wording import parent_body
from tinhso.core.policies import SYSTEM, VIEW
from tinhso.monitoring.forms.review import ReviewForm, initial_values
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.review.figures import province_of, review_periods
from tinhso.monitoring.review.report import FORMATS, has_demo_data, review_report
from tinhso.monitoring.review.wording import ReportKind, suggested_kind
from tinhso.orgunits.models import OrgUnit

# The form's fields by the options that fill them, for messages naming what to correct.
OPTIONS = {
    "org_unit": "--unit", "start": "--from", "end": "--to", "group": "--group", "kind": "--kind",
    **LETTER_OPTIONS,
}  # fmt: skip


class Command(BaseCommand):
    help = "Write the periodic review report of an org unit over a period range (DOCX or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="The org unit's code, e.g. 12.")
        parser.add_argument(
            "--from", dest="start", required=True, help="First period, e.g. 2026Q1."
        )
        parser.add_argument("--to", dest="end", required=True, help="Last period, e.g. 2026Q3.")
        parser.add_argument("--out", type=Path, required=True, help="report.docx or report.xlsx")
        parser.add_argument(
            "--group", help="An indicator group's code; default: indicators with a target."
        )
        parser.add_argument("--kind", choices=ReportKind.values, help="Default: from the range.")
        add_letter_arguments(
            parser,
            subject_help="What is reviewed; default: Resolution 57.",
            parent_body_help="Default: UBND of the unit's province.",
            proposals_help="The text of section IV.",
            proposals_default="",
        )
        parser.add_argument(
            "--as-of", type=date.fromisoformat, help="The day reports are judged due on."
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["out"]
        file_format = output.suffix.lstrip(".").lower()
        if file_format not in FORMATS:
            raise CommandError("--out must end in .docx or .xlsx.")
        with translation.override(options["language"]):
            form = self._form(options)
            if not form.is_valid():
                raise CommandError(form_errors(form, OPTIONS))
            data = form.cleaned_data
            body = review_report(
                actor=SYSTEM, unit=data["org_unit"], periods=data["periods"],
                letterhead=form.letterhead(demo_data=has_demo_data()), file_format=file_format,
                today=options["as_of"] or local_date(), group=data["group"],
            )  # fmt: skip
        output.write_bytes(body)
        self.stdout.write(f"{output} ({len(body):,} bytes)")

    def _form(self, options: dict[str, Any]) -> ReviewForm:
        """The page's form, bound to the options over its defaults."""
        units = DataValuePolicy().reachable_units(OrgUnit.objects.active(), SYSTEM, VIEW)
        data = initial_values(SYSTEM, units, options["date"] or local_date())
        unit = units.filter(code=options["unit"]).first()
        if unit is not None:
            data["parent_body"] = parent_body(province_of(unit))
        data["kind"] = options["kind"] or _kind(options["start"], options["end"])
        given = {
            "org_unit": options["unit"], "start": options["start"], "end": options["end"],
            "group": options["group"] or "", **letter_data(options),
        }  # fmt: skip
        return ReviewForm(over_defaults(data, given), user=SYSTEM)


def _kind(start: str, end: str) -> str:
    try:
        return suggested_kind(review_periods(start, end))
    except ValidationError:  # the form says what is wrong with the range, naming the option
        return ReportKind.PERIOD
